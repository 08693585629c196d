/**
 * The *at(2) family: the special directory fd AT_FDCWD and the AT_* flags.
 * 0x200 means AT_REMOVEDIR to unlinkat(2) and AT_EACCESS to faccessat2(2);
 * without the syscall at hand it is shown as AT_REMOVEDIR, the more common one.
 */
import type { FlagEntry } from './flag-set.js';
import { FlagSetRenderer } from './flag-set.js';

export const AT_FDCWD = -100;
const AT_FDCWD_BIG = BigInt(AT_FDCWD);

export const AT_FLAGS: readonly FlagEntry[] = [
  ['AT_SYMLINK_NOFOLLOW', 0x100],
  ['AT_REMOVEDIR', 0x200],
  ['AT_SYMLINK_FOLLOW', 0x400],
  ['AT_NO_AUTOMOUNT', 0x800],
  ['AT_EMPTY_PATH', 0x1000],
  ['AT_STATX_FORCE_SYNC', 0x2000],
  ['AT_STATX_DONT_SYNC', 0x4000],
  ['AT_RECURSIVE', 0x8000],
  ['AT_EXECVE_CHECK', 0x10000],
];

const renderer = new FlagSetRenderer(AT_FLAGS);

/** @example renderAtFlags(0x1100n) // 'AT_SYMLINK_NOFOLLOW|AT_EMPTY_PATH' */
export function renderAtFlags(value: bigint): string {
  return renderer.render(value);
}

/** A directory fd argument: `AT_FDCWD` for -100, else the number. */
export function renderDirfd(value: bigint): string {
  return value === AT_FDCWD_BIG ? 'AT_FDCWD' : value.toString();
}
