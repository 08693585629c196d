/**
 * No silent loss: every record the kernel could not reserve is counted, so
 * events written + lost reported equals the syscalls made, exactly.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileTrigger, keyValues, run, traceDuring } from '../helpers/trace.js';

async function storm(calls: number, extra: string[]) {
  const bin = compileTrigger('storm');
  let out = { pid: 0, stdout: '', code: null as number | null };
  const r = await traceDuring(['-e', 'getppid', '-s', 'comm=storm', ...extra], async () => {
    out = await run(bin, [String(calls)]);
  });
  assert.equal(keyValues(out.stdout).calls, String(calls));
  assert.equal(r.exitCode, 0);
  assert.equal(r.events.length, r.written, 'lines in the file = events reported written');
  assert.ok(r.events.every((e) => e.hostProcessId === out.pid && e.eventName === 'getppid'));
  return r;
}

test('200k getppid with a roomy ring buffer: all written, none lost', async () => {
  const r = await storm(200_000, []);
  assert.equal(r.written + r.lost, 200_000);
  assert.equal(r.lost, 0);
});

test('100k getppid into an 8 KiB ring buffer: loss happens and is counted exactly', async () => {
  const r = await storm(100_000, ['-b', '8K']);
  assert.ok(r.lost > 0, 'a tiny ring buffer must overflow');
  assert.equal(r.written + r.lost, 100_000);
});
