import { test } from 'node:test';
import assert from 'node:assert/strict';
import { splitBatches } from './replay-workers.js';
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

const tidsOf = (b: Uint8Array): number[] => {
  const buf = Buffer.from(b);
  const out: number[] = [];
  for (let at = 0; at < buf.length; ) {
    const len = buf.readUInt32LE(at) & RingHeader.lenMask;
    const off = at + RingHeader.bytes;
    const type = buf.readUInt16LE(off + Head.type);
    const tid = buf.readUInt32LE(off + (type === RecordType.entry ? EntryRecord.hostTid : EventRecord.hostTid));
    out.push(type === RecordType.event ? tid : -tid);
    at += (RingHeader.bytes + len + 7) & ~7;
  }
  return out;
};

test('records go to the worker of their thread, in order; lifecycle to every worker, shown by one', () => {
  const batch = Buffer.concat([rec(RecordType.entry, 10), rec(RecordType.event, 10), rec(RecordType.event, 11), rec(RecordType.event, 11, TracepointEventId.schedProcessFork), rec(RecordType.event, 12)]);
  const [w0, w1] = splitBatches([{ b: batch, ring: 1 }], 2);
  assert.deepEqual(w0.map((x) => [tidsOf(x.b), x.ring]), [[[-10, 10, 11, 12], 1]]);
  assert.deepEqual(w1.map((x) => [tidsOf(x.b), x.ring]), [[[11, 11], 1]]);
  // the fork (thread 11's, worker 1's) reached worker 0 with its policy bits cleared: state only
  const w0buf = Buffer.from(w0[0].b);
  const forkAt = rec(RecordType.entry, 0).length + rec(RecordType.event, 0).length;
  assert.equal(w0buf.readUInt32LE(forkAt + RingHeader.bytes + EventRecord.eventId), TracepointEventId.schedProcessFork);
  assert.equal(w0buf.readBigUInt64LE(forkAt + RingHeader.bytes + EventRecord.policies), 0n);
  const w1buf = Buffer.from(w1[0].b);
  assert.equal(w1buf.readBigUInt64LE(rec(RecordType.event, 0).length + RingHeader.bytes + EventRecord.policies), 1n);
});
