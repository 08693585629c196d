/**
 * clone(2) flags. The low byte (CSIGNAL) is the signal sent to the parent when
 * the child exits; it is shown by name like strace does:
 * `CLONE_VM|CLONE_VFORK|SIGCHLD`. Because of that overlap CLONE_NEWTIME (0x80,
 * valid only for clone3 and unshare) cannot be told apart here and shows as
 * part of the exit signal (an unknown one renders in the hex remainder).
 */
import type { FlagEntry, FlagField } from './flag-set.js';
import { FlagSetRenderer } from './flag-set.js';
import { SIGRTMAX, signalName } from './signals.js';

export const CSIGNAL = 0xff;

export const CLONE_FLAGS: readonly FlagEntry[] = [
  ['CLONE_VM', 0x100],
  ['CLONE_FS', 0x200],
  ['CLONE_FILES', 0x400],
  ['CLONE_SIGHAND', 0x800],
  ['CLONE_PIDFD', 0x1000],
  ['CLONE_PTRACE', 0x2000],
  ['CLONE_VFORK', 0x4000],
  ['CLONE_PARENT', 0x8000],
  ['CLONE_THREAD', 0x10000],
  ['CLONE_NEWNS', 0x20000],
  ['CLONE_SYSVSEM', 0x40000],
  ['CLONE_SETTLS', 0x80000],
  ['CLONE_PARENT_SETTID', 0x100000],
  ['CLONE_CHILD_CLEARTID', 0x200000],
  ['CLONE_DETACHED', 0x400000],
  ['CLONE_UNTRACED', 0x800000],
  ['CLONE_CHILD_SETTID', 0x1000000],
  ['CLONE_NEWCGROUP', 0x2000000],
  ['CLONE_NEWUTS', 0x4000000],
  ['CLONE_NEWIPC', 0x8000000],
  ['CLONE_NEWUSER', 0x10000000],
  ['CLONE_NEWPID', 0x20000000],
  ['CLONE_NEWNET', 0x40000000],
  ['CLONE_IO', 0x80000000],
  ['CLONE_CLEAR_SIGHAND', 0x100000000],
  ['CLONE_INTO_CGROUP', 0x200000000],
];

const exitSignals: [string, number][] = [];
for (let sig = 1; sig <= SIGRTMAX; sig++) {
  const name = signalName(sig);
  if (name !== undefined) exitSignals.push([name, sig]);
}
/** The exit signal in the low byte. */
export const CLONE_EXIT_SIGNAL: FlagField = { mask: CSIGNAL, names: exitSignals };

const renderer = new FlagSetRenderer(CLONE_FLAGS, { width: 64, trailingFields: [CLONE_EXIT_SIGNAL] });

/** @example renderCloneFlags(0x1200011n) // 'CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD' */
export function renderCloneFlags(value: bigint): string {
  return renderer.render(value);
}
