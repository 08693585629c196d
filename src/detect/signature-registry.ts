/**
 * The signatures of this run: the built-ins, then those of --signatures-dir.
 * Each gets an event id from SIGNATURE_ID_BASE and joins the event catalog
 * under its eventName (sets `signatures` and `default`), so that -e, policy
 * rules, `list` and `man` know findings as they know every other event.
 */
import type { ArgSpec, SyscallSpec } from '../events/catalog-types.js';
import { eventByName, registerEvents } from '../events/catalog.js';
import { ENV_NAME_PATTERN, SIGNATURE_ID_BASE, type Signature } from './signature.js';
import { selectorNeeds, type KernelNeed } from './kernel-needs.js';

/** A signature that cannot be used; the message is one line naming it and what is wrong. */
export class SignatureError extends Error {
  override readonly name = 'SignatureError';
}

export interface RegisteredSignature {
  readonly id: number;
  readonly signature: Signature;
  /** 'built-in' or the module's path. */
  readonly origin: string;
  readonly spec: SyscallSpec;
}

const detectedFrom: ArgSpec = {
  name: 'detectedFrom', type: 'unknown', kind: 'derived', capture: 'none', tags: [],
  doc: 'The event the finding was detected from: {id, name, args, returnValue}.',
};

export class SignatureRegistry {
  private readonly list: RegisteredSignature[] = [];
  private readonly byEventId = new Map<number, RegisteredSignature>();
  private readonly needsCache = new Map<number, KernelNeed[]>();

  /**
   * Adds signatures whose shape is checked (signature-schema.ts for users'
   * modules; the built-ins by their contract test), after checking ids,
   * names and selected events; all or none.
   */
  add(signatures: readonly { signature: Signature; origin: string }[]): RegisteredSignature[] {
    const added: RegisteredSignature[] = [];
    const names = new Set<string>();
    const ids = new Set(this.list.map((r) => r.signature.metadata.id));
    for (const { signature, origin } of signatures) {
      const label = origin === 'built-in' ? 'built-in signature' : `signature ${origin}`;
      const sig = signature;
      const { id, eventName } = sig.metadata;
      if (ids.has(id)) throw new SignatureError(`${label}: duplicate signature id "${id}"`);
      if (names.has(eventName) || eventByName(eventName)) throw new SignatureError(`${label}: eventName "${eventName}" is already an event`);
      ids.add(id);
      names.add(eventName);
      const eventId = SIGNATURE_ID_BASE + this.list.length + added.length;
      const spec: SyscallSpec = {
        id: eventId,
        name: eventName,
        source: 'signature',
        sets: ['signatures', 'default'],
        summary: sig.unavailable ? `${sig.metadata.name} (never fires in sysray: see man)` : sig.metadata.name,
        args: [
          ...(sig.doc?.data ?? []).map((f): ArgSpec => ({ name: f.name, type: f.type, kind: 'derived', capture: 'none', tags: [], doc: f.doc })),
          detectedFrom,
        ],
      };
      added.push({ id: eventId, signature: sig, origin, spec });
    }
    // selectors must name known events (catalog, these, or earlier signatures)
    const pending = new Set(added.map((r) => r.signature.metadata.eventName));
    for (const r of added) {
      for (const sel of r.signature.selects) {
        if (!eventByName(sel.event) && !pending.has(sel.event)) {
          const label = r.origin === 'built-in' ? 'built-in signature' : `signature ${r.origin}`;
          throw new SignatureError(`${label} (${r.signature.metadata.id}): selects unknown event "${sel.event}"`);
        }
        const spec = eventByName(sel.event);
        if (sel.env !== undefined) {
          if (sel.event !== 'sched_process_exec') throw new SignatureError(`signature ${r.signature.metadata.id}: env is only for sched_process_exec (selects ${sel.event})`);
          const bad = sel.env.find((n) => !ENV_NAME_PATTERN.test(n));
          if (bad !== undefined) throw new SignatureError(`signature ${r.signature.metadata.id}: env name "${bad}" is not [A-Za-z_][A-Za-z0-9_]* of at most 31 characters`);
        }
        for (const arg of Object.keys(sel.where ?? {})) {
          if (spec && !spec.args.some((a) => a.name === arg)) {
            throw new SignatureError(`signature ${r.signature.metadata.id}: ${sel.event} has no argument "${arg}" (in selects.where)`);
          }
        }
      }
    }
    registerEvents(added.map((r) => r.spec));
    for (const r of added) {
      this.list.push(r);
      this.byEventId.set(r.id, r);
    }
    this.needsCache.clear();
    return added;
  }

  get all(): readonly RegisteredSignature[] {
    return this.list;
  }

  byId(eventId: number): RegisteredSignature | undefined {
    return this.byEventId.get(eventId);
  }

  byName(eventName: string): RegisteredSignature | undefined {
    const spec = eventByName(eventName);
    return spec ? this.byEventId.get(spec.id) : undefined;
  }

  /** The signature with this alias (`Signature.aliases`), for `man`. */
  byAlias(name: string): RegisteredSignature | undefined {
    return this.list.find((r) => r.signature.aliases?.includes(name));
  }

  /**
   * One line per `unavailable` signature among `names` (event names as -e
   * gives them): it never fires, why, and what to select instead.
   */
  unavailableWarnings(names: readonly string[]): string[] {
    const out: string[] = [];
    for (const name of new Set(names)) {
      const sig = this.byName(name)?.signature;
      if (sig?.unavailable) out.push(`${name} never fires in sysray: ${sig.unavailable}`);
    }
    return out;
  }

  /**
   * What the kernel must send for the findings of event id `eventId` (a
   * signature): its selectors' needs, through other signatures' findings.
   * Undefined for ids that are not signatures.
   */
  kernelNeeds(eventId: number): readonly KernelNeed[] | undefined {
    if (!this.byEventId.has(eventId)) return undefined;
    return this.needsOf(eventId, new Set());
  }

  private needsOf(eventId: number, visiting: Set<number>): KernelNeed[] {
    const cached = this.needsCache.get(eventId);
    if (cached) return cached;
    const r = this.byEventId.get(eventId);
    if (!r || visiting.has(eventId)) return [];
    visiting.add(eventId);
    const needs: KernelNeed[] = [];
    for (const sel of r.signature.selects) {
      needs.push(...selectorNeeds(sel, (name) => {
        const other = this.byName(name);
        return other ? this.needsOf(other.id, visiting) : undefined;
      }));
    }
    visiting.delete(eventId);
    this.needsCache.set(eventId, needs);
    return needs;
  }
}

/** The one registry of the process: the catalog it feeds is one too. */
export const SIGNATURES = new SignatureRegistry();
