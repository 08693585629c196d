/**
 * The event catalog: lookups over the generated syscall table.
 * Everything that needs to know an event (kernel capture layout, decoding,
 * selection, `list`, `man`) reads it from here.
 */
import type { SyscallSpec } from './catalog-types.js';
import { SYSCALLS } from './syscalls.generated.js';
import { TRACEPOINT_EVENTS } from './tracepoint-events.js';
import { DERIVED_EVENTS } from './derived-events.js';

export type { SyscallSpec, EventSpec, ArgSpec } from './catalog-types.js';
export { SYSCALLS };

const _events: SyscallSpec[] = [...SYSCALLS, ...TRACEPOINT_EVENTS, ...DERIVED_EVENTS];

/**
 * Every event: the syscalls, then tracepoint and derived events (ids above
 * 1000), then signatures' findings (ids from 6000, added at start by
 * registerEvents once the signatures are loaded).
 */
export const EVENTS: readonly SyscallSpec[] = _events;

/** Highest syscall number + 1: the size of per-syscall kernel tables. */
export const MAX_SYSCALL_ID = 512;

const byName = new Map<string, SyscallSpec>();
const byId: (SyscallSpec | undefined)[] = [];
for (const s of EVENTS) {
  byName.set(s.name, s);
  byId[s.id] = s;
}

let _version = 0;

/** Bumped by each registerEvents: caches derived from EVENTS compare it. */
export function catalogVersion(): number {
  return _version;
}

/**
 * Adds events (signatures' findings) to the catalog. Names and ids must be
 * new: the caller (src/detect/signature-registry.ts) checks and words it.
 */
export function registerEvents(specs: readonly SyscallSpec[]): void {
  for (const s of specs) {
    if (byName.has(s.name) || byId[s.id]) throw new Error(`event ${s.name} (${s.id}) is already in the catalog`);
  }
  for (const s of specs) {
    _events.push(s);
    byName.set(s.name, s);
    byId[s.id] = s;
  }
  _version++;
}

/** The event with this name, or undefined. */
export function eventByName(name: string): SyscallSpec | undefined {
  return byName.get(name);
}

/** The event with this id (syscall number, or above 1000), or undefined. */
export function eventById(id: number): SyscallSpec | undefined {
  return byId[id];
}

/** Every set name used by any event, sorted. */
export function allSetNames(): string[] {
  const sets = new Set<string>();
  for (const s of EVENTS) for (const set of s.sets) sets.add(set);
  return [...sets].sort();
}
