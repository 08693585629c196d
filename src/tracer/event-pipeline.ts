/**
 * User space's part of tracing, without the kernel: batches of records in,
 * shown events out. decode → process context (tree, fd table) → derived
 * events → policies' user-space checks. The tracer feeds it live batches;
 * bench/replay.ts feeds it recorded ones to measure it alone.
 */
import { BatchDecoder, type DecoderCounters } from '../decode/batch-decoder.js';
import type { TraceEvent } from '../decode/trace-event.js';
import { PolicyMatcher } from '../policy/policy-matcher.js';
import type { Policy } from '../policy/policy-types.js';
import type { KernelConfig } from '../policy/kernel-config.js';
import { ProcessContext } from '../process/process-context.js';
import { pictureContainers, type ProcPicture } from '../process/proc-picture.js';
import { EventDeriver } from '../derive/event-deriver.js';
import type { MemoryRegionsCounters } from '../derive/memory-regions.js';
import type { ContainerRuntimes } from '../process/container-runtime.js';
import { DetectionEngine, type DetectionCounters, type DetectionEngineOptions } from '../detect/detection-engine.js';
import type { SignatureRegistry } from '../detect/signature-registry.js';
import { EVENTS } from '../events/catalog.js';
import { EventRecord, TracepointEventId } from '../decode/record-layout.js';
import { hasKernelTruth, type TimeBarrier } from '../decode/batch-decoder.js';
import type { JsonPrinter } from '../output/json-printer.js';
import { RecordJson } from '../output/record-json.js';

/** The events that change the process tree or name containers: always decoded. */
const LIFECYCLE = new Set<number>(Object.values(TracepointEventId));
/** Policy generations whose written-from-bytes kinds are kept (the matcher keeps as many). */
const KEPT_GENERATIONS = 4;
/** The built-in catalog's highest id: signatures' findings, registered later, are never written from bytes. */
const MAX_EVENT_ID = EVENTS.reduce((max, e) => Math.max(max, e.id), 0);

export interface EventPipelineOptions {
  /** realtime − boottime, ns. */
  clockOffset: bigint;
  symbolic: boolean;
  trackFds: boolean;
  /** Where the containers' cgroup hierarchy is mounted ('' for none). */
  containerCgroupMount: string;
  runtimes?: ContainerRuntimes;
  /** Signatures to run (src/detect/); none without it. */
  detection?: { registry: SignatureRegistry } & DetectionEngineOptions;
  /**
   * Every event some policy's kernel half selected goes out, the user-space
   * checks and filters not applied: analyze judges a recording's events by
   * policies of its own (src/analyze/recording-input.ts).
   */
  showEverything?: boolean;
}

export interface PipelineCounters {
  decoder: DecoderCounters;
  /** Events handed to the output (derived ones included). */
  written: number;
  /** Events the kernel matched that the policies' user-space checks and filters dropped. */
  filtered: number;
  /** Records sent only to keep state (process tree, fd table), shown by no policy. */
  stateOnly: number;
  /** Events the kernel sent only for signatures (no policy shows them). */
  forSignatures: number;
  detection: DetectionCounters;
  /** mem_prot_alert's mapping state: what its bounds made it drop. */
  memoryRegions: MemoryRegionsCounters;
  /** Of `written`, the lines written straight from records (printRecordsWith): by JS, by the C writer. */
  fromRecords: { js: number; native: number };
}

export class EventPipeline {
  readonly context: ProcessContext;
  private readonly decoder: BatchDecoder;
  private readonly matcher = new PolicyMatcher();
  private readonly deriver: EventDeriver;
  private written = 0;
  private filtered = 0;
  private stateOnly = 0;
  private forSignatures = 0;
  private fromRecordsJs = 0;
  private readonly engine?: DetectionEngine;
  private readonly show: (event: TraceEvent) => boolean;
  private readonly handle: (event: TraceEvent) => void;
  /** Each generation's policies, and the event kinds written from their bytes under it (printRecordsWith). */
  private readonly generations = new Map<number, { policies: readonly Policy[]; plain?: Uint8Array }>();
  private recordJson?: RecordJson;

  constructor(private readonly options: EventPipelineOptions, onEvent: (event: TraceEvent) => void) {
    this.context = new ProcessContext({ clockOffset: options.clockOffset, trackFds: options.trackFds });
    this.deriver = new EventDeriver({ tree: this.context.tree, clockOffset: options.clockOffset, runtimes: options.runtimes });
    this.decoder = new BatchDecoder({ clockOffset: options.clockOffset, symbolic: options.symbolic, containerCgroupMount: options.containerCgroupMount });
    const everything = options.showEverything === true;
    const show = (event: TraceEvent): boolean => {
      if (!everything && !this.matcher.match(event)) return false;
      this.written++;
      onEvent(event);
      return true;
    };
    this.show = show;
    const detection = options.detection;
    const engine = detection && detection.registry.all.length > 0 ? new DetectionEngine(detection.registry, this.context, { runtimes: options.runtimes, ...detection }) : undefined;
    this.engine = engine;
    const showFinding = (f: TraceEvent): void => void show(f);
    const late = (event: TraceEvent): void => {
      show(event);
      engine?.push(event, showFinding);
    };
    this.handle = (event) => {
      this.context.apply(event);
      // the thread texts the C writer holds name the executable and container
      if (LIFECYCLE.has(event.eventId)) this.recordJson?.forget();
      this.deriver.observe(event);
      if (event.policyMask === 0n) {
        this.stateOnly++;
        return;
      }
      let shown = false;
      let detected = false;
      this.deriver.derive(event, (e) => {
        shown = show(e) || shown;
        if (engine !== undefined && engine.wants(e.eventId) && engine.push(e, showFinding)) detected = true;
      }, late);
      if (!shown) {
        if (detected) this.forSignatures++;
        else this.filtered++;
      }
    };
  }

  /** The policy set of `generation` (before any of its events can arrive). */
  addPolicies(generation: number, policies: readonly Policy[], kc: Pick<KernelConfig, 'userChecks'>): void {
    this.matcher.add({ generation, policies, userChecks: kc.userChecks });
    this.engine?.addPolicies(generation, policies);
    this.generations.set(generation, { policies });
    for (const g of this.generations.keys()) if (g <= generation - KEPT_GENERATIONS) this.generations.delete(g);
  }

  /**
   * `printer` is the run's one output: events of the kinds nothing here
   * needs as objects (no lifecycle, kernel truth, derived event, signature
   * or fd table; the policies decided by the kernel's word) are written to
   * it straight from their records (src/output/record-json.ts), the same
   * bytes as its print() of the decoded event. The others are decoded and
   * shown as before.
   */
  printRecordsWith(printer: JsonPrinter, native = true): void {
    if (this.options.showEverything || this.options.trackFds) return;
    const writer = new RecordJson(printer, this.options.clockOffset, this.options.symbolic, native);
    this.recordJson = writer;
    const tree = this.context.tree;
    const counters = this.decoder.counters;
    this.decoder.recordSink = {
      accepts: (eventId, generation, maskLo, maskHi) => {
        const g = this.generations.get(generation);
        if (g === undefined) return undefined;
        const plain = g.plain ?? (g.plain = this.plainKinds(generation, g.policies, writer));
        return plain[eventId] === 1 ? this.matcher.settledNames(generation, eventId, maskLo, maskHi) : undefined;
      },
      write: (r) => {
        r.executablePath = tree.get(r.words[(r.off >> 2) + (EventRecord.hostPid >> 2)] >>> 0)?.exePath ?? '';
        if (!writer.write(r)) return false;
        this.written++;
        this.fromRecordsJs++;
        return true;
      },
      encode: (batch, at, held, hold, until) => {
        const before = writer.encoded;
        const stop = writer.encode(batch, at, held, hold, until);
        const n = writer.encoded - before;
        this.written += n;
        counters.events += n;
        return stop;
      },
    };
  }

  /** By event id, 1 for the kinds written from their bytes under `policies` (of `generation`). */
  private plainKinds(generation: number, policies: readonly Policy[], writer: RecordJson): Uint8Array {
    const engine = this.engine;
    // only the signatures these policies run: the registry's others select openat, write... and run for none
    const wanted = (id: number): boolean => engine?.wantsIn(generation, id) ?? false;
    const selected = (id: number): boolean => policies.some((p) => p.rules.has(id)) || wanted(id);
    const plain = new Uint8Array(MAX_EVENT_ID + 1);
    for (const e of EVENTS) {
      if (e.source === 'derived' || e.source === 'signature' || LIFECYCLE.has(e.id) || (hasKernelTruth(e.id) && !writer.teachesOnly(e))) continue;
      if (wanted(e.id) || !this.deriver.passesThrough(e.id, selected) || !writer.writes(e)) continue;
      plain[e.id] = 1;
    }
    return plain;
  }

  /** Takes a picture of /proc: the process tree (and fd table) start from it. */
  seed(procRoot?: string): void {
    this.context.seed(procRoot);
    this.recordJson?.forget();
  }

  /**
   * Starts from a picture taken earlier (a recording's, src/process/proc-picture.ts):
   * the process tree, the fd table and the containers the decoder names by
   * cgroup id.
   */
  seedFromPicture(picture: ProcPicture): void {
    this.context.seedFromPicture(picture);
    this.recordJson?.forget();
    this.decoder.seedContainers(pictureContainers(picture));
  }

  /** Works one batch of records, as the kernel wrote them into ring `ring` (native-addon.ts Ring: 0 bulk, 1 security). */
  push(batch: Buffer, ring = 0): void {
    this.decoder.decode(batch, this.handle, ring);
  }

  /**
   * Works batches of both rings at once, their events in time order: each
   * ring is in order, the two are not (bpf/sysray.h, "Two ring buffers"),
   * and the process tree and fd table must see a fork after the parent's
   * earlier calls. The security ring's batches are decoded first (a
   * cgroup_mkdir names its container before events from inside it); the
   * bulk ones are then worked record by record as push() does, written
   * from their bytes where they can be, each security event worked before
   * the first bulk record later than it (TimeBarrier).
   */
  pushInOrder(batches: readonly { batch: Buffer; ring: number }[]): void {
    // security events are few: they wait as objects, the bulk records are not made into any
    const sink = this.decoder.recordSink;
    this.decoder.recordSink = undefined;
    const security: TraceEvent[] = [];
    try {
      for (const b of batches) if (b.ring === 1) this.decoder.decode(b.batch, (e) => security.push(e), 1);
    } finally {
      this.decoder.recordSink = sink;
    }
    const offset = this.options.clockOffset;
    let j = 0;
    const barrier: TimeBarrier = {
      untilHi: 0,
      untilLo: 0,
      release: (hi, lo) => {
        const until = ((BigInt(hi) << 32n) | BigInt(lo)) + offset;
        while (j < security.length && security[j].timestamp < until) this.handle(security[j++]);
        setUntil();
      },
    };
    const setUntil = (): void => {
      if (j >= security.length) {
        barrier.untilHi = barrier.untilLo = 0xffffffff;
        return;
      }
      const boot = BigInt.asUintN(64, security[j].timestamp - offset);
      barrier.untilHi = Number(boot >> 32n);
      barrier.untilLo = Number(boot & 0xffffffffn);
    };
    setUntil();
    for (const b of batches) if (b.ring !== 1) this.decoder.decode(b.batch, this.handle, 0, barrier);
    while (j < security.length) this.handle(security[j++]);
  }

  /**
   * An event already decoded and derived, read back from an output (sysray
   * analyze): its policyMask says which policies selected it. It updates
   * the process tree, is shown when the policies keep it and goes to the
   * signatures; nothing is derived from it again (its derived events were
   * recorded with it).
   */
  pushDecoded(event: TraceEvent): void {
    // the record's executable stands: the tree here knows only what the records told it
    const exe = event.executablePath;
    this.context.apply(event);
    if (exe !== '') event.executablePath = exe;
    if (event.policyMask === 0n) {
      this.stateOnly++;
      return;
    }
    const shown = this.show(event);
    const engine = this.engine;
    const detected = engine !== undefined && engine.wants(event.eventId) && engine.push(event, (f) => void this.show(f));
    if (!shown) {
      if (detected) this.forSignatures++;
      else this.filtered++;
    }
  }

  /** Waits for derived events still being completed (container runtimes' answers), then ends the signatures' input. */
  async drain(): Promise<void> {
    await this.deriver.drain();
    this.engine?.end((f) => void this.show(f));
  }

  /** Per signature eventName, findings --signatures-config allowlisted (for /metrics). */
  get allowlistedBySignature(): ReadonlyMap<string, number> {
    return this.engine?.allowlistedBySignature ?? new Map();
  }

  get counters(): PipelineCounters {
    return {
      decoder: this.decoder.counters, written: this.written, filtered: this.filtered, stateOnly: this.stateOnly,
      forSignatures: this.forSignatures, detection: this.engine?.counters ?? { findings: 0, disabled: 0, allowlisted: 0 },
      memoryRegions: this.deriver.memory.counters,
      fromRecords: { js: this.fromRecordsJs, native: this.recordJson?.encoded ?? 0 },
    };
  }
}
