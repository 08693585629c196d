/**
 * A recording of `sysray record` through the live pipeline: its records
 * are decoded by the same BatchDecoder, the process tree and fd table start
 * from the recording's /proc picture, the policies of each generation are
 * made again from their POLICIES chunk, and the two rings' records of each
 * round are worked in time order (EventPipeline.pushInOrder), as live.
 *
 * Without policies of analyze's own (-e/-s/-p), the recorded ones decide
 * what is shown and the signatures run in this pipeline: the output is the
 * live run's. With them, every event the recording's policies selected
 * goes on to `judge` (EventReplay: analyze's policies and signatures).
 */
import { EventPipeline, type PipelineCounters } from '../tracer/event-pipeline.js';
import type { TraceEvent } from '../decode/trace-event.js';
import type { SignatureRegistry } from '../detect/signature-registry.js';
import type { DetectionEngineOptions } from '../detect/detection-engine.js';
import { compileKernelConfig } from '../policy/kernel-config.js';
import { parseProcPicture } from '../process/proc-picture.js';
import { ChunkKind, decodeLoss, type LossMarker } from '../record/recording-format.js';
import { RecordingReader } from '../record/recording-reader.js';
import { checkHeader, policiesOf, type PoliciesChunk, type RecordingHeader } from '../record/recording-header.js';
import { Progress } from './progress.js';
import { timeRange } from './time-range.js';

export interface RecordingInputOptions {
  symbolic: boolean;
  trackFds: boolean;
  /** Signatures, when the recorded policies decide (no `judge`). */
  detection?: { registry: SignatureRegistry } & DetectionEngineOptions;
  /** Analyze's own policies: every event the recording's policies selected, to be judged again. */
  judge?: (event: TraceEvent) => void;
  onEvent: (event: TraceEvent) => void;
  /** Realtime ns bounds (--since, --until). */
  sinceNs?: bigint;
  untilNs?: bigint;
  warn: (line: string) => void;
  progress?: Progress;
}

export interface RecordingCounters {
  files: number;
  chunks: number;
  records: number;
  /** What the kernel lost while recording, from the LOSS markers. */
  lost: bigint;
  lostState: bigint;
  /** Chunks skipped as damaged, and files cut short. */
  problems: number;
  pipeline?: PipelineCounters;
}

/** Round chunks worked together at most (a round is the bulk ring's chunks, then the security ring's). */
const GROUP_CHUNKS = 8;

const LOST_KEYS = { bulk: 1, state: 2, security: 3, securityState: 4 } as const;

export class RecordingInput {
  readonly counters: RecordingCounters = { files: 0, chunks: 0, records: 0, lost: 0n, lostState: 0n, problems: 0 };
  private pipeline?: EventPipeline;
  private header?: RecordingHeader;
  private readonly generations = new Set<number>();
  private seeded = false;
  private lastLoss?: bigint[][];

  constructor(private readonly o: RecordingInputOptions) {}

  /** The files of one recording, in order (a directory's rotated files). */
  read(files: readonly string[]): void {
    for (let i = 0; i < files.length; i++) this.readFile(files[i], i === files.length - 1);
  }

  private readFile(file: string, last: boolean): void {
    const reader = new RecordingReader({ expectEnd: last, onProblem: (line) => {
      this.counters.problems++;
      this.o.warn(`analyze: ${line}`);
    } });
    const json = reader.open(file);
    const header = checkHeader(json, file, this.o.warn);
    if (this.header && this.header.bootId !== header.bootId) this.o.warn(`analyze: ${file} is of another recording (boot ${header.bootId}) than the files before it: read as its continuation all the same`);
    this.header ??= header;
    const pipeline = (this.pipeline ??= this.makePipeline(header));
    const offset = BigInt(header.clockOffsetNs);
    const range = {
      sinceNs: this.o.sinceNs === undefined ? undefined : this.o.sinceNs - offset,
      untilNs: this.o.untilNs === undefined ? undefined : this.o.untilNs - offset,
    };
    this.counters.files++;
    let group: { batch: Buffer; ring: number }[] = [];
    const work = (): void => {
      if (group.length === 1) pipeline.push(group[0].batch, group[0].ring);
      else if (group.length > 1) pipeline.pushInOrder(group);
      group = [];
    };
    const progress = this.o.progress;
    progress?.beginFile(file, reader.size);
    for (const c of reader.chunks(range)) {
      this.counters.chunks++;
      if (c.kind === ChunkKind.recordsBulk || c.kind === ChunkKind.recordsSecurity) {
        this.counters.records += c.count;
        const ring = c.kind === ChunkKind.recordsSecurity ? 1 : 0;
        group.push({ batch: c.payload, ring });
        if (ring === 1 || group.length >= GROUP_CHUNKS) work();
        progress?.update(c.offset, c.lastNs ? c.lastNs + offset : undefined, pipeline.counters.written);
        continue;
      }
      work();
      if (c.kind === ChunkKind.policies || (c.kind === ChunkKind.snapshot && !this.seeded)) {
        // whole by its checksum, yet not what this sysray can use: said, and read on without it
        try {
          const json: unknown = JSON.parse(c.payload.toString('utf8'));
          if (c.kind === ChunkKind.policies) this.addPolicies(json as PoliciesChunk);
          else pipeline.seedFromPicture(parseProcPicture(json));
        } catch (err) {
          this.counters.problems++;
          this.o.warn(`analyze: ${file}: offset ${c.offset}: the ${c.kind === ChunkKind.policies ? 'policies' : 'process picture'} cannot be used (${(err as Error).message.split('\n')[0]}): ${c.kind === ChunkKind.policies ? 'the events of that policy set are not shown' : 'the process tree starts empty'}`);
        }
        this.seeded ||= c.kind === ChunkKind.snapshot;
      } else if (c.kind === ChunkKind.loss) {
        const marker = decodeLoss(c.payload);
        if (typeof marker === 'string') this.o.warn(`analyze: ${file}: offset ${c.offset}: a loss marker that cannot be read (${marker}): skipped`);
        else this.loss(file, c.offset, marker, offset);
      }
    }
    work();
    progress?.endFile();
  }

  private makePipeline(header: RecordingHeader): EventPipeline {
    if (this.o.trackFds && !header.options.trackFds) this.o.warn('analyze: the recording was made without -o option:parse-arguments-fds: fd arguments are not described');
    const judge = this.o.judge;
    const onEvent = this.o.onEvent;
    const inRange = timeRange(this.o.sinceNs, this.o.untilNs);
    const deliver = judge ?? onEvent;
    return new EventPipeline(
      {
        clockOffset: BigInt(header.clockOffsetNs),
        symbolic: this.o.symbolic,
        trackFds: this.o.trackFds && header.options.trackFds,
        containerCgroupMount: '',
        detection: judge || !this.o.detection ? undefined : { ...this.o.detection, selfPid: header.selfPid ?? -1, parentPid: header.parentPid ?? -1 },
        showEverything: judge !== undefined,
      },
      inRange ? (e) => void (inRange(e.timestamp) && deliver(e)) : deliver,
    );
  }

  private addPolicies(chunk: PoliciesChunk): void {
    if (this.generations.has(chunk.generation)) return; // again at the head of a rotated file
    this.generations.add(chunk.generation);
    const policies = policiesOf(chunk);
    const kc = compileKernelConfig(policies, { slot: 0, generation: chunk.generation, startNs: BigInt(chunk.startNs), trackFds: this.o.trackFds });
    this.pipeline!.addPolicies(chunk.generation, policies, kc);
  }

  /** A LOSS marker: what the kernel lost since the one before, said where it is. */
  private loss(file: string, at: number, marker: LossMarker, offset: bigint): void {
    const prev = this.lastLoss;
    this.lastLoss = marker.counters;
    const delta = (key: number): bigint[] => marker.counters.map((cpu, i) => (cpu[key] ?? 0n) - (prev?.[i]?.[key] ?? 0n));
    const sum = (v: bigint[]): bigint => v.reduce((a, b) => a + b, 0n);
    const bulk = delta(LOST_KEYS.bulk);
    const security = delta(LOST_KEYS.security);
    const state = sum(delta(LOST_KEYS.state)) + sum(delta(LOST_KEYS.securityState));
    const lost = sum(bulk) + sum(security);
    this.counters.lost += lost;
    this.counters.lostState += state;
    if (lost === 0n && state === 0n) return;
    const perCpu = bulk.map((n, i) => n + security[i]).map((n, i) => (n ? `cpu ${i}: ${n}` : '')).filter(Boolean).join(', ');
    const when = new Date(Number((marker.bootNs + offset) / 1_000_000n)).toISOString();
    this.o.warn(
      `analyze: ${file}@${at}: the kernel lost ${lost} records (bulk ${sum(bulk)}, security ${sum(security)}${state ? `, ${state} more for process state` : ''}) before ${when}` +
        (perCpu ? ` (${perCpu})` : '') + ': events are missing there',
    );
  }

  async end(): Promise<void> {
    await this.pipeline?.drain();
    if (this.pipeline) this.counters.pipeline = this.pipeline.counters;
  }
}
