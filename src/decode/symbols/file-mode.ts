/**
 * File mode (mode_t / umode_t): the file type by name, then the permission
 * bits (including setuid/setgid/sticky) as a C octal literal of at least
 * three digits: `S_IFREG|0644`, `0755`, `04755`, `0000`.
 * A type field with no name, or bits above 0177777, are shown as `0x...`
 * after the permission: `0644|0x30000`.
 */
import type { EnumEntry } from './enum-names.js';

export const S_IFMT = 0o170000;
/** Permission bits, including S_ISUID, S_ISGID and S_ISVTX. */
export const S_IALLUGO = 0o7777;

export const FILE_TYPES: readonly EnumEntry[] = [
  ['S_IFSOCK', 0o140000],
  ['S_IFLNK', 0o120000],
  ['S_IFREG', 0o100000],
  ['S_IFBLK', 0o060000],
  ['S_IFDIR', 0o040000],
  ['S_IFCHR', 0o020000],
  ['S_IFIFO', 0o010000],
];

const typeNames = new Map<number, string>(FILE_TYPES.map(([name, v]) => [v, name]));
const NOT_PERMISSION = ~BigInt(S_IALLUGO);
const NOT_TYPE = ~BigInt(S_IFMT);
const cache = new Map<bigint, string>();
const CACHE_LIMIT = 1024;

/** @example renderFileMode(0o100644n) // 'S_IFREG|0644' */
export function renderFileMode(value: bigint): string {
  const hit = cache.get(value);
  if (hit !== undefined) return hit;
  const mode = BigInt.asUintN(32, value);
  const low = Number(mode & 0xffffn);
  const type = low & S_IFMT;
  const typeName = type === 0 ? undefined : typeNames.get(type);
  let rest = mode & NOT_PERMISSION;
  if (typeName !== undefined) rest &= NOT_TYPE;
  let text = '0' + (low & S_IALLUGO).toString(8).padStart(3, '0');
  if (typeName !== undefined) text = typeName + '|' + text;
  if (rest !== 0n) text += '|0x' + rest.toString(16);
  if (cache.size < CACHE_LIMIT) cache.set(value, text);
  return text;
}
