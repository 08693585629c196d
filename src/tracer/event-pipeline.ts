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
import { EventDeriver } from '../derive/event-deriver.js';
import type { ContainerRuntimes } from '../process/container-runtime.js';

export interface EventPipelineOptions {
  /** realtime − boottime, ns. */
  clockOffset: bigint;
  symbolic: boolean;
  trackFds: boolean;
  /** Where the containers' cgroup hierarchy is mounted ('' for none). */
  containerCgroupMount: string;
  runtimes?: ContainerRuntimes;
}

export interface PipelineCounters {
  decoder: DecoderCounters;
  /** Events handed to the output (derived ones included). */
  written: number;
  /** Events the kernel matched that the policies' user-space checks and filters dropped. */
  filtered: number;
  /** Records sent only to keep state (process tree, fd table), shown by no policy. */
  stateOnly: number;
}

export class EventPipeline {
  readonly context: ProcessContext;
  private readonly decoder: BatchDecoder;
  private readonly matcher = new PolicyMatcher();
  private readonly deriver: EventDeriver;
  private written = 0;
  private filtered = 0;
  private stateOnly = 0;
  private readonly handle: (event: TraceEvent) => void;

  constructor(options: EventPipelineOptions, onEvent: (event: TraceEvent) => void) {
    this.context = new ProcessContext({ clockOffset: options.clockOffset, trackFds: options.trackFds });
    this.deriver = new EventDeriver({ tree: this.context.tree, clockOffset: options.clockOffset, runtimes: options.runtimes });
    this.decoder = new BatchDecoder({ clockOffset: options.clockOffset, symbolic: options.symbolic, containerCgroupMount: options.containerCgroupMount });
    const show = (event: TraceEvent): boolean => {
      if (!this.matcher.match(event)) return false;
      this.written++;
      onEvent(event);
      return true;
    };
    const late = (event: TraceEvent): void => void show(event);
    this.handle = (event) => {
      this.context.apply(event);
      if (event.policyMask === 0n) {
        this.stateOnly++;
        return;
      }
      let shown = false;
      this.deriver.derive(event, (e) => (shown = show(e) || shown), late);
      if (!shown) this.filtered++;
    };
  }

  /** The policy set of `generation` (before any of its events can arrive). */
  addPolicies(generation: number, policies: readonly Policy[], kc: Pick<KernelConfig, 'userChecks'>): void {
    this.matcher.add({ generation, policies, userChecks: kc.userChecks });
  }

  /** Takes a picture of /proc: the process tree (and fd table) start from it. */
  seed(procRoot?: string): void {
    this.context.seed(procRoot);
  }

  /** Works one batch of records, as the kernel wrote them. */
  push(batch: Buffer): void {
    this.decoder.decode(batch, this.handle);
  }

  /** Waits for derived events still being completed (container runtimes' answers). */
  drain(): Promise<void> {
    return this.deriver.drain();
  }

  get counters(): PipelineCounters {
    return { decoder: this.decoder.counters, written: this.written, filtered: this.filtered, stateOnly: this.stateOnly };
  }
}
