import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nextBatches, type QueuedBatch } from './tracer.js';

const b = (ring: 0 | 1, seq: number, paired = false): QueuedBatch => ({ batch: Buffer.alloc(0), ring, seq, paired });
const seqs = (take: QueuedBatch[]): number[] => take.map((t) => t.seq);

test('a paired bulk batch waits for its security batch, then the two go together', () => {
  const queues: [QueuedBatch[], QueuedBatch[]] = [[b(0, 0), b(0, 1, true)], []];
  assert.deepEqual(seqs(nextBatches(queues)), [0], 'the unpaired one before it goes');
  assert.deepEqual(seqs(nextBatches(queues)), [], 'the paired one waits');
  queues[1].push(b(1, 2));
  assert.deepEqual(seqs(nextBatches(queues)), [1, 2], 'with its security batch, in one go');
});

test('at the end, or when JS is behind, a paired bulk batch does not wait', () => {
  assert.deepEqual(seqs(nextBatches([[b(0, 0, true)], []], true)), [0]);
  const behind: [QueuedBatch[], QueuedBatch[]] = [[0, 1, 2, 3, 4].map((i) => b(0, i, i === 0)), []];
  assert.deepEqual(seqs(nextBatches(behind)), [0]);
});

test('a security batch goes first, with the few bulk batches that came before it; alone after a flood', () => {
  assert.deepEqual(seqs(nextBatches([[b(0, 0), b(0, 2)], [b(1, 1)]])), [0, 1]);
  assert.deepEqual(seqs(nextBatches([[0, 1, 2, 3, 4, 5].map((i) => b(0, i)), [b(1, 6)]])), [6]);
});
