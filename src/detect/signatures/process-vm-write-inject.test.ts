/**
 * process_vm_write_inject (TRC-1025) on the real kernel:
 * test/triggers/inject_trigger.c writes a word into its forked child with
 * process_vm_writev (one finding, naming the child); its twins write into
 * their own memory, by pid and by the tid of their second thread (none).
 * The same in a pid namespace of its own, where its pid is 1: the pid
 * argument is that namespace's.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileTrigger, keyValues, run, traceDuring } from '../../../test/helpers/trace.js';
import { BUILTIN_SIGNATURES } from './index.js';

const EVENT_ID = 6000 + BUILTIN_SIGNATURES.findIndex((s) => s.metadata.eventName === 'process_vm_write_inject');

/** Runs the trigger in `mode`, in a new pid namespace with `pidns` (unshare --pid --fork: the trigger is pid 1 there). */
async function traceTrigger(mode: string, pidns = false) {
  const bin = compileTrigger('inject_trigger');
  let out = { pid: 0, stdout: '', code: null as number | null };
  // process_vm_writev and the exits too: the calls were seen, and the child's exit names its entity id
  const r = await traceDuring(['-e', 'process_vm_write_inject,process_vm_writev,sched_process_exit', '-s', 'comm=inject_trigger'], async () => {
    out = pidns ? await run('/usr/bin/unshare', ['--pid', '--fork', bin, mode]) : await run(bin, [mode]);
  });
  assert.equal(out.code, 0, out.stdout);
  assert.equal(r.exitCode, 0, r.stderr);
  assert.equal(r.lost, 0, r.stderr);
  const kv = keyValues(out.stdout);
  // in its own pid namespace the trigger is pid 1 there, unshare's child on the host
  const pid = pidns ? r.events.find((e) => e.hostParentProcessId === out.pid)?.hostProcessId ?? -1 : out.pid;
  assert.equal(Number(kv.pid), pidns ? 1 : pid);
  const calls = r.events.filter((e) => e.eventName === 'process_vm_writev' && e.hostProcessId === pid);
  return { r, kv, pid, bin, calls, findings: r.events.filter((e) => e.eventName === 'process_vm_write_inject') };
}

/** process_vm_writev's args as the trigger made the call: one iovec each side. */
function writevArgs(pid: number, kv: Record<string, string>) {
  return [
    { name: 'pid', type: 'pid_t', value: pid },
    { name: 'local_iov', type: 'const struct iovec*', value: Number(kv.local) },
    { name: 'liovcnt', type: 'unsigned long', value: 1 },
    { name: 'remote_iov', type: 'const struct iovec*', value: Number(kv.remote) },
    { name: 'riovcnt', type: 'unsigned long', value: 1 },
    { name: 'flags', type: 'unsigned long', value: 0 },
  ];
}

test('process_vm_writev into a child: one process_vm_write_inject finding, naming the child', async () => {
  const { r, kv, pid, bin, findings } = await traceTrigger('vmwrite');
  const child = Number(kv.child);
  assert.deepEqual([kv.vmwrite, kv.childread, kv.childword], ['8', '8', String(0x2222222222222222n)], 'the word reached the child');
  const childExit = r.events.find((e) => e.eventName === 'sched_process_exit' && e.hostProcessId === child);
  assert.ok(childExit, JSON.stringify(r.events));
  assert.equal(findings.length, 1, JSON.stringify(r.events));
  const f = findings[0];
  assert.equal(f.eventId, EVENT_ID);
  assert.equal(f.syscall, 'process_vm_writev');
  assert.deepEqual([f.hostProcessId, f.processId, f.processName, f.returnValue], [pid, pid, 'inject_trigger', 8]);
  assert.deepEqual(f.executable, { path: bin });
  assert.deepEqual(f.args, [
    {
      name: 'target', type: 'unknown',
      value: { hostProcessId: child, processName: 'inject_trigger', executable: { path: bin }, processEntityId: childExit.processEntityId },
    },
    { name: 'detectedFrom', type: 'unknown', value: { id: 311, name: 'process_vm_writev', args: writevArgs(child, kv), returnValue: 8 } },
  ]);
  assert.deepEqual(f.metadata, {
    Version: '1',
    Description: 'Possible code injection into another process was detected. Code injection is an exploitation technique used to run malicious code, adversaries may use it in order to execute their malware.',
    Tags: null,
    Properties: {
      Severity: 3, Category: 'defense-evasion', Technique: 'Process Injection', Kubernetes_Technique: '',
      id: 'attack-pattern--43e7dc91-05b2-474c-b9ac-2ed4fe101f4d', external_id: 'T1055',
      signatureID: 'TRC-1025', signatureName: 'Code injection detected using process_vm_writev syscall',
    },
  });
});

test('benign twin: process_vm_writev into its own memory, by pid, makes no finding', async () => {
  const { kv, pid, calls, findings } = await traceTrigger('vmwrite-self');
  assert.deepEqual([kv.vmwrite, kv.word], ['8', String(0x2222222222222222n)]);
  assert.deepEqual(calls.map((e) => [e.args, e.returnValue]), [[writevArgs(pid, kv), 8]], 'the call was seen');
  assert.deepEqual(findings, []);
});

test('benign twin: process_vm_writev into its own memory by a thread id makes no finding', async () => {
  const { kv, calls, findings } = await traceTrigger('vmwrite-thread');
  const tid = Number(kv.tid);
  assert.deepEqual([kv.vmwrite, kv.word], ['8', String(0x2222222222222222n)]);
  assert.deepEqual(calls.map((e) => [e.args, e.returnValue]), [[writevArgs(tid, kv), 8]], 'the call was seen');
  assert.deepEqual(findings, []);
});

test('in its own pid namespace: a write into its child (pid 2 there) is one finding, without target (not a host pid)', async () => {
  const { r, kv, pid, findings } = await traceTrigger('vmwrite', true);
  assert.deepEqual([kv.child, kv.vmwrite, kv.childword], ['2', '8', String(0x2222222222222222n)]);
  assert.equal(findings.length, 1, JSON.stringify(r.events));
  const f = findings[0];
  assert.deepEqual([f.hostProcessId, f.processId], [pid, 1]);
  assert.notEqual(pid, 1);
  assert.deepEqual(f.args, [
    { name: 'detectedFrom', type: 'unknown', value: { id: 311, name: 'process_vm_writev', args: writevArgs(2, kv), returnValue: 8 } },
  ]);
});

test('benign twin in its own pid namespace: a write into itself by its pid there (1) makes no finding', async () => {
  const { kv, calls, findings } = await traceTrigger('vmwrite-self', true);
  assert.deepEqual([kv.vmwrite, kv.word], ['8', String(0x2222222222222222n)]);
  assert.deepEqual(calls.map((e) => [e.processId, e.args, e.returnValue]), [[1, writevArgs(1, kv), 8]], 'the call was seen');
  assert.deepEqual(findings, []);
});
