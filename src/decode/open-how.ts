/**
 * openat2's `struct open_how` (linux/openat2.h): three u64 fields, flags,
 * mode and resolve, in that order; the kernel reads `size` bytes of it (24
 * in every kernel so far, OPEN_HOW_SIZE_VER0). Decoded as numbers for
 * signatures and filters (`how.flags` is read like openat's `flags`);
 * `-o option:parse-arguments` names them (symbolicOpenHow).
 */
import { renderArgSymbolic } from './symbols/index.js';
import { FlagSetRenderer } from './symbols/flag-set.js';

export type DecodedOpenHow = {
  readonly flags: number | bigint;
  readonly mode: number | bigint;
  readonly resolve: number | bigint;
};

const FIELDS = ['flags', 'mode', 'resolve'] as const;

function smallest(v: bigint): number | bigint {
  return v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;
}

/**
 * The fields within `len` captured bytes; a field the caller's size did not
 * reach is 0, as the kernel takes it.
 * @example decodeOpenHow(Buffer.from('00800800000000000000000000000000' + '0'.repeat(16), 'hex'), 0, 24) // { flags: 0o2100000 ... }
 */
export function decodeOpenHow(buf: Buffer, start: number, len: number): DecodedOpenHow {
  const out: Record<(typeof FIELDS)[number], number | bigint> = { flags: 0, mode: 0, resolve: 0 };
  FIELDS.forEach((name, i) => {
    if (len >= (i + 1) * 8) out[name] = smallest(buf.readBigUInt64LE(start + i * 8));
  });
  return out;
}

/** linux/openat2.h RESOLVE_* */
const RESOLVE_FLAGS = new FlagSetRenderer([
  ['RESOLVE_NO_XDEV', 0x01],
  ['RESOLVE_NO_MAGICLINKS', 0x02],
  ['RESOLVE_NO_SYMLINKS', 0x04],
  ['RESOLVE_BENEATH', 0x08],
  ['RESOLVE_IN_ROOT', 0x10],
  ['RESOLVE_CACHED', 0x20],
], { width: 64 });

/**
 * The fields named as parse-arguments names openat's: flags as open flags,
 * mode as a file mode, resolve as RESOLVE_* names.
 * @example symbolicOpenHow({ flags: 0o2000000, mode: 0, resolve: 0x4 }) // { flags: 'O_RDONLY|O_CLOEXEC', mode: '0', resolve: 'RESOLVE_NO_SYMLINKS' }
 */
export function symbolicOpenHow(how: DecodedOpenHow): { flags: string; mode: string; resolve: string } {
  return {
    flags: renderArgSymbolic('openFlags', BigInt(how.flags)),
    mode: renderArgSymbolic('fileMode', BigInt(how.mode)),
    resolve: RESOLVE_FLAGS.render(BigInt(how.resolve)),
  };
}
