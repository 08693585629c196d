/**
 * proc_mem_code_injection (TRC-1024) on the real kernel:
 * test/triggers/inject_trigger.c opens /proc/CHILD/mem of its forked child
 * for writing and writes a word through it, with each open syscall (open,
 * openat, openat2, creat), by a relative path, as /proc/self/mem and spelled
 * //proc/... and /./proc/... (past a prefilter on /proc/): one
 * finding per run, naming the kernel's path of the fd. Benign twins: the same
 * file read-only (openat and openat2), with O_PATH, and an open that failed.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileTrigger, keyValues, run, traceDuring, traceeArgs, type JsonEvent } from '../../../test/helpers/trace.js';
import { BUILTIN_SIGNATURES } from './index.js';

const EVENT_ID = 6000 + BUILTIN_SIGNATURES.findIndex((s) => s.metadata.eventName === 'proc_mem_code_injection');
const O_WRONLY = 1, O_RDWR = 2, O_CREAT_WRONLY_TRUNC = 0o1101;
const SYSCALL_IDS: Record<string, number> = { open: 2, creat: 85, openat: 257, openat2: 437 };

interface TriggerRun { mode: string[]; pid: number; kv: Record<string, string> }

/** Runs the trigger once per mode under one tracer; each run's findings and open calls by its pid. */
async function traceRuns(modes: string[][]) {
  const bin = compileTrigger('inject_trigger');
  const runs: TriggerRun[] = [];
  const r = await traceDuring(['-e', 'proc_mem_code_injection,open,openat,openat2,creat,sched_process_exit', '-s', 'comm=inject_trigger'], async () => {
    for (const mode of modes) {
      const out = await run(bin, mode);
      assert.equal(out.code, 0, out.stdout);
      runs.push({ mode, pid: out.pid, kv: keyValues(out.stdout) });
    }
  });
  assert.equal(r.exitCode, 0, r.stderr);
  assert.equal(r.lost, 0, r.stderr);
  const of = (pid: number, name: string): JsonEvent[] => r.events.filter((e) => e.hostProcessId === pid && e.eventName === name);
  return { r, bin, runs, of };
}

test('/proc/CHILD/mem opened for writing: one finding per open, with the kernel\'s path and the flags', async () => {
  const { r, bin, runs, of } = await traceRuns([
    ['procmem', 'openat', 'rw'], ['procmem', 'open', 'wo'], ['procmem', 'creat', 'rw'], ['procmem', 'openat2', 'rw', '1500'],
    ['procmem-rel'], ['procmem-self'], ['procmem-spelled', '//proc/%d/mem'], ['procmem-spelled', '/./proc/%d/mem'],
  ]);
  const expectedFlags = [O_RDWR, O_WRONLY, O_CREAT_WRONLY_TRUNC, O_RDWR /* openat2: its how */, O_RDWR, O_RDWR, O_RDWR, O_RDWR];
  runs.forEach(({ mode, pid, kv }, i) => {
    assert.equal(Number(kv.pid), pid);
    assert.equal(kv.wrote, '8', `${mode}: the word was written`);
    const self = mode[0] === 'procmem-self';
    const victim = self ? pid : Number(kv.child ?? kv.path.split('/')[2]);
    const path = `/proc/${victim}/mem`;
    if (kv.path) assert.equal(kv.path, path);
    const findings = of(pid, 'proc_mem_code_injection');
    assert.equal(findings.length, 1, `${mode}: ${JSON.stringify(r.events.filter((e) => e.hostProcessId === pid))}`);
    const f = findings[0];
    const syscall = mode[0] === 'procmem' ? mode[1] : 'openat';
    assert.deepEqual([f.eventId, f.syscall, f.processName, f.returnValue], [EVENT_ID, syscall, 'inject_trigger', Number(kv.fd)], mode.join(' '));
    assert.deepEqual(f.executable, { path: bin });
    // the open call itself, as the kernel sent it, is detectedFrom
    const passed = self ? '/proc/self/mem' : kv.rel ?? kv.spelled ?? path;
    const open = of(pid, syscall).filter((e) => e.args.some((a: { name: string; value: unknown }) => a.name === 'pathname' && a.value === passed));
    assert.deepEqual(open.map((e) => e.returnValue), [Number(kv.fd)], mode.join(' '));
    const entity = self ? f.processEntityId : r.events.find((e) => e.eventName === 'sched_process_exit' && e.hostProcessId === victim)?.processEntityId;
    assert.ok(entity, `${mode}: the victim's entity id`);
    assert.deepEqual(f.args, [
      { name: 'pathname', type: 'const char *', value: path },
      { name: 'flags', type: 'int', value: expectedFlags[i] },
      { name: 'pid', type: 'int', value: victim },
      { name: 'target', type: 'unknown', value: { hostProcessId: victim, processName: 'inject_trigger', executable: { path: bin }, processEntityId: entity } },
      {
        name: 'detectedFrom', type: 'unknown',
        value: { id: SYSCALL_IDS[syscall], name: syscall, args: traceeArgs(open[0].args), returnValue: Number(kv.fd) },
      },
    ], mode.join(' '));
    assert.deepEqual(f.metadata, {
      Version: '1',
      Description: 'Possible code injection into another process was detected. Code injection is an exploitation technique used to run malicious code, adversaries may use it in order to execute their malware.',
      Tags: null,
      Properties: {
        Severity: 3, Category: 'defense-evasion', Technique: 'Proc Memory', Kubernetes_Technique: '',
        id: 'attack-pattern--d201d4cc-214d-4a74-a1ba-b3fa09fd4591', external_id: 'T1055.009',
        signatureID: 'TRC-1024', signatureName: 'Code injection detected through /proc/<pid>/mem file',
      },
    });
  });
  // the relative one: passed as CHILD/mem against a dirfd of /proc
  const rel = runs[4];
  assert.equal(of(rel.pid, 'proc_mem_code_injection')[0].args[4].value.args[1].value, rel.kv.rel);
});

test('benign twins: read-only (openat, openat2), O_PATH and a failed open of /proc/CHILD/mem make no finding', async () => {
  const { runs, of } = await traceRuns([
    ['procmem', 'openat', 'ro'], ['procmem', 'openat2', 'ro', '1500'], ['procmem', 'openat', 'path'], ['procmem-gone'],
  ]);
  const [ro, ro2, opath, gone] = runs;
  assert.deepEqual([ro.kv.read, ro2.kv.read, opath.kv.wrote, gone.kv.fd], ['8', '8', '-9', '-2'], 'read, read, EBADF, ENOENT');
  // each open was seen (openat2 and the failed one reach user space, where they are dropped)
  const seen = (t: TriggerRun, name: string) => of(t.pid, name).filter((e) => e.args[1].value === t.kv.path).map((e) => e.returnValue);
  assert.deepEqual([seen(ro, 'openat'), seen(ro2, 'openat2'), seen(opath, 'openat'), seen(gone, 'openat')], [[3], [3], [3], [-2]]);
  for (const t of runs) assert.deepEqual(of(t.pid, 'proc_mem_code_injection'), [], t.mode.join(' '));
});
