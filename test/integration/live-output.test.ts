/**
 * Events reach the output while the tracer runs, not only at its stop: a
 * reader of the file (tail -f) or of the pipe sees each event within the
 * time a batch takes, however few events there are.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseJsonLines, run, SYSRAY, traceDuring, type JsonEvent } from '../helpers/trace.js';

/** Polls `read` until it yields an event that `match` accepts. */
async function eventually(read: () => JsonEvent[], match: (e: JsonEvent) => boolean, timeoutMs = 5000): Promise<JsonEvent> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = read().find(match);
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`no matching event within ${timeoutMs} ms while the tracer ran`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const isCatOpen = (e: JsonEvent): boolean =>
  e.eventName === 'openat' && e.args.some((a: { name: string; value: unknown }) => a.name === 'pathname' && a.value === '/etc/hostname');

test('-o json:FILE: an event is in the file while the tracer still runs', async () => {
  let seenLive = false;
  await traceDuring(['-e', 'openat', '-s', 'comm=cat'], async (t) => {
    await run('/bin/cat', ['/etc/hostname']);
    await eventually(() => parseJsonLines(readFileSync(t.outputFile, 'utf8')), isCatOpen);
    assert.equal(t.process.exitCode, null, 'the tracer is still running');
    seenLive = true;
  });
  assert.ok(seenLive);
});

test('-o json to a pipe: an event reaches the reader while the tracer still runs', async () => {
  const child = spawn(process.execPath, [SYSRAY, '-e', 'openat', '-s', 'comm=cat', '-o', 'json'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d) => (stdout += d));
  child.stderr!.on('data', (d) => (stderr += d));
  try {
    const deadline = Date.now() + 20000;
    while (!stderr.includes('sysray: ready')) {
      if (child.exitCode !== null || Date.now() > deadline) throw new Error(`sysray did not start: ${stderr}`);
      await new Promise((r) => setTimeout(r, 20));
    }
    await run('/bin/cat', ['/etc/hostname']);
    // only complete lines: the pipe may deliver a line in pieces
    await eventually(() => parseJsonLines(stdout.slice(0, stdout.lastIndexOf('\n') + 1)), isCatOpen);
    assert.equal(child.exitCode, null, 'the tracer is still running');
  } finally {
    child.kill('SIGTERM');
  }
});

test('an output file that cannot grow ends the run with one line and exit 1, not a stack trace', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'sysray-full-'));
  const file = path.join(dir, 'events.jsonl');
  // 64 KiB at most; SIGXFSZ ignored, so the write fails with EFBIG as a full disk would with ENOSPC
  const child = spawn('/bin/bash', ['-c', `trap '' XFSZ; ulimit -f 64; exec "$0" "$@"`, process.execPath, SYSRAY, '-e', 'openat', '-s', 'comm=cat', '-o', `json:${file}`], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  try {
    const deadline = Date.now() + 20000;
    while (!stderr.includes('sysray: ready')) {
      if (child.exitCode !== null || Date.now() > deadline) throw new Error(`sysray did not start: ${stderr}`);
      await new Promise((r) => setTimeout(r, 20));
    }
    // each cat opens a few files: ~600 events, far more than 64 KiB of JSON
    for (let i = 0; i < 150 && child.exitCode === null; i++) await run('/bin/cat', ['/etc/hostname']);
    const code = await Promise.race([exited, new Promise<'running'>((r) => setTimeout(() => r('running'), 10000))]);
    assert.equal(code, 1, `sysray should have stopped on its own: ${stderr}`);
    const lines = stderr.trim().split('\n').filter((l) => !l.startsWith('sysray: ready'));
    assert.equal(lines.length, 1, stderr);
    assert.match(lines[0], /^sysray: stopped: cannot write output file ".*events\.jsonl": .*(File too large|EFBIG)/);
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
});
