/**
 * ptrace_code_injection (TRC-103) on the real kernel: test/triggers/ptrace_trigger.c
 * attaches to its own child and writes a word into it with PTRACE_POKEDATA
 * (one finding, from that call); its twin only reads with PTRACE_PEEKDATA
 * (none).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileTrigger, keyValues, run, traceDuring } from '../../../test/helpers/trace.js';

const PTRACE_PEEKDATA = 2, PTRACE_POKEDATA = 5, PTRACE_ATTACH = 16, PTRACE_DETACH = 17;

async function traceTrigger(mode: string, events = 'ptrace_code_injection') {
  const bin = compileTrigger('ptrace_trigger');
  let out = { pid: 0, stdout: '', code: null as number | null };
  const r = await traceDuring(['-e', events, '-s', 'comm=ptrace_trigger'], async () => {
    out = await run(bin, [mode]);
  });
  assert.equal(out.code, 0, out.stdout);
  assert.equal(r.exitCode, 0, r.stderr);
  assert.equal(r.lost, 0, r.stderr);
  const kv = keyValues(out.stdout);
  assert.equal(Number(kv.pid), out.pid);
  return { r, kv, pid: out.pid, bin };
}

test('PTRACE_POKEDATA into a traced child: one ptrace_code_injection finding, from that call', async () => {
  const { r, kv, pid, bin } = await traceTrigger('poke');
  assert.deepEqual([kv.attach, kv.poke, kv.peekerrno], ['0', '0', '0']);
  assert.equal(kv.peeked, kv.data, 'the word reached the child');
  const findings = r.events.filter((e) => e.eventName === 'ptrace_code_injection');
  assert.equal(findings.length, 1, JSON.stringify(r.events));
  const f = findings[0];
  assert.equal(f.eventId, 6000);
  assert.equal(f.hostProcessId, pid);
  assert.equal(f.processName, 'ptrace_trigger');
  assert.deepEqual(f.executable, { path: bin });
  assert.equal(f.returnValue, 0);
  assert.deepEqual(f.args, [{
    name: 'detectedFrom', type: 'unknown',
    value: {
      id: 101, name: 'ptrace', returnValue: 0,
      args: [
        { name: 'request', type: 'long', value: PTRACE_POKEDATA },
        { name: 'pid', type: 'pid_t', value: Number(kv.child) },
        { name: 'addr', type: 'void*', value: Number(kv.addr) },
        // 0x2222222222222222 is past 2^53: parseJsonLines keeps it as a string
        { name: 'data', type: 'void*', value: kv.data },
      ],
    },
  }]);
  assert.deepEqual(f.metadata, {
    Version: '1',
    Description: 'Possible code injection into another process was detected. Code injection is an exploitation technique used to run malicious code, adversaries may use it in order to execute their malware.',
    Tags: null,
    Properties: {
      Severity: 3, Category: 'defense-evasion', Technique: 'Ptrace System Calls', Kubernetes_Technique: '',
      id: 'attack-pattern--ea016b56-ae0e-47fe-967a-cc0ad51af67f', external_id: 'T1055.008',
      signatureID: 'TRC-103', signatureName: 'Code injection detected using ptrace',
    },
  });
});

test('PTRACE_PEEKDATA (reading, not writing) makes no ptrace_code_injection finding', async () => {
  // ptrace itself selected too: the calls were seen, and made nothing
  const { r, kv, pid } = await traceTrigger('peek', 'ptrace_code_injection,ptrace');
  assert.deepEqual([kv.attach, kv.peekerrno, kv.detach], ['0', '0', '0']);
  assert.equal(kv.peeked, String(0x1111111111111111n), 'the child was read');
  const calls = r.events.filter((e) => e.eventName === 'ptrace' && e.hostProcessId === pid);
  assert.deepEqual(calls.map((e) => e.args[0].value), [PTRACE_ATTACH, PTRACE_PEEKDATA, PTRACE_DETACH]);
  assert.deepEqual(r.events.filter((e) => e.eventName === 'ptrace_code_injection'), []);
});
