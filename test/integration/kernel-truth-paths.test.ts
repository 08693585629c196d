/**
 * Kernel truth of the names opens and execs are given (src/decode/kernel-truth/
 * paths.ts, exec.ts), on the real kernel: the file the kernel opened or ran
 * beside the name sysray read, a symlink swapped under a stream of opens
 * with nothing raced, and the phantom attack (userfaultfd, test/triggers/
 * phantom.h) caught as a race; the entry-fault need sending only the opens
 * whose name faulted at entry.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, realpathSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ROOT, compileTrigger, keyValues, run, traceDuring, type JsonEvent } from '../helpers/trace.js';
import { kernelDevT } from '../../src/policy/kernel-config.js';
import { policyFromFlags } from '../../src/policy/policy-set.js';
import { Tracer } from '../../src/tracer/tracer.js';
import type { TraceEvent } from '../../src/decode/trace-event.js';

const pathname = (e: JsonEvent) => e.args.find((a: { name: string }) => a.name === 'pathname');

/** The kernel's (dev, inode) of a file, as kernelFile carries them. */
function kernelFileOf(file: string): { dev: number; inode: number } {
  const st = statSync(file, { bigint: true });
  return { dev: Number(kernelDevT(st.dev)), inode: Number(st.ino) };
}

/** A temp dir with two files whose names differ only in the byte after the dir's slash (phantom.h: in page A). */
function phantomFiles(): { dir: string; served: string; after: string } {
  const dir = realpathSync(mkdtempSync(path.join(tmpdir(), 'sysray-race-')));
  const served = path.join(dir, 's-watched-file-x');
  const after = path.join(dir, 'b-watched-file-x');
  writeFileSync(served, 'secret\n');
  writeFileSync(after, 'benign\n');
  return { dir, served, after };
}

test('openat of a symlink flipped between two files by another thread: each kernelValue is the fd\'s real path; nothing raced', async () => {
  const bin = compileTrigger('open_race');
  const dir = realpathSync(mkdtempSync(path.join(tmpdir(), 'sysray-swap-')));
  const watched = path.join(dir, 'watched');
  writeFileSync(watched, 'x\n');
  const link = path.join(dir, 'l');
  const n = 400;
  let out = { pid: 0, stdout: '', code: null as number | null };
  try {
    const r = await traceDuring(['-e', 'openat', '-s', 'comm=open_race'], async () => {
      out = await run(bin, ['swap', link, '/etc/hostname', watched, String(n)]);
    });
    assert.equal(out.code, 0, out.stdout);
    assert.equal(r.lost, 0, r.stderr);
    const kv = keyValues(out.stdout);
    const real = Array.from({ length: n }, (_, i) => kv[`open${i}`]);
    assert.ok(real.includes('/etc/hostname') && real.includes(watched), 'the flipper flipped during the opens');
    const opens = r.events.filter((e) => e.eventName === 'openat' && e.hostProcessId === out.pid && pathname(e).value === link);
    assert.equal(opens.length, n);
    assert.deepEqual(opens.map((e) => pathname(e).kernelValue), real);
    const hostname = kernelFileOf('/etc/hostname');
    const file = kernelFileOf(watched);
    assert.deepEqual(opens.map((e) => pathname(e).kernelFile), real.map((p) => (p === watched ? file : hostname)));
    // (traceDuring failed the test had any been marked raced)
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('phantom openat: the kernel opened the served file while memory reads a benign name at exit: kernelValue the served file, raced (entry read failed)', async () => {
  const bin = compileTrigger('open_race');
  const { dir, served, after } = phantomFiles();
  let out = { pid: 0, stdout: '', code: null as number | null };
  try {
    const r = await traceDuring(['-e', 'openat', '-s', 'comm=open_race'], async () => {
      out = await run(bin, ['phantom', served, after]);
    }, { allowRaced: true });
    assert.equal(out.code, 0, out.stdout);
    const kv = keyValues(out.stdout);
    assert.deepEqual([kv.faults, kv.opened, kv.memory], ['2', served, after], 'the phantom went as planned');
    const opens = r.events.filter((e) => e.eventName === 'openat' && e.hostProcessId === out.pid);
    const phantom = opens.filter((e) => pathname(e).raced);
    assert.equal(phantom.length, 1, `only the phantom open raced: ${JSON.stringify(opens.map(pathname))}`);
    assert.equal(phantom[0].returnValue, Number(kv.fd));
    assert.deepEqual(pathname(phantom[0]), {
      name: 'pathname', type: 'const char*', value: after, readAtExit: true,
      kernelValue: served, kernelFile: kernelFileOf(served), raced: true, raceTechnique: 'entry read failed',
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('execve of a symlink: kernelValue the file it names (sched_process_exec), its dev and inode; nothing raced', async () => {
  const bin = compileTrigger('open_race');
  const dir = realpathSync(mkdtempSync(path.join(tmpdir(), 'sysray-exec-')));
  const link = path.join(dir, 't');
  symlinkSync('/bin/true', link);
  const runs: { pid: number; code: number | null; path: string }[] = [];
  try {
    const r = await traceDuring(['-e', 'execve', '-s', 'comm=open_race'], async () => {
      for (const p of [link, '/usr/bin/sh']) {
        const o = await run(bin, ['exec', p]);
        runs.push({ pid: Number(keyValues(o.stdout).pid), code: o.code, path: p });
      }
    });
    for (const o of runs) {
      assert.equal(o.code, 0, o.path);
      const execs = r.events.filter((e) => e.eventName === 'execve' && e.hostProcessId === o.pid);
      assert.equal(execs.length, 1, `${o.path}: ${r.stderr}`);
      const real = realpathSync(o.path);
      assert.deepEqual(pathname(execs[0]), { name: 'pathname', type: 'const char*', value: o.path, kernelValue: real, kernelFile: kernelFileOf(real) });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('execve\'s records go to the security ring, where its sched_process_exec is: the decoder has the exec before the execve exit', async () => {
  const bin = compileTrigger('open_race');
  const policies = [policyFromFlags(['comm=open_race'], ['execve'])];
  const tracer = new Tracer({ ringBufferBytes: 1 << 22, captureEnv: false, symbolic: false, initialPolicies: policies });
  const seen: TraceEvent[] = [];
  const pids: number[] = [];
  tracer.setPolicies(policies);
  tracer.start((e) => seen.push(e));
  let summary;
  try {
    for (let i = 0; i < 5; i++) pids.push(Number(keyValues((await run(bin, ['exec', '/bin/true'])).stdout).pid));
    await new Promise((resolve) => setTimeout(resolve, 300)); // the poller's timeout is 20 ms
  } finally {
    summary = await tracer.stop();
  }
  const execs = seen.filter((e) => e.eventName === 'execve' && pids.includes(e.hostProcessId));
  assert.equal(execs.length, 5);
  assert.ok(execs.every((e) => e.args[0].kernelValue === realpathSync('/bin/true')));
  assert.equal(summary.submitted - summary.submittedSecurity, 0n, 'nothing went to the bulk ring');
});

test('phantom execve: the kernel ran the served program, the name unreadable at entry (memory is gone after a successful exec): raced', async () => {
  const bin = compileTrigger('open_race');
  // same length, the same bytes from page B on ("e\0"): the kernel gets /bin/true, memory then reads /bin/date
  let o = { pid: 0, stdout: '', code: null as number | null };
  const r = await traceDuring(['-e', 'execve', '-s', 'comm=open_race'], async () => {
    o = await run(bin, ['phantom-exec', '/bin/true', '/bin/date']);
  }, { allowRaced: true });
  assert.equal(o.code, 0, o.stdout);
  const pid = Number(keyValues(o.stdout).pid);
  const execs = r.events.filter((e) => e.eventName === 'execve' && e.hostProcessId === pid);
  assert.equal(execs.length, 1, r.stderr);
  assert.equal(execs[0].returnValue, 0);
  const real = realpathSync('/bin/true');
  const a = pathname(execs[0]);
  assert.deepEqual({ ...a, address: undefined }, {
    name: 'pathname', type: 'const char*', value: null, unreadable: 'fault', address: undefined,
    kernelValue: real, kernelFile: kernelFileOf(real), raced: true, raceTechnique: 'entry read failed',
  });
});

test('entry-fault need: a signature on openat names that faulted at entry, or that opened /etc/shadow: the kernel sent the phantom open and the shadow opens, nothing else', async () => {
  const bin = compileTrigger('open_race');
  const { dir, served, after } = phantomFiles();
  let out = { pid: 0, stdout: '', code: null as number | null };
  let shadowPid = 0;
  try {
    const r = await traceDuring(['--signatures-dir', path.join(ROOT, 'test', 'fixtures', 'signatures-entry-fault'), '-e', 'test_faulted_open', '-s', 'comm=open_race'], async () => {
      out = await run(bin, ['phantom', served, after]);
      // opens whose names are all readable at entry: none sent, but those of /etc/shadow (by a symlink: decided at exit)
      const plain = await run(bin, ['swap', path.join(dir, 'l'), '/etc/hostname', served, '50']);
      assert.equal(plain.code, 0);
      const shadow = await run(bin, ['swap', path.join(dir, 's'), '/etc/shadow', '/etc/shadow', '3']);
      assert.equal(shadow.code, 0);
      shadowPid = shadow.pid;
    }, { allowRaced: true });
    assert.equal(out.code, 0, out.stdout);
    assert.equal(r.exitCode, 0, r.stderr);
    assert.equal(keyValues(out.stdout).faults, '2');
    const findings = r.events.filter((e) => e.eventName === 'test_faulted_open');
    const named = (f: JsonEvent) => f.args.find((a: { name: string }) => a.name === 'detectedFrom').value.args.find((a: { name: string }) => a.name === 'pathname').value;
    assert.deepEqual(findings.map((f) => [f.hostProcessId, named(f)]), [[out.pid, after], ...Array(3).fill([shadowPid, path.join(dir, 's')])], r.stderr);
    const m = /(\d+) only for signatures/.exec(r.stderr);
    assert.equal(m ? Number(m[1]) : 0, 4, `only the phantom open and the three of /etc/shadow came from the kernel: ${r.stderr}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
