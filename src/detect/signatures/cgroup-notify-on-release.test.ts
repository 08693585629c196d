/**
 * cgroup_notify_on_release (TRC-106) on the real kernel: in a fake container
 * (a docker-<id>.scope cgroup), test/triggers/fs_ops.c mounts a v1 cgroup
 * hierarchy of its own (no controllers, name=sysraytest) in a private mount
 * namespace and opens its root's notify_on_release for writing: writing
 * back the value it holds (openat, O_WRONLY), through a symlink in /tmp,
 * and with open(2) O_RDWR: one finding each, naming the file. Its benign
 * twins: the same write from the host (Tracee watches containers only), and
 * in a container a read-only open of it and a write to cgroup.clone_children:
 * none. The hierarchy goes away with the mount namespace.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openArgs, SYSCALL_IDS, traceFsOps } from '../../../test/helpers/fs-ops.js';
import { BUILTIN_SIGNATURES } from './index.js';
import { cgroupNotifyOnRelease } from './cgroup-notify-on-release.js';

const EVENT_ID = 6000 + BUILTIN_SIGNATURES.indexOf(cgroupNotifyOnRelease);
const O_WRONLY = 1, O_RDWR = 2;
const dir = mkdtempSync(path.join(tmpdir(), 'sysray-notify-'));
const cg = path.join(dir, 'cgrp');
mkdirSync(cg);
const notify = path.join(cg, 'notify_on_release');
const link = path.join(dir, 'link');
after(() => rmSync(dir, { recursive: true, force: true }));

const mountOps = ['ns', `mount:cgroup:${cg}:none,name=sysraytest`];

test('writing notify_on_release of a v1 hierarchy in a container (directly, by a symlink, O_RDWR): one finding each', async () => {
  const { runs: [run], of } = await traceFsOps('cgroup_notify_on_release', [{
    container: true,
    ops: [...mountOps, `rewrite:${notify}`, `symlink:${notify}:${link}`, `rewrite:${link}`, `open:open:rw:${notify}`],
  }]);
  const opens = [
    { syscall: 'openat' as const, passed: notify, flags: O_WRONLY, op: 3 },
    { syscall: 'openat' as const, passed: link, flags: O_WRONLY, op: 5 },
    { syscall: 'open' as const, passed: notify, flags: O_RDWR, op: 6 },
  ];
  assert.equal(run.kv['4.ret'], '0');
  const found = of(run.pid, 'cgroup_notify_on_release');
  assert.equal(found.length, opens.length, JSON.stringify(found));
  found.forEach((f, i) => {
    const { syscall, passed, flags, op } = opens[i];
    const fd = Number(run.kv[`${op}.ret`]);
    assert.ok(fd >= 3, JSON.stringify(run.kv));
    assert.deepEqual([f.eventId, f.hostProcessId, f.processName, f.executable.path, f.containerId, f.returnValue], [EVENT_ID, run.pid, 'fs_ops', run.bin, run.containerId, fd]);
    assert.deepEqual(f.args, [
      { name: 'pathname', type: 'const char *', value: notify },
      { name: 'flags', type: 'int', value: flags },
      { name: 'detectedFrom', type: 'unknown', value: { id: SYSCALL_IDS[syscall], name: syscall, args: openArgs(syscall, passed, flags), returnValue: fd } },
    ], `finding ${i}`);
    assert.deepEqual(f.metadata, {
      Version: '1',
      Description: 'An attempt to modify Cgroup notify_on_release file was detected. Cgroups are a Linux kernel feature which limits the resource usage of a set of processes. Adversaries may use this feature for container escaping.',
      Tags: null,
      Properties: {
        Severity: 3, Category: 'privilege-escalation', Technique: 'Escape to Host', Kubernetes_Technique: '',
        id: 'attack-pattern--4a5b7ade-8bb5-4853-84ed-23f262002665', external_id: 'T1611',
        signatureID: 'TRC-106', signatureName: 'Cgroups notify_on_release file modification',
      },
    });
  });
});

test('benign twin: the write from the host; a read of it and a write of cgroup.clone_children in a container: no finding', async () => {
  const { runs, of } = await traceFsOps('cgroup_notify_on_release,openat', [
    [...mountOps, `rewrite:${notify}`],
    { container: true, ops: [...mountOps, `open:openat:r:${notify}`, `rewrite:${path.join(cg, 'cgroup.clone_children')}`] },
  ]);
  assert.ok(Number(runs[0].kv['3.ret']) >= 3, JSON.stringify(runs[0].kv));
  assert.ok(Number(runs[1].kv['3.ret']) >= 3 && Number(runs[1].kv['4.ret']) >= 3, JSON.stringify(runs[1].kv));
  const hostWrite = of(runs[0].pid, 'openat').filter((e) => e.args[1].value === notify && e.args[2].value === O_WRONLY);
  assert.equal(hostWrite.length, 1, 'the host\'s write open was seen');
  for (const { pid } of runs) assert.deepEqual(of(pid, 'cgroup_notify_on_release'), []);
});
