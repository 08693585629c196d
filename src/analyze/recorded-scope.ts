/**
 * Which policies select a recorded event: what the kernel decides for a
 * live one (scope terms, the events each policy's rules and signatures
 * need), decided here from the event's own fields. Terms that need the
 * process tree at the time (tree, follow, new pids or containers) cannot
 * be decided from a record and are refused up front.
 */
import type { TraceEvent } from '../decode/trace-event.js';
import type { Operator, Policy, ScopeTerm } from '../policy/policy-types.js';
import { eventScopeTermHolds } from '../policy/policy-matcher.js';
import type { SignatureRegistry } from '../detect/signature-registry.js';
import { eventByName } from '../events/catalog.js';
import { UsageError } from '../cli/usage-error.js';

const UNDECIDABLE: ReadonlySet<ScopeTerm['field']> = new Set(['tree', 'follow', 'newPid', 'newContainer']);

export class RecordedScope {
  /** Per policy: its bit and the event ids it selects (rules, and what their signatures read). */
  private readonly selecting: { bit: bigint; policy: Policy; events: Set<number> }[];

  constructor(policies: readonly Policy[], registry: SignatureRegistry) {
    for (const p of policies) {
      const bad = p.scope.find((t) => UNDECIDABLE.has(t.field));
      if (bad) throw new UsageError(`analyze: scope "${bad.field}" needs the live process tree and cannot be decided from recorded events; drop it`);
    }
    this.selecting = policies.map((policy) => {
      const events = new Set<number>();
      const add = (id: number, depth: number): void => {
        if (events.has(id) || depth > 8) return;
        events.add(id);
        for (const sel of registry.byId(id)?.signature.selects ?? []) {
          const sub = eventByName(sel.event)?.id;
          if (sub !== undefined) add(sub, depth + 1);
        }
      };
      for (const id of policy.rules.keys()) add(id, 0);
      return { bit: 1n << BigInt(policy.id), policy, events };
    });
  }

  /** The bits of the policies whose scope holds for `e` and that select its event. */
  mask(e: TraceEvent): bigint {
    let mask = 0n;
    for (const s of this.selecting) if (s.events.has(e.eventId) && s.policy.scope.every((t) => termHolds(t, e))) mask |= s.bit;
    return mask;
  }
}

function termHolds(t: ScopeTerm, e: TraceEvent): boolean {
  switch (t.field) {
    case 'uid':
      return numberTerm(t.op, t.values, e.userId);
    case 'pid':
      return numberTerm(t.op, t.values, e.hostProcessId);
    case 'mntns':
      return numberTerm(t.op, t.values, e.mountNamespace);
    case 'pidns':
      return numberTerm(t.op, t.values, e.pidNamespace);
    case 'anyContainer':
      return e.containerId !== '';
    case 'notContainer':
      return e.containerId === '';
    default:
      // comm, uts, executable, container: as the live matcher decides them (the recorded path, never /proc now)
      return eventScopeTermHolds(t, e, () => e.executablePath) ?? false; // the rest is refused in the constructor
  }
}

function numberTerm(op: Operator, values: readonly number[], v: number): boolean {
  switch (op) {
    case '=':
      return values.includes(v);
    case '!=':
      return !values.includes(v);
    case '<':
      return values.every((x) => v < x);
    case '>':
      return values.every((x) => v > x);
    case '<=':
      return values.every((x) => v <= x);
    case '>=':
      return values.every((x) => v >= x);
  }
}
