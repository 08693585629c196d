/** lseek(2) whence. */
import type { EnumEntry } from './enum-names.js';
import { EnumRenderer } from './enum-names.js';

export const WHENCE: readonly EnumEntry[] = [
  ['SEEK_SET', 0],
  ['SEEK_CUR', 1],
  ['SEEK_END', 2],
  ['SEEK_DATA', 3],
  ['SEEK_HOLE', 4],
];

const renderer = new EnumRenderer(WHENCE);

/** @example renderWhence(2n) // 'SEEK_END' */
export function renderWhence(value: bigint): string {
  return renderer.render(value);
}
