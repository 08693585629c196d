import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EventPipeline } from './event-pipeline.js';
import { EventRecord, Head, RecordType, RingHeader } from '../decode/record-layout.js';
import type { TraceEvent } from '../decode/trace-event.js';
import type { Policy } from '../policy/policy-types.js';

const GETPPID = 110;

/** A getppid event record of `tid` at boot time `ns`, policy 0's. */
function eventRecord(tid: number, ns: bigint): Buffer {
  const b = Buffer.alloc(EventRecord.bytes);
  b.writeUInt32LE(EventRecord.bytes, Head.size);
  b.writeUInt16LE(RecordType.event, Head.type);
  b.writeUInt32LE(GETPPID, EventRecord.eventId);
  b.writeUInt32LE(tid, EventRecord.hostTid);
  b.writeUInt32LE(tid, EventRecord.hostPid);
  b.writeBigUInt64LE(ns, EventRecord.timestamp);
  b.writeBigUInt64LE(1n, EventRecord.policies);
  b.writeUInt32LE(1, EventRecord.generation);
  return b;
}

function batch(...records: Buffer[]): Buffer {
  const out = Buffer.alloc(records.reduce((n, r) => n + RingHeader.bytes + r.length, 0));
  let at = 0;
  for (const r of records) {
    out.writeUInt32LE(r.length, at);
    r.copy(out, at + RingHeader.bytes);
    at += RingHeader.bytes + r.length;
  }
  return out;
}

test('batches of both rings worked together come out in time order, each ring\'s own order kept', () => {
  const seen: TraceEvent[] = [];
  const pipeline = new EventPipeline({ clockOffset: 0n, symbolic: false, trackFds: false, containerCgroupMount: '' }, (e) => seen.push(e));
  const policy: Policy = { id: 0, name: 'p', scope: [], rules: new Map([[GETPPID, [[]]]]) };
  pipeline.addPolicies(1, [policy], { userChecks: new Map() });
  pipeline.pushInOrder([
    { batch: batch(eventRecord(1, 10n), eventRecord(2, 30n)), ring: 0 },
    { batch: batch(eventRecord(3, 50n)), ring: 0 },
    { batch: batch(eventRecord(4, 20n), eventRecord(5, 40n), eventRecord(6, 60n)), ring: 1 },
  ]);
  assert.deepEqual(seen.map((e) => e.hostThreadId), [1, 4, 2, 5, 3, 6]);
});
