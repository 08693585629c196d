import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { murmurHash3X86_32, taskEntityId, TRACEE_HASH_SEED } from './entity-id.js';

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);

/** The 12 bytes Tracee hashes, built the slow obvious way. */
function taskBytes(id: number, time: bigint): Uint8Array {
  const b = Buffer.alloc(12);
  b.writeUInt32BE(id, 0);
  b.writeBigUInt64BE(time, 4);
  return b;
}

describe('murmurHash3X86_32', () => {
  it('matches published MurmurHash3_x86_32 vectors', () => {
    assert.equal(murmurHash3X86_32(new Uint8Array(0)), 0);
    assert.equal(murmurHash3X86_32(new Uint8Array(0), 1), 0x514e28b7);
    assert.equal(murmurHash3X86_32(new Uint8Array(0), 0xffffffff), 0x81f16f39);
    assert.equal(murmurHash3X86_32(utf8('hello')), 0x248bfa47);
    assert.equal(murmurHash3X86_32(utf8('The quick brown fox jumps over the lazy dog')), 0x2e4ff723);
    assert.equal(murmurHash3X86_32(utf8('Hello, world!'), 1234), 0xfaf6cdb3);
    assert.equal(murmurHash3X86_32(utf8('a'), 0x9747b28c), 0x7fa09ea6);
    assert.equal(murmurHash3X86_32(utf8('aaaa'), 0x9747b28c), 0x5a97808a);
  });

  it("matches Tracee's Murmur32 (its seed) on every tail length", () => {
    // expected values from tracee common/murmur/murmur_test.go
    const h = (b: Uint8Array): number => murmurHash3X86_32(b, TRACEE_HASH_SEED);
    assert.equal(h(new Uint8Array(0)), 0xac1e97d9);
    assert.equal(h(Uint8Array.of(0x42)), 0xd03e2e67);
    assert.equal(h(Uint8Array.of(1, 2, 3, 4)), 0xb503cc53);
    assert.equal(h(Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8)), 0x66cb9e81);
    assert.equal(h(utf8('hello')), 0x6fcfe226);
    assert.equal(h(utf8('world')), 0xfc89ab3f);
    assert.equal(h(utf8('The quick brown fox jumps over the lazy dog')), 0x7805e4eb);
    assert.equal(h(new Uint8Array(16).fill(0xaa)), 0x837e5743);
    assert.equal(h(new Uint8Array(12)), 0xf6c56b4a);
    assert.equal(h(new Uint8Array(10).fill(0xff)), 0xaac3b662);
  });
});

describe('taskEntityId', () => {
  it("equals Tracee's HashTaskID", () => {
    // tracee HashU32AndU64 vectors whose time is already a multiple of 100 ms
    assert.equal(taskEntityId(0, 0n), 0xf6c56b4a);
    assert.equal(taskEntityId(0xffffffff, 0n), 0x6d045877);
  });

  it('hashes the id big-endian then the rounded time big-endian', () => {
    const cases: Array<[number, bigint]> = [
      [1, 2n],
      [1, 123_456_789n],
      [4242, 3_600_123_456_789n],
      [0x12345678, 0x123456789abcdef0n], // past 2^53: the BigInt path
      [0xffffffff, 0xffffffffffffffffn],
      [7, BigInt(Number.MAX_SAFE_INTEGER)],
      [7, BigInt(Number.MAX_SAFE_INTEGER) + 1n],
    ];
    for (const [id, time] of cases) {
      const rounded = time - (time % 100_000_000n);
      assert.equal(taskEntityId(id, time), murmurHash3X86_32(taskBytes(id, rounded), TRACEE_HASH_SEED), `${id} ${time}`);
    }
  });

  it('gives one id to start times within the same 100 ms, another past it', () => {
    const base = 7_200_000_000_000n; // 2 h after boot, on a 100 ms boundary
    const id = taskEntityId(1000, base);
    assert.equal(taskEntityId(1000, base + 1n), id);
    assert.equal(taskEntityId(1000, base + 99_999_999n), id);
    // /proc/PID/stat's 10 ms ticks round to the same id
    assert.equal(taskEntityId(1000, base + 50_000_000n), taskEntityId(1000, base + 57_654_321n));
    assert.notEqual(taskEntityId(1000, base + 100_000_000n), id);
    assert.notEqual(taskEntityId(1000, base - 1n), id);
    assert.notEqual(taskEntityId(1001, base), id);
  });

  it('returns an unsigned 32-bit integer', () => {
    for (let i = 0; i < 1000; i++) {
      const v = taskEntityId(i * 7919, BigInt(i) * 123_456_789_013n);
      assert.ok(Number.isInteger(v) && v >= 0 && v <= 0xffffffff);
    }
  });
});
