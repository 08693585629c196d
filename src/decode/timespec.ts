/**
 * Decodes a 64-bit `struct timespec` (`__kernel_timespec`: two signed 64-bit
 * fields) captured from user memory. A field is present only when the
 * captured length covers it. `symbolic` changes nothing here.
 */

// A type alias, not an interface, so it stays assignable to index-signature types.
export type DecodedTimespec = {
  tv_sec?: bigint;
  tv_nsec?: bigint;
};

/** @example decodeTimespec(bytes, 0, 16, false) // { tv_sec: 1n, tv_nsec: 500000000n } */
export function decodeTimespec(buf: Buffer, offset: number, length: number, _symbolic: boolean): DecodedTimespec {
  const captured = Math.max(0, Math.min(length, buf.length - offset));
  const out: DecodedTimespec = {};
  if (captured >= 8) out.tv_sec = buf.readBigInt64LE(offset);
  if (captured >= 16) out.tv_nsec = buf.readBigInt64LE(offset + 8);
  return out;
}
