import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeTimespec } from './timespec.js';

function ts(sec: bigint, nsec: bigint): Buffer {
  const b = Buffer.alloc(16);
  b.writeBigInt64LE(sec, 0);
  b.writeBigInt64LE(nsec, 8);
  return b;
}

describe('decodeTimespec', () => {
  it('decodes both fields as exact signed bigints', () => {
    assert.deepEqual(decodeTimespec(ts(1n, 500_000_000n), 0, 16, false), { tv_sec: 1n, tv_nsec: 500_000_000n });
    assert.deepEqual(decodeTimespec(ts(-1n, 999_999_999n), 0, 16, true), { tv_sec: -1n, tv_nsec: 999_999_999n });
    const big = (1n << 62n) + 1n; // beyond Number precision
    assert.equal(decodeTimespec(ts(big, 0n), 0, 16, false).tv_sec, big);
  });

  it('keeps only the fields the captured length covers', () => {
    assert.deepEqual(decodeTimespec(ts(5n, 6n), 0, 8, false), { tv_sec: 5n });
    assert.deepEqual(decodeTimespec(ts(5n, 6n), 0, 7, false), {});
    assert.deepEqual(decodeTimespec(ts(5n, 6n), 0, 100, false), { tv_sec: 5n, tv_nsec: 6n });
  });

  it('reads at an offset', () => {
    const b = Buffer.concat([Buffer.alloc(3), ts(7n, 8n)]);
    assert.deepEqual(decodeTimespec(b, 3, 16, false), { tv_sec: 7n, tv_nsec: 8n });
  });
});
