/**
 * Events reach the output while the tracer runs, not only at its stop: a
 * reader of the file (tail -f) or of the pipe sees each event within the
 * time a batch takes, however few events there are.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
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
