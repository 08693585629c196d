/**
 * mmap(2)/mprotect(2): protection and mapping flags (x86_64).
 * The mapping type (low 4 bits) is an enumerated field shown first:
 * `MAP_PRIVATE|MAP_ANONYMOUS`. With MAP_HUGETLB, bits 26-31 encode the page
 * size (`MAP_HUGE_2MB`); without it bit 26 is MAP_UNINITIALIZED.
 */
import type { FlagEntry, FlagField } from './flag-set.js';
import { FlagSetRenderer } from './flag-set.js';

export const MMAP_PROT: readonly FlagEntry[] = [
  ['PROT_READ', 0x1],
  ['PROT_WRITE', 0x2],
  ['PROT_EXEC', 0x4],
  ['PROT_SEM', 0x8],
  ['PROT_GROWSDOWN', 0x01000000],
  ['PROT_GROWSUP', 0x02000000],
];

export const MAP_TYPES: FlagField = {
  mask: 0x0f,
  names: [['MAP_SHARED', 0x01], ['MAP_PRIVATE', 0x02], ['MAP_SHARED_VALIDATE', 0x03], ['MAP_DROPPABLE', 0x08]],
};

export const MAP_HUGETLB = 0x40000;
export const MAP_HUGE_SHIFT = 26;

/** Page sizes MAP_HUGETLB can ask for: log2(size) << MAP_HUGE_SHIFT. */
export const MAP_HUGE_SIZES: FlagField = {
  mask: 0x3f << MAP_HUGE_SHIFT >>> 0,
  names: (
    [
      ['MAP_HUGE_16KB', 14], ['MAP_HUGE_64KB', 16], ['MAP_HUGE_512KB', 19], ['MAP_HUGE_1MB', 20],
      ['MAP_HUGE_2MB', 21], ['MAP_HUGE_8MB', 23], ['MAP_HUGE_16MB', 24], ['MAP_HUGE_32MB', 25],
      ['MAP_HUGE_256MB', 28], ['MAP_HUGE_512MB', 29], ['MAP_HUGE_1GB', 30], ['MAP_HUGE_2GB', 31],
      ['MAP_HUGE_16GB', 34],
    ] as const
  ).map(([name, log2]) => [name, log2 * 2 ** MAP_HUGE_SHIFT] as const),
};

export const MMAP_FLAGS: readonly FlagEntry[] = [
  ['MAP_FIXED', 0x10],
  ['MAP_ANONYMOUS', 0x20],
  ['MAP_32BIT', 0x40],
  ['MAP_GROWSDOWN', 0x100],
  ['MAP_DENYWRITE', 0x800],
  ['MAP_EXECUTABLE', 0x1000],
  ['MAP_LOCKED', 0x2000],
  ['MAP_NORESERVE', 0x4000],
  ['MAP_POPULATE', 0x8000],
  ['MAP_NONBLOCK', 0x10000],
  ['MAP_STACK', 0x20000],
  ['MAP_HUGETLB', MAP_HUGETLB],
  ['MAP_SYNC', 0x80000],
  ['MAP_FIXED_NOREPLACE', 0x100000],
];

const prot = new FlagSetRenderer(MMAP_PROT, { zeroName: 'PROT_NONE' });
const flags = new FlagSetRenderer([...MMAP_FLAGS, ['MAP_UNINITIALIZED', 0x4000000]], { fields: [MAP_TYPES] });
const hugeFlags = new FlagSetRenderer(MMAP_FLAGS, { fields: [MAP_TYPES], trailingFields: [MAP_HUGE_SIZES] });
const HUGETLB_BIG = BigInt(MAP_HUGETLB);

/** @example renderMmapProt(3n) // 'PROT_READ|PROT_WRITE' */
export function renderMmapProt(value: bigint): string {
  return prot.render(value);
}

/** @example renderMmapFlags(0x22n) // 'MAP_PRIVATE|MAP_ANONYMOUS' */
export function renderMmapFlags(value: bigint): string {
  return (value & HUGETLB_BIG) === 0n ? flags.render(value) : hugeFlags.render(value);
}
