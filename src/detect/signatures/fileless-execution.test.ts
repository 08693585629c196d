/**
 * fileless_execution (TRC-105) on the real kernel:
 * test/triggers/fileless_trigger.c runs /bin/true's bytes from a memfd (by
 * fexecve and by /proc/self/fd/N), from /dev/shm (by its /run/shm name) and
 * a shell script from /dev/shm: one finding each, from the exec'd child. Its
 * benign twin runs the same bytes from a file in /tmp: none.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { realpathSync } from 'node:fs';
import { compileTrigger, keyValues, run, traceDuring, type JsonEvent } from '../../../test/helpers/trace.js';
import { BUILTIN_SIGNATURES } from './index.js';

const EVENT_ID = 6000 + BUILTIN_SIGNATURES.findIndex((s) => s.metadata.eventName === 'fileless_execution');

/** Runs the trigger once per mode under one tracer (its children followed: their comm changes at exec). */
async function traceRuns(modes: string[]) {
  const bin = compileTrigger('fileless_trigger');
  const runs: { mode: string; pid: number; kv: Record<string, string> }[] = [];
  const r = await traceDuring(['-e', 'fileless_execution,sched_process_exec', '-s', 'comm=fileless_trigge', '-s', 'follow'], async () => {
    for (const mode of modes) {
      const out = await run(bin, [mode]);
      assert.equal(out.code, 0, out.stdout);
      const kv = keyValues(out.stdout);
      assert.deepEqual([Number(kv.pid), kv.status], [out.pid, '0'], `${mode}: the child ran and exited 0`);
      runs.push({ mode, pid: out.pid, kv });
    }
  });
  assert.equal(r.exitCode, 0, r.stderr);
  assert.equal(r.lost, 0, r.stderr);
  const of = (pid: number, name: string): JsonEvent[] => r.events.filter((e) => e.hostProcessId === pid && e.eventName === name);
  return { r, runs, of };
}

test('exec from a memfd, from /dev/shm and of a /dev/shm script: one fileless_execution finding each, from the exec', async () => {
  const { r, runs, of } = await traceRuns(['memfd', 'memfd-proc', 'shm', 'shm-script']);
  const shmFile = runs[2].kv.file;
  const expected = [
    // [comm after exec, pathname matched, sched_process_exec's cmdpath and pathname]
    ['memfd:fileless', '/memfd:fileless (deleted)', `/dev/fd/${runs[0].kv.fd}`, '/memfd:fileless (deleted)'],
    [runs[1].kv.fd, '/memfd:fileless (deleted)', runs[1].kv.path, '/memfd:fileless (deleted)'],
    [`fileless_true.${runs[2].pid}`.slice(0, 15), shmFile, runs[2].kv.path, shmFile],
    // a script: the kernel executes its interpreter
    [`fileless_script.${runs[3].pid}`.slice(0, 15), runs[3].kv.path, runs[3].kv.path, realpathSync('/bin/sh')],
  ];
  assert.equal(runs[2].kv.path, `/run/shm/fileless_true.${runs[2].pid}`, 'exec\'d by its /run/shm name');
  runs.forEach(({ mode, kv }, i) => {
    const child = Number(kv.child);
    const [comm, matched, cmdpath, pathname] = expected[i];
    const execs = of(child, 'sched_process_exec');
    assert.equal(execs.length, 1, `${mode}: ${JSON.stringify(r.events.filter((e) => e.hostProcessId === child))}`);
    const exec = execs[0];
    assert.deepEqual([exec.args[0].value, exec.args[1].value], [cmdpath, pathname], mode);
    const findings = of(child, 'fileless_execution');
    assert.equal(findings.length, 1, `${mode}: ${JSON.stringify(r.events.filter((e) => e.hostProcessId === child))}`);
    const f = findings[0];
    assert.deepEqual([f.eventId, f.processName, f.hostParentProcessId, f.timestamp], [EVENT_ID, comm, runs[i].pid, exec.timestamp], mode);
    assert.deepEqual(f.args, [
      { name: 'pathname', type: 'const char *', value: matched },
      { name: 'detectedFrom', type: 'unknown', value: { id: 1003, name: 'sched_process_exec', args: exec.args, returnValue: 0 } },
    ], mode);
    assert.deepEqual(f.metadata, {
      Version: '1',
      Description: 'Fileless execution was detected. Executing a process from memory instead from a file in the filesystem may indicate that an adversary is trying to avoid execution detection.',
      Tags: null,
      Properties: {
        Severity: 3, Category: 'defense-evasion', Technique: 'Reflective Code Loading', Kubernetes_Technique: '',
        id: 'attack-pattern--4933e63b-9b77-476e-ab29-761bc5b7d15a', external_id: 'T1620',
        signatureID: 'TRC-105', signatureName: 'Fileless execution detected',
      },
    });
  });
  // the triggers' own execs (from a file) made none
  for (const { pid } of runs) assert.deepEqual(of(pid, 'fileless_execution'), []);
});

test('benign twin: the same bytes exec\'d from a file in /tmp make no finding', async () => {
  const { runs, of } = await traceRuns(['normal']);
  const { kv } = runs[0];
  const execs = of(Number(kv.child), 'sched_process_exec');
  assert.deepEqual(execs.map((e) => e.args[1].value), [kv.file], 'the exec was seen');
  assert.deepEqual(of(Number(kv.child), 'fileless_execution'), []);
});
