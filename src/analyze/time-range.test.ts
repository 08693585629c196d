import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseTimeBound } from './time-range.js';
import { UsageError } from '../cli/usage-error.js';

// 2026-12-02T14:30:00Z is 1796221800 s after the epoch
const T = 1_796_221_800_000_000_000n;
const S = 1_000_000_000n;
const NOW = new Date('2026-12-02T16:00:00.123Z');
const NOW_NS = T + 90n * 60n * S + 123_000_000n;

test('RFC 3339: Z, offsets, fractions to the ns', () => {
  const cases: [string, bigint][] = [
    ['2026-12-02T14:30:00Z', T],
    ['2026-12-02t14:30:00z', T],
    ['2026-12-02T16:30:00+02:00', T],
    ['2026-12-02T09:00:00-05:30', T],
    ['2026-12-02T14:30:00.5Z', T + 500_000_000n],
    ['2026-12-02T14:30:00.123456789Z', T + 123_456_789n],
    ['2026-12-02T14:30:00.000000001+00:00', T + 1n],
    ['2026-12-03T00:00:00.25+09:30', T + 250_000_000n],
    ['1970-01-01T00:00:00Z', 0n],
    ['2024-02-29T00:00:00Z', 1_709_164_800n * S],
    ['  2026-12-02T14:30:00Z\n', T],
  ];
  for (const [text, want] of cases) assert.equal(parseTimeBound(text, NOW, '--since'), want, text);
});

test('relative: that long before now', () => {
  const cases: [string, bigint][] = [
    ['30s', NOW_NS - 30n * S],
    ['5m', NOW_NS - 300n * S],
    ['-5m', NOW_NS - 300n * S],
    ['2h', NOW_NS - 7200n * S],
    ['1h30m', T + 123_000_000n],
    ['500ms', NOW_NS - 500_000_000n],
    ['1.5h', T + 123_000_000n],
    ['2d', NOW_NS - 172_800n * S],
    ['1m30s250ms', NOW_NS - 90_250_000_000n],
    ['10us', NOW_NS - 10_000n],
    ['7ns', NOW_NS - 7n],
    ['0s', NOW_NS],
  ];
  for (const [text, want] of cases) assert.equal(parseTimeBound(text, NOW, '--until'), want, text);
});

test('seconds since the epoch', () => {
  assert.equal(parseTimeBound('1796221800', NOW, '--since'), T);
  assert.equal(parseTimeBound('@1796221800', NOW, '--since'), T);
  assert.equal(parseTimeBound('1796221800.000000007', NOW, '--since'), T + 7n);
  assert.equal(parseTimeBound('0', NOW, '--since'), 0n);
  // a bare number has no unit: it is always seconds since the epoch, never "5 s ago"
  assert.equal(parseTimeBound('5', NOW, '--since'), 5n * S);
});

test('anything else: a UsageError of one line naming the flag and the forms', () => {
  const bad = [
    '', 'yesterday', '5 m', '5M', '5min', '+5m', '1h-30m', '2026-12-02', '2026-12-02T14:30:00',
    '2026-12-02 14:30:00Z', '2026-13-02T14:30:00Z', '2026-02-29T00:00:00Z', '2026-12-02T24:00:00Z',
    '2026-12-02T14:60:00Z', '2026-12-02T14:30:60Z', '2026-12-02T14:30:00.1234567891Z', '2026-12-02T14:30:00+24:00',
    '1796221800.', '-1796221800',
  ];
  for (const text of bad) {
    assert.throws(() => parseTimeBound(text, NOW, '--since'), (e: unknown) => {
      assert.ok(e instanceof UsageError, text);
      assert.equal(e.exitCode, 2);
      assert.ok(!e.message.includes('\n'), text);
      assert.ok(e.message.startsWith(`--since ${JSON.stringify(text)}: `), e.message);
      assert.ok(e.message.endsWith('give a time (2026-12-02T14:30:00Z, 2026-12-02T16:30:00.5+02:00), a time before now (30s, 5m, 1h30m, 500ms, 2d) or seconds since the epoch (1764685800)'), e.message);
      return true;
    }, text);
  }
  assert.throws(() => parseTimeBound('2026-02-29T00:00:00Z', NOW, '--until'), { message: /^--until "2026-02-29T00:00:00Z": no day 29 in 2026-02; give a time/ });
});

test('timeRange: bounds included; none given is no filter', async () => {
  const { timeRange } = await import('./time-range.js');
  assert.equal(timeRange(undefined, undefined), undefined);
  const r = timeRange(10n, 20n)!;
  assert.deepEqual([9n, 10n, 20n, 21n].map(r), [false, true, true, false]);
  assert.deepEqual([0n, 10n].map(timeRange(undefined, 5n)!), [true, false]);
});
