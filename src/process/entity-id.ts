/**
 * Tracee's entity ids (`threadEntityId`, `processEntityId`, `parentEntityId`):
 * one u32 naming a task across pid reuse, computed as Tracee does so that ids
 * agree between the two tools: MurmurHash3_x86_32 with Tracee's seed over 12
 * bytes, the host id as a big-endian u32 then the task's start time as a
 * big-endian u64.
 *
 * The start time is the boot-clock ns of the task's start (kernel
 * `start_boottime`), rounded down to 100 ms: /proc/PID/stat only gives it in
 * clock ticks (10 ms), so a process seeded from /proc and the same process seen
 * in an event must round to the same value.
 *
 * Runs for every event: the hash is computed on integers, no buffer.
 */

/** Tracee's MurmurHash3 seed (tracee common/murmur, and its eBPF code). */
export const TRACEE_HASH_SEED = 0x18273645;

/** Start times are rounded down to this before hashing. */
export const ENTITY_TIME_PRECISION_NS = 100_000_000n;

const PRECISION = 100_000_000;
const TWO_POW_32 = 0x1_0000_0000;
const C1 = 0xcc9e2d51;
const C2 = 0x1b873593;

/**
 * The entity id of a task: `hostId` is its host tid (thread id) or host tgid
 * (process id); `startTimeBootNs` the start of that task (the leader's for a
 * process id).
 *
 * @example
 * taskEntityId(1234, 5_000_000_000n) === taskEntityId(1234, 5_099_999_999n); // true: same 100 ms
 */
export function taskEntityId(hostId: number, startTimeBootNs: bigint): number {
  let hi: number;
  let lo: number;
  const n = Number(startTimeBootNs);
  if (n >= 0 && n <= Number.MAX_SAFE_INTEGER) {
    // exact in a double: ~104 days of uptime; no BigInt arithmetic
    const rounded = n - (n % PRECISION);
    hi = Math.floor(rounded / TWO_POW_32);
    lo = rounded % TWO_POW_32;
  } else {
    const t = BigInt.asUintN(64, startTimeBootNs);
    const rounded = t - (t % ENTITY_TIME_PRECISION_NS);
    hi = Number(rounded >> 32n);
    lo = Number(rounded & 0xffffffffn);
  }
  // The bytes are big-endian; MurmurHash3 reads its blocks little-endian.
  let h = TRACEE_HASH_SEED;
  h = _mixBlock(h, _byteSwap32(hostId));
  h = _mixBlock(h, _byteSwap32(hi));
  h = _mixBlock(h, _byteSwap32(lo));
  return _finalize(h, 12);
}

/**
 * MurmurHash3_x86_32 of `data`: the reference algorithm (Appleby's
 * MurmurHash3.cpp), blocks read little-endian.
 *
 * @example
 * murmurHash3X86_32(new TextEncoder().encode('hello')); // 0x248bfa47
 */
export function murmurHash3X86_32(data: Uint8Array, seed = 0): number {
  const len = data.length;
  const blocksEnd = len & ~3;
  let h = seed >>> 0;
  for (let i = 0; i < blocksEnd; i += 4) {
    h = _mixBlock(h, data[i] | (data[i + 1] << 8) | (data[i + 2] << 16) | (data[i + 3] << 24));
  }
  let k = 0;
  switch (len & 3) {
    case 3:
      k ^= data[blocksEnd + 2] << 16;
    // falls through
    case 2:
      k ^= data[blocksEnd + 1] << 8;
    // falls through
    case 1:
      k ^= data[blocksEnd];
      h ^= _scramble(k);
  }
  return _finalize(h, len);
}

function _scramble(k: number): number {
  k = Math.imul(k, C1);
  k = (k << 15) | (k >>> 17);
  return Math.imul(k, C2);
}

function _mixBlock(h: number, k: number): number {
  h ^= _scramble(k);
  h = (h << 13) | (h >>> 19);
  return (Math.imul(h, 5) + 0xe6546b64) | 0;
}

function _finalize(h: number, len: number): number {
  h ^= len;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

function _byteSwap32(x: number): number {
  return ((x & 0xff) << 24) | ((x & 0xff00) << 8) | ((x >>> 8) & 0xff00) | ((x >>> 24) & 0xff);
}
