import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sinkDelivered } from './delivery.js';

test("sinkDelivered reads one sink's counts from the stop line, URL colons and all", () => {
  const line = 'sysray: 10 events written, 0 lost (bulk 0, security 0) (20 records from the kernel)' +
    '; webhook http://127.0.0.1:4000/x?format=ndjson: 9 delivered, 0 undelivered, 1 dropped (queue_full 1)' +
    '; nats nats://127.0.0.1:4222/sysray: 10 delivered, 0 undelivered, 0 dropped\n';
  assert.deepEqual(sinkDelivered(line, 'webhook'), { delivered: 9, dropped: 1 });
  assert.deepEqual(sinkDelivered(line, 'nats'), { delivered: 10, dropped: 0 });
  assert.throws(() => sinkDelivered('sysray: 1 events written, 0 lost', 'nats'), /no nats counts/);
});
