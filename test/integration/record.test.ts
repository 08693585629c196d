/**
 * A live run (-o json) that records at the same time (-w): analyze of the
 * recording writes the live run's JSON lines, byte for byte after sorting
 * (timestamps, args, return values, context, findings). One process: two
 * tracers would each timestamp the same syscall in their own program, a
 * few µs apart. Then rotation, and `sysray record` alone.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { compileTrigger, keyValues, run, traceDuring, type TraceResult } from '../helpers/trace.js';
import { renamedProgram } from '../helpers/renamed-program.js';
import { analyze, recordDuring } from '../helpers/record.js';

/** Live (-o json) with `flags`, recording them (-w) around one `action`. */
async function liveAndRecorded(flags: string[], action: () => Promise<void>, recordFlags: string[] = []): Promise<{ live: TraceResult; file: string; dir: string }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'sysray-record-'));
  const file = path.join(dir, 'trace.rec');
  const live = await traceDuring([...flags, '-w', file, ...recordFlags], action, { keepLines: true });
  assert.equal(live.exitCode, 0, live.stderr);
  assert.equal(live.lost, 0, live.stderr);
  assert.match(live.stderr, /records recorded in 1 file/, live.stderr);
  return { live, file, dir };
}

test('a recorded workload analyzed gives the live run\'s JSON lines, byte for byte after sorting', async () => {
  const sh = renamedProgram('/bin/sh', 'recwork', 'record');
  const perf = compileTrigger('perf_trigger');
  const pidfd = compileTrigger('pidfd_trigger');
  const flags = ['-e', 'execve,openat,read,close,clone,exit_group,perf_event_open,pidfd_open,sched_process_exec,sched_process_fork,sched_process_exit', '-s', 'comm=recwork', '-s', 'follow'];
  const { live, file, dir } = await liveAndRecorded(flags, async () => {
    const out = await run(sh, ['-c', `for i in 1 2 3; do cat /etc/hostname >/dev/null; head -c 100 /etc/passwd >/dev/null; done; ${perf} >/dev/null; ${pidfd} >/dev/null; true`]);
    assert.equal(out.code, 0, out.stdout);
  });
  try {
    const a = await analyze([file]);
    assert.equal(a.exitCode, 0, a.stderr);
    assert.doesNotMatch(a.stderr, /damaged|cut|the kernel lost/, a.stderr);
    const names = new Set(a.events.map((e) => e.eventName));
    for (const n of ['execve', 'openat', 'read', 'close', 'perf_event_open', 'pidfd_open', 'sched_process_exec', 'sched_process_fork', 'sched_process_exit']) assert.ok(names.has(n), `analyze wrote ${n} events`);
    assert.ok(live.lines!.length > 50, `the live run wrote ${live.lines!.length} lines`);
    assert.deepEqual([...a.lines].sort(), [...live.lines!].sort());
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('recorded attacks give their findings in analyze, as live; their twins none', async () => {
  const theft = compileTrigger('fd_theft');
  const ptrace = compileTrigger('ptrace_trigger');
  const flags = ['-e', 'fd_theft,ptrace_code_injection', '-s', 'comm=fd_theft,ptrace_trigger'];
  const pids: Record<string, number> = {};
  const alone = path.join(mkdtempSync(path.join(tmpdir(), 'sysray-record-')), 'alone.rec');
  let both!: Awaited<ReturnType<typeof liveAndRecorded>>;
  // `sysray record` alone too, beside the live run that records
  const rec = await recordDuring(['-w', alone, ...flags], async () => {
    both = await liveAndRecorded(flags, async () => {
      for (const [name, bin, mode] of [['theft', theft, ['file', '/etc/hostname']], ['theftTwin', theft, ['self']], ['poke', ptrace, ['poke']], ['peek', ptrace, ['peek']]] as const) {
        const out = await run(bin, [...mode]);
        assert.equal(out.code, 0, out.stdout);
        pids[name] = out.pid;
        if (name === 'theft') assert.match(keyValues(out.stdout).stolen, /^\d+$/);
      }
    });
  });
  const { live, file, dir } = both;
  try {
    assert.equal(rec.exitCode, 0, rec.stderr);
    assert.equal(rec.lost, 0, rec.stderr);
    const b = await analyze([alone]);
    assert.equal(b.exitCode, 0, b.stderr);
    assert.deepEqual(b.events.map((f) => [f.eventName, f.hostProcessId]), [['fd_theft', pids.theft], ['ptrace_code_injection', pids.poke]], 'sysray record alone: the same findings');
    const a = await analyze([file]);
    assert.equal(a.exitCode, 0, a.stderr);
    const findings = a.events.filter((e) => e.eventName === 'fd_theft' || e.eventName === 'ptrace_code_injection');
    assert.deepEqual(findings.map((f) => [f.eventName, f.hostProcessId]), [['fd_theft', pids.theft], ['ptrace_code_injection', pids.poke]]);
    assert.deepEqual([...a.lines].sort(), [...live.lines!].sort());
    // analyze's own selection: one of the two signatures
    const one = await analyze([file], ['-e', 'ptrace_code_injection']);
    assert.equal(one.exitCode, 0, one.stderr);
    assert.deepEqual(one.events.map((f) => [f.eventName, f.hostProcessId]), [['ptrace_code_injection', pids.poke]]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
    rmSync(path.dirname(alone), { recursive: true, force: true });
  }
});

test('record -w DIR/ rotates: files of at most --max-file-size, the oldest deleted past --max-files; analyze DIR reads the rest', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'sysray-rotate-'));
  const storm = renamedProgram(compileTrigger('paced_storm'), 'recrotate', 'record');
  try {
    const rec = await recordDuring(['-w', `${dir}/`, '--max-file-size', '1M', '--max-files', '3', '-e', 'getppid', '-s', 'comm=recrotate'], async () => {
      assert.equal((await run(storm, ['60000'])).stdout, 'calls=60000\n');
    });
    assert.equal(rec.exitCode, 0, rec.stderr);
    assert.equal(rec.lost, 0, rec.stderr);
    assert.ok(rec.files > 3, `rotated into ${rec.files} files: ${rec.stderr}`);
    const { readdirSync } = await import('node:fs');
    const files = readdirSync(dir).sort();
    assert.equal(files.length, 3, files.join(' '));
    const first = Number(/sysray-(\d+)\.rec/.exec(files[0])![1]);
    assert.deepEqual(files, [0, 1, 2].map((i) => `sysray-${String(first + i).padStart(6, '0')}.rec`));
    for (const f of files) assert.ok(statSync(path.join(dir, f)).size <= (1 << 20) + (1 << 20), `${f} is near 1M`);
    const a = await analyze([dir]);
    assert.equal(a.exitCode, 0, a.stderr);
    const calls = a.events.filter((e) => e.eventName === 'getppid');
    assert.ok(calls.length > 1000 && calls.length < 60000, `${calls.length} getppid from the files kept`);
    // each file carries the process picture and policies: the kept ones know the storm's process
    assert.ok(calls.every((e) => e.processName === 'recrotate'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('analyze --since/--until: only the events of that time, found through the chunk index', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'sysray-since-'));
  const file = path.join(dir, 'since.rec');
  const storm = renamedProgram(compileTrigger('paced_storm'), 'recsince', 'record');
  let between = '';
  try {
    const rec = await recordDuring(['-w', file, '-e', 'getppid', '-s', 'comm=recsince'], async () => {
      assert.equal((await run(storm, ['3000'])).stdout, 'calls=3000\n');
      await new Promise((resolve) => setTimeout(resolve, 400));
      between = new Date().toISOString();
      await new Promise((resolve) => setTimeout(resolve, 400));
      assert.equal((await run(storm, ['5000'])).stdout, 'calls=5000\n');
    });
    const stormEnded = Date.now();
    assert.equal(rec.exitCode, 0, rec.stderr);
    const betweenNs = BigInt(Date.parse(between)) * 1_000_000n;
    const after = await analyze([file], ['--since', between]);
    assert.equal(after.exitCode, 0, after.stderr);
    assert.equal(after.events.filter((e) => e.eventName === 'getppid').length, 5000);
    assert.ok(after.events.every((e) => BigInt(e.timestamp) >= betweenNs));
    const before = await analyze([file], ['--until', between]);
    assert.equal(before.events.filter((e) => e.eventName === 'getppid').length, 3000);
    assert.ok(before.events.every((e) => BigInt(e.timestamp) <= betweenNs));
    // "the last second" must start after the storm, however fast the analyses above ran
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, stormEnded + 1200 - Date.now())));
    const none = await analyze([file], ['--since', '1s']);
    assert.equal(none.events.length, 0, 'nothing in the last second');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('loss while recording is in the file where it happened: analyze says how much and before when', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'sysray-loss-'));
  const file = path.join(dir, 'loss.rec');
  const storm = renamedProgram(compileTrigger('storm'), 'recloss', 'record');
  try {
    // a 4 KiB ring cannot hold a storm between two looks of the poller
    const rec = await recordDuring(['-w', file, '-b', '4K', '-e', 'getppid', '-s', 'comm=recloss'], async () => {
      await run(storm, ['300000']);
    });
    assert.equal(rec.exitCode, 0, rec.stderr);
    assert.ok(rec.lost > 0, `the storm lost records: ${rec.stderr}`);
    const a = await analyze([file]);
    assert.equal(a.exitCode, 0, a.stderr);
    const said = [...a.stderr.matchAll(/the kernel lost (\d+) records \(bulk (\d+), security (\d+)\) before (\S+)/g)];
    assert.ok(said.length >= 1, a.stderr);
    assert.equal(said.reduce((n, m) => n + Number(m[1]), 0), rec.lost, 'the markers add up to the stop line');
    assert.equal(a.events.filter((e) => e.eventName === 'getppid').length + rec.lost, 300000);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('record -p reloads on SIGHUP: each policy set is in the file before its records, and analyze shows both', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'sysray-reload-'));
  const file = path.join(dir, 'reload.rec');
  const policy = path.join(dir, 'p.yaml');
  const write = (event: string): void => writeFileSync(policy, `apiVersion: tracee.aquasec.com/v1beta1\nkind: Policy\nmetadata:\n  name: watch\nspec:\n  scope:\n    - comm=recreload\n  rules:\n    - event: ${event}\n`);
  const sh = renamedProgram('/bin/sh', 'recreload', 'record');
  try {
    write('getppid');
    const rec = await recordDuring(['-w', file, '-p', policy], async ({ process: child, stderr }) => {
      assert.equal((await run(sh, ['-c', 'echo $PPID >/dev/null; true'])).code, 0);
      await run(sh, ['-c', 'exec 3</etc/hostname']);
      write('openat');
      child.kill('SIGHUP');
      for (let i = 0; i < 100 && !/reloaded/.test(stderr()); i++) await new Promise((resolve) => setTimeout(resolve, 50));
      assert.match(stderr(), /reloaded/);
      await run(sh, ['-c', 'exec 3</etc/hostname']);
    });
    assert.equal(rec.exitCode, 0, rec.stderr);
    const a = await analyze([file]);
    assert.equal(a.exitCode, 0, a.stderr);
    const names = a.events.map((e) => e.eventName);
    assert.ok(names.includes('getppid'), names.join(' '));
    const opens = a.events.filter((e) => e.eventName === 'openat' && e.args.some((x: { value: unknown }) => x.value === '/etc/hostname'));
    assert.equal(opens.length, 1, 'the open after the reload only');
    assert.deepEqual(opens[0].matchedPolicies, ['watch']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
