/** Flags of pidfd_open(2), pidfd_send_signal(2) and pidfd_getfd(2) (linux/pidfd.h). */
import type { FlagEntry } from './flag-set.js';
import { FlagSetRenderer } from './flag-set.js';

export const PIDFD_OPEN_FLAGS: readonly FlagEntry[] = [
  ['PIDFD_THREAD', 0o200], // = O_EXCL
  ['PIDFD_NONBLOCK', 0o4000], // = O_NONBLOCK
];

export const PIDFD_SEND_SIGNAL_FLAGS: readonly FlagEntry[] = [
  ['PIDFD_SIGNAL_THREAD', 1 << 0],
  ['PIDFD_SIGNAL_THREAD_GROUP', 1 << 1],
  ['PIDFD_SIGNAL_PROCESS_GROUP', 1 << 2],
];

const openFlags = new FlagSetRenderer(PIDFD_OPEN_FLAGS);
const sendSignalFlags = new FlagSetRenderer(PIDFD_SEND_SIGNAL_FLAGS);

/** @example renderPidfdOpenFlags(0x800n) // 'PIDFD_NONBLOCK' */
export function renderPidfdOpenFlags(value: bigint): string {
  return openFlags.render(value);
}

/** @example renderPidfdSendSignalFlags(4n) // 'PIDFD_SIGNAL_PROCESS_GROUP' */
export function renderPidfdSendSignalFlags(value: bigint): string {
  return sendSignalFlags.render(value);
}

/** pidfd_getfd(2) defines no flags (it must be 0): the decimal number. */
export function renderPidfdGetfdFlags(value: bigint): string {
  return value.toString();
}
