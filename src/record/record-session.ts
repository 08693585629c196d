/**
 * One `sysray record` run: the tracer's records go to a recording file from
 * native threads (native/recorder.c), never through JS. JS writes the head,
 * the POLICIES chunk of each policy set (before the kernel switches to it),
 * the /proc picture analyze seeds its process tree from, and the END chunk;
 * it watches for a failed write (disk full) and ends the run on it.
 */
import { Tracer, type TracerSummary } from '../tracer/tracer.js';
import type { RecordStats } from '../tracer/native-addon.js';
import { containerHierarchy } from '../tracer/container-hierarchy.js';
import type { Policy } from '../policy/policy-types.js';
import { takeProcPicture } from '../process/proc-picture.js';
import { ChunkKind } from './recording-format.js';
import { encodeHead, makeHeader, type EndChunk, type PoliciesChunk, type PolicySource } from './recording-header.js';

export interface RecordTarget {
  path: string;
  dir: boolean;
  maxFileBytes: number;
  maxFiles: number;
  compress: boolean;
}

export interface RecordSessionOptions {
  target: RecordTarget;
  policies: Policy[];
  source: PolicySource;
  ringBufferBytes: number;
  securityRingBufferBytes: number;
  execEnv: boolean;
  trackFds: boolean;
  nodeName?: string;
  syscallHooks: 'auto' | 'raw' | 'tracepoints';
  verbose?: boolean;
  notice: (line: string) => void;
}

export interface RecordOutcome {
  summary: TracerSummary;
  recording: RecordStats;
}

/** How often JS looks whether the writer failed. */
const WATCH_MS = 200;

export class RecordSession {
  private readonly tracer: Tracer;
  private readonly startNs: bigint;
  private watch?: NodeJS.Timeout;

  constructor(private readonly o: RecordSessionOptions) {
    this.tracer = new Tracer({
      ringBufferBytes: o.ringBufferBytes,
      securityRingBufferBytes: o.securityRingBufferBytes,
      captureEnv: o.execEnv,
      symbolic: false,
      trackFds: o.trackFds,
      containerRuntimes: false,
      verbose: o.verbose,
      syscallHooks: o.syscallHooks,
      notice: o.notice,
      initialPolicies: o.policies,
    });
    this.startNs = this.tracer.startBootNs;
    const header = makeHeader({
      nodeName: o.nodeName,
      clockOffset: this.tracer.clockOffset,
      options: { execEnv: o.execEnv, trackFds: o.trackFds, compress: o.target.compress, ringBufferBytes: o.ringBufferBytes, securityRingBufferBytes: o.securityRingBufferBytes },
    });
    try {
      this.tracer.openRecording({ ...o.target, head: encodeHead(header) });
    } catch (err) {
      void this.tracer.stop().catch(() => undefined);
      throw err;
    }
  }

  /** The policy set in force; its POLICIES chunk precedes every record of it. */
  setPolicies(policies: readonly Policy[], source: PolicySource): void {
    this.tracer.setPolicies(policies, (generation) => {
      const chunk: PoliciesChunk = { generation, startNs: this.startNs.toString(), source };
      this.tracer.recordChunk(ChunkKind.policies, Buffer.from(JSON.stringify(chunk)), true);
    });
  }

  /** Starts recording; `onFailure` once a write has failed (the run should end). */
  start(onFailure: (line: string) => void): void {
    // after the first policies: the kernel already sends lifecycle records, so nothing is missed in between
    const picture = takeProcPicture({ fds: this.o.trackFds, containerCgroupMount: containerHierarchy().mount });
    this.tracer.recordChunk(ChunkKind.snapshot, Buffer.from(JSON.stringify(picture)), true);
    this.tracer.startRecording();
    this.watch = setInterval(() => {
      const st = this.tracer.recordStats();
      if (st?.error) {
        clearInterval(this.watch);
        onFailure(st.error);
      }
    }, WATCH_MS);
    this.watch.unref();
  }

  get hooks(): Tracer['hooks'] {
    return this.tracer.hooks;
  }

  async stop(): Promise<RecordOutcome> {
    clearInterval(this.watch);
    return this.tracer.stopRecording((s) => {
      const end: EndChunk = { stoppedAt: new Date().toISOString(), kernelRecords: s.submitted.toString(), lost: s.lost.toString(), lostState: s.lostState.toString() };
      return Buffer.from(JSON.stringify(end));
    });
  }
}
