/**
 * Compiles policies into the kernel's configuration (bpf/sysray.h,
 * "Policies"; layout mirrored in src/decode/record-layout.ts): one bit per
 * policy in every mask, value maps that say which policies list a value.
 *
 * The kernel decides exactly what it can: numbers, exact strings,
 * executables by (device, inode), containers, trees, follow. A term it
 * cannot decide — a wildcard, a container id, an executable that does not
 * exist yet — does not restrict the policy in the kernel and is returned in
 * `userChecks`, for user space to apply to each event.
 */
import { statSync } from 'node:fs';
import { DERIVED_SOURCES } from '../events/derived-events.js';
import { CHANGES_FDS } from '../events/fd-returning.js';
import { eventByName } from '../events/catalog.js';
import {
  CONFIG_SLOTS, EXEC_ENV_NAME_LEN, EXEC_ENV_NAMES, ExecEnv, MAX_SYSCALLS, PREFILTER_PATH_MAX, PREFILTER_PREFIX_ENTRIES, PREFILTER_NEEDS, PREFILTER_VALUES, PolicyConfig, Prefilter, PrefilterKind, PrefilterNeed, PrefilterNeedFlag, PrefixKey,
  SELECTION_PER_SLOT, Selection, TracepointEventId, TracepointSelectIndex, ScopeCommKey, ScopeExeKey, ScopeFieldBit, ScopeMatch, ScopeU32Key, ScopeUtsKey,
} from '../decode/record-layout.js';
import type { Policy, ScopeTerm } from './policy-types.js';
import { isWildcard } from './scope-expr.js';
import { SIGNATURES } from '../detect/signature-registry.js';
import type { KernelPrefilter } from '../detect/kernel-needs.js';

export interface MapEntry {
  map: string;
  key: Buffer;
  value: Buffer;
}

/** A tree= or tree!= term: the process and its descendants get the policy's bit. */
export interface TreeRoot {
  policy: number;
  pid: number;
  exclude: boolean;
}

export interface KernelConfig {
  slot: number;
  generation: number;
  /** Value of policy_config[slot]. */
  config: Buffer;
  /** The slot's part of map `selection`: SELECTION_PER_SLOT struct sysray_selection. */
  selection: Buffer;
  /** Entries of map `prefilters` (struct sysray_prefilter) by index in the slot: those the selection's `prefilter` flags name. */
  prefilters: { index: number; value: Buffer }[];
  /** Entries of the scope_* maps (keys carry the slot). */
  entries: MapEntry[];
  treeRoots: TreeRoot[];
  /** Per policy id: the terms user space must still check. */
  userChecks: Map<number, ScopeTerm[]>;
}

const U32_MAX = 0xffffffff;

type U32Field = 'uid' | 'pid' | 'mntns' | 'pidns';
const U32_MAPS: Record<U32Field, string> = { uid: 'scope_uids', pid: 'scope_pids', mntns: 'scope_mntns', pidns: 'scope_pidns' };
const EQ_OFFSET: Record<U32Field | 'uts' | 'comm' | 'executable', number> = {
  uid: PolicyConfig.uidEq, pid: PolicyConfig.pidEq, mntns: PolicyConfig.mntnsEq, pidns: PolicyConfig.pidnsEq,
  uts: PolicyConfig.utsEq, comm: PolicyConfig.commEq, executable: PolicyConfig.exeEq,
};
const FIELD_BIT: Record<U32Field | 'uts' | 'comm' | 'executable', number> = {
  uid: ScopeFieldBit.uid, pid: ScopeFieldBit.pid, mntns: ScopeFieldBit.mntns, pidns: ScopeFieldBit.pidns,
  uts: ScopeFieldBit.uts, comm: ScopeFieldBit.comm, executable: ScopeFieldBit.exe,
};

/** Entries of each scope_* map (SCOPE_VALUES in bpf/scope.h). */
export const SCOPE_MAP_ENTRIES = 10240;

/** A policy set the kernel cannot hold; one line, for the CLI. */
export class KernelConfigError extends Error {
  override readonly name = 'KernelConfigError';
}

const MAP_FIELD: Record<string, string> = {
  scope_uids: 'uid', scope_pids: 'pid', scope_mntns: 'mntns', scope_pidns: 'pidns', scope_comms: 'comm', scope_uts: 'uts', scope_exes: 'executable',
};

/** Accumulates {eq, ne} masks per map key; the keys are kept as Buffers. */
class ValueMaps {
  private readonly byKey = new Map<string, { map: string; key: Buffer; eq: bigint; ne: bigint }>();

  add(map: string, key: Buffer, bit: bigint, exclude: boolean): void {
    const id = `${map}:${key.toString('hex')}`;
    let e = this.byKey.get(id);
    if (!e) this.byKey.set(id, (e = { map, key, eq: 0n, ne: 0n }));
    if (exclude) e.ne |= bit;
    else e.eq |= bit;
  }

  entries(): MapEntry[] {
    const perMap = new Map<string, number>();
    for (const { map } of this.byKey.values()) perMap.set(map, (perMap.get(map) ?? 0) + 1);
    for (const [map, n] of perMap) {
      if (n > SCOPE_MAP_ENTRIES) {
        throw new KernelConfigError(`too many ${MAP_FIELD[map]} values (${n}) in the scopes of all policies; at most ${SCOPE_MAP_ENTRIES}`);
      }
    }
    return [...this.byKey.values()].map(({ map, key, eq, ne }) => {
      const value = Buffer.alloc(ScopeMatch.bytes);
      value.writeBigUInt64LE(eq, ScopeMatch.eq);
      value.writeBigUInt64LE(ne, ScopeMatch.ne);
      return { map, key, value };
    });
  }
}

/** The kernel's dev_t (MKDEV: major << 20 | minor) of a user-space st_dev (glibc's encoding). */
export function kernelDevT(stDev: bigint): bigint {
  const major = ((stDev >> 8n) & 0xfffn) | ((stDev >> 32n) & ~0xfffn);
  const minor = (stDev & 0xffn) | ((stDev >> 12n) & ~0xffn);
  return (major << 20n) | minor;
}

/** (device, inode) of an executable path, following symlinks as exec does; undefined if absent. */
function fileIdentity(path: string): { dev: bigint; ino: bigint } | undefined {
  try {
    const st = statSync(path, { bigint: true });
    return { dev: kernelDevT(st.dev), ino: st.ino };
  } catch {
    return undefined;
  }
}

function u32Key(slot: number, value: number): Buffer {
  const key = Buffer.alloc(ScopeU32Key.bytes);
  key.writeUInt32LE(slot, ScopeU32Key.slot);
  key.writeUInt32LE(value >>> 0, ScopeU32Key.value);
  return key;
}

function stringKey(layout: { slot: number; bytes: number }, at: number, slot: number, value: string): Buffer {
  const key = Buffer.alloc(layout.bytes);
  key.writeUInt32LE(slot, layout.slot);
  Buffer.from(value).copy(key, at, 0, layout.bytes - at - 1); // leave the NUL
  return key;
}

function exeKey(slot: number, id: { dev: bigint; ino: bigint }): Buffer {
  const key = Buffer.alloc(ScopeExeKey.bytes);
  key.writeUInt32LE(slot, ScopeExeKey.slot);
  key.writeBigUInt64LE(id.dev, ScopeExeKey.dev);
  key.writeBigUInt64LE(id.ino, ScopeExeKey.ino);
  return key;
}

/** Inclusive bounds that `op value` allows, for u32 fields. */
function bounds(op: string, value: number): [number, number] {
  switch (op) {
    case '<': return [0, value - 1];
    case '<=': return [0, value];
    case '>': return [value + 1, U32_MAX];
    case '>=': return [value, U32_MAX];
    default: throw new Error(`not a range operator: ${op}`);
  }
}

export interface CompileOptions {
  slot: number;
  generation: number;
  /** Boot-clock ns when sysray started (pid=new). */
  startNs: bigint;
  /** Send every syscall that makes, copies or closes fds, for the fd table (parse-arguments-fds). */
  trackFds?: boolean;
}

/** Selection index of each tracepoint event. */
const TRACEPOINT_INDEX = new Map<number, number>([
  [TracepointEventId.schedProcessFork, TracepointSelectIndex.schedProcessFork],
  [TracepointEventId.schedProcessExec, TracepointSelectIndex.schedProcessExec],
  [TracepointEventId.schedProcessExit, TracepointSelectIndex.schedProcessExit],
  [TracepointEventId.cgroupMkdir, TracepointSelectIndex.cgroupMkdir],
  [TracepointEventId.cgroupRmdir, TracepointSelectIndex.cgroupRmdir],
]);

/** The selection index of an event the kernel sends (syscall or tracepoint), or undefined. */
function selectionIndex(id: number): number | undefined {
  return id < MAX_SYSCALLS ? id : TRACEPOINT_INDEX.get(id);
}

/**
 * One prefilter covering all `prefilters` (needs beyond what one entry holds
 * are merged so): a record any of them wants passes. Each condition
 * survives only if every need has one on the same argument (the same
 * origin, the same entry-fault argument): integer sets are joined (at most PREFILTER_VALUES values), bit
 * masks OR-ed, path prefixes joined. Wider is always sound: user space
 * checks every need again.
 */
export function mergePrefilters(prefilters: readonly (KernelPrefilter | undefined)[]): KernelPrefilter | undefined {
  if (prefilters.length === 0 || prefilters.some((p) => p === undefined)) return undefined;
  const all = prefilters as readonly KernelPrefilter[];
  const out: KernelPrefilter = {};
  const first = all[0];
  const ints = all.map((p) => p.int);
  if (first.int && ints.every((i) => i !== undefined && i.arg === first.int!.arg && i.bits === first.int!.bits && (i.in?.length || i.anyBits !== undefined))) {
    const bits = first.int.bits;
    const values = new Set<bigint>();
    let anyBits = 0n;
    for (const i of ints) {
      for (const v of i!.in ?? []) values.add(BigInt.asUintN(bits, v));
      anyBits |= BigInt.asUintN(bits, i!.anyBits ?? 0n);
    }
    if (values.size <= PREFILTER_VALUES) {
      out.int = { arg: first.int.arg, bits, ...(values.size ? { in: [...values] } : {}), ...(anyBits ? { anyBits } : {}) };
    }
  }
  const paths = all.map((p) => p.path);
  if (first.path && paths.every((p) => p !== undefined && p.arg === first.path!.arg && p.prefixes.length > 0)) {
    out.path = { arg: first.path.arg, prefixes: [...new Set(paths.flatMap((p) => p!.prefixes))] };
  }
  if (first.origin && all.every((p) => p.origin === first.origin)) out.origin = first.origin;
  if (first.entryFault && all.every((p) => p.entryFault?.arg === first.entryFault!.arg)) out.entryFault = first.entryFault;
  return out.int || out.path || out.origin || out.entryFault ? out : undefined;
}

/** What the kernel can test of a prefilter: int sets it can hold, absolute prefixes cut to PREFILTER_PATH_MAX bytes; undefined if nothing is left. */
function kernelPrefilter(p: KernelPrefilter): KernelPrefilter | undefined {
  const out: KernelPrefilter = {};
  if (p.int && (p.int.in?.length ?? 0) <= PREFILTER_VALUES && (p.int.in?.length || p.int.anyBits !== undefined)) out.int = p.int;
  if (p.path && p.path.prefixes.length > 0 && p.path.prefixes.every((x) => x.startsWith('/'))) {
    // bytes, as latin1 strings: a prefix cut inside a UTF-8 character is still a prefix of the bytes
    const cut = p.path.prefixes.map((x) => Buffer.from(x).subarray(0, PREFILTER_PATH_MAX).toString('latin1'));
    out.path = { arg: p.path.arg, prefixes: [...new Set(cut)] };
  }
  if (p.origin) out.origin = p.origin;
  if (p.entryFault) out.entryFault = p.entryFault;
  return out.int || out.path || out.origin || out.entryFault ? out : undefined;
}

/**
 * The needs the kernel tests for one selection entry, a disjunction: at
 * most PREFILTER_NEEDS (the last one merging what is left, mergePrefilters),
 * path conditions on one argument only (others are dropped: wider).
 * Undefined: some need wants every record.
 */
export function entryNeeds(prefilters: readonly (KernelPrefilter | undefined)[]): KernelPrefilter[] | undefined {
  if (prefilters.length === 0) return undefined;
  const seen = new Map<string, KernelPrefilter>();
  for (const p of prefilters) {
    const k = p && kernelPrefilter(p);
    if (!k) return undefined;
    seen.set(JSON.stringify(k, (_, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v)), k);
  }
  let list = [...seen.values()];
  // the argument most path conditions are on
  const byArg = new Map<number, number>();
  for (const p of list) if (p.path) byArg.set(p.path.arg, (byArg.get(p.path.arg) ?? 0) + 1);
  const pathArg = [...byArg].sort((x, y) => y[1] - x[1] || x[0] - y[0])[0]?.[0];
  list = list.map((p) => (p.path && p.path.arg !== pathArg ? { ...p, path: undefined } : p)).map((p) => {
    const { path, ...rest } = p;
    return path ? p : rest;
  });
  if (list.some((p) => !p.int && !p.path && !p.origin && !p.entryFault)) return undefined;
  // too many: merge the two that lose least (fewest conditions dropped, then fewest prefixes and values) until they fit
  while (list.length > PREFILTER_NEEDS) {
    let best: { i: number; j: number; merged: KernelPrefilter | undefined; cost: number[] } | undefined;
    for (let i = 0; i < list.length; i++) {
      for (let j = i + 1; j < list.length; j++) {
        const merged = mergePrefilters([list[i], list[j]]);
        const cost = [
          conditions(list[i]) + conditions(list[j]) - 2 * conditions(merged),
          (merged?.path?.prefixes.length ?? 0) + (merged?.int?.in?.length ?? 0),
        ];
        if (!best || cost[0] < best.cost[0] || (cost[0] === best.cost[0] && cost[1] < best.cost[1])) best = { i, j, merged, cost };
      }
    }
    if (!best!.merged) return undefined;
    list = [...list.filter((_, k) => k !== best!.i && k !== best!.j), best!.merged];
  }
  return list;
}

function conditions(p: KernelPrefilter | undefined): number {
  return p ? Number(!!p.int) + Number(!!p.path) + Number(!!p.origin) + Number(!!p.entryFault) : 0;
}

/** struct sysray_prefilter of an entry's needs, its sysray_selection.prefilter flags, and the (prefix, need bits) of its trie. */
function prefilterValue(needs: readonly KernelPrefilter[]): { flags: number; value: Buffer; prefixes: Map<string, number> } {
  const value = Buffer.alloc(Prefilter.bytes);
  const prefixes = new Map<string, number>();
  let flags = 0;
  value.writeUInt8(needs.length, Prefilter.nrNeeds);
  needs.forEach((p, k) => {
    const at = Prefilter.needs + k * PrefilterNeed.bytes;
    let need = 0;
    if (p.int) {
      flags |= PrefilterKind.int;
      need |= PrefilterNeedFlag.int;
      const values = p.int.in ?? [];
      values.forEach((v, j) => value.writeBigUInt64LE(BigInt.asUintN(64, v), at + PrefilterNeed.values + j * 8));
      value.writeBigUInt64LE(BigInt.asUintN(64, p.int.anyBits ?? 0n), at + PrefilterNeed.anyBits);
      value.writeUInt8(p.int.arg, at + PrefilterNeed.intArg);
      value.writeUInt8(p.int.bits, at + PrefilterNeed.intBits);
      value.writeUInt8(values.length, at + PrefilterNeed.nrValues);
    }
    if (p.origin) {
      flags |= PrefilterKind.int;
      need |= p.origin === 'container' ? PrefilterNeedFlag.container : PrefilterNeedFlag.host;
    }
    if (p.path) {
      flags |= PrefilterKind.path;
      need |= PrefilterNeedFlag.path;
      value.writeUInt8(p.path.arg, Prefilter.pathArg);
      for (const x of p.path.prefixes) prefixes.set(x, (prefixes.get(x) ?? 0) | (1 << k));
    }
    if (p.entryFault) {
      flags |= PrefilterKind.entryFault;
      need |= PrefilterNeedFlag.entryFault;
      value.writeUInt8(p.entryFault.arg, at + PrefilterNeed.faultArg);
    }
    value.writeUInt8(need, at + PrefilterNeed.flags);
  });
  // a lookup returns the longest match only: each prefix carries the needs of those that cover it
  for (const [x, bits] of prefixes) {
    let all = bits;
    for (const [y, b] of prefixes) if (y.length < x.length && x.startsWith(y)) all |= b;
    prefixes.set(x, all);
  }
  return { flags, value, prefixes };
}

/** Key of map prefilter_prefixes (struct sysray_prefix_key) for a latin1 prefix of selection index `index` (slot included). */
export function prefixKey(index: number, prefix: string): Buffer {
  const key = Buffer.alloc(PrefixKey.bytes);
  const bytes = Buffer.from(prefix, 'latin1');
  key.writeUInt32LE(32 + 8 * bytes.length, PrefixKey.prefixlen);
  key.writeUInt32LE(index, PrefixKey.index);
  bytes.copy(key, PrefixKey.path);
  return key;
}

/**
 * Builds the selection entries: per event, the policies selecting it or a
 * derived event of it, and those selecting a signature that needs it.
 */
class SelectionBuilder {
  readonly policies = new BigUint64Array(SELECTION_PER_SLOT);
  readonly derived = new BigUint64Array(SELECTION_PER_SLOT);
  readonly signature = new BigUint64Array(SELECTION_PER_SLOT);
  readonly signatureDerived = new BigUint64Array(SELECTION_PER_SLOT);
  readonly state = new Uint8Array(SELECTION_PER_SLOT);
  /** Environment variables selected signatures need from sched_process_exec (map exec_env), and the policies selecting those signatures. */
  readonly envNames = new Set<string>();
  envPolicies = 0n;
  /** Per entry, the prefilter of each signature need of it (undefined: the need wants every record). */
  private readonly needPrefilters = new Map<number, (KernelPrefilter | undefined)[]>();

  select(id: number, bit: bigint): void {
    const index = selectionIndex(id);
    if (index !== undefined) {
      this.policies[index] |= bit;
      return;
    }
    const needs = SIGNATURES.kernelNeeds(id);
    if (needs) {
      // a signature: the records its selectors need, on the security path, prefiltered
      for (const need of needs) {
        const at = selectionIndex(need.sourceId);
        if (at === undefined) continue;
        if (need.test === 'always') this.signature[at] |= bit;
        else this.signatureDerived[at] |= bit;
        let list = this.needPrefilters.get(at);
        if (!list) this.needPrefilters.set(at, (list = []));
        list.push(need.prefilter);
        for (const name of need.env ?? []) this.envNames.add(name);
        if (need.env?.length) this.envPolicies |= bit;
      }
      return;
    }
    for (const source of DERIVED_SOURCES.get(id) ?? []) {
      const at = selectionIndex(source.id);
      if (at === undefined) continue;
      if (source.test === 'always') this.policies[at] |= bit;
      else this.derived[at] |= bit;
    }
  }

  /** `slot`: the prefix keys hold the whole selection index. */
  build(slot: number): { selection: Buffer; prefilters: { index: number; value: Buffer }[]; prefixes: MapEntry[] } {
    const selection = Buffer.alloc(SELECTION_PER_SLOT * Selection.bytes);
    const prefilters: { index: number; value: Buffer }[] = [];
    const prefixes: MapEntry[] = [];
    for (let i = 0; i < SELECTION_PER_SLOT; i++) {
      const at = i * Selection.bytes;
      selection.writeBigUInt64LE(this.policies[i], at + Selection.policies);
      selection.writeBigUInt64LE(this.derived[i], at + Selection.derived);
      selection.writeBigUInt64LE(this.signature[i], at + Selection.signature);
      selection.writeBigUInt64LE(this.signatureDerived[i], at + Selection.signatureDerived);
      selection.writeUInt32LE(this.state[i], at + Selection.state);
    }
    // the kernel prefilters syscalls only: tracepoint events are sent whole
    for (const [index, list] of this.needPrefilters) {
      const needs = index < MAX_SYSCALLS ? entryNeeds(list) : undefined;
      if (!needs) continue;
      const { flags, value, prefixes: trie } = prefilterValue(needs);
      selection.writeUInt32LE(flags, index * Selection.bytes + Selection.prefilter);
      prefilters.push({ index, value });
      for (const [x, bits] of trie) {
        const v = Buffer.alloc(4);
        v.writeUInt32LE(bits);
        prefixes.push({ map: 'prefilter_prefixes', key: prefixKey(slot * SELECTION_PER_SLOT + index, x), value: v });
      }
    }
    const room = PREFILTER_PREFIX_ENTRIES / CONFIG_SLOTS;
    if (prefixes.length > room) {
      throw new Error(`signatures need ${prefixes.length} kernel path prefixes; map prefilter_prefixes holds ${room} per config slot (SYSRAY_PREFILTER_PREFIX_ENTRIES ${PREFILTER_PREFIX_ENTRIES} in bpf/sysray.h)`);
    }
    return { selection, prefilters, prefixes };
  }
}

export function compileKernelConfig(policies: readonly Policy[], options: CompileOptions): KernelConfig {
  const { slot, generation } = options;
  if (slot < 0 || slot >= CONFIG_SLOTS) throw new Error(`config slot ${slot} out of range`);
  const config = Buffer.alloc(PolicyConfig.bytes);
  const masks = new Map<number, bigint>(); // offset in config → mask
  const or = (offset: number, bit: bigint): void => {
    masks.set(offset, (masks.get(offset) ?? 0n) | bit);
  };
  let fields = 0;
  const values = new ValueMaps();
  const treeRoots: TreeRoot[] = [];
  const userChecks = new Map<number, ScopeTerm[]>();
  const selection = new SelectionBuilder();
  if (options.trackFds) {
    for (const name of CHANGES_FDS) {
      const id = eventByName(name)?.id;
      if (id !== undefined && id < MAX_SYSCALLS) selection.state[id] = 1;
    }
  }
  const minMax = { uid: [PolicyConfig.uidMin, PolicyConfig.uidMax], pid: [PolicyConfig.pidMin, PolicyConfig.pidMax] } as const;
  for (const field of ['uid', 'pid'] as const) {
    for (let p = 0; p < 64; p++) config.writeUInt32LE(U32_MAX, minMax[field][1] + p * 4);
  }

  for (const policy of policies) {
    const bit = 1n << BigInt(policy.id);
    const userTerms: ScopeTerm[] = [];
    or(PolicyConfig.enabled, bit);
    for (const id of policy.rules.keys()) selection.select(id, bit);
    for (const term of policy.scope) {
      switch (term.field) {
        case 'uid':
        case 'pid':
        case 'mntns':
        case 'pidns': {
          fields |= FIELD_BIT[term.field];
          if (term.op === '=' || term.op === '!=') {
            if (term.op === '=') or(EQ_OFFSET[term.field], bit);
            for (const v of term.values) values.add(U32_MAPS[term.field], u32Key(slot, v), bit, term.op === '!=');
          } else {
            const f = term.field as 'uid' | 'pid';
            or(f === 'uid' ? PolicyConfig.uidRange : PolicyConfig.pidRange, bit);
            const minAt = minMax[f][0] + policy.id * 4;
            const maxAt = minMax[f][1] + policy.id * 4;
            // several bounds of one policy all hold (uid>=1000 and uid<2000)
            for (const v of term.values) {
              const [lo, hi] = bounds(term.op, v);
              if (lo > hi) {
                // uid<0: nothing is in bounds
                config.writeUInt32LE(U32_MAX, minAt);
                config.writeUInt32LE(0, maxAt);
                continue;
              }
              config.writeUInt32LE(Math.max(config.readUInt32LE(minAt), lo), minAt);
              config.writeUInt32LE(Math.min(config.readUInt32LE(maxAt), hi), maxAt);
            }
          }
          break;
        }
        case 'uts':
        case 'comm':
        case 'executable': {
          const exact = term.values.filter((v) => !isWildcard(v));
          const keys: Buffer[] = [];
          const undecided: string[] = term.values.filter((v) => isWildcard(v));
          for (const v of exact) {
            if (term.field === 'executable') {
              const id = fileIdentity(v);
              if (id) keys.push(exeKey(slot, id));
              else undecided.push(v);
            } else if (term.field === 'comm') {
              keys.push(stringKey(ScopeCommKey, ScopeCommKey.comm, slot, v));
            } else {
              keys.push(stringKey(ScopeUtsKey, ScopeUtsKey.name, slot, v));
            }
          }
          const map = term.field === 'executable' ? 'scope_exes' : term.field === 'comm' ? 'scope_comms' : 'scope_uts';
          if (term.op === '=' && undecided.length > 0) {
            // any value could match one of the undecided ones: all in user space
            userTerms.push(term);
            break;
          }
          fields |= FIELD_BIT[term.field];
          if (term.op === '=') or(EQ_OFFSET[term.field], bit);
          for (const key of keys) values.add(map, key, bit, term.op === '!=');
          if (undecided.length > 0) userTerms.push({ field: term.field, op: '!=', values: undecided });
          break;
        }
        case 'tree':
          fields |= ScopeFieldBit.proc;
          if (term.op === '=') or(PolicyConfig.treeEq, bit);
          for (const pid of term.values) treeRoots.push({ policy: policy.id, pid, exclude: term.op === '!=' });
          break;
        case 'follow':
          fields |= ScopeFieldBit.proc;
          or(PolicyConfig.follow, bit);
          break;
        case 'newPid':
          fields |= ScopeFieldBit.newPid;
          or(PolicyConfig.newPid, bit);
          break;
        case 'anyContainer':
          fields |= ScopeFieldBit.container;
          or(PolicyConfig.container, bit);
          break;
        case 'notContainer':
          fields |= ScopeFieldBit.container;
          or(PolicyConfig.notContainer, bit);
          break;
        case 'newContainer':
          fields |= ScopeFieldBit.container;
          or(PolicyConfig.newContainer, bit);
          break;
        case 'container':
          // in a container, which one is for user space (ids are prefixes)
          if (term.op === '=') {
            fields |= ScopeFieldBit.container;
            or(PolicyConfig.container, bit);
          }
          userTerms.push(term);
          break;
      }
    }
    if (userTerms.length > 0) userChecks.set(policy.id, userTerms);
  }

  for (const [offset, mask] of masks) config.writeBigUInt64LE(mask, offset);
  config.writeBigUInt64LE(options.startNs, PolicyConfig.startNs);
  config.writeUInt32LE(generation, PolicyConfig.generation);
  config.writeUInt32LE(fields, PolicyConfig.fields);
  const entries = values.entries();
  if (selection.envNames.size > 0) {
    const key = Buffer.alloc(4);
    key.writeUInt32LE(slot);
    entries.push({ map: 'exec_env', key, value: execEnvValue([...selection.envNames], selection.envPolicies) });
  }
  const { selection: sel, prefilters, prefixes } = selection.build(slot);
  entries.push(...prefixes);
  return { slot, generation, config, selection: sel, prefilters, entries, treeRoots, userChecks };
}

/** struct sysray_exec_env: each name as `NAME=` with its byte mask (bpf/sysray.h "Exec environment"). */
export function execEnvValue(names: readonly string[], policies: bigint): Buffer {
  if (names.length > EXEC_ENV_NAMES) {
    throw new KernelConfigError(`the selected signatures need ${names.length} environment variables from sched_process_exec (${names.join(', ')}); at most ${EXEC_ENV_NAMES}`);
  }
  const value = Buffer.alloc(ExecEnv.bytes);
  value.writeBigUInt64LE(policies, ExecEnv.policies);
  value.writeUInt32LE(names.length, ExecEnv.count);
  names.forEach((name, k) => {
    const bytes = Buffer.from(name + '=', 'latin1');
    if (bytes.length > EXEC_ENV_NAME_LEN) throw new KernelConfigError(`environment variable name "${name}" is longer than ${EXEC_ENV_NAME_LEN - 1} characters`);
    value.writeUInt8(bytes.length, ExecEnv.len + k);
    bytes.copy(value, ExecEnv.name + k * EXEC_ENV_NAME_LEN);
    value.fill(0xff, ExecEnv.mask + k * EXEC_ENV_NAME_LEN, ExecEnv.mask + k * EXEC_ENV_NAME_LEN + bytes.length);
  });
  return value;
}
