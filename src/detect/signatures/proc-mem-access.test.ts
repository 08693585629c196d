/**
 * proc_mem_access (TRC-1023) on the real kernel: test/triggers/fs_ops.c
 * forks a child and reads a marker word out of /proc/CHILD/mem: opened
 * read-only by absolute and by relative path and with openat2, read-write (which is also
 * proc_mem_code_injection's, TRC-1024: one finding of each), and its own
 * /proc/self/mem: one proc_mem_access finding each, naming the kernel's path
 * of the fd and the victim. Benign twins: the same file opened write-only
 * (proc_mem_code_injection's alone) and with O_PATH, and /proc/CHILD/maps
 * read: none.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BUILTIN_SIGNATURES } from './index.js';
import { procMemAccess } from './proc-mem-access.js';
import { findingArgs, oneCall, traceFsOps } from '../../../test/helpers/fs-ops.js';
import { entityOf } from '../../../test/helpers/trace.js';

const EVENT_ID = 6000 + BUILTIN_SIGNATURES.indexOf(procMemAccess);
const O_RDONLY = 0, O_RDWR = 2;
const EVENTS = 'proc_mem_access,proc_mem_code_injection,open,openat,openat2,sched_process_exit';

const METADATA = {
  Version: '1',
  Description: 'Process memory access detected. Adversaries may access other processes memory to steal credentials and secrets.',
  Tags: null,
  Properties: {
    Severity: 3, Category: 'credential-access', Technique: 'Proc Filesystem', Kubernetes_Technique: '',
    id: 'attack-pattern--3120b9fa-23b8-4500-ae73-09494f607b7d', external_id: 'T1003.007',
    signatureID: 'TRC-1023', signatureName: 'Process memory access detected',
  },
};

test('/proc/CHILD/mem and /proc/self/mem opened for reading: one proc_mem_access finding each', async () => {
  const { r, bin, runs, of } = await traceFsOps(EVENTS, [
    ['child', 'open:openat:r:/proc/%c/mem'],
    ['child', 'chdir:/proc/%c', 'open:openat:r:mem'],
    ['child', 'open:openat:rw:/proc/%c/mem'],
    ['open:open:r:/proc/self/mem'],
    // openat2: its flags from its decoded struct open_how
    ['child', 'open:openat2:r:/proc/%c/mem'],
  ]);
  // [syscall, path passed, flags, the victim is the trigger itself]
  const expected: [string, string, number, boolean][] = [
    ['openat', '/proc/%c/mem', O_RDONLY, false], ['openat', 'mem', O_RDONLY, false], ['openat', '/proc/%c/mem', O_RDWR, false], ['open', '/proc/self/mem', O_RDONLY, true],
    ['openat2', '/proc/%c/mem', O_RDONLY, false],
  ];
  runs.forEach(({ ops, pid, kv }, i) => {
    const [syscall, passedAs, flags, self] = expected[i];
    const last = ops.filter((o) => !o.startsWith('sleep')).length;
    assert.deepEqual([kv[`${last}.read`], kv[`${last}.marker`]], ['8', '1'], `${ops.join(' ')}: ${JSON.stringify(kv)}`);
    const victim = self ? pid : Number(kv['1.ret']);
    const source = oneCall(of(pid, syscall), 'pathname', passedAs.replace('%c', String(victim)));
    const findings = of(pid, 'proc_mem_access');
    assert.equal(findings.length, 1, `${ops.join(' ')}: ${JSON.stringify(r.events.filter((e) => e.hostProcessId === pid))}`);
    const f = findings[0];
    assert.deepEqual([f.eventId, f.processName, f.timestamp, f.returnValue], [EVENT_ID, 'fs_ops', source.timestamp, Number(kv[`${last}.ret`])], ops.join(' '));
    const target = { hostProcessId: victim, processName: 'fs_ops', executable: { path: bin }, processEntityId: self ? f.processEntityId : entityOf(r.events, victim) };
    assert.deepEqual(f.args, findingArgs({ pathname: `/proc/${victim}/mem`, flags, pid: victim, target }, source), ops.join(' '));
    assert.deepEqual(f.metadata, METADATA);
    // read-write is code injection's too; read-only is not
    assert.equal(of(pid, 'proc_mem_code_injection').length, flags === O_RDWR ? 1 : 0, ops.join(' '));
  });
});

test('benign twins: write-only and O_PATH opens of /proc/CHILD/mem, a read of /proc/CHILD/maps: no proc_mem_access', async () => {
  const { runs, of } = await traceFsOps(EVENTS, [['child', 'open:openat:w:/proc/%c/mem', 'open:openat:path:/proc/%c/mem', 'open:openat:r:/proc/%c/maps']]);
  const { pid, kv } = runs[0];
  const child = Number(kv['1.ret']);
  assert.deepEqual([kv['2.ret'], kv['3.ret'], kv['4.ret']], ['3', '4', '5'], JSON.stringify(kv));
  assert.deepEqual(of(pid, 'openat').map((e) => e.args[1].value).filter((p) => String(p).startsWith(`/proc/${child}/`)), [`/proc/${child}/mem`, `/proc/${child}/mem`, `/proc/${child}/maps`], 'the opens were seen');
  assert.deepEqual(of(pid, 'proc_mem_access'), []);
  assert.equal(of(pid, 'proc_mem_code_injection').length, 1, 'the write-only open is code injection\'s');
});
