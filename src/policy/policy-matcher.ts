/**
 * The user-space half of policy matching. The kernel sends an event with the
 * bits of the policies whose scope and event selection it matched; here each
 * of those policies also checks what the kernel could not (wildcards,
 * container ids, executables by path) and its event filters. The event keeps
 * the names of the policies left; with none left it is dropped.
 *
 * Each event carries the generation of the policy set the kernel used, and is
 * judged by that same set: after a reload, events already in flight are not
 * evaluated against the new one.
 */
import { readlinkSync } from 'node:fs';
import type { TraceEvent } from '../decode/trace-event.js';
import type { Policy, ScopeTerm } from './policy-types.js';
import { scopeStringMatches } from './scope-expr.js';

export interface PolicyGeneration {
  generation: number;
  policies: readonly Policy[];
  /** Per policy id: scope terms the kernel left to user space (kernel-config.ts). */
  userChecks: ReadonlyMap<number, readonly ScopeTerm[]>;
}

/** Generations kept: the current one and a few before it, for events still in the ring buffer. */
const KEPT_GENERATIONS = 4;

interface GenerationEntry {
  byId: (Policy | undefined)[];
  set: PolicyGeneration;
  /**
   * Per event id, the names for the last mask seen, when every policy in it
   * decides that event on the kernel's word alone (no user-space scope term,
   * no filter): most events then cost a lookup, and share one frozen array.
   */
  settled: Map<number, { mask: bigint; lo: number; hi: number; names: readonly string[] }>;
}

export class PolicyMatcher {
  private readonly generations = new Map<number, GenerationEntry>();
  /** Events whose generation was no longer known (should stay 0). */
  unknownGeneration = 0;

  add(set: PolicyGeneration): void {
    const byId: (Policy | undefined)[] = [];
    for (const p of set.policies) byId[p.id] = p;
    this.generations.set(set.generation, { byId, set, settled: new Map() });
    for (const g of this.generations.keys()) {
      if (g <= set.generation - KEPT_GENERATIONS) this.generations.delete(g);
    }
  }

  /**
   * The names match() gives every event of `eventId` with this mask (its
   * two 32-bit words), when the kernel's word alone decides them and an
   * event has shown it; undefined otherwise, or when none is left.
   */
  settledNames(generation: number, eventId: number, maskLo: number, maskHi: number): readonly string[] | undefined {
    const settled = this.generations.get(generation)?.settled.get(eventId);
    if (settled === undefined || settled.lo !== maskLo || settled.hi !== maskHi || settled.names.length === 0) return undefined;
    return settled.names;
  }

  /** Fills event.matchedPolicies; false when no policy is left and the event is to be dropped. */
  match(event: TraceEvent): boolean {
    const gen = this.generations.get(event.policyGeneration);
    if (!gen) {
      this.unknownGeneration++;
      return false;
    }
    const settled = gen.settled.get(event.eventId);
    if (settled !== undefined && settled.mask === event.policyMask) {
      event.matchedPolicies = settled.names as string[];
      return settled.names.length > 0;
    }
    const names: string[] = [];
    let decidedByKernel = true;
    let mask = event.policyMask;
    for (let id = 0; mask !== 0n; id++, mask >>= 1n) {
      if ((mask & 1n) === 0n) continue;
      const policy = gen.byId[id];
      if (!policy) continue;
      const checks = gen.set.userChecks.get(id);
      const alternatives = policy.rules.get(event.eventId);
      if ((checks && checks.length > 0) || (alternatives && !alternatives.some((filters) => filters.length === 0))) {
        decidedByKernel = false;
      }
      if (checks && !checks.every((t) => userTermMatches(t, event))) continue;
      if (!alternatives) continue;
      if (!alternatives.some((filters) => filters.every((f) => f.matches(event)))) continue;
      names.push(policy.name);
    }
    if (decidedByKernel) {
      Object.freeze(names);
      gen.settled.set(event.eventId, { mask: event.policyMask, lo: Number(event.policyMask & 0xffffffffn) | 0, hi: Number(event.policyMask >> 32n) | 0, names });
    }
    event.matchedPolicies = names;
    return names.length > 0;
  }
}

/** A scope term the kernel could not decide, on one event. */
function userTermMatches(term: ScopeTerm, event: TraceEvent): boolean {
  // the process tree's path stays valid after the process exited; /proc only while it runs
  return eventScopeTermHolds(term, event, () => event.executablePath || executablePath(event.hostProcessId)) ?? true;
}

/**
 * The scope terms decided from an event's own fields (comm, uts,
 * executable, container); undefined for the others (the kernel decides
 * them live). `executable` gives the path to test, asked only for that term.
 */
export function eventScopeTermHolds(term: ScopeTerm, event: TraceEvent, executable: () => string | undefined): boolean | undefined {
  switch (term.field) {
    case 'comm':
      return stringTerm(term.op, term.values, event.processName);
    case 'uts':
      return stringTerm(term.op, term.values, event.hostName);
    case 'executable':
      return stringTerm(term.op, term.values, executable());
    case 'container': {
      const id = event.containerId;
      const listed = id !== '' && term.values.some((prefix) => id.startsWith(prefix));
      return term.op === '=' ? listed : !listed;
    }
    default:
      return undefined;
  }
}

function stringTerm(op: '=' | '!=', patterns: readonly string[], value: string | undefined): boolean {
  const listed = value !== undefined && patterns.some((p) => scopeStringMatches(p, value));
  return op === '=' ? listed : !listed;
}

/** The binary a process runs, or undefined when it is gone. */
function executablePath(pid: number): string | undefined {
  try {
    return readlinkSync(`/proc/${pid}/exe`);
  } catch {
    return undefined;
  }
}
