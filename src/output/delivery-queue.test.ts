import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DeliveryQueue, type QueueItem } from './delivery-queue.js';

/** An item of `size` bytes named `id`. */
function item(id: string, size = 10): QueueItem {
  return { id, line: Buffer.alloc(size, 0x61) };
}

const ids = (items: readonly QueueItem[]): string[] => items.map((i) => i.id);

test('a full queue drops the oldest, counted queue_full, and keeps the newest', () => {
  const q = new DeliveryQueue(30);
  for (const id of ['a', 'b', 'c', 'd', 'e']) q.push(item(id));
  const c = q.counters();
  assert.equal(c.queued, 3);
  assert.equal(c.queuedBytes, 30);
  assert.deepEqual(c.dropped, { queue_full: 2 });
  assert.deepEqual(ids(q.take(10)), ['c', 'd', 'e']);
});

test('the bytes held never pass the capacity, whatever the sizes pushed', () => {
  const q = new DeliveryQueue(1000);
  let pushed = 0;
  for (let i = 0; i < 5000; i++) {
    q.push(item(String(i), 1 + (i * 37) % 200));
    pushed++;
    assert.ok(q.counters().queuedBytes <= 1000, `after ${i}: ${q.counters().queuedBytes} bytes`);
  }
  const c = q.counters();
  assert.equal(c.queued + c.dropped.queue_full, pushed, 'every item is either held or counted dropped');
});

test('taken items stay counted until done, and count against the bound', () => {
  const q = new DeliveryQueue(40);
  for (const id of ['a', 'b', 'c']) q.push(item(id));
  const taken = q.take(2);
  assert.deepEqual(ids(taken), ['a', 'b']);
  assert.equal(q.length, 1, 'one waits');
  assert.equal(q.counters().queued, 3, 'in flight included');
  assert.equal(q.counters().queuedBytes, 30);
  // 30 held (20 in flight): a 20-byte item makes room by dropping the one waiting, never the ones in flight
  q.push(item('d', 20));
  assert.deepEqual(q.counters().dropped, { queue_full: 1 });
  assert.equal(q.counters().queuedBytes, 40);
  q.done(taken);
  assert.equal(q.counters().queued, 1);
  assert.equal(q.counters().queuedBytes, 20);
  assert.deepEqual(ids(q.take(10)), ['d']);
});

test('take stops at maxBytes but always gives at least one item', () => {
  const q = new DeliveryQueue(1000);
  for (const id of ['a', 'b', 'c']) q.push(item(id, 100));
  assert.deepEqual(ids(q.take(10, 250)), ['a', 'b']);
  assert.deepEqual(ids(q.take(10, 50)), ['c'], 'one item larger than maxBytes still goes');
});

test('retried items go back at the front, in their order, before what came meanwhile', () => {
  const q = new DeliveryQueue(1000);
  for (const id of ['a', 'b', 'c', 'd']) q.push(item(id));
  const first = q.take(3);
  q.push(item('e'));
  q.retry(first);
  assert.equal(q.counters().queued, 5);
  assert.deepEqual(ids(q.take(10)), ['a', 'b', 'c', 'd', 'e']);
});

test('retry after the array was compacted meanwhile keeps order too', () => {
  const q = new DeliveryQueue(1 << 20);
  for (let i = 0; i < 10000; i++) q.push(item(String(i), 1));
  const taken = q.take(6000);
  // this push compacts the array (more than half of it taken): the retried items have no room before the head
  q.push(item('late', 1));
  q.retry(taken);
  const all = q.take(20000);
  assert.equal(all.length, 10001);
  assert.deepEqual(ids(all), [...Array.from({ length: 10000 }, (_, i) => String(i)), 'late']);
  assert.equal(q.counters().queued, 10001, 'all in flight now');
});

test('done with a cause counts the items dropped by that cause', () => {
  const q = new DeliveryQueue(1000);
  for (const id of ['a', 'b', 'c']) q.push(item(id));
  q.done(q.take(2), 'rejected');
  q.dropAll('stopped');
  assert.deepEqual(q.counters(), { queued: 0, queuedBytes: 0, capacityBytes: 1000, dropped: { rejected: 2, stopped: 1 } });
});

test('a capacity that is not positive is refused', () => {
  assert.throws(() => new DeliveryQueue(0), RangeError);
});
