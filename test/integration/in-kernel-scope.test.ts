/**
 * What is out of scope costs no ring-buffer record: the kernel decides before
 * reserving. Shown by the kernel's own count of records it wrote.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileTrigger, run, traceDuring } from '../helpers/trace.js';

const CALLS = 100_000;

test('-s comm=X: a storm from another process reserves no record', async () => {
  const storm = compileTrigger('storm');
  let pid = 0;
  const r = await traceDuring(['-e', 'getppid', '-s', 'comm=sysray-none'], async () => {
    pid = (await run(storm, [String(CALLS)])).pid;
  });
  assert.ok(pid > 0);
  // lifecycle records of every process are always sent (process tree): none of them for the storm's calls
  assert.equal(r.kernelRecords - r.stateRecords, 0, r.stderr);
  assert.equal(r.written, 0);
  assert.equal(r.dropped, 0);
});

test('control: the same storm in scope is one record per call', async () => {
  const storm = compileTrigger('storm');
  let pid = 0;
  const r = await traceDuring(['-e', 'getppid', '-s', 'comm=storm'], async () => {
    pid = (await run(storm, [String(CALLS)])).pid;
  });
  assert.equal(r.lost, 0);
  assert.equal(r.events.filter((e) => e.hostProcessId === pid).length, CALLS);
  assert.equal(r.kernelRecords - r.stateRecords, r.written, 'getppid reads no memory: one event record per call, no entry records');
});

test('an event no policy selects reserves nothing either', async () => {
  const storm = compileTrigger('storm');
  const r = await traceDuring(['-e', 'getpid', '-s', 'comm=storm'], async () => {
    await run(storm, [String(CALLS)]);
  });
  assert.equal(r.kernelRecords - r.stateRecords, 0, r.stderr);
});
