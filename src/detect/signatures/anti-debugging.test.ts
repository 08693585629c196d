/**
 * anti_debugging (TRC-102) on the real kernel: test/triggers/ptrace_trigger.c
 * forks a child that calls PTRACE_TRACEME (one finding, from the child; a
 * second, refused call is one more); its twin attaches to a child and reads it (PTRACE_ATTACH, PEEKDATA, DETACH:
 * none).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileTrigger, keyValues, run, traceDuring } from '../../../test/helpers/trace.js';

const EPERM = -1;
const PTRACE_TRACEME = 0, PTRACE_PEEKDATA = 2, PTRACE_ATTACH = 16, PTRACE_DETACH = 17;

async function traceTrigger(mode: string) {
  const bin = compileTrigger('ptrace_trigger');
  let out = { pid: 0, stdout: '', code: null as number | null };
  // ptrace selected too: the twin's calls are seen, and make nothing
  const r = await traceDuring(['-e', 'anti_debugging,ptrace', '-s', 'comm=ptrace_trigger'], async () => {
    out = await run(bin, [mode]);
  });
  assert.equal(out.code, 0, out.stdout);
  assert.equal(r.exitCode, 0, r.stderr);
  assert.equal(r.lost, 0, r.stderr);
  const kv = keyValues(out.stdout);
  assert.equal(Number(kv.pid), out.pid);
  return { r, kv, pid: out.pid, bin, findings: r.events.filter((e) => e.eventName === 'anti_debugging') };
}

test('PTRACE_TRACEME: one anti_debugging finding, from the process that asked', async () => {
  const { r, kv, pid, bin, findings } = await traceTrigger('traceme');
  assert.equal(kv.traceme, '0');
  const child = Number(kv.child);
  assert.equal(findings.length, 1, JSON.stringify(r.events));
  const f = findings[0];
  assert.equal(f.eventId, 6001);
  assert.equal(f.syscall, 'ptrace');
  assert.deepEqual([f.hostProcessId, f.hostThreadId, f.hostParentProcessId], [child, child, pid]);
  assert.equal(f.processName, 'ptrace_trigger');
  assert.deepEqual(f.executable, { path: bin });
  assert.equal(f.returnValue, 0);
  assert.deepEqual(f.args, [{
    name: 'detectedFrom', type: 'unknown',
    value: {
      id: 101, name: 'ptrace', returnValue: 0,
      args: [
        { name: 'request', type: 'long', value: PTRACE_TRACEME },
        { name: 'pid', type: 'pid_t', value: 0 },
        { name: 'addr', type: 'void*', value: 0 },
        { name: 'data', type: 'void*', value: 0 },
      ],
    },
  }]);
  assert.deepEqual(f.metadata, {
    Version: '1',
    Description: 'A process used anti-debugging techniques to block a debugger. Malware use anti-debugging to stay invisible and inhibit analysis of their behavior.',
    Tags: null,
    Properties: {
      Severity: 1, Category: 'defense-evasion', Technique: 'Debugger Evasion', Kubernetes_Technique: '',
      id: 'attack-pattern--e4dc8c01-417f-458d-9ee0-bb0617c1b391', external_id: 'T1622',
      signatureID: 'TRC-102', signatureName: 'Anti-Debugging detected',
    },
  });
});

test('a second PTRACE_TRACEME, refused (EPERM: already traced), is reported too', async () => {
  const { r, kv, findings } = await traceTrigger('traceme2');
  assert.deepEqual([kv.traceme, kv.traceme2], ['0', String(EPERM)]);
  assert.deepEqual(findings.map((f) => [f.hostProcessId, f.returnValue, f.args[0].value.returnValue]), [
    [Number(kv.child), 0, 0], [Number(kv.child), EPERM, EPERM],
  ], JSON.stringify(r.events));
});

test('the tracer\'s side (PTRACE_ATTACH, PEEKDATA, DETACH) makes no anti_debugging finding', async () => {
  const { r, kv, pid, findings } = await traceTrigger('peek');
  assert.deepEqual([kv.attach, kv.peekerrno, kv.detach], ['0', '0', '0']);
  const calls = r.events.filter((e) => e.eventName === 'ptrace' && e.hostProcessId === pid);
  assert.deepEqual(calls.map((e) => [e.args[0].value, e.args[1].value, e.returnValue]), [
    [PTRACE_ATTACH, Number(kv.child), 0], [PTRACE_PEEKDATA, Number(kv.child), 0], [PTRACE_DETACH, Number(kv.child), 0],
  ]);
  assert.deepEqual(findings, []);
});
