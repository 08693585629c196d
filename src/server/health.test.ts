import { test } from 'node:test';
import assert from 'node:assert/strict';
import { judgeHealth } from './health.js';
import type { NativeHealth } from '../tracer/native-addon.js';

const working: NativeHealth = {
  pollerRunning: true, sinceLastTurnNs: 3e6, lifecyclePrograms: 5, lifecycleAttached: 5, rawHooks: false, syscallTracepointPairs: 2, taskStorage: true, ringFill: [0, 0],
};
const tp = { kind: 'tracepoints' as const, names: ['openat', 'close'] };

test('healthy: attached, the hooks the set wants in place, the poller turned recently', () => {
  assert.deepEqual(judgeHealth({ phase: 'tracing', native: working, hooks: tp }), { ok: true, reason: 'OK' });
  assert.equal(judgeHealth({ phase: 'tracing', native: { ...working, rawHooks: true, syscallTracepointPairs: 0 }, hooks: { kind: 'raw', why: 'many' } }).ok, true);
  assert.equal(judgeHealth({ phase: 'tracing', native: { ...working, sinceLastTurnNs: 1.99e9 }, hooks: tp }).ok, true);
});

test('unhealthy, each with its reason', () => {
  const cases: [Parameters<typeof judgeHealth>[0], RegExp][] = [
    [{ phase: 'starting' }, /^starting/],
    [{ phase: 'stopping', native: working, hooks: tp }, /^stopping/],
    [{ phase: 'tracing', native: { ...working, pollerRunning: false }, hooks: tp }, /poll thread is not running/],
    [{ phase: 'tracing', native: { ...working, lifecycleAttached: 3 }, hooks: tp }, /2 of 5 process lifecycle programs are not attached/],
    [{ phase: 'tracing', native: working, hooks: { kind: 'raw', why: 'forced' } }, /raw syscall hooks .* not attached/],
    [{ phase: 'tracing', native: { ...working, syscallTracepointPairs: 1 }, hooks: tp }, /1 of 2 syscall tracepoint pairs/],
    [{ phase: 'tracing', native: { ...working, sinceLastTurnNs: 2.5e9 }, hooks: tp }, /no progress for 2\.5 s/],
  ];
  for (const [input, reason] of cases) {
    const v = judgeHealth(input);
    assert.equal(v.ok, false, JSON.stringify(input));
    assert.match(v.reason, reason);
  }
});
