/**
 * The security path on the real kernel (bpf/sysray.h, "Two ring buffers"):
 * signatures' prefilters decide in the kernel which records are sent, and a
 * flood in the bulk ring does not cost a signature any record.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { closeSync, mkdtempSync, openSync, readSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ROOT, compileTrigger, keyValues, run, traceDuring, type TraceResult } from '../helpers/trace.js';

const SIGNATURES_DIR = path.join(ROOT, 'test', 'fixtures', 'signatures-prefilter');

/** Events the kernel sent only for signatures (the stop line's "N only for signatures"): what passed the prefilters. */
function forSignatures(r: TraceResult): number {
  const m = /(\d+) only for signatures/.exec(r.stderr);
  return m ? Number(m[1]) : 0;
}

/** Counts `needle` in a file as it grows, reading only what is new. */
function growingCount(file: string, needle: string): () => number {
  let fd = -1, at = 0, count = 0, tail = '';
  const chunk = Buffer.alloc(1 << 20);
  return () => {
    if (fd < 0) fd = openSync(file, 'r');
    for (let n; (n = readSync(fd, chunk, 0, chunk.length, at)) > 0; at += n) {
      const text = tail + chunk.toString('latin1', 0, n);
      count += text.split(needle).length - 1;
      tail = text.slice(-(needle.length - 1));
    }
    return count;
  };
}

async function sigfilter(args: string[], mode: string[]) {
  const bin = compileTrigger('sigfilter');
  let out = { pid: 0, stdout: '', code: null as number | null };
  const r = await traceDuring([...args, '-s', 'comm=sigfilter'], async () => {
    out = await run(bin, mode);
  });
  assert.equal(out.code, 0, out.stdout);
  assert.equal(r.exitCode, 0, r.stderr);
  assert.equal(r.lost, 0, r.stderr);
  return { r, kv: keyValues(out.stdout), pid: out.pid };
}

test('int prefilter: of 10 PEEKDATA, 7 POKEDATA, ATTACH and DETACH, the kernel sends the 7 POKEDATA for ptrace_code_injection', async () => {
  const { r, kv, pid } = await sigfilter(['-e', 'ptrace_code_injection'], ['ptrace', '10', '7']);
  assert.equal(kv.pokes_ok, '7');
  const findings = r.events.filter((e) => e.eventName === 'ptrace_code_injection');
  assert.equal(findings.length, 7, r.stderr);
  assert.ok(findings.every((f) => f.hostProcessId === pid));
  assert.equal(forSignatures(r), 7, `the kernel sent what the prefilter passes, no more: ${r.stderr}`);
  assert.equal(r.lostSecurity, 0);
});

test('int prefilter holds back only the signature bits: ptrace selected directly too gives all 19 calls and still 7 findings', async () => {
  const { r } = await sigfilter(['-e', 'ptrace_code_injection,ptrace'], ['ptrace', '10', '7']);
  assert.equal(r.events.filter((e) => e.eventName === 'ptrace').length, 19, r.stderr);
  assert.equal(r.events.filter((e) => e.eventName === 'ptrace_code_injection').length, 7);
});

test('path prefilter: openat of /tmp/... and of the loader\'s files is dropped in the kernel; /proc/self/mem and a relative path are sent', async () => {
  const { r, kv } = await sigfilter(['--signatures-dir', SIGNATURES_DIR, '-e', 'test_proc_open'], ['open']);
  assert.deepEqual([kv.absent, kv.mem, kv.relative], ['3', '2', '1']);
  const findings = r.events.filter((e) => e.eventName === 'test_proc_open');
  const paths = findings.map((f) => f.args.find((a: { name: string }) => a.name === 'detectedFrom').value.args.find((a: { name: string }) => a.name === 'pathname').value);
  assert.deepEqual(paths.sort(), ['/proc/self/mem', '/proc/self/mem', 'sysray-sigfilter-relative'], r.stderr);
  assert.equal(forSignatures(r), 3, `only those three openat came from the kernel: ${r.stderr}`);
});

test('flood: a getppid storm makes the bulk ring lose; 20 ptrace injections during it give 20 findings, written while it lasts, 0 lost on the security path', async () => {
  const storm = compileTrigger('storm');
  const injector = compileTrigger('sigfilter');
  const dir = mkdtempSync(path.join(tmpdir(), 'sysray-flood-'));
  const CALLS = 3_000_000;
  try {
    writeFileSync(path.join(dir, 'storm.yaml'), 'type: policy\nname: storm\nscope:\n  - comm=storm\nrules:\n  - event: getppid\n');
    writeFileSync(path.join(dir, 'injection.yaml'), 'type: policy\nname: injection\nscope:\n  - global\nrules:\n  - event: ptrace_code_injection\n');
    let stormOut = { pid: 0, stdout: '', code: null as number | null };
    let injectOut = { pid: 0, stdout: '', code: null as number | null };
    let seenDuringStorm = 0;
    const r = await traceDuring(['-p', dir, '-b', '256K'], async (tracer) => {
      let storming = true;
      const flooding = run(storm, [String(CALLS)]).then((out) => {
        storming = false;
        return out;
      });
      await new Promise((resolve) => setTimeout(resolve, 150));
      injectOut = await run(injector, ['inject', '20', '10000']);
      // the findings reach the output while the flood goes on: no bulk backlog holds them
      const findings = growingCount(tracer.outputFile, '"eventName":"ptrace_code_injection"');
      while (storming && (seenDuringStorm = findings()) < 20) await new Promise((resolve) => setTimeout(resolve, 20));
      stormOut = await flooding;
    }, { countOnly: ['getppid'] });
    assert.equal(r.exitCode, 0, r.stderr);
    assert.equal(keyValues(injectOut.stdout).pokes_ok, '20', injectOut.stdout);
    assert.equal(keyValues(stormOut.stdout).calls, String(CALLS));
    const getppid = r.counted.getppid;
    assert.match(r.stderr, /\d+ lost \(bulk \d+, security \d+\)/, 'the stop line shows both paths');
    assert.equal(r.lost, r.lostBulk + r.lostSecurity);
    assert.equal(getppid + r.lostBulk, CALLS, `every storm call written or counted lost: ${r.stderr}`);
    assert.ok(r.lostBulk >= 0.3 * CALLS, `the bulk path must lose at least 30% under this flood: ${r.stderr}`);
    assert.equal(r.lostSecurity, 0, r.stderr);
    const findings = r.events.filter((e) => e.eventName === 'ptrace_code_injection' && e.hostProcessId === injectOut.pid);
    assert.equal(findings.length, 20, r.stderr);
    assert.equal(seenDuringStorm, 20, 'all 20 findings were written before the storm ended');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
