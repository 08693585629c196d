/**
 * What the kernel must send for a signature: its selectors turned into the
 * records the kernel writes (syscalls and tracepoints, the sources of
 * derived events, recursively through other signatures' findings), each
 * with the prefilter the kernel can decide before reserving anything.
 * src/policy/kernel-config.ts writes them into the selection.
 */
import type { ArgCondition, EventOrigin, EventSelector } from './signature.js';
import { DERIVED_SOURCES, type DeriveTestName } from '../events/derived-events.js';
import { eventById, eventByName } from '../events/catalog.js';
import { isExitCapture, type ArgCaptureName } from '../events/catalog-types.js';

/** A condition the kernel decides on a record's registers or captured strings. */
export interface KernelPrefilter {
  /** On register `arg` (its low `bits`): in the set, or any of the bits set. */
  int?: { arg: number; bits: 32 | 64; in?: readonly bigint[]; anyBits?: bigint };
  /**
   * On the string captured for `arg`: absolute values must start with one of
   * these; relative ones pass. When `arg` is a path an fd-returning syscall
   * resolves (src/events/path-args.ts), the kernel decides at exit, on the
   * returned fd's path when it succeeded.
   */
  path?: { arg: number; prefixes: readonly string[] };
  /** The selector's origin: the task's cgroup is (not) a container's (map container_cgroups). */
  origin?: 'container' | 'host';
  /** The memory captured at entry for `arg` could not be read there (ArgCondition.entryFault). */
  entryFault?: { arg: number };
}

export interface KernelNeed {
  /** What the kernel sends: a syscall number or a tracepoint event id (record-layout.ts TracepointEventId). */
  sourceId: number;
  /** The kernel's test on the source for derived events (DerivedSource.test); 'always' otherwise. */
  test: DeriveTestName;
  /** Undefined: every record of the source is needed. */
  prefilter?: KernelPrefilter;
  /** sched_process_exec: the environment variables whose entries the kernel must copy (selector `env`). */
  env?: readonly string[];
}

/** Derived events' arguments that are a register of their syscall source: event → source id → register. */
const DERIVED_ARG_REGISTERS: Readonly<Record<string, Readonly<Record<string, Readonly<Record<number, number>>>>>> = {
  perf_event_ioctl: { request: { 16: 1, 157: 0 }, fd: { 16: 0 } },
  perf_event_read: { fd: { 0: 0, 17: 0, 19: 0, 295: 0, 327: 0 } },
};

/** The signature event ids (findings) a selector names are resolved by the caller: `findingNeeds`. */
export type FindingNeeds = (eventName: string) => readonly KernelNeed[] | undefined;

function intBits(type: string): 32 | 64 {
  return /^(int|unsigned int|pid_t|uid_t|gid_t|u32|s32|__u32|__s32|mode_t|umode_t|key_serial_t|clockid_t)$/.test(type.trim()) ? 32 : 64;
}

/** Captures read at entry: those whose read can fault there (the exit ones are outputs). */
function readAtEntry(capture: ArgCaptureName): boolean {
  return capture !== 'none' && !isExitCapture(capture);
}

type SourceArg = { index: number; type: string; captured: boolean; atEntry: boolean };

function toPrefilter(
  where: Readonly<Record<string, ArgCondition>> | undefined,
  argIndex: (name: string) => SourceArg | undefined,
  origin: EventOrigin | undefined,
): KernelPrefilter | undefined {
  const out: KernelPrefilter = {};
  if (origin === 'container' || origin === 'host') out.origin = origin;
  for (const [name, cond] of Object.entries(where ?? {})) {
    const at = argIndex(name);
    if (!at) continue; // not a register of the source: user space alone decides it
    if (!out.int && !at.captured && (cond.in || cond.anyBits !== undefined)) {
      out.int = {
        arg: at.index,
        bits: intBits(at.type),
        ...(cond.in ? { in: cond.in.map((v) => BigInt(v)) } : {}),
        ...(cond.anyBits !== undefined ? { anyBits: BigInt(cond.anyBits) } : {}),
      };
    } else if (!out.path && at.captured && cond.prefix) {
      out.path = { arg: at.index, prefixes: [...cond.prefix] };
    }
    if (!out.entryFault && at.atEntry && cond.entryFault) out.entryFault = { arg: at.index };
  }
  return out.int || out.path || out.origin || out.entryFault ? out : undefined;
}

/** The kernel needs of one selector. Throws (plain Error, caller words it) for unknown events. */
export function selectorNeeds(sel: EventSelector, findingNeeds: FindingNeeds): KernelNeed[] {
  const spec = eventByName(sel.event);
  if (!spec || spec.source === 'signature') {
    const viaFinding = findingNeeds(sel.event);
    if (viaFinding) return [...viaFinding];
    throw new Error(`selects unknown event "${sel.event}"`);
  }
  const derived = DERIVED_SOURCES.get(spec.id);
  if (derived) {
    return derived.map((source) => {
      const regs = DERIVED_ARG_REGISTERS[spec.name] ?? {};
      const srcSpec = eventById(source.id);
      const pre = toPrefilter(sel.where, (name) => {
        const index = regs[name]?.[source.id];
        if (index === undefined || !srcSpec) return undefined;
        const a = srcSpec.args[index];
        return a ? { index, type: a.type, captured: a.capture !== 'none', atEntry: readAtEntry(a.capture) } : undefined;
      }, sel.origin);
      return { sourceId: source.id, test: source.test, ...(pre ? { prefilter: pre } : {}) };
    });
  }
  const pre = spec.source
    ? undefined // tracepoint events are always sent (process lifecycle)
    : toPrefilter(sel.where, (name) => {
        const index = spec.args.findIndex((a) => a.name === name);
        if (index < 0) return undefined;
        const a = spec.args[index];
        return { index, type: a.type, captured: a.capture === 'string', atEntry: readAtEntry(a.capture) };
      }, sel.origin);
  return [{ sourceId: spec.id, test: 'always', ...(pre ? { prefilter: pre } : {}), ...(sel.env?.length ? { env: [...sel.env] } : {}) }];
}
