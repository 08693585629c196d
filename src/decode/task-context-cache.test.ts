import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EventRecord } from './record-layout.js';
import { TaskContextCache } from './task-context-cache.js';
import { taskEntityId } from '../process/entity-id.js';

/** One event record's context bytes at byte 8 of a batch (records are 8-aligned). */
function record(over: { comm?: string; host?: string; start?: bigint; cgroup?: bigint; hostPid?: number; hostPpid?: number; parentStart?: bigint } = {}) {
  const buf = Buffer.alloc(8 + EventRecord.bytes);
  const off = 8;
  buf.writeBigUInt64LE(over.start ?? 5_000_000_000n, off + EventRecord.startTime);
  buf.writeBigUInt64LE(over.cgroup ?? 77n, off + EventRecord.cgroupId);
  buf.writeUInt32LE(over.hostPid ?? 4242, off + EventRecord.hostPid);
  buf.writeUInt32LE(4243, off + EventRecord.hostTid);
  buf.writeUInt32LE(over.hostPpid ?? 100, off + EventRecord.hostPpid);
  buf.write(over.comm ?? 'bash', off + EventRecord.comm, 'latin1');
  buf.write(over.host ?? 'web1', off + EventRecord.utsName, 'latin1');
  buf.writeBigUInt64LE(4_000_000_000n, off + EventRecord.processStartTime);
  buf.writeBigUInt64LE(over.parentStart ?? 1_000_000_000n, off + EventRecord.parentStartTime);
  return { buf, words: new Int32Array(buf.buffer, buf.byteOffset, buf.length >> 2), off };
}

test('a thread\'s context is decoded once while its bytes stay the same', () => {
  const cache = new TaskContextCache(1000n);
  const a = record();
  const first = cache.get(a.buf, a.words, a.off, 4243);
  assert.deepEqual(first, {
    threadStartTime: 5_000_001_000n, cgroupId: 77n, processName: 'bash', hostName: 'web1',
    threadEntityId: taskEntityId(4243, 5_000_000_000n),
    processEntityId: taskEntityId(4242, 4_000_000_000n),
    parentEntityId: taskEntityId(100, 1_000_000_000n),
  });
  const b = record();
  assert.equal(cache.get(b.buf, b.words, b.off, 4243), first);
});

test('any change of the bytes it was made from makes a new context', () => {
  const changes = [
    { comm: 'zsh' }, { comm: 'bash2' }, { host: 'web2' }, { start: 6_000_000_000n }, { cgroup: 78n },
    { hostPid: 4000 }, { hostPpid: 1 }, { parentStart: 2_000_000_000n },
  ];
  for (const over of changes) {
    const cache = new TaskContextCache(1000n);
    const a = record();
    const before = cache.get(a.buf, a.words, a.off, 4243);
    const b = record(over);
    const after = cache.get(b.buf, b.words, b.off, 4243);
    assert.notEqual(after, before, JSON.stringify(over, (_, v) => (typeof v === 'bigint' ? String(v) : v)));
    if (over.comm) assert.equal(after.processName, over.comm);
    if (over.host) assert.equal(after.hostName, over.host);
  }
});
