import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ThreadAssignment, splitByThread } from './thread-split.js';
import { EventRecord, EntryRecord, Head, RecordType, RingHeader, TracepointEventId } from '../src/decode/record-layout.js';

/** One ring record: ring header, then a record of `type` for thread `tid` (event id `id`), policies 1. */
function rec(type: number, tid: number, id = 39): Buffer {
  const body = type === RecordType.entry ? EntryRecord.bytes : EventRecord.bytes;
  const b = Buffer.alloc(RingHeader.bytes + ((body + 7) & ~7));
  b.writeUInt32LE(body, 0);
  const off = RingHeader.bytes;
  b.writeUInt32LE(body, off + Head.size);
  b.writeUInt16LE(type, off + Head.type);
  if (type === RecordType.entry) b.writeUInt32LE(tid, off + EntryRecord.hostTid);
  else {
    b.writeUInt32LE(tid, off + EventRecord.hostTid);
    b.writeUInt32LE(id, off + EventRecord.eventId);
    b.writeBigUInt64LE(1n, off + EventRecord.policies);
  }
  return b;
}

/** The records of a batch read back: [tid (negative for an entry record), event id, policies]. */
function recordsOf(b: Uint8Array): [number, number, bigint][] {
  const buf = Buffer.from(b);
  const out: [number, number, bigint][] = [];
  for (let at = 0; at < buf.length; ) {
    const len = buf.readUInt32LE(at) & RingHeader.lenMask;
    const off = at + RingHeader.bytes;
    if (buf.readUInt16LE(off + Head.type) === RecordType.entry) out.push([-buf.readUInt32LE(off + EntryRecord.hostTid), 0, 0n]);
    else out.push([buf.readUInt32LE(off + EventRecord.hostTid), buf.readUInt32LE(off + EventRecord.eventId), buf.readBigUInt64LE(off + EventRecord.policies)]);
    at += (RingHeader.bytes + len + 7) & ~7;
  }
  return out;
}

const FORK = TracepointEventId.schedProcessFork;
const EXIT = TracepointEventId.schedProcessExit;

test('a thread stays with the worker it was given first, its records in order, across batches', () => {
  const batches = [
    { b: Buffer.concat([rec(RecordType.entry, 10), rec(RecordType.event, 10), rec(RecordType.event, 11)]), ring: 0 },
    { b: Buffer.concat([rec(RecordType.event, 11), rec(RecordType.event, 10), rec(RecordType.entry, 11)]), ring: 1 },
  ];
  const [w0, w1] = splitByThread(batches, 2);
  assert.deepEqual(w0.map((x) => [recordsOf(x.b).map((r) => r[0]), x.ring]), [[[-10, 10], 0], [[10], 1]]);
  assert.deepEqual(w1.map((x) => [recordsOf(x.b).map((r) => r[0]), x.ring]), [[[11], 0], [[11, -11], 1]]);
});

test('four threads that tid % 2 would split 3/1 are split 2/2', () => {
  const tids = [100, 102, 104, 105];
  const b = Buffer.concat([...tids, ...tids, ...tids].map((t) => rec(RecordType.event, t)));
  const shares = splitByThread([{ b, ring: 0 }], 2);
  assert.deepEqual(shares.map((s) => new Set(recordsOf(s[0].b).map((r) => r[0])).size), [2, 2]);
  assert.deepEqual(shares.map((s) => recordsOf(s[0].b).length), [6, 6]);
});

test('a busy thread that started early does not draw the later ones to the other worker', () => {
  const a = new ThreadAssignment(2);
  for (let i = 0; i < 1000; i++) a.workerOf(1);
  const later = [2, 3, 4].map((t) => a.workerOf(t));
  assert.deepEqual(a.threads, [2, 2]);
  assert.deepEqual(later, [1, 1, 0], 'thread 3: one live thread each, worker 1 was given fewer records');
});

test('an exited thread no longer counts; its tid reused is a new thread', () => {
  const a = new ThreadAssignment(2);
  assert.equal(a.workerOf(1), 0);
  assert.equal(a.workerOf(2), 1);
  a.exited(1);
  assert.deepEqual(a.threads, [0, 1]);
  assert.equal(a.workerOf(3), 0);
  assert.equal(a.workerOf(1), 1, 'tid 1 again: a new thread, to the worker with fewer records on a tie');
});

test("lifecycle records reach every worker, with the policy bits cleared except in their thread's own worker", () => {
  const b = Buffer.concat([rec(RecordType.event, 10), rec(RecordType.event, 11), rec(RecordType.event, 11, FORK), rec(RecordType.event, 11, EXIT), rec(RecordType.event, 12)]);
  const [w0, w1] = splitByThread([{ b, ring: 1 }], 2);
  assert.deepEqual(recordsOf(w0[0].b), [[10, 39, 1n], [11, FORK, 0n], [11, EXIT, 0n]]);
  // thread 11 exited, so worker 1 had no live thread left: thread 12 went there
  assert.deepEqual(recordsOf(w1[0].b), [[11, 39, 1n], [11, FORK, 1n], [11, EXIT, 1n], [12, 39, 1n]]);
});

test('one worker gets the batches as they are', () => {
  const b = Buffer.concat([rec(RecordType.event, 10), rec(RecordType.event, 11, FORK)]);
  const [w0] = splitByThread([{ b, ring: 0 }], 1);
  assert.equal(w0[0].b, b);
});
