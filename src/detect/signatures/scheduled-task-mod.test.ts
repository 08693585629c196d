/**
 * scheduled_task_mod (TRC-1027) on the real kernel: test/triggers/fs_ops.c,
 * in its own mount namespace with host temp directories bound over /etc and
 * /var/spool (the host's files are never touched), drops a job into
 * /etc/cron.d, creat()s /etc/crontab, renames a user crontab into
 * /var/spool/cron/crontabs as crontab(1) does, and runs programs named
 * crontab (a copy of /bin/true: cron is not installed here) and batch (a
 * shell script, as Debian's is): one finding each. Benign twin: reading
 * /etc/crontab, writing /etc/crontab.bak and /var/spool/cron/other, and
 * running cron and crontabs: none.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, chmodSync } from 'node:fs';
import path from 'node:path';
import { BUILTIN_SIGNATURES } from './index.js';
import { scheduledTaskMod } from './scheduled-task-mod.js';
import { cleanUp, findingArgs, hostTree, oneCall, traceFsOps } from '../../../test/helpers/fs-ops.js';

const EVENT_ID = 6000 + BUILTIN_SIGNATURES.indexOf(scheduledTaskMod);
const O_CREAT_WRONLY_TRUNC = 0o1101;
const EVENTS = 'scheduled_task_mod,openat,creat,rename,sched_process_exec';
after(cleanUp);

const etc = () => hostTree({ 'cron.d/': '', 'cron.daily/': '', crontab: '# m h dom mon dow user command\n' });
const spool = () => hostTree({ 'cron/crontabs/tmp.1234': '* * * * * /tmp/implant\n' });

/** A directory with programs named `names`: copies of /bin/true, or `#!/bin/sh` scripts for `name.sh`. */
function programs(names: string[]): string {
  const dir = hostTree(Object.fromEntries(names.filter((n) => n.endsWith('.sh')).map((n) => [n.slice(0, -3), '#!/bin/sh\nexit 0\n'])));
  for (const n of names) {
    if (!n.endsWith('.sh')) copyFileSync('/bin/true', path.join(dir, n));
    chmodSync(path.join(dir, n.replace(/\.sh$/, '')), 0o755);
  }
  return dir;
}

const METADATA = {
  Version: '1',
  Description: 'The task scheduling functionality or files were modified. Crontab schedules task execution or enables task execution at boot time. Adversaries may add or modify scheduled tasks in order to persist a reboot, thus maintaining malicious execution on the affected host.',
  Tags: null,
  Properties: {
    Severity: 2, Category: 'persistence', Technique: 'Cron', Kubernetes_Technique: '',
    id: 'attack-pattern--2acf44aa-542f-4366-b4eb-55ef5747759c', external_id: 'T1053.003',
    signatureID: 'TRC-1027', signatureName: 'Scheduled tasks modification detected',
  },
};


test('cron files written or renamed into place, crontab and batch run: one scheduled_task_mod finding each', async () => {
  const bin = programs(['crontab', 'batch.sh']);
  const { r, runs, of } = await traceFsOps(EVENTS, [
    ['ns', `bind:${etc()}:/etc`, 'put:/etc/cron.d/implant'],
    ['ns', `bind:${etc()}:/etc`, 'open:creat:w:/etc/crontab'],
    ['ns', `bind:${spool()}:/var/spool`, 'rename:/var/spool/cron/crontabs/tmp.1234:/var/spool/cron/crontabs/root'],
    [`exec:${bin}/crontab:/tmp/implant.cron`],
    [`exec:${bin}/batch`],
  ]);
  const files: [string, string, string, Record<string, unknown>][] = [
    ['openat', 'pathname', '/etc/cron.d/implant', { pathname: '/etc/cron.d/implant', flags: O_CREAT_WRONLY_TRUNC }],
    ['creat', 'pathname', '/etc/crontab', { pathname: '/etc/crontab', flags: O_CREAT_WRONLY_TRUNC }],
    ['rename', 'newpath', '/var/spool/cron/crontabs/root', { pathname: '/var/spool/cron/crontabs/root', oldpath: '/var/spool/cron/crontabs/tmp.1234' }],
  ];
  files.forEach(([syscall, argName, passed, data], i) => {
    const { ops, pid, kv } = runs[i];
    assert.ok(kv[`${ops.length}.ret`] !== undefined, `${ops.join(' ')}: ${JSON.stringify(kv)}`);
    const source = oneCall(of(pid, syscall), argName, passed);
    const findings = of(pid, 'scheduled_task_mod');
    assert.equal(findings.length, 1, `${ops.join(' ')}: ${JSON.stringify(r.events.filter((e) => e.hostProcessId === pid))}`);
    assert.deepEqual([findings[0].eventId, findings[0].processName, findings[0].timestamp], [EVENT_ID, 'fs_ops', source.timestamp]);
    assert.deepEqual(findings[0].args, findingArgs(data, source), ops.join(' '));
    assert.deepEqual(findings[0].metadata, METADATA);
  });
  // the programs: one finding from the exec'd child, none from the trigger
  for (const [i, name, interp] of [[3, 'crontab', ''], [4, 'batch', '/bin/sh']] as const) {
    const { pid, kv } = runs[i];
    assert.equal(kv['1.status'], '0');
    const child = Number(kv['1.ret']);
    const exec = of(child, 'sched_process_exec');
    assert.equal(exec.length, 1, JSON.stringify(r.events.filter((e) => e.hostProcessId === child)));
    assert.deepEqual([exec[0].args[0].value, exec[0].args.find((a: { name: string }) => a.name === 'interp')?.value ?? ''], [`${bin}/${name}`, interp]);
    const findings = of(child, 'scheduled_task_mod');
    assert.equal(findings.length, 1, name);
    assert.deepEqual([findings[0].eventId, findings[0].processName, findings[0].hostParentProcessId], [EVENT_ID, name, pid]);
    assert.deepEqual(findings[0].args, findingArgs({ pathname: `${bin}/${name}` }, exec[0]), name);
    assert.deepEqual(findings[0].metadata, METADATA);
    assert.deepEqual(of(pid, 'scheduled_task_mod'), []);
  }
});

test('benign twin: reading /etc/crontab, writing beside the cron files, running cron and crontabs: none', async () => {
  const bin = programs(['cron', 'crontabs']);
  const { r, runs } = await traceFsOps(EVENTS, [
    ['ns', `bind:${etc()}:/etc`, `bind:${spool()}:/var/spool`, 'open:openat:r:/etc/crontab', 'put:/etc/crontab.bak', 'put:/var/spool/cron/other', `exec:${bin}/cron`, `exec:${bin}/crontabs`],
  ]);
  const { pid, kv } = runs[0];
  assert.deepEqual([kv['4.read'], kv['5.wrote'], kv['6.wrote'], kv['7.status'], kv['8.status']], ['31', '8', '8', '0', '0'], JSON.stringify(kv));
  const children = [Number(kv['7.ret']), Number(kv['8.ret'])];
  assert.deepEqual(r.events.filter((e) => e.eventName === 'sched_process_exec' && children.includes(e.hostProcessId)).map((e) => e.processName), ['cron', 'crontabs']);
  assert.deepEqual(r.events.filter((e) => e.eventName === 'scheduled_task_mod' && [pid, ...children].includes(e.hostProcessId)), []);
});

test('benign twin: a package manager (a program named dpkg) writing /etc/cron.d and renaming into the spool, and its child running crontab; crontab -l: none', async () => {
  const bin = programs(['crontab']);
  const { r, runs } = await traceFsOps(EVENTS, [
    { as: 'dpkg', ops: ['ns', `bind:${etc()}:/etc`, `bind:${spool()}:/var/spool`, 'put:/etc/cron.d/pkg', 'rename:/var/spool/cron/crontabs/tmp.1234:/var/spool/cron/crontabs/root', `exec:${bin}/crontab:/tmp/pkg.cron`] },
    { ops: [`exec:${bin}/crontab:-l`, `exec:${bin}/crontab:-u:root:-l`] },
  ]);
  const [pkg, list] = runs;
  assert.deepEqual([pkg.kv['4.wrote'], pkg.kv['5.ret'], pkg.kv['6.status'], list.kv['1.status'], list.kv['2.status']], ['8', '0', '0', '0', '0'], JSON.stringify(runs.map((x) => x.kv)));
  const pids = [pkg.pid, Number(pkg.kv['6.ret']), list.pid, Number(list.kv['1.ret']), Number(list.kv['2.ret'])];
  // each was seen: the writes and renames by dpkg, the three crontab runs
  assert.equal(r.events.filter((e) => e.eventName === 'sched_process_exec' && pids.includes(e.hostProcessId) && e.processName === 'crontab').length, 3);
  assert.deepEqual(r.events.filter((e) => e.eventName === 'scheduled_task_mod' && pids.includes(e.hostProcessId)), []);
});
