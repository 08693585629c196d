import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { playWorkers, playWorkersApart, othersShare } from './replay-workers.js';
import { EventRecord, Head, RecordType, RingHeader } from '../src/decode/record-layout.js';

/** One ring record: an event `id` of thread (and process) `tid`, comm replaybusy, policy 1. */
function event(tid: number, id: number, ts: number): Buffer {
  const b = Buffer.alloc(RingHeader.bytes + ((EventRecord.bytes + 7) & ~7));
  b.writeUInt32LE(EventRecord.bytes, 0);
  const off = RingHeader.bytes;
  b.writeUInt32LE(EventRecord.bytes, off + Head.size);
  b.writeUInt16LE(RecordType.event, off + Head.type);
  b.writeBigUInt64LE(BigInt(ts), off + EventRecord.timestamp);
  b.writeUInt32LE(id, off + EventRecord.eventId);
  b.writeUInt32LE(tid, off + EventRecord.hostPid);
  b.writeUInt32LE(tid, off + EventRecord.hostTid);
  b.write('replaybusy', off + EventRecord.comm);
  b.writeBigUInt64LE(1n, off + EventRecord.policies);
  b.writeUInt32LE(1, off + EventRecord.generation);
  return b;
}

test('1 and 2 workers time the same events, all of them, after the same warm-up; 4 threads split 2/2', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'replay-workers-'));
  try {
    // bench/replay.ts record's format: u32 length + batch; 8 batches of 4 threads × 50 getpid events
    const file = path.join(dir, 'batches.bin');
    const parts: Buffer[] = [];
    let ts = 1;
    for (let batch = 0; batch < 8; batch++) {
      const records: Buffer[] = [];
      for (let i = 0; i < 50; i++) for (const tid of [100, 102, 104, 105]) records.push(event(tid, 39, ts++));
      const b = Buffer.concat(records);
      const len = Buffer.alloc(4);
      len.writeUInt32LE(b.length, 0);
      parts.push(len, b);
    }
    writeFileSync(file, Buffer.concat(parts));
    const passes = 3;
    const one = await playWorkers(file, 1, 'replaybusy', ['syscalls'], passes);
    const two = await playWorkers(file, 2, 'replaybusy', ['syscalls'], passes);
    const timed = passes * 8 * 200; // every event, in each timed pass
    assert.deepEqual(one.perWorker, [timed]);
    assert.deepEqual(two.perWorker, [timed / 2, timed / 2], 'tid % 2 would have given 3 threads to one worker');
    assert.equal(two.events, one.events);
    // the bench's way: each run in a process of its own, the same split and counts
    const apart = await playWorkersApart(file, 2, 'replaybusy', ['syscalls'], passes);
    assert.deepEqual(apart.perWorker, two.perWorker);
    assert.equal(apart.workerCpuMs.length, 2);
    for (const r of [one, two]) {
      assert.equal(r.workerCpuMs.length, r.perWorker.length);
      assert.ok(r.eventsPerSecond > 0 && r.wallMs > 0);
      assert.ok(othersShare(r) >= 0);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
