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

/** Every event: the syscalls, then tracepoint and derived events (ids above 1000). */
export const EVENTS: readonly SyscallSpec[] = [...SYSCALLS, ...TRACEPOINT_EVENTS, ...DERIVED_EVENTS];

/** Highest syscall number + 1: the size of per-syscall kernel tables. */
export const MAX_SYSCALL_ID = 512;

const byName = new Map<string, SyscallSpec>();
const byId: (SyscallSpec | undefined)[] = [];
for (const s of EVENTS) {
  byName.set(s.name, s);
  byId[s.id] = s;
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
