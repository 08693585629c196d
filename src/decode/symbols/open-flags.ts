/**
 * open(2)/openat(2) flags (x86_64 values, octal as in asm-generic/fcntl.h).
 * The access mode is a 2-bit enumerated field, so `O_RDONLY` (0) is shown
 * whenever the access mode is 0: `O_RDONLY|O_CLOEXEC`. An access mode of 3
 * (no name) stays in the hex remainder.
 */
import type { FlagEntry, FlagField } from './flag-set.js';
import { FlagSetRenderer } from './flag-set.js';

export const O_ACCMODE = 0o3;

export const OPEN_ACCESS_MODES: FlagField = {
  mask: O_ACCMODE,
  names: [['O_RDONLY', 0o0], ['O_WRONLY', 0o1], ['O_RDWR', 0o2]],
};

/** Composite names come before their parts (O_SYNC = __O_SYNC|O_DSYNC, O_TMPFILE = __O_TMPFILE|O_DIRECTORY). */
export const OPEN_FLAGS: readonly FlagEntry[] = [
  ['O_CREAT', 0o100],
  ['O_EXCL', 0o200],
  ['O_NOCTTY', 0o400],
  ['O_TRUNC', 0o1000],
  ['O_APPEND', 0o2000],
  ['O_NONBLOCK', 0o4000],
  ['O_SYNC', 0o4010000],
  ['O_DSYNC', 0o10000],
  ['O_ASYNC', 0o20000], // the kernel's FASYNC
  ['O_DIRECT', 0o40000],
  ['O_LARGEFILE', 0o100000],
  ['O_TMPFILE', 0o20200000],
  ['O_DIRECTORY', 0o200000],
  ['O_NOFOLLOW', 0o400000],
  ['O_NOATIME', 0o1000000],
  ['O_CLOEXEC', 0o2000000],
  ['__O_SYNC', 0o4000000],
  ['O_PATH', 0o10000000],
  ['__O_TMPFILE', 0o20000000],
];

const renderer = new FlagSetRenderer(OPEN_FLAGS, { fields: [OPEN_ACCESS_MODES] });

/** @example renderOpenFlags(0o2000101n) // 'O_WRONLY|O_CREAT|O_CLOEXEC' */
export function renderOpenFlags(value: bigint): string {
  return renderer.render(value);
}
