/**
 * Signal numbers (x86_64). Realtime signals are named from glibc's SIGRTMIN
 * (34, because glibc keeps 32 and 33 for itself): 34 → `SIGRTMIN`,
 * 35 → `SIGRTMIN+1` ... 64 → `SIGRTMIN+30`, as `kill -l` counts them.
 * 32 and 33 have no portable name and render as numbers, like any unknown value.
 */
import type { EnumEntry } from './enum-names.js';

export const SIGNALS: readonly EnumEntry[] = [
  ['SIGHUP', 1], ['SIGINT', 2], ['SIGQUIT', 3], ['SIGILL', 4], ['SIGTRAP', 5],
  ['SIGABRT', 6], ['SIGBUS', 7], ['SIGFPE', 8], ['SIGKILL', 9], ['SIGUSR1', 10],
  ['SIGSEGV', 11], ['SIGUSR2', 12], ['SIGPIPE', 13], ['SIGALRM', 14], ['SIGTERM', 15],
  ['SIGSTKFLT', 16], ['SIGCHLD', 17], ['SIGCONT', 18], ['SIGSTOP', 19], ['SIGTSTP', 20],
  ['SIGTTIN', 21], ['SIGTTOU', 22], ['SIGURG', 23], ['SIGXCPU', 24], ['SIGXFSZ', 25],
  ['SIGVTALRM', 26], ['SIGPROF', 27], ['SIGWINCH', 28], ['SIGIO', 29], ['SIGPWR', 30],
  ['SIGSYS', 31],
];

/** glibc's SIGRTMIN. */
export const SIGRTMIN = 34;
/** The kernel's _NSIG: the highest signal number. */
export const SIGRTMAX = 64;

const SIGRTMAX_BIG = BigInt(SIGRTMAX);
const byNumber: (string | undefined)[] = new Array(SIGRTMAX + 1);
for (const [name, value] of SIGNALS) byNumber[value] = name;
byNumber[SIGRTMIN] = 'SIGRTMIN';
for (let sig = SIGRTMIN + 1; sig <= SIGRTMAX; sig++) byNumber[sig] = `SIGRTMIN+${sig - SIGRTMIN}`;

/**
 * The name of signal `sig`, or undefined (0, 32, 33, out of range).
 * @example signalName(9) // 'SIGKILL'; signalName(36) // 'SIGRTMIN+2'
 */
export function signalName(sig: number): string | undefined {
  return byNumber[sig];
}

/** `SIGKILL`; 0 (the existence probe of kill(2)) and unknown numbers as decimal. */
export function renderSignal(value: bigint): string {
  if (value > 0n && value <= SIGRTMAX_BIG) {
    const name = byNumber[Number(value)];
    if (name !== undefined) return name;
  }
  return value.toString();
}
