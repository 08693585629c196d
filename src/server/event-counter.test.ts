import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EventCounter } from './event-counter.js';
import type { TraceEvent } from '../decode/trace-event.js';

const ev = (eventId: number, timestamp: bigint) => ({ eventId, timestamp }) as TraceEvent;

test('counts by id, the total, and the last timestamp; ids past the array grow it', () => {
  const c = new EventCounter();
  c.count(ev(257, 10n));
  c.count(ev(257, 11n));
  c.count(ev(6001, 12n));
  c.count(ev(20000, 13n));
  assert.deepEqual([...c.entries()], [[257, 2], [6001, 1], [20000, 1]]);
  assert.equal(c.total, 4);
  assert.equal(c.lastTimestamp, 13n);
});

test('lag: from the last event of a batch to the end of its decoding; a batch without events keeps it', () => {
  const c = new EventCounter();
  c.batchWorked(5000);
  assert.equal(c.lagSeconds, 0, 'no event yet');
  c.count(ev(1, 1_000_000_000n)); // 1000 ms
  c.batchWorked(1250);
  assert.equal(c.lagSeconds, 0.25);
  c.batchWorked(9000);
  assert.equal(c.lagSeconds, 0.25, 'an idle tracer is not behind');
});
