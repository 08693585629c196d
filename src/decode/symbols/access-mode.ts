/** access(2)/faccessat(2) mode: `F_OK`, or `R_OK|W_OK|X_OK` in that order. */
import type { FlagEntry } from './flag-set.js';
import { FlagSetRenderer } from './flag-set.js';

export const ACCESS_MODES: readonly FlagEntry[] = [
  ['R_OK', 4],
  ['W_OK', 2],
  ['X_OK', 1],
];

const renderer = new FlagSetRenderer(ACCESS_MODES, { zeroName: 'F_OK' });

/** @example renderAccessMode(6n) // 'R_OK|W_OK' */
export function renderAccessMode(value: bigint): string {
  return renderer.render(value);
}
