/**
 * One tracing session over the native addon: open → policies → start → stop
 * → close, in that order (the lifecycle of native/addon.c), with batches
 * decoded into TraceEvents and matched against the policies on the way.
 * Policies can be replaced while tracing (SIGHUP): see setPolicies.
 */
import { existsSync } from 'node:fs';
import type { DecoderCounters } from '../decode/batch-decoder.js';
import type { TraceEvent } from '../decode/trace-event.js';
import { loadNativeAddon, Ring, type NativeAddon, type NativeHandle, type NativeHealth, type RecordOpenOptions, type RecordStats, type RingId } from './native-addon.js';
import { ChunkKind } from '../record/recording-format.js';
import type { ProcPicture } from '../process/proc-picture.js';
import { buildSyscallDescs } from './syscall-descs.js';
import { KernelPolicyWriter } from './kernel-policy-writer.js';
import { eventById } from '../events/catalog.js';
import { planSyscallHooks, syscallTracepoints, syscallsToHook, type SyscallHooks } from './syscall-hooks.js';
import { containerHierarchy } from './container-hierarchy.js';
import { compileKernelConfig } from '../policy/kernel-config.js';
import type { Policy } from '../policy/policy-types.js';
import { EventPipeline } from './event-pipeline.js';
import type { JsonPrinter } from '../output/json-printer.js';
import { ContainerRuntimes, DEFAULT_RUNTIME_SOCKETS } from '../process/container-runtime.js';
import type { EventPipelineOptions, PipelineCounters } from './event-pipeline.js';

export interface TracerOptions {
  /** Where one-line notices go (default: stderr, `sysray: ` first). */
  notice?: (line: string) => void;
  /** The bulk ring buffer. */
  ringBufferBytes: number;
  /** The ring of records signatures need and of process lifecycle (default 8 MiB). */
  securityRingBufferBytes?: number;
  captureEnv: boolean;
  symbolic: boolean;
  /** Keep the fd table and describe fd arguments (`-o option:parse-arguments-fds`). */
  trackFds?: boolean;
  /** Ask container runtimes for names and images (default true). */
  containerRuntimes?: boolean;
  verbose?: boolean;
  /** Which hooks take syscalls: chosen by the selection's size (default), or forced (benchmarks, tests). */
  syscallHooks?: 'auto' | 'raw' | 'tracepoints';
  /**
   * The policies the first setPolicies will bring: only the syscall hooks
   * they need are loaded (verifying each kind costs start time). Without
   * them both kinds are loaded.
   */
  initialPolicies?: readonly Policy[];
  /** Sees every batch before it is decoded (bench/replay.ts records them), with its ring. */
  onBatch?: (batch: Buffer, ring: RingId) => void;
  /** Runs after each batch is decoded and its events delivered (the decode lag of /metrics). */
  onBatchWorked?: () => void;
  /** Signatures to run on the events (src/detect/). */
  detection?: EventPipelineOptions['detection'];
}

export interface TracerSummary extends PipelineCounters {
  /** Records the kernel wrote, both ring buffers. */
  submitted: bigint;
  /** Of them, into the security ring. */
  submittedSecurity: bigint;
  /** Records some policy selected that the kernel could not reserve (ring buffer full): counted, never silent. Both rings. */
  lost: bigint;
  /** Of `lost`, in the bulk ring. */
  lostBulk: bigint;
  /** Of `lost`, in the security ring (what signatures need, process lifecycle). */
  lostSecurity: bigint;
  /** Records only for process state that could not be reserved (the process tree and fd table miss them). Both rings. */
  lostState: bigint;
  /** Of `lostState`, per ring. */
  lostStateBulk: bigint;
  lostStateSecurity: bigint;
  decoder: DecoderCounters;
}

export interface QueuedBatch {
  batch: Buffer;
  ring: RingId;
  seq: number;
  /** A bulk batch the poller handed just before a security batch of the same look: worked with it, in time order. */
  paired: boolean;
}

/**
 * Bulk batches that arrived before a security batch and are worked with it,
 * in time order, at most: more waiting means JS is behind (a flood), and the
 * security batch then goes first, alone, so that no flood holds it back.
 */
const MERGE_BULK_BATCHES = 4;

/**
 * The batches to work next: the security ring's first, with the bulk ones
 * just before it when few. A paired bulk batch waits for its security batch
 * (on its way from the same look of the poller) unless the end has come.
 */
export function nextBatches(queues: [QueuedBatch[], QueuedBatch[]], ended = false): QueuedBatch[] {
  const security = queues[Ring.security];
  const bulk = queues[Ring.bulk];
  if (security.length === 0) {
    if (bulk.length === 0 || (bulk[0].paired && !ended && bulk.length <= MERGE_BULK_BATCHES)) return [];
    return [bulk.shift()!];
  }
  const first = security[0];
  let older = 0;
  while (older <= MERGE_BULK_BATCHES && older < bulk.length && bulk[older].seq < first.seq) older++;
  if (older === 0 || older > MERGE_BULK_BATCHES) return [security.shift()!];
  return [...bulk.splice(0, older), security.shift()!];
}

export class Tracer {
  private readonly native: NativeAddon;
  private readonly handle: NativeHandle;
  private readonly writer: KernelPolicyWriter;
  private readonly runtimes?: ContainerRuntimes;
  private readonly startNs: bigint;
  private readonly trackFds: boolean;
  private readonly hookChoice: 'auto' | 'raw' | 'tracepoints';
  private readonly tracepointOf: (nr: number) => string | undefined;
  private readonly onBatch?: (batch: Buffer, ring: RingId) => void;
  private readonly loadedHooks: 'raw' | 'tracepoints' | 'both';
  /** The syscall hooks of the set in force. */
  hooks?: SyscallHooks;
  private generation = 0;
  /** The syscalls last said to be not built in (said again only when the list changes). */
  private unbuiltSaid = '';
  private readonly notice: (line: string) => void;
  private readonly pipeline: EventPipeline;
  /** Where shown events go: set by start(). */
  private onEvent: (event: TraceEvent) => void = () => undefined;
  private finished?: Promise<void>;
  /** Set once stop() has read the last counters: the native handle is gone. */
  private final?: TracerSummary;
  private stopping = false;
  private readonly onBatchWorked?: () => void;
  /** Set while recording: makes the END chunk. */
  private recordEnd?: (summary: TracerSummary) => Buffer;
  private recordFinal?: RecordStats;
  private readonly offset: bigint;

  /** Per signature eventName, findings --signatures-config allowlisted so far (for /metrics). */
  get allowlistedBySignature(): ReadonlyMap<string, number> {
    return this.pipeline.allowlistedBySignature;
  }

  constructor(options: TracerOptions) {
    this.native = loadNativeAddon();
    const containers = containerHierarchy();
    const clockOffset = this.native.clockOffset();
    this.offset = clockOffset;
    this.trackFds = options.trackFds === true;
    this.hookChoice = options.syscallHooks ?? 'auto';
    this.notice = options.notice ?? ((line) => process.stderr.write(`sysray: ${line}\n`));
    this.tracepointOf = this.hookChoice === 'raw' ? () => undefined : syscallTracepoints();
    this.loadedHooks = this.hooksToLoad(options.initialPolicies);
    // with no runtime socket at all, container events need not wait for an answer (and keep their order)
    if (options.containerRuntimes !== false && Object.values(DEFAULT_RUNTIME_SOCKETS).some((p) => existsSync(p))) this.runtimes = new ContainerRuntimes();
    this.pipeline = new EventPipeline(
      { clockOffset, symbolic: options.symbolic, trackFds: this.trackFds, containerCgroupMount: containers.mount, runtimes: this.runtimes, detection: options.detection },
      (event) => this.onEvent(event),
    );
    this.onBatch = options.onBatch;
    this.onBatchWorked = options.onBatchWorked;
    const securityBytes = options.securityRingBufferBytes ?? 8 << 20;
    this.handle = this.native.open({
      selfTgid: process.pid,
      ringBufferBytes: options.ringBufferBytes,
      securityRingBufferBytes: securityBytes,
      // an eighth of the ring: the poller (5 ms timeout) keeps well ahead of it filling
      wakeupBytes: Math.min(options.ringBufferBytes / 8, 1 << 20),
      securityWakeupBytes: Math.min(securityBytes / 8, 1 << 20),
      captureEnv: options.captureEnv,
      describeEmptyPaths: this.trackFds,
      descs: buildSyscallDescs(),
      containerSsid: containers.ssid,
      containerHierarchy: containers.hierarchy,
      syscallHooks: this.loadedHooks,
      verbose: options.verbose,
    });
    // boot-clock now: processes started later are "new" (pid=new)
    this.startNs = BigInt(Date.now()) * 1_000_000n - clockOffset;
    this.writer = new KernelPolicyWriter(this.native, this.handle);
    this.writer.seedContainers(containers.mount);
  }

  /**
   * Makes `policies` the set in force, atomically: the kernel switches with
   * one store, and events matched by the previous set are still judged by it.
   */
  setPolicies(policies: readonly Policy[], beforeApply?: (generation: number) => void): void {
    const generation = ++this.generation;
    const kc = compileKernelConfig(policies, {
      slot: this.writer.nextSlot(), generation, startNs: this.startNs, trackFds: this.trackFds,
    });
    // the matcher knows the generation before any event of it can arrive
    this.pipeline.addPolicies(generation, policies, kc);
    const hooks = this.planHooks(kc.selection);
    // a recording's POLICIES chunk goes before any record of this generation
    beforeApply?.(generation);
    this.writer.apply(kc, hooks);
    this.hooks = hooks;
  }

  private planHooks(selection: Buffer): SyscallHooks {
    const { nrs, unbuilt } = syscallsToHook(selection, this.tracepointOf);
    const names = unbuilt.map((nr) => eventById(nr)?.name ?? `#${nr}`).join(', ');
    if (names !== this.unbuiltSaid) {
      this.unbuiltSaid = names;
      if (names) this.notice(`not in this kernel (no syscalls tracepoint: not built in, they can only fail with ENOSYS): ${names}; the signatures that watch them do not see their attempts`);
    }
    if (this.hookChoice === 'raw') return { kind: 'raw', why: 'forced' };
    const plan = planSyscallHooks(nrs, this.tracepointOf, this.hookChoice === 'tracepoints' ? Infinity : undefined);
    if (plan.kind === 'tracepoints' && this.loadedHooks === 'raw') return { kind: 'raw', why: 'sysray started with the generic hooks' };
    if (plan.kind === 'raw' && this.loadedHooks === 'tracepoints') {
      // per-syscall hooks can take many syscalls too (slower), but not one with no tracepoint
      const all = planSyscallHooks(nrs, this.tracepointOf, Infinity);
      if (all.kind === 'raw') throw new Error(`${all.why}: sysray started with per-syscall hooks only; restart it to trace this policy set`);
      return all;
    }
    return plan;
  }

  /** Which hook programs to load for the first policy set. */
  private hooksToLoad(initial: readonly Policy[] | undefined): 'raw' | 'tracepoints' | 'both' {
    if (this.hookChoice !== 'auto') return this.hookChoice;
    if (!initial) return 'both';
    try {
      const kc = compileKernelConfig(initial, { slot: 0, generation: 1, startNs: 0n, trackFds: this.trackFds });
      return planSyscallHooks(syscallsToHook(kc.selection, this.tracepointOf).nrs, this.tracepointOf).kind === 'raw' ? 'raw' : 'tracepoints';
    } catch {
      return 'both'; // setPolicies reports what is wrong with them
    }
  }

  /**
   * Starts delivering events. Batches are worked one per turn of the event
   * loop so that signals (SIGHUP) and timers are served in between, however
   * busy the kernel is; each is reported done to the addon, which hands over
   * at most a few at a time per ring. Batches of the security ring are worked
   * before any bulk one that came after them, and with the few that came
   * before, in time order (nextBatches); a flood of bulk batches cannot hold
   * them back. `onIdle` runs after a batch when no other is waiting: output
   * buffered until then reaches its readers. A throw from either (an output
   * that cannot be written) goes to `onFailure`, once; later batches are
   * then only given back.
   */
  start(onEvent: (event: TraceEvent) => void, onIdle?: () => void, onFailure?: (err: Error) => void, picture?: ProcPicture): void {
    // by RingId, each in arrival order; `seq` is the order across both
    const queues: [QueuedBatch[], QueuedBatch[]] = [[], []];
    let arrived = 0;
    const pipeline = this.pipeline;
    this.onEvent = onEvent;
    // the kernel already sends lifecycle records: what they change applies after this picture of /proc
    if (picture) pipeline.seedFromPicture(picture);
    else pipeline.seed();
    let scheduled = false;
    let failed = false;
    let ended = false; // the addon's null: both rings drained, nothing more comes
    const waiting = (): number => queues[Ring.security].length + queues[Ring.bulk].length;
    const schedule = (): void => {
      if (scheduled) return;
      scheduled = true;
      setImmediate(work);
    };
    let resolveFinished: () => void = () => undefined;
    const work = (): void => {
      scheduled = false;
      const take = nextBatches(queues, ended);
      if (take.length === 0) {
        if (ended) resolveFinished();
        return;
      }
      try {
        if (!failed) {
          for (const t of take) this.onBatch?.(t.batch, t.ring);
          if (take.length === 1) pipeline.push(take[0].batch, take[0].ring);
          else pipeline.pushInOrder(take);
          this.onBatchWorked?.();
          if (waiting() === 0) onIdle?.();
        }
      } catch (err) {
        if (!onFailure) throw err;
        failed = true;
        onFailure(err instanceof Error ? err : new Error(String(err)));
      } finally {
        for (const t of take) this.native.batchDone(this.handle, t.ring);
        if (waiting() > 0 || ended) schedule();
      }
    };
    this.finished = new Promise((resolve) => {
      resolveFinished = resolve;
      this.native.start(this.handle, (batch, ring, paired) => {
        if (batch === null || ring === null) ended = true;
        else queues[ring].push({ batch: Buffer.isBuffer(batch) ? batch : Buffer.from(batch.buffer, batch.byteOffset, batch.length), ring, seq: arrived++, paired });
        schedule();
      });
    });
  }

  /**
   * `printer` is the run's one output: the events nothing in user space
   * needs as objects are written to it from their records (EventPipeline.printRecordsWith).
   */
  printRecordsWith(printer: JsonPrinter): void {
    this.pipeline.printRecordsWith(printer);
  }

  /** Boot-clock ns at construction: processes started later are "new" (pid=new). */
  get startBootNs(): bigint {
    return this.startNs;
  }

  /** realtime − boottime, ns. */
  get clockOffset(): bigint {
    return this.offset;
  }

  /**
   * Records go to a recording file too (`-w`), or only there (`sysray record`:
   * `alsoToJs` false, then startRecording, not start). Before setPolicies,
   * so that it records them. At stop, `end` makes the END chunk.
   */
  openRecording(options: RecordOpenOptions & { alsoToJs: boolean }, end: (summary: TracerSummary) => Buffer): void {
    this.native.recordOpen(this.handle, options);
    this.recordEnd = end;
  }

  /** A JSON chunk of the recording (native/record_format.h), in stream order. */
  recordChunk(kind: number, payload: Buffer, sticky: boolean): void {
    this.native.recordControl(this.handle, kind, payload, sticky);
  }

  /** The recording's counters so far; after stop, the final ones. */
  recordStats(): RecordStats | undefined {
    if (this.recordFinal || !this.recordEnd) return this.recordFinal;
    return this.native.recordStats(this.handle);
  }

  /** Starts a record-only run: no batch reaches JS. */
  startRecording(): void {
    this.finished = new Promise((resolve) => this.native.start(this.handle, () => resolve()));
  }

  /** Drains what the kernel has submitted, then detaches. */
  async stop(): Promise<TracerSummary> {
    this.stopping = true;
    this.native.stop(this.handle);
    await this.finished;
    await this.pipeline.drain();
    this.runtimes?.close();
    const final = this.summary();
    if (this.recordEnd) {
      this.native.recordControl(this.handle, ChunkKind.end, this.recordEnd(final), false);
      this.recordFinal = this.native.recordClose(this.handle);
    }
    this.final = final;
    this.native.close(this.handle);
    return this.final;
  }

  /** The counters so far, while tracing (for /metrics); after stop, the final ones. */
  summary(): TracerSummary {
    if (this.final) return this.final;
    const st = this.native.stats(this.handle);
    return {
      submitted: st.submitted,
      submittedSecurity: st.submittedSecurity,
      lost: st.lost + st.lostSecurity,
      lostBulk: st.lost,
      lostSecurity: st.lostSecurity,
      lostState: st.lostState + st.lostSecurityState,
      lostStateBulk: st.lostState,
      lostStateSecurity: st.lostSecurityState,
      ...this.pipeline.counters,
    };
  }

  /** The addon's view (poller progress, attached programs, ring fill) and the hooks the set in force wants; undefined once stopped. */
  health(): { native: NativeHealth; hooks?: SyscallHooks; stopping: boolean } | undefined {
    if (this.final) return undefined;
    return { native: this.native.health(this.handle), hooks: this.hooks, stopping: this.stopping };
  }
}
