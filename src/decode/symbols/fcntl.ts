/**
 * fcntl(2) commands (asm-generic/fcntl.h, linux/fcntl.h; 64-bit, so the
 * F_*LK64 commands, which only exist for 32-bit callers, are absent).
 */
import type { EnumEntry } from './enum-names.js';
import { EnumRenderer } from './enum-names.js';

const F_LINUX_SPECIFIC_BASE = 1024;

export const FCNTL_CMDS: readonly EnumEntry[] = [
  ['F_DUPFD', 0], ['F_GETFD', 1], ['F_SETFD', 2], ['F_GETFL', 3], ['F_SETFL', 4],
  ['F_GETLK', 5], ['F_SETLK', 6], ['F_SETLKW', 7], ['F_SETOWN', 8], ['F_GETOWN', 9],
  ['F_SETSIG', 10], ['F_GETSIG', 11], ['F_SETOWN_EX', 15], ['F_GETOWN_EX', 16],
  ['F_GETOWNER_UIDS', 17], ['F_OFD_GETLK', 36], ['F_OFD_SETLK', 37], ['F_OFD_SETLKW', 38],
  ['F_SETLEASE', F_LINUX_SPECIFIC_BASE + 0],
  ['F_GETLEASE', F_LINUX_SPECIFIC_BASE + 1],
  ['F_NOTIFY', F_LINUX_SPECIFIC_BASE + 2],
  ['F_DUPFD_QUERY', F_LINUX_SPECIFIC_BASE + 3],
  ['F_CREATED_QUERY', F_LINUX_SPECIFIC_BASE + 4],
  ['F_CANCELLK', F_LINUX_SPECIFIC_BASE + 5],
  ['F_DUPFD_CLOEXEC', F_LINUX_SPECIFIC_BASE + 6],
  ['F_SETPIPE_SZ', F_LINUX_SPECIFIC_BASE + 7],
  ['F_GETPIPE_SZ', F_LINUX_SPECIFIC_BASE + 8],
  ['F_ADD_SEALS', F_LINUX_SPECIFIC_BASE + 9],
  ['F_GET_SEALS', F_LINUX_SPECIFIC_BASE + 10],
  ['F_GET_RW_HINT', F_LINUX_SPECIFIC_BASE + 11],
  ['F_SET_RW_HINT', F_LINUX_SPECIFIC_BASE + 12],
  ['F_GET_FILE_RW_HINT', F_LINUX_SPECIFIC_BASE + 13],
  ['F_SET_FILE_RW_HINT', F_LINUX_SPECIFIC_BASE + 14],
];

const renderer = new EnumRenderer(FCNTL_CMDS);

/** @example renderFcntlCmd(1030n) // 'F_DUPFD_CLOEXEC' */
export function renderFcntlCmd(value: bigint): string {
  return renderer.render(value);
}
