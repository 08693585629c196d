/**
 * rcd_modification (TRC-1026) on the real kernel: test/triggers/fs_ops.c,
 * in its own mount namespace with a host temp directory bound over /etc (the
 * host's /etc is never touched), writes a script into /etc/init.d, links it
 * into /etc/rc2.d as S99 (a symlink, as update-rc.d does), opens
 * /etc/rc.local read-write with open(2), and runs the real update-rc.d (a
 * Perl script; without arguments it only prints its usage): one finding
 * each. Benign twin: reading an init script, writing /etc/init.d.bak and
 * /etc/rc.local.orig, running /bin/true: none.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { BUILTIN_SIGNATURES } from './index.js';
import { rcdModification } from './rcd-modification.js';
import { cleanUp, findingArgs, hostTree, oneCall, traceFsOps } from '../../../test/helpers/fs-ops.js';

const EVENT_ID = 6000 + BUILTIN_SIGNATURES.indexOf(rcdModification);
const O_RDWR = 2, O_CREAT_WRONLY_TRUNC = 0o1101;
const EVENTS = 'rcd_modification,open,openat,symlink,sched_process_exec';
const UPDATE_RC_D = '/usr/sbin/update-rc.d';
after(cleanUp);

const etc = () => hostTree({ 'init.d/ssh': '#!/bin/sh\n', 'rc2.d/': '', 'rc.local': '#!/bin/sh\nexit 0\n' });

const METADATA = {
  Version: '1',
  Description: 'The rcd files were modified. rcd files are scripts executed on boot and runlevel switch. Those scripts are responsible for service control in runlevel switch. Adversaries may add or modify rcd files in order to persist a reboot, thus maintaining malicious execution on the affected host.',
  Tags: null,
  Properties: {
    Severity: 2, Category: 'persistence', Technique: 'RC Scripts', Kubernetes_Technique: '',
    id: 'attack-pattern--dca670cf-eeec-438f-8185-fd959d9ef211', external_id: 'T1037.004',
    signatureID: 'TRC-1026', signatureName: 'Rcd modification detected',
  },
};


test('an init script written and linked into a runlevel, rc.local opened for writing, update-rc.d run: one rcd_modification finding each', async () => {
  const { r, runs, of } = await traceFsOps(EVENTS, [
    ['ns', `bind:${etc()}:/etc`, 'put:/etc/init.d/implant'],
    ['ns', `bind:${etc()}:/etc`, 'symlink:../init.d/ssh:/etc/rc2.d/S99implant'],
    ['ns', `bind:${etc()}:/etc`, 'open:open:rw:/etc/rc.local'],
    ['ns', 'mount:tmpfs:/etc/init.d', `exec:${UPDATE_RC_D}`],
  ]);
  const files: [string, string, string, Record<string, unknown>][] = [
    ['openat', 'pathname', '/etc/init.d/implant', { pathname: '/etc/init.d/implant', flags: O_CREAT_WRONLY_TRUNC }],
    ['symlink', 'linkpath', '/etc/rc2.d/S99implant', { pathname: '/etc/rc2.d/S99implant', oldpath: '../init.d/ssh' }],
    ['open', 'pathname', '/etc/rc.local', { pathname: '/etc/rc.local', flags: O_RDWR }],
  ];
  files.forEach(([syscall, argName, passed, data], i) => {
    const { ops, pid, kv } = runs[i];
    assert.ok(kv[`${ops.length}.ret`] !== undefined, `${ops.join(' ')}: ${JSON.stringify(kv)}`);
    const source = oneCall(of(pid, syscall), argName, passed);
    const findings = of(pid, 'rcd_modification');
    assert.equal(findings.length, 1, `${ops.join(' ')}: ${JSON.stringify(r.events.filter((e) => e.hostProcessId === pid))}`);
    assert.deepEqual([findings[0].eventId, findings[0].processName, findings[0].timestamp], [EVENT_ID, 'fs_ops', source.timestamp]);
    assert.deepEqual(findings[0].args, findingArgs(data, source), ops.join(' '));
    assert.deepEqual(findings[0].metadata, METADATA);
  });
  // update-rc.d: the executed file is perl; one finding from the exec'd child
  const { pid, kv } = runs[3];
  assert.equal(kv['3.status'], '1', 'update-rc.d printed its usage');
  const child = Number(kv['3.ret']);
  const exec = of(child, 'sched_process_exec');
  assert.equal(exec.length, 1, JSON.stringify(r.events.filter((e) => e.hostProcessId === child)));
  assert.deepEqual([exec[0].args[0].value, exec[0].args.find((a: { name: string }) => a.name === 'interp')?.value], [UPDATE_RC_D, '/usr/bin/perl']);
  const findings = of(child, 'rcd_modification');
  assert.equal(findings.length, 1);
  assert.deepEqual([findings[0].eventId, findings[0].processName, findings[0].hostParentProcessId], [EVENT_ID, 'update-rc.d', pid]);
  assert.deepEqual(findings[0].args, findingArgs({ pathname: UPDATE_RC_D }, exec[0]));
  assert.deepEqual(findings[0].metadata, METADATA);
  assert.deepEqual(of(pid, 'rcd_modification'), []);
});

test('benign twin: reading an init script, writing beside the rc files, running /bin/true: none', async () => {
  const { r, runs } = await traceFsOps(EVENTS, [
    ['ns', `bind:${etc()}:/etc`, 'open:openat:r:/etc/init.d/ssh', 'put:/etc/init.d.bak', 'put:/etc/rc.local.orig', 'exec:/bin/true'],
  ]);
  const { pid, kv } = runs[0];
  assert.deepEqual([kv['3.read'], kv['4.wrote'], kv['5.wrote'], kv['6.status']], ['10', '8', '8', '0'], JSON.stringify(kv));
  const child = Number(kv['6.ret']);
  assert.equal(r.events.filter((e) => e.eventName === 'sched_process_exec' && e.hostProcessId === child).length, 1, 'the exec was seen');
  assert.deepEqual(r.events.filter((e) => e.eventName === 'rcd_modification' && [pid, child].includes(e.hostProcessId)), []);
});
