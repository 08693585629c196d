/**
 * One tracing session over the native addon: open → start → stop → close, in
 * that order (the lifecycle of native/addon.c), with batches decoded into
 * TraceEvents on the way.
 */
import { BatchDecoder, type DecoderCounters } from '../decode/batch-decoder.js';
import type { TraceEvent } from '../decode/trace-event.js';
import { loadNativeAddon, type NativeAddon, type NativeHandle } from './native-addon.js';
import { buildSyscallDescs } from './syscall-descs.js';

export interface TracerOptions {
  /** Syscall numbers to trace. */
  selected: ReadonlySet<number>;
  scopeComms: string[];
  scopePids: number[];
  ringBufferBytes: number;
  captureEnv: boolean;
  symbolic: boolean;
  verbose?: boolean;
}

export interface TracerSummary {
  /** Records the kernel wrote into the ring buffer. */
  submitted: bigint;
  /** Records the kernel could not reserve (ring buffer full): counted, never silent. */
  lost: bigint;
  decoder: DecoderCounters;
}

export class Tracer {
  private readonly native: NativeAddon;
  private readonly handle: NativeHandle;
  private readonly decoder: BatchDecoder;
  private finished?: Promise<void>;

  constructor(options: TracerOptions) {
    this.native = loadNativeAddon();
    this.decoder = new BatchDecoder({ clockOffset: this.native.clockOffset(), symbolic: options.symbolic });
    this.handle = this.native.open({
      selfTgid: process.pid,
      ringBufferBytes: options.ringBufferBytes,
      // an eighth of the ring: the poller (20 ms timeout) keeps well ahead of it filling
      wakeupBytes: Math.min(options.ringBufferBytes / 8, 1 << 20),
      captureEnv: options.captureEnv,
      scopeComms: options.scopeComms,
      scopePids: options.scopePids,
      descs: buildSyscallDescs(options.selected),
      verbose: options.verbose,
    });
  }

  /** Starts delivering events; errors thrown by onEvent stop nothing but are rethrown by stop(). */
  start(onEvent: (event: TraceEvent) => void, onBatchDone?: () => void): void {
    this.finished = new Promise((resolve) => {
      this.native.start(this.handle, (batch) => {
        if (batch === null) {
          resolve();
          return;
        }
        this.decoder.decode(batch, onEvent);
        onBatchDone?.();
      });
    });
  }

  /** Drains what the kernel has submitted, then detaches. */
  async stop(): Promise<TracerSummary> {
    this.native.stop(this.handle);
    await this.finished;
    const { submitted, lost } = this.native.stats(this.handle);
    this.native.close(this.handle);
    return { submitted, lost, decoder: this.decoder.counters };
  }
}
