/**
 * Decodes batches of ring-buffer records (framing in record-layout.ts) into
 * TraceEvents. ENTRY records (user memory read at sys_enter) are held per
 * thread until the EVENT record of the same syscall completes them. The
 * kernel writes two rings (bpf/sysray.h, "Two ring buffers") and sends a
 * syscall's two records to the same one; batches of both are interleaved
 * here, so entries are held per ring.
 */
import { isExitCapture, type ArgSpec, type EventSpec } from '../events/catalog-types.js';
import { eventById, eventByName } from '../events/catalog.js';
import { KERNEL_VALUES } from '../events/kernel-values.js';
import { BLOB_ARG_EXEC_ENV, BLOB_ARG_EXEC_STDIN, BLOB_ARG_PAIR_FIRST, BLOB_ARG_PAIR_SECOND, BLOB_ARG_RETVAL, Blob, FdInfo, FdKind, BlobKind, BlobStatus, EntryRecord, EventFlags, EventRecord, Head, MAX_ARGS, RecordType, RingHeader, TracepointEventId } from './record-layout.js';
import { decodeFdFile, decodeFdInfo, fdKernelName } from './fd-info.js';
import { decodeOpenHow } from './open-how.js';
import { decodeWritten } from './written.js';
import type { ArgValue, DecodedArg, TraceEvent, Unreadable } from './trace-event.js';
import { decodeStringList, decodeUserString } from './user-string.js';
import { decodePerfEventAttr } from './perf-event-attr.js';
import { decodeSockaddr } from './sockaddr.js';
import { decodeTimespec } from './timespec.js';
import { decodeBpfAttr } from './bpf-attr.js';
import { ContainerResolver, type CgroupContainer } from '../process/container-id.js';
import { TaskContextCache, type TaskContext } from './task-context-cache.js';
import { KernelTruth } from './kernel-truth/index.js';
import { decodeKernelPerfAttr } from './kernel-perf-attr.js';

export interface BatchDecoderOptions {
  /** Where the cgroup hierarchy of event.cgroupId is mounted, to name containers ('' or absent: none). */
  containerCgroupMount?: string;
  /** realtime − boottime, ns: kernel timestamps are boot-clock. */
  clockOffset: bigint;
  /** Decode struct fields symbolically (`-o option:parse-arguments`). */
  symbolic: boolean;
}

export interface DecoderCounters {
  events: number;
  /** Entry records whose event never came (the thread died mid-syscall, or the event was lost). */
  orphanEntries: number;
  /** Records this decoder could not make sense of (a contract bug). */
  malformed: number;
}

/** An ENTRY record waiting for its EVENT: its blobs are the user memory read at sys_enter. */
export interface PendingEntry {
  syscallNr: number;
  buf: Buffer;
  /** The record's head in buf. */
  at: number;
  blobsAt: number;
  nrBlobs: number;
  end: number;
}

/**
 * An event record handed on as its bytes, with what the decoder knows of
 * it: the event kinds no user-space check needs as objects are written
 * straight from their records (src/output/record-json.ts). One object, reused.
 */
export interface RecordView {
  buf: Buffer;
  /** The same memory as 32-bit words. */
  words: Int32Array;
  /** The record's first byte (its Head) and its end. */
  off: number;
  end: number;
  spec: EventSpec;
  /** Its ENTRY record, when the syscall had one. */
  entry: PendingEntry | undefined;
  context: TaskContext;
  containerId: string;
  /** From the process tree ('' when unknown). */
  executablePath: string;
  /** The names of the policies it matched. */
  policies: readonly string[];
}

export interface RecordSink {
  /** The names of the policies that show it, when this record is to be written from its bytes; undefined: decode it. */
  accepts(eventId: number, generation: number, maskLo: number, maskHi: number): readonly string[] | undefined;
  /** False: it could not (a blob out of bounds), and the record is decoded instead. */
  write(r: RecordView): boolean;
  /**
   * Writes the records of `batch` from byte `at` on as far as it can by
   * itself (the C writer); returns where it stopped, at a record it leaves
   * to the decoder or at the end. `held`: the threads whose entry is held
   * here. It writes an ENTRY with its thread's EVENT; those whose EVENT it
   * did not reach go to `hold` (offsets, in batch order) before it returns.
   */
  encode?(batch: Buffer, at: number, held: HeldEntries, hold: (off: number) => void, until?: TimeBarrier): number;
}

/**
 * Where records of one ring wait for the other ring's events (EventPipeline.pushInOrder):
 * an EVENT record later than `until` (boot-clock ns as two u32 words) is
 * worked only after `release` was given its time, and the encoder stops
 * before it.
 */
export interface TimeBarrier {
  untilHi: number;
  untilLo: number;
  /** Works the other ring's events earlier than boot time hi:lo, and moves `until` on. */
  release(hi: number, lo: number): void;
}

/** The most held entries handed to RecordSink.encode with their bytes (native/record_json.h RJ_MAX_HELD). */
export const HELD_WITH_BYTES = 64;

/**
 * The entries the decoder holds, for RecordSink.encode. With their bytes, it
 * writes their events too (an entry at the end of one batch, its event in
 * the next, is the common case on a busy machine) and marks them used.
 */
export interface HeldEntries {
  /** Their threads. */
  tids: Int32Array;
  /** Their records in the order of `tids`, back to back, each padded to 8 bytes; empty (more than HELD_WITH_BYTES): only their threads. */
  bytes: Uint8Array;
  /** Set by the encoder: bit i (of hi:lo), the event of entry i written. */
  usedLo: number;
  usedHi: number;
}

const TWO_32 = 2 ** 32;
const NO_TIDS = new Int32Array(0);
const NO_BYTES = new Uint8Array(0);

/** Events with kernel values (src/events/kernel-values.ts), and sched_process_exec that execve's come from. */
const HAS_KERNEL_TRUTH = new Set<number>(
  [...Object.keys(KERNEL_VALUES), 'sched_process_exec'].map((name) => eventByName(name)?.id ?? -1),
);

/** Events the decoder completes with what the kernel used (kernel-truth/): always decoded. */
export function hasKernelTruth(eventId: number): boolean {
  return HAS_KERNEL_TRUTH.has(eventId);
}

/** What the kernel said of the fds a syscall returned. */
type FdResults = Pick<TraceEvent, 'returnedFd' | 'returnedFile' | 'returnedFdPair' | 'cwd' | 'written' | 'kernelPerf'>;

/** u64 as a number when exact, else bigint. */
export function readU64(buf: Buffer, off: number): number | bigint {
  const hi = buf.readUInt32LE(off + 4);
  if (hi < 0x200000) return hi * TWO_32 + buf.readUInt32LE(off);
  return buf.readBigUInt64LE(off);
}

/** s64 as a number when exact, else bigint. */
export function readS64(buf: Buffer, off: number): number | bigint {
  const hi = buf.readInt32LE(off + 4);
  if (hi >= -0x200000 && hi < 0x200000) return hi * TWO_32 + buf.readUInt32LE(off);
  return buf.readBigInt64LE(off);
}

/** A boot-clock u64 at word `at`: one BigInt made from a double while exact (~104 days of uptime). */
function bootNs(words: Int32Array, at: number): bigint {
  const hi = words[at + 1] >>> 0;
  if (hi < 0x200000) return BigInt(hi * TWO_32 + (words[at] >>> 0));
  return (BigInt(hi) << 32n) | BigInt(words[at] >>> 0);
}

/**
 * The batch as 32-bit words in the machine's byte order, which is the
 * kernel's: word reads of record fields are a tenth of Buffer's checked reads.
 */
function wordsOf(batch: Buffer): { buf: Buffer; words: Int32Array } {
  if ((batch.byteOffset & 3) !== 0) batch = Buffer.from(new Uint8Array(batch)); // not from the addon: copy, aligned
  return { buf: batch, words: new Int32Array(batch.buffer, batch.byteOffset, batch.length >> 2) };
}

export class BatchDecoder {
  readonly counters: DecoderCounters = { events: 0, orphanEntries: 0, malformed: 0 };
  /** Entries waiting, per ring; `pending` is the one of the batch being decoded. */
  private readonly pendingByRing = [new Map<number, PendingEntry>(), new Map<number, PendingEntry>()];
  private pending = this.pendingByRing[0];
  private readonly held: HeldEntries = { tids: NO_TIDS, bytes: NO_BYTES, usedLo: 0, usedHi: 0 };
  private tids = new Int32Array(HELD_WITH_BYTES);
  private heldBytes = Buffer.allocUnsafeSlow(4096);
  /** The batch the sink's encoder is working on, for holdCarried. */
  private encoding: Buffer = Buffer.alloc(0);
  /** An ENTRY record the encoder read and left waiting for its event (RecordSink.encode's `hold`). */
  private readonly holdCarried = (off: number): void => {
    // the used held entries go first: a new entry of one of their threads must not be dropped with it
    this.dropUsed();
    const b = this.encoding;
    this.holdEntry(b, off, off + b.readUInt32LE(off + Head.size));
  };
  private readonly containers: ContainerResolver;
  private readonly contexts: TaskContextCache;
  private readonly truth = new KernelTruth();
  /** The last policy mask read, and its words: most events carry the same. */
  private maskLo = 0;
  private maskHi = 0;
  private mask = 0n;
  /** Where records of the kinds it accepts go, undecoded (EventPipeline.printRecordsWith). */
  recordSink: RecordSink | undefined;
  private readonly view: RecordView = {
    buf: Buffer.alloc(0), words: new Int32Array(0), off: 0, end: 0, spec: undefined as unknown as EventSpec, entry: undefined,
    context: undefined as unknown as TaskContext, containerId: '', executablePath: '', policies: [],
  };

  constructor(private readonly options: BatchDecoderOptions) {
    this.containers = new ContainerResolver(options.containerCgroupMount ?? '');
    this.contexts = new TaskContextCache(options.clockOffset);
  }

  /** Names containers by cgroup id as another resolver did (`ContainerResolver.seed`: a recording's picture). */
  seedContainers(entries: Iterable<readonly [cgroupId: bigint, container: CgroupContainer]>): void {
    this.containers.seed(entries);
  }

  /**
   * Decodes one batch of ring `ring` (native-addon.ts Ring: 0 bulk, 1
   * security). `barrier`: its events wait for the other ring's earlier ones.
   */
  decode(batch: Buffer, emit: (event: TraceEvent) => void, ring = 0, barrier?: TimeBarrier): void {
    this.pending = this.pendingByRing[ring] ?? this.pendingByRing[0];
    const { buf, words } = wordsOf(batch);
    batch = buf;
    let at = 0;
    const sink = this.recordSink;
    /** Where the sink's encoder last stopped: that record is decoded here, then it goes on. */
    let handedBack = -1;
    while (at + RingHeader.bytes <= batch.length) {
      if (barrier !== undefined && this.releases(barrier, words, (at + RingHeader.bytes) >> 2)) handedBack = -1;
      if (sink?.encode !== undefined && at !== handedBack) {
        handedBack = at;
        // the encoder takes no record of a thread whose entry is held here, nor an event with an entry: no call for those
        const w = (at + RingHeader.bytes) >> 2;
        const type = words[w + (Head.type >> 2)] & 0xffff;
        const held = type === RecordType.entry
          ? w + (EntryRecord.hostTid >> 2) < words.length && this.pending.has(words[w + (EntryRecord.hostTid >> 2)] >>> 0)
          : type === RecordType.event && w + (EventRecord.flags >> 2) < words.length && (words[w + (EventRecord.flags >> 2)] & EventFlags.hasEntry) !== 0 &&
            !(this.pending.size <= HELD_WITH_BYTES && this.pending.has(words[w + (EventRecord.hostTid >> 2)] >>> 0));
        if (!held) {
          this.encoding = batch;
          const entries = this.heldEntries();
          at = sink.encode(batch, at, entries, this.holdCarried, barrier);
          this.dropUsed();
          handedBack = at;
          continue;
        }
      }
      const header = words[at >> 2] >>> 0;
      const len = header & RingHeader.lenMask;
      const next = at + ((RingHeader.bytes + len + 7) & ~7);
      if (next > batch.length || (header & RingHeader.busyBit) !== 0) {
        this.counters.malformed++;
        break;
      }
      const off = at + RingHeader.bytes;
      at = next;
      if ((header & RingHeader.discardBit) !== 0) continue;
      const size = len >= Head.bytes ? batch.readUInt32LE(off + Head.size) : 0;
      if (size < Head.bytes || size > len) {
        this.counters.malformed++;
        continue;
      }
      const type = batch.readUInt16LE(off + Head.type);
      let event: TraceEvent | undefined;
      try {
        if (type === RecordType.event) {
          if (sink !== undefined && this.handOn(sink, batch, words, off, off + size)) continue;
          event = this.decodeEvent(batch, words, off, off + size);
        }
        else if (type === RecordType.entry) this.holdEntry(batch, off, off + size);
        else this.counters.malformed++;
      } catch {
        // one record a decoder could not read must not take the rest of the batch with it
        this.counters.malformed++;
      }
      if (event) emit(event);
    }
    // a batch's memory goes back to the kernel once it is decoded: entries still waiting for their event keep a copy
    for (const entry of this.pending.values()) {
      if (entry.buf !== batch) continue;
      entry.buf = Buffer.from(batch.subarray(entry.at, entry.end));
      entry.end -= entry.at;
      entry.blobsAt -= entry.at;
      entry.at = 0;
    }
  }

  /** True when the EVENT record at word `w` is later than the barrier, which was then released up to it. */
  private releases(barrier: TimeBarrier, words: Int32Array, w: number): boolean {
    if (w + (EventRecord.timestamp >> 2) + 1 >= words.length || (words[w + (Head.type >> 2)] & 0xffff) !== RecordType.event) return false;
    const hi = words[w + (EventRecord.timestamp >> 2) + 1] >>> 0;
    const lo = words[w + (EventRecord.timestamp >> 2)] >>> 0;
    if (hi < barrier.untilHi || (hi === barrier.untilHi && lo <= barrier.untilLo)) return false;
    barrier.release(hi, lo);
    return true;
  }

  /** The entries held (of the batch's ring), for the sink's encoder: with their bytes up to HELD_WITH_BYTES. */
  private heldEntries(): HeldEntries {
    const h = this.held;
    h.usedLo = h.usedHi = 0;
    const n = this.pending.size;
    if (n === 0) {
      h.tids = NO_TIDS;
      h.bytes = NO_BYTES;
      return h;
    }
    if (this.tids.length < n) this.tids = new Int32Array(Math.max(n, this.tids.length * 2));
    let i = 0;
    let size = 0;
    for (const [tid, e] of this.pending) {
      this.tids[i++] = tid;
      size += (e.end - e.at + 7) & ~7;
    }
    h.tids = this.tids.subarray(0, n);
    if (n > HELD_WITH_BYTES) {
      h.bytes = NO_BYTES;
      return h;
    }
    if (this.heldBytes.length < size) this.heldBytes = Buffer.allocUnsafeSlow(Math.max(size, this.heldBytes.length * 2));
    let at = 0;
    for (const e of this.pending.values()) {
      e.buf.copy(this.heldBytes, at, e.at, e.end);
      at += (e.end - e.at + 7) & ~7;
    }
    h.bytes = this.heldBytes.subarray(0, at);
    return h;
  }

  /** The held entries whose events the encoder wrote (HeldEntries.used*) are done with; once per encode. */
  private dropUsed(): void {
    const h = this.held;
    if ((h.usedLo | h.usedHi) === 0) return;
    for (let i = 0; i < h.tids.length; i++) {
      const used = i < 32 ? (h.usedLo >>> i) & 1 : (h.usedHi >>> (i - 32)) & 1;
      if (used) this.pending.delete(h.tids[i] >>> 0);
    }
    h.usedLo = h.usedHi = 0;
  }

  private holdEntry(buf: Buffer, off: number, end: number): void {
    const tid = buf.readUInt32LE(off + EntryRecord.hostTid);
    if (this.pending.has(tid)) this.counters.orphanEntries++;
    this.pending.set(tid, {
      syscallNr: buf.readUInt32LE(off + EntryRecord.syscallNr),
      buf,
      at: off,
      blobsAt: off + EntryRecord.bytes,
      nrBlobs: buf.readUInt16LE(off + Head.nrBlobs),
      end,
    });
  }

  /** The record to `sink` as bytes, if it takes it. */
  private handOn(sink: RecordSink, buf: Buffer, words: Int32Array, off: number, end: number): boolean {
    const w = off >> 2;
    const nr = words[w + (EventRecord.eventId >> 2)] >>> 0;
    const policies = sink.accepts(nr, words[w + (EventRecord.generation >> 2)] >>> 0, words[w + (EventRecord.policies >> 2)], words[w + (EventRecord.policies >> 2) + 1]);
    if (policies === undefined) return false;
    const hostTid = words[w + (EventRecord.hostTid >> 2)] >>> 0;
    const hasEntry = (words[w + (EventRecord.flags >> 2)] & EventFlags.hasEntry) !== 0;
    const entry = hasEntry ? this.pending.get(hostTid) : undefined;
    // an entry of another syscall is an orphan: decodeEvent counts it
    if (entry !== undefined && entry.syscallNr !== nr) return false;
    const v = this.view;
    v.buf = buf;
    v.words = words;
    v.off = off;
    v.end = end;
    v.spec = eventById(nr)!;
    v.entry = entry;
    v.context = this.contexts.get(buf, words, off, hostTid);
    v.containerId = this.containers.containerId(v.context.cgroupId);
    v.policies = policies;
    if (!sink.write(v)) return false;
    if (hasEntry) this.pending.delete(hostTid);
    this.counters.events++;
    return true;
  }

  private decodeEvent(buf: Buffer, words: Int32Array, off: number, end: number): TraceEvent {
    this.counters.events++;
    const w = off >> 2;
    const nr = words[w + (EventRecord.eventId >> 2)] >>> 0;
    const hostTid = words[w + (EventRecord.hostTid >> 2)] >>> 0;
    const flags = words[w + (EventRecord.flags >> 2)] >>> 0;
    const context = this.contexts.get(buf, words, off, hostTid);
    const spec = eventById(nr);
    const name = spec ? spec.name : `syscall_${nr}`;
    const event: FdResults = {};

    const args: DecodedArg[] = [];
    if (spec && spec.args.length > 0) {
      let entry: PendingEntry | undefined;
      if (flags & EventFlags.hasEntry) {
        entry = this.pending.get(hostTid);
        if (entry) {
          this.pending.delete(hostTid);
          if (entry.syscallNr !== nr) {
            this.counters.orphanEntries++;
            entry = undefined;
          }
        }
      }
      const lost = (flags & EventFlags.entryLost) !== 0;
      for (let i = 0; i < spec.args.length; i++) {
        // tracepoint events have arguments past the registers: only blobs fill those
        if (i >= MAX_ARGS) args.push({ spec: spec.args[i], value: null, raw: 0 });
        else args.push(this.registerArg(spec.args[i], buf, off + EventRecord.args + i * 8, lost));
      }
      if (entry) this.applyBlobs(args, event, entry.buf, entry.blobsAt, entry.nrBlobs, entry.end);
      this.applyBlobs(args, event, buf, off + EventRecord.bytes, buf.readUInt16LE(off + Head.nrBlobs), end);
      if (nr === TracepointEventId.schedProcessFork) this.forkArgs(args, buf, off);
      else if (nr === TracepointEventId.schedProcessExec) execArgs(args);
      // before any event of a process in it: the cgroup may be gone by the time those are decoded
      if (nr === TracepointEventId.cgroupMkdir) this.containers.register(BigInt(args[0].raw), String(args[1].value ?? ''));
    } else if (flags & EventFlags.hasEntry) {
      this.pending.delete(hostTid);
    }

    const out: TraceEvent = {
      timestamp: bootNs(words, w + (EventRecord.timestamp >> 2)) + this.options.clockOffset,
      threadStartTime: context.threadStartTime,
      processorId: words[w + (EventRecord.cpu >> 2)] >>> 0,
      processId: words[w + (EventRecord.pid >> 2)] >>> 0,
      threadId: words[w + (EventRecord.tid >> 2)] >>> 0,
      parentProcessId: words[w + (EventRecord.ppid >> 2)] >>> 0,
      hostProcessId: words[w + (EventRecord.hostPid >> 2)] >>> 0,
      hostThreadId: hostTid,
      hostParentProcessId: words[w + (EventRecord.hostPpid >> 2)] >>> 0,
      userId: words[w + (EventRecord.uid >> 2)] >>> 0,
      mountNamespace: words[w + (EventRecord.mntNs >> 2)] >>> 0,
      pidNamespace: words[w + (EventRecord.pidNs >> 2)] >>> 0,
      cgroupId: context.cgroupId,
      processName: context.processName,
      executablePath: '', // the process tree knows it (src/process)
      hostName: context.hostName,
      containerId: this.containers.containerId(context.cgroupId),
      eventId: nr,
      eventName: name,
      syscall: spec?.source ? '' : name,
      returnValue: readS64(buf, off + EventRecord.retval),
      args,
      matchedPolicies: [],
      policyMask: this.policyMask(words, w + (EventRecord.policies >> 2)),
      policyGeneration: words[w + (EventRecord.generation >> 2)] >>> 0,
      threadEntityId: context.threadEntityId,
      processEntityId: context.processEntityId,
      parentEntityId: context.parentEntityId,
      returnedFd: event.returnedFd,
      returnedFdPair: event.returnedFdPair,
      cwd: event.cwd,
    };
    if (event.written) out.written = event.written;
    if (event.kernelPerf) out.kernelPerf = event.kernelPerf;
    if (event.returnedFile) out.returnedFile = event.returnedFile;
    if (spec && HAS_KERNEL_TRUTH.has(nr)) this.truth.apply(out);
    return out;
  }

  /** The u64 policy mask at word `at`, the same bigint as the last one when its bits are. */
  private policyMask(words: Int32Array, at: number): bigint {
    const lo = words[at];
    const hi = words[at + 1];
    if (lo !== this.maskLo || hi !== this.maskHi) {
      this.maskLo = lo;
      this.maskHi = hi;
      this.mask = (BigInt(hi >>> 0) << 32n) | BigInt(lo >>> 0);
    }
    return this.mask;
  }

  /** sched_process_fork: the parent's ids are the event's context; the child's are registers 0-4 (sysray.h). */
  private forkArgs(args: DecodedArg[], buf: Buffer, off: number): void {
    const context = [EventRecord.hostTid, EventRecord.tid, EventRecord.hostPid, EventRecord.pid];
    for (let i = 0; i < 4; i++) {
      const v = buf.readUInt32LE(off + context[i]);
      args[i] = { spec: args[i].spec, value: v, raw: v };
    }
    for (let i = 0; i < 4; i++) {
      const v = buf.readInt32LE(off + EventRecord.args + i * 8);
      args[4 + i] = { spec: args[4 + i].spec, value: v, raw: v };
    }
    const start = buf.readBigUInt64LE(off + EventRecord.args + 4 * 8) + this.options.clockOffset;
    args[8] = { spec: args[8].spec, value: start, raw: start };
  }

  /** The argument from its register; captured ones are filled by their blob. */
  private registerArg(spec: ArgSpec, buf: Buffer, at: number, entryLost: boolean): DecodedArg {
    const v = registerValue(spec, buf, at);
    if (spec.kind === 'captured' && entryLost && !isExitCapture(spec.capture)) {
      // Until a blob says otherwise: entry memory lost, or not captured (failed syscall, env off).
      return { spec, value: null, unreadable: 'lost', address: v as number | bigint, raw: v as number | bigint };
    }
    return { spec, value: v, raw: registerRaw(spec, v) };
  }

  private applyBlobs(
    args: DecodedArg[], event: FdResults, buf: Buffer, at: number, count: number, end: number,
  ): void {
    for (let n = 0; n < count && at + Blob.bytes <= end; n++) {
      const index = buf[at + Blob.arg];
      const status = buf[at + Blob.status];
      const len = buf.readUInt32LE(at + Blob.len);
      const data = at + Blob.bytes;
      if (data + len > end) {
        this.counters.malformed++;
        return;
      }
      if (buf[at + Blob.kind] === BlobKind.fdInfo && status === BlobStatus.replaced) {
        // the fd holds another file at exit than at entry (bpf/path_dirs.h describe_fd_args)
        if (args[index]) args[index].fdReplaced = true;
      } else if (buf[at + Blob.kind] === BlobKind.fdInfo) {
        // what the kernel holds behind an fd argument, or behind the returned fd
        const fd = decodeFdInfo(buf, data, len);
        if (index === BLOB_ARG_RETVAL) {
          event.returnedFd = fd;
          event.returnedFile = decodeFdFile(buf, data, len);
        }
        else if (index === BLOB_ARG_PAIR_FIRST) (event.returnedFdPair ??= [undefined, undefined])[0] = fd;
        else if (index === BLOB_ARG_PAIR_SECOND) (event.returnedFdPair ??= [undefined, undefined])[1] = fd;
        else if (args[index]) {
          // an fd argument with no file behind it (not open) is left to the fd table, as any closed fd
          if (!(fd.kind === 'unknown' && len >= FdInfo.bytes && buf[data + FdInfo.kind] === FdKind.none)) args[index].fd = fd;
          // sched_process_exec's fd 0: its file type is the argument (Tracee's stdin_type)
          if (index === BLOB_ARG_EXEC_STDIN && args[index].spec.name === 'stdin_type' && len >= FdInfo.bytes) {
            const type = buf.readUInt32LE(data + FdInfo.mode) & 0o170000;
            args[index].value = type;
            args[index].raw = type;
          }
        }
      } else if (buf[at + Blob.kind] === BlobKind.cwd) {
        // the working directory a relative path argument was resolved against
        event.cwd = decodeUserString(buf, data, data + len);
      } else if (buf[at + Blob.kind] === BlobKind.written) {
        event.written = decodeWritten(buf, data, len, status === BlobStatus.fault);
      } else if (buf[at + Blob.kind] === BlobKind.kernelPerfAttr) {
        // perf_event_open's exit: the event the kernel made (kernel-truth/perf.ts)
        event.kernelPerf = decodeKernelPerfAttr(buf, data, len, status);
      } else {
        const arg = args[index];
        if (arg) this.fillCaptured(arg, status, buf, data, len, args);
      }
      at = data + ((len + 7) & ~7);
    }
  }

  private fillCaptured(arg: DecodedArg, status: number, buf: Buffer, start: number, len: number, args: readonly DecodedArg[]): void {
    if (status === BlobStatus.null || status === BlobStatus.fault) {
      arg.address = arg.raw;
      arg.value = null;
      arg.unreadable = (status === BlobStatus.null ? 'null' : 'fault') satisfies Unreadable;
      return;
    }
    if (status === BlobStatus.truncated) arg.truncated = true;
    if (status === BlobStatus.okAtExit) {
      arg.readAtExit = true;
      arg.entryFault = true;
    } else if (status === BlobStatus.deferred) {
      arg.readAtExit = true;
    }
    arg.unreadable = undefined;
    arg.address = undefined;
    arg.value = this.decodeCaptured(arg.spec, buf, start, len, args);
  }

  /** `args`: the event's arguments, registers filled (a union's layout can depend on another argument). */
  private decodeCaptured(spec: ArgSpec, buf: Buffer, start: number, len: number, args: readonly DecodedArg[]): ArgValue {
    return decodeCapturedValue(spec, buf, start, len, this.options.symbolic, args[0]?.raw ?? -1);
  }
}

/**
 * An argument's value from its register (captured ones: the address, until
 * a blob fills them). The one reading of registers, for decoded events and
 * for those written from their bytes (src/output/record-json.ts).
 */
export function registerValue(spec: ArgSpec, buf: Buffer, at: number): number | bigint | boolean | null {
  switch (spec.kind) {
    case 'bool':
      return buf.readUInt32LE(at) !== 0;
    case 'derived':
      return null;
    case 's32':
      return buf.readInt32LE(at);
    case 'u32':
      return buf.readUInt32LE(at);
    case 's64':
      return readS64(buf, at);
    case 'u64':
    case 'pointer':
    case 'captured':
      return readU64(buf, at);
  }
}

/** The raw a register value keeps (symbolic rendering): bools as 0/1, none as 0. */
export function registerRaw(spec: ArgSpec, v: number | bigint | boolean | null): number | bigint {
  if (v === null) return 0;
  if (typeof v === 'boolean') return v ? 1 : 0;
  return v;
}

/**
 * A captured argument's value from its blob. `firstArg`: the raw value of
 * the event's first argument (bpf's attr layout is its command's).
 */
export function decodeCapturedValue(spec: ArgSpec, buf: Buffer, start: number, len: number, symbolic: boolean, firstArg: number | bigint): ArgValue {
  switch (spec.capture) {
    case 'string':
    case 'fsconfigValue': // a string whenever the kernel sent a blob for it
      return decodeUserString(buf, start, start + len);
    case 'stringArray':
    case 'envArray':
      return decodeStringList(buf, start, start + len);
    case 'sockaddrIn':
    case 'sockaddrOut':
      return decodeSockaddr(buf, start, len, symbolic);
    case 'perfEventAttr':
      // numbers for everyone (signatures, filters); printers name them (symbolicPerfEventAttr)
      return decodePerfEventAttr(buf, start, len, false);
    case 'intPairOut':
      return len >= 8 ? [buf.readInt32LE(start), buf.readInt32LE(start + 4)] : null;
    case 'timespecIn':
    case 'timespecOut':
      return decodeTimespec(buf, start, len, symbolic);
    case 'openHow':
      // numbers for everyone, as perf_event_attr (printers name them: symbolicOpenHow)
      return decodeOpenHow(buf, start, len);
    case 'bpfAttr':
      // its layout is the command's (bpf's first argument)
      return decodeBpfAttr(Number(firstArg), buf, start, len);
    case 'none':
      return null;
  }
}

/**
 * sched_process_exec: stdin_path from the FD_INFO of fd 0 (blob arg
 * BLOB_ARG_EXEC_STDIN, on stdin_type), and no `env` unless the kernel sent
 * one (only selected signatures' names are captured: JSON stays as without).
 */
function execArgs(args: DecodedArg[]): void {
  const type = args[BLOB_ARG_EXEC_STDIN];
  const path = args[BLOB_ARG_EXEC_STDIN + 1];
  if (type?.spec.name === 'stdin_type' && path?.spec.name === 'stdin_path') {
    if (type.value === null) {
      type.value = 0;
      type.raw = 0;
    }
    path.value = fdKernelName(type.fd);
    type.fd = undefined;
  }
  const env = args[BLOB_ARG_EXEC_ENV];
  if (env?.spec.name === 'env' && env.value === null && env.unreadable === undefined) args.splice(BLOB_ARG_EXEC_ENV, 1);
}

