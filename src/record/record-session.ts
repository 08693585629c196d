/**
 * A recording made by a tracer: `sysray record` (records go only to the
 * file) or `sysray -w` while tracing (the same records JS decodes go to the
 * file too). The records are written by native threads (native/recorder.c);
 * JS writes the head, the POLICIES chunk of each policy set (before the
 * kernel switches to it), the /proc picture analyze seeds its process tree
 * from, and the END chunk; it watches for a failed write (disk full).
 */
import type { Tracer, TracerSummary } from '../tracer/tracer.js';
import type { RecordOpenOptions, RecordStats } from '../tracer/native-addon.js';
import { containerHierarchy } from '../tracer/container-hierarchy.js';
import { takeProcPicture, type ProcPicture } from '../process/proc-picture.js';
import { ChunkKind } from './recording-format.js';
import { encodeHead, makeHeader, type EndChunk, type PoliciesChunk, type PolicySource, type RecordingHeader } from './recording-header.js';

/** Where and how to record: native-addon.ts's options but the head, which the session makes. */
export type RecordTarget = Omit<RecordOpenOptions, 'head'>;

/** How often JS looks whether the writer failed. */
const WATCH_MS = 200;

export class RecordSession {
  private watch?: NodeJS.Timeout;

  /** Opens the recording (throws one line: the file cannot be made); before the tracer's first setPolicies. */
  constructor(
    private readonly tracer: Tracer,
    readonly target: RecordTarget,
    o: { nodeName?: string; alsoToJs: boolean; options: Omit<RecordingHeader['options'], 'compress'> },
  ) {
    const header = makeHeader({ nodeName: o.nodeName, clockOffset: tracer.clockOffset, options: { ...o.options, compress: target.compress } });
    tracer.openRecording({ ...target, alsoToJs: o.alsoToJs, head: encodeHead(header) }, (s) => endChunk(s));
  }

  /** For Tracer.setPolicies: the policy set's POLICIES chunk, before any record of it. */
  policiesChunk(source: PolicySource): (generation: number) => void {
    return (generation) => {
      const chunk: PoliciesChunk = { generation, startNs: this.tracer.startBootNs.toString(), source };
      this.tracer.recordChunk(ChunkKind.policies, Buffer.from(JSON.stringify(chunk)), true);
    };
  }

  /**
   * The /proc picture, into the recording; a live run seeds its tree from
   * the same one. After the first policies: the kernel already sends
   * lifecycle records, so nothing is missed in between.
   */
  picture(trackFds: boolean): ProcPicture {
    const picture = takeProcPicture({ fds: trackFds, containerCgroupMount: containerHierarchy().mount });
    this.tracer.recordChunk(ChunkKind.snapshot, Buffer.from(JSON.stringify(picture)), true);
    return picture;
  }

  /** `onFailure` once a write has failed (the run should end). */
  watchFailure(onFailure: (line: string) => void): void {
    this.watch = setInterval(() => {
      const line = this.tracer.recordStats()?.error;
      if (line) {
        clearInterval(this.watch);
        onFailure(line);
      }
    }, WATCH_MS);
    this.watch.unref();
  }

  /** After the tracer's stop: the final counters. */
  final(): RecordStats {
    clearInterval(this.watch);
    return this.tracer.recordStats()!;
  }
}

function endChunk(s: TracerSummary): Buffer {
  const end: EndChunk = { stoppedAt: new Date().toISOString(), kernelRecords: s.submitted.toString(), lost: s.lost.toString(), lostState: s.lostState.toString() };
  return Buffer.from(JSON.stringify(end));
}

/** The stop line's part about the recording. */
export function describeRecording(r: RecordStats, compress: boolean): string {
  return `${r.records} records recorded in ${r.files} file${r.files === 1 ? '' : 's'} (${(r.bytes / 1048576).toFixed(1)} MiB` +
    (compress ? ` compressed from ${(r.rawBytes / 1048576).toFixed(1)} MiB` : '') + `, ${r.chunks} chunks` +
    (r.lossMarkers > 1 ? `, ${r.lossMarkers - 1} loss markers` : '') + (r.unwritten ? `, ${r.unwritten} not written` : '') + `; last file ${r.path})`;
}
