/**
 * Clock ids (linux/time.h). Negative ids are dynamic clocks (a process or
 * thread CPU clock, or a PTP device fd) and render as their number.
 */
import type { EnumEntry } from './enum-names.js';
import { EnumRenderer } from './enum-names.js';

export const CLOCK_IDS: readonly EnumEntry[] = [
  ['CLOCK_REALTIME', 0],
  ['CLOCK_MONOTONIC', 1],
  ['CLOCK_PROCESS_CPUTIME_ID', 2],
  ['CLOCK_THREAD_CPUTIME_ID', 3],
  ['CLOCK_MONOTONIC_RAW', 4],
  ['CLOCK_REALTIME_COARSE', 5],
  ['CLOCK_MONOTONIC_COARSE', 6],
  ['CLOCK_BOOTTIME', 7],
  ['CLOCK_REALTIME_ALARM', 8],
  ['CLOCK_BOOTTIME_ALARM', 9],
  ['CLOCK_SGI_CYCLE', 10],
  ['CLOCK_TAI', 11],
];

const renderer = new EnumRenderer(CLOCK_IDS);

/** @example renderClockId(1n) // 'CLOCK_MONOTONIC' */
export function renderClockId(value: bigint): string {
  return renderer.render(value);
}
