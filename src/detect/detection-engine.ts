/**
 * Runs signatures over the event stream. Each event goes to the signatures
 * that select it, when one of the policies the kernel matched selects them
 * (or selects a signature that selects their findings); their findings become
 * events (finding-event.ts), are shown like any other, and are fed back in so
 * that signatures can select other signatures' findings.
 *
 * A signature that throws is disabled and said once, on one line; tracing
 * goes on.
 */
import type { ArgValue, TraceEvent } from '../decode/trace-event.js';
import type { Policy } from '../policy/policy-types.js';
import type { ProcessContext } from '../process/process-context.js';
import { renderArgSymbolic } from '../decode/symbols/index.js';
import { eventByName } from '../events/catalog.js';
import { RETURNS_FD } from '../events/fd-returning.js';
import { isResolvedPathArg } from '../events/path-args.js';
import type { ArgCondition, EventSelector, Finding, OnEventResult, SignatureContext } from './signature.js';
import type { RegisteredSignature, SignatureRegistry } from './signature-registry.js';
import { findingEvent } from './finding-event.js';
import type { ContainerRuntimes } from '../process/container-runtime.js';
import { isAllowed, type SignaturesConfig } from './signature-tuning.js';

export interface DetectionEngineOptions {
  selfPid: number;
  parentPid: number;
  /** One line per problem (a signature disabled). */
  warn: (line: string) => void;
  /** `--signature-param EVENTNAME.KEY=a,b`: per signature eventName, per key. */
  params?: ReadonlyMap<string, ReadonlyMap<string, readonly string[]>>;
  /** Containers' names and images, as far as their runtimes answered. */
  runtimes?: Pick<ContainerRuntimes, 'known'>;
  /** `--signatures-config`: signatures disabled, severities, allowlists. */
  tuning?: SignaturesConfig;
}

interface Route {
  reg: RegisteredSignature;
  selector: EventSelector;
  /** where, with its conditions' values as bigints */
  conditions: { name: string; cond: ArgCondition; in?: bigint[]; anyBits?: bigint; openedPath?: boolean }[];
}

/** Findings feeding signatures that feed signatures: deeper than this is a loop. */
const MAX_DEPTH = 8;

function argOf(event: TraceEvent, name: string): ArgValue | undefined {
  for (const a of event.args) if (a.spec.name === name) return a.value;
  return undefined;
}

function asBigint(v: ArgValue | undefined): bigint | undefined {
  if (typeof v === 'number') return Number.isInteger(v) ? BigInt(v) : undefined;
  if (typeof v === 'bigint') return v;
  if (typeof v === 'boolean') return v ? 1n : 0n;
  return undefined;
}

function conditionHolds(event: TraceEvent, c: Route['conditions'][number]): boolean {
  const v = argOf(event, c.name);
  if (c.in) {
    const n = asBigint(v);
    if (n === undefined || !c.in.includes(n)) return false;
  }
  if (c.anyBits !== undefined) {
    const n = asBigint(v);
    if (n === undefined || (n & c.anyBits) === 0n) return false;
  }
  if (c.cond.prefix) {
    // as in the kernel: an fd it opened decides by its path; else relative paths pass, for the signature to resolve
    const path = (c.openedPath ? openedFilePath(event) : undefined) ?? v;
    if (typeof path !== 'string') return false;
    if (path.startsWith('/') && !c.cond.prefix.some((p) => path.startsWith(p))) return false;
  }
  if (c.cond.entryFault && !faultedAtEntry(event, c.name)) return false;
  return true;
}

/** ArgCondition.entryFault: the entry read failed, and the value was read at exit or not at all. */
function faultedAtEntry(event: TraceEvent, name: string): boolean {
  for (const a of event.args) if (a.spec.name === name) return a.entryFault === true || a.unreadable === 'fault';
  return false;
}

/**
 * The kernel's path of the file a successful open-like syscall (RETURNS_FD)
 * returned, as its prefilter compared it (bpf/sysray.h, struct
 * sysray_prefilter): symlinks, `..`, `//` and the cwd resolved. Undefined
 * when it failed or the fd is no file.
 */
function openedFilePath(event: TraceEvent): string | undefined {
  const fd = event.returnedFd;
  if (fd === undefined || Number(event.returnValue) < 0) return undefined;
  if (fd.kind === 'file') return fd.path;
  if (fd.kind === 'memfd') return `/memfd:${fd.name} (deleted)`;
  return undefined;
}

export interface DetectionCounters {
  /** Findings made (shown or not). */
  findings: number;
  /** Signatures disabled because they threw. */
  disabled: number;
  /** Findings dropped by an allowlist of --signatures-config. */
  allowlisted: number;
}

export class DetectionEngine {
  private readonly routes = new Map<number, Route[]>();
  /** Per generation: signature event id → the policies it runs for. */
  private readonly runMasks = new Map<number, Map<number, bigint>>();
  private readonly contexts = new Map<number, SignatureContext>();
  private readonly disabled = new Set<number>();
  private readonly initialized = new Set<number>();
  readonly counters: DetectionCounters = { findings: 0, disabled: 0, allowlisted: 0 };
  /** Per signature eventName: findings its allowlist dropped. */
  private readonly allowed = new Map<string, number>();

  constructor(
    private readonly registry: SignatureRegistry,
    private readonly process: ProcessContext,
    private readonly options: DetectionEngineOptions,
  ) {
    for (const reg of registry.all) {
      if (this.tuningOf(reg)?.enabled === false) continue; // never routed, initialized or marked
      for (const selector of reg.signature.selects) {
        const spec = eventByName(selector.event);
        if (!spec) continue;
        const conditions = Object.entries(selector.where ?? {}).map(([name, cond]) => ({
          name, cond,
          ...(cond.in ? { in: cond.in.map((x) => BigInt(x)) } : {}),
          ...(cond.anyBits !== undefined ? { anyBits: BigInt(cond.anyBits) } : {}),
          // a path an fd-returning syscall opens: decided on the fd's path when it succeeded
          ...(cond.prefix && RETURNS_FD.has(spec.name) && !spec.source && isResolvedPathArg(spec, spec.args.findIndex((a) => a.name === name)) ? { openedPath: true } : {}),
        }));
        const list = this.routes.get(spec.id) ?? [];
        list.push({ reg, selector, conditions });
        this.routes.set(spec.id, list);
      }
      this.contexts.set(reg.id, this.makeContext(reg));
    }
  }

  /** Per signature eventName, the findings its --signatures-config allowlist dropped (for /metrics). */
  get allowlistedBySignature(): ReadonlyMap<string, number> {
    return this.allowed;
  }

  /** True when some signature selects events of this id. */
  wants(eventId: number): boolean {
    return this.routes.has(eventId);
  }

  /** True when a signature that runs for some policy of `generation` selects events of this id. */
  wantsIn(generation: number, eventId: number): boolean {
    const routes = this.routes.get(eventId);
    const masks = this.runMasks.get(generation);
    return routes !== undefined && masks !== undefined && routes.some((r) => (masks.get(r.reg.id) ?? 0n) !== 0n && !this.disabled.has(r.reg.id));
  }

  /** The policy set of `generation`: which signatures run for which policies. */
  addPolicies(generation: number, policies: readonly Policy[]): void {
    const masks = new Map<number, bigint>();
    const mark = (id: number, bit: bigint, depth: number): void => {
      const reg = this.registry.byId(id);
      if (!reg || this.tuningOf(reg)?.enabled === false || depth > MAX_DEPTH || ((masks.get(id) ?? 0n) & bit) !== 0n) return;
      masks.set(id, (masks.get(id) ?? 0n) | bit);
      for (const sel of reg.signature.selects) {
        const other = this.registry.byName(sel.event);
        if (other) mark(other.id, bit, depth + 1); // its findings are this one's input
      }
    };
    for (const p of policies) for (const id of p.rules.keys()) mark(id, 1n << BigInt(p.id), 0);
    this.runMasks.set(generation, masks);
    for (const g of this.runMasks.keys()) if (g <= generation - 4) this.runMasks.delete(g);
    for (const id of masks.keys()) this.init(id);
  }

  /**
   * Gives `event` to the signatures that want it; each finding goes to
   * `emit`, then back in. True when some signature was given it.
   */
  push(event: TraceEvent, emit: (finding: TraceEvent) => void, depth = 0): boolean {
    const routes = this.routes.get(event.eventId);
    if (routes === undefined || event.policyMask === 0n) return false;
    const masks = this.runMasks.get(event.policyGeneration);
    if (!masks) return false;
    let given = false;
    for (const route of routes) {
      const id = route.reg.id;
      const mask = (masks.get(id) ?? 0n) & event.policyMask;
      if (mask === 0n || this.disabled.has(id)) continue;
      given = true;
      const origin = route.selector.origin ?? 'any';
      if (origin === 'container' && event.containerId === '') continue;
      if (origin === 'host' && event.containerId !== '') continue;
      if (!route.conditions.every((c) => conditionHolds(event, c))) continue;
      const result = this.call(route.reg, () => route.reg.signature.onEvent(event, this.contexts.get(id)!));
      this.report(route.reg, result, event, mask, emit, depth);
    }
    return given;
  }

  /** End of input: every running signature's onEnd. */
  end(emit: (finding: TraceEvent) => void): void {
    for (const id of this.initialized) {
      const reg = this.registry.byId(id)!;
      if (this.disabled.has(id) || !reg.signature.onEnd) continue;
      const result = this.call(reg, () => reg.signature.onEnd!(this.contexts.get(id)!));
      for (const f of this.findings(result)) {
        if (!f.event) {
          this.disable(reg, 'onEnd returned a finding without its event');
          break;
        }
        let mask = 0n;
        for (const m of this.runMasks.values()) mask |= m.get(id) ?? 0n;
        this.report(reg, [f], f.event, mask & f.event.policyMask, emit, 0);
      }
    }
  }

  private report(reg: RegisteredSignature, result: OnEventResult | typeof FAILED, source: TraceEvent, mask: bigint, emit: (f: TraceEvent) => void, depth: number): void {
    if (result === FAILED) return;
    const tuning = this.tuningOf(reg);
    for (const f of this.findings(result)) {
      const from = f.event ?? source;
      if (tuning && this.allowlisted(reg, tuning, from)) continue;
      const finding = findingEvent(reg, tuning?.severity !== undefined ? { ...f, severity: tuning.severity } : f, from, mask);
      this.counters.findings++;
      emit(finding);
      if (depth < MAX_DEPTH) this.push(finding, emit, depth + 1);
    }
  }

  private tuningOf(reg: RegisteredSignature): ReturnType<SignaturesConfig['get']> {
    return this.options.tuning?.get(reg.signature.metadata.eventName);
  }

  /** The finding's process is on the signature's allowlist: counted, not reported. */
  private allowlisted(reg: RegisteredSignature, tuning: NonNullable<ReturnType<SignaturesConfig['get']>>, from: TraceEvent): boolean {
    const image = from.containerId === '' ? '' : (this.options.runtimes?.known(from.containerId)?.image ?? '');
    if (!isAllowed(tuning, from.processName, from.executablePath, image)) return false;
    const name = reg.signature.metadata.eventName;
    this.allowed.set(name, (this.allowed.get(name) ?? 0) + 1);
    this.counters.allowlisted++;
    return true;
  }

  private findings(result: OnEventResult | typeof FAILED): readonly Finding[] {
    if (result === undefined || result === null || result === FAILED) return [];
    return Array.isArray(result) ? (result as readonly Finding[]) : [result as Finding];
  }

  private call(reg: RegisteredSignature, fn: () => OnEventResult): OnEventResult | typeof FAILED {
    try {
      return fn();
    } catch (err) {
      this.disable(reg, `threw ${err instanceof Error ? `${err.name}: ${err.message}` : String(err)}`);
      return FAILED;
    }
  }

  private init(id: number): void {
    if (this.initialized.has(id)) return;
    this.initialized.add(id);
    const reg = this.registry.byId(id)!;
    if (reg.signature.init) this.call(reg, () => void reg.signature.init!(this.contexts.get(id)!));
  }

  private disable(reg: RegisteredSignature, why: string): void {
    if (this.disabled.has(reg.id)) return;
    this.disabled.add(reg.id);
    this.counters.disabled++;
    const m = reg.signature.metadata;
    this.options.warn(`signature ${m.id} (${m.eventName}) disabled: ${why.split('\n')[0]}; the others go on`);
  }

  private makeContext(reg: RegisteredSignature): SignatureContext {
    const tree = this.process.tree;
    const fds = (): ProcessContext['fds'] => this.process.fds;
    const params = this.options.params?.get(reg.signature.metadata.eventName);
    const declared = reg.signature.params ?? {};
    return {
      self: { pid: this.options.selfPid, parentPid: this.options.parentPid },
      arg: argOf,
      process: (pid) => tree.get(pid),
      ancestors: (pid) => tree.ancestors(pid),
      isDescendant: (pid, ancestor) => pid === ancestor || tree.ancestors(pid).some((p) => p.hostPid === ancestor),
      fd: (pid, fd) => fds()?.get(pid, fd),
      container: (event) => {
        if (event.containerId === '') return undefined;
        const info = this.options.runtimes?.known(event.containerId);
        return { id: event.containerId, name: info?.name ?? '', image: info?.image ?? '' };
      },
      symbol: (event, name) => {
        const a = event.args.find((x) => x.spec.name === name);
        return a?.spec.format ? renderArgSymbolic(a.spec.format, BigInt(a.raw)) : undefined;
      },
      param: (key) => params?.get(key) ?? declared[key]?.default ?? [],
    };
  }
}

const FAILED = Symbol('failed');
