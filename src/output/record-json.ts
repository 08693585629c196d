/**
 * `-o json` lines written straight from an event record's bytes, for the
 * event kinds no user-space check needs as objects (EventPipeline decides
 * which, per policy generation): no TraceEvent and no argument objects are
 * made. The text is the JSON printer's, byte for byte. It uses the same
 * thread, event and argument texts (json-printer.ts), and reads values with
 * the decoder's own functions (batch-decoder.ts registerValue,
 * decodeCapturedValue). record-json.test.ts checks it against the printer
 * on recorded events.
 */
import { isExitCapture, type ArgSpec } from '../events/catalog-types.js';
import { errnoName, renderArgSymbolic } from '../decode/symbols/index.js';
import { decodeCapturedValue, readS64, registerRaw, registerValue, type HeldEntries, type RecordView, type TimeBarrier } from '../decode/batch-decoder.js';
import { Blob, BlobKind, BlobStatus, EventFlags, EventRecord, Head, MAX_ARGS } from '../decode/record-layout.js';
import type { ArgValue } from '../decode/trace-event.js';
import { JsonPrinter, LAST_ARG_END, NO_ARGS_END, TIMESTAMP, type ThreadFields, type ThreadText } from './json-printer.js';
import { argOp, EncodeState, EncodeStop, loadRecordJsonNative, OPEN_TRUTH_KINDS, type RecordJsonHandle, type RecordJsonNative } from './record-json-native.js';

const TWO_32 = 2 ** 32;
/** Most arguments any event has (tracepoint events have more than the six registers). */
const MAX_EVENT_ARGS = 32;
const NO_BLOB = -1;
/** Room asked for when the C writer found the buffer full: more than any line it writes. */
const LINE_ROOM = 64 << 10;

export class RecordJson {
  /** The thread's fields of the record being written: one object, refilled. */
  private readonly fields: { -readonly [K in keyof ThreadFields]: ThreadFields[K] } = {
    threadStartTime: 0n, processId: 0, cgroupId: 0n, threadId: 0, parentProcessId: 0, hostProcessId: 0, hostThreadId: 0,
    hostParentProcessId: 0, userId: 0, mountNamespace: 0, pidNamespace: 0, processName: '', executablePath: '',
    hostName: '', containerId: '', threadEntityId: 0, processEntityId: 0, parentEntityId: 0,
  };
  /** Per argument, the blob that fills it (its status, or NO_BLOB), and the flags blobs set. */
  private readonly blobStatus = new Int16Array(MAX_EVENT_ARGS);
  private readonly blobStart = new Int32Array(MAX_EVENT_ARGS);
  private readonly blobLen = new Int32Array(MAX_EVENT_ARGS);
  private readonly blobBuf: Buffer[] = new Array<Buffer>(MAX_EVENT_ARGS);
  private readonly truncated = new Uint8Array(MAX_EVENT_ARGS);
  private readonly readAtExit = new Uint8Array(MAX_EVENT_ARGS);
  private readonly fdReplaced = new Uint8Array(MAX_EVENT_ARGS);

  /**
   * The C writer (native/record_json.c) and what it was given: it writes
   * the lines it has every text for, and hands the rest back to write().
   * Without parse-arguments only (names of flags and errors are JS's).
   */
  private readonly native: RecordJsonNative | null;
  private readonly handle: RecordJsonHandle | undefined;
  private readonly nativeThreads = new Map<number, ThreadText>();
  /** Per generation × 65536 + event id, the mask words registered. */
  private readonly nativeEvents = new Map<number, { lo: number; hi: number }>();
  private readonly plans = new Map<object, Uint8Array>();
  private readonly state = new Int32Array(EncodeState.words);
  /** Lines the C writer wrote. */
  encoded = 0;

  /** `symbolic`: the decoder's option (sockaddr and timespec values depend on it). `native`: false keeps to JS. */
  constructor(
    private readonly printer: JsonPrinter,
    private readonly clockOffset: bigint,
    private readonly symbolic: boolean,
    native = true,
  ) {
    this.native = native && !printer.options.parseArguments ? loadRecordJsonNative() : null;
    this.handle = this.native?.recordJsonOpen(clockOffset);
  }

  /**
   * Lets the C writer write the records of `batch` from byte `at`; returns
   * where it stopped (a record for JS, or the batch's end). `held`: the
   * entries the decoder holds (BatchDecoder.decode): their events are
   * written too when their bytes came, and marked used. `hold` gets the
   * offsets of the ENTRY records it read and left waiting, in batch order,
   * for the decoder to hold.
   */
  encode(batch: Buffer, at: number, held: HeldEntries, hold: (off: number) => void, until?: TimeBarrier): number {
    const native = this.native;
    if (native === null) return at;
    const out = this.printer.stream;
    const state = this.state;
    state[EncodeState.carried] = 0;
    state[EncodeState.heldUsed] = 0;
    state[EncodeState.heldUsed + 1] = 0;
    state[EncodeState.until] = until === undefined ? -1 : until.untilLo;
    state[EncodeState.until + 1] = until === undefined ? -1 : until.untilHi;
    for (;;) {
      at = native.recordJsonEncode(this.handle!, batch, at, out.buf, out.used, state, held.tids, held.bytes);
      out.used = state[0];
      this.encoded += state[1];
      if (state[2] !== EncodeStop.room) break;
      out.room(LINE_ROOM);
    }
    held.usedLo = state[EncodeState.heldUsed];
    held.usedHi = state[EncodeState.heldUsed + 1];
    for (let i = 0, n = state[EncodeState.carried]; i < n; i++) hold(state[EncodeState.carried + 1 + i]);
    return at;
  }

  /** The process tree changed (exec, fork, exit, containers): thread texts are made again. */
  forget(): void {
    if (this.native === null) return;
    this.native.recordJsonForget(this.handle!);
    this.nativeThreads.clear();
  }

  /**
   * Kinds with a kernel value that only the C writer writes from records
   * (OPEN_TRUTH_KINDS): write() teaches it and leaves the event to be
   * decoded; the C writer writes the next ones.
   */
  teachesOnly(spec: { readonly name: string }): boolean {
    return this.native !== null && OPEN_TRUTH_KINDS.has(spec.name);
  }

  /** Whether this writer can write the events of `spec` (else they are decoded and printed). */
  writes(spec: { readonly args: readonly ArgSpec[] }): boolean {
    // fd arguments as text need the fd table, as objects
    return spec.args.length <= MAX_EVENT_ARGS && this.printer.options.parseArgumentsFds !== true;
  }

  /** Writes the record's line; false when a blob is out of bounds (the decoder then counts it malformed). */
  write(r: RecordView): boolean {
    const { buf, words, off, spec } = r;
    const nargs = spec.args.length;
    if (!this.readBlobs(r, nargs)) return false;
    const w = off >> 2;
    const context = r.context;
    const f = this.fields;
    f.threadStartTime = context.threadStartTime;
    f.processId = words[w + (EventRecord.pid >> 2)] >>> 0;
    f.cgroupId = context.cgroupId;
    f.threadId = words[w + (EventRecord.tid >> 2)] >>> 0;
    f.parentProcessId = words[w + (EventRecord.ppid >> 2)] >>> 0;
    f.hostProcessId = words[w + (EventRecord.hostPid >> 2)] >>> 0;
    f.hostThreadId = words[w + (EventRecord.hostTid >> 2)] >>> 0;
    f.hostParentProcessId = words[w + (EventRecord.hostPpid >> 2)] >>> 0;
    f.userId = words[w + (EventRecord.uid >> 2)] >>> 0;
    f.mountNamespace = words[w + (EventRecord.mntNs >> 2)] >>> 0;
    f.pidNamespace = words[w + (EventRecord.pidNs >> 2)] >>> 0;
    f.processName = context.processName;
    f.executablePath = r.executablePath;
    f.hostName = context.hostName;
    f.containerId = r.containerId;
    f.threadEntityId = context.threadEntityId;
    f.processEntityId = context.processEntityId;
    f.parentEntityId = context.parentEntityId;

    const p = this.printer;
    const j = p.json;
    const parseArguments = p.options.parseArguments;
    const thread = p.threadText(f);
    const text = p.eventText(spec.id, spec.name, spec.source ? '' : spec.name, nargs, r.policies);
    if (this.native !== null) {
      this.teach(r, thread, text);
      if (OPEN_TRUTH_KINDS.has(spec.name)) return false; // its kernel value is the decoder's
    }
    j.raw(TIMESTAMP);
    const hi = words[w + (EventRecord.timestamp >> 2) + 1] >>> 0;
    const lo = words[w + (EventRecord.timestamp >> 2)] >>> 0;
    j.timestamp((hi < 0x200000 ? BigInt(hi * TWO_32 + lo) : (BigInt(hi) << 32n) | BigInt(lo)) + this.clockOffset);
    j.raw(thread.start);
    j.number(words[w + (EventRecord.cpu >> 2)] >>> 0);
    j.raw(thread.task);
    j.raw(text);
    const ret = readS64(buf, off + EventRecord.retval);
    j.integer(ret);
    if (parseArguments && ret < 0) {
      const name = errnoName(-Number(ret));
      if (name) j.ascii(',"returnValueName":"' + name + '"');
    }
    j.raw(thread.entity);
    if (nargs === 0) {
      j.raw(NO_ARGS_END);
      return true;
    }
    const lost = (words[w + (EventRecord.flags >> 2)] & EventFlags.entryLost) !== 0;
    const args = off + EventRecord.args;
    for (let i = 0; i < nargs; i++) {
      const a = spec.args[i];
      let value: ArgValue;
      let raw: number | bigint = 0;
      let unreadable: string | undefined;
      let address: number | bigint | undefined;
      let written = false;
      if (i >= MAX_ARGS) {
        value = null;
      } else {
        const v = registerValue(a, buf, args + i * 8);
        raw = registerRaw(a, v);
        if (a.kind === 'captured' && lost && !isExitCapture(a.capture)) {
          value = null;
          unreadable = 'lost';
          address = raw;
        } else {
          value = v;
        }
      }
      const prefix = p.argPrefix(a);
      j.raw(i > 0 ? prefix.next : prefix.first);
      const status = this.blobStatus[i];
      if (status === BlobStatus.null || status === BlobStatus.fault) {
        value = null;
        unreadable = status === BlobStatus.null ? 'null' : 'fault';
        address = raw;
      } else if (status !== NO_BLOB) {
        unreadable = undefined;
        address = undefined;
        const b = this.blobBuf[i];
        const start = this.blobStart[i];
        const len = this.blobLen[i];
        // a plain string is its bytes, quoted: no string made
        if ((a.capture === 'string' || a.capture === 'fsconfigValue') && !(parseArguments && a.format) && j.plainAscii(b, start, len)) written = true;
        else value = decodeCapturedValue(a, b, start, len, this.symbolic, firstRegister(spec, buf, args));
      }
      if (written) {
        // done
      } else if (parseArguments && a.format && unreadable === undefined) {
        j.value(renderArgSymbolic(a.format, BigInt(raw)));
      } else {
        p.structValue({ spec: a }, value);
      }
      if (unreadable !== undefined) {
        j.ascii(',"unreadable":"' + unreadable + '","address":');
        j.integer(address ?? 0);
      }
      if (this.truncated[i]) j.ascii(',"truncated":true');
      if (this.readAtExit[i]) j.ascii(',"readAtExit":true');
      if (this.fdReplaced[i]) j.ascii(',"fdReplaced":true');
    }
    j.raw(LAST_ARG_END);
    return true;
  }

  /** Gives the C writer the texts of this record's thread and event kind, when it lacks them. */
  private teach(r: RecordView, thread: ThreadText, text: Uint8Array): void {
    const native = this.native!;
    const w = r.off >> 2;
    const tid = r.words[w + (EventRecord.hostTid >> 2)] >>> 0;
    if (this.nativeThreads.get(tid) !== thread) {
      if (native.recordJsonThread(this.handle!, r.buf.subarray(r.off, r.off + EventRecord.bytes), thread.start, thread.task, thread.entity)) this.nativeThreads.clear();
      this.nativeThreads.set(tid, thread);
    }
    const gen = r.words[w + (EventRecord.generation >> 2)] >>> 0;
    const lo = r.words[w + (EventRecord.policies >> 2)];
    const hi = r.words[w + (EventRecord.policies >> 2) + 1];
    const key = gen * 65536 + r.spec.id;
    const known = this.nativeEvents.get(key);
    if (known === undefined || known.lo !== lo || known.hi !== hi) {
      const mask = (BigInt(hi >>> 0) << 32n) | BigInt(lo >>> 0);
      if (native.recordJsonEvent(this.handle!, gen, r.spec.id, mask, text, this.plan(r.spec))) this.nativeEvents.clear();
      this.nativeEvents.set(key, { lo, hi });
    }
  }

  /** The C writer's plan of an event kind: nargs, each argument's op, then each one's two prefixes (u16 length, bytes). */
  private plan(spec: RecordView['spec']): Uint8Array {
    let plan = this.plans.get(spec);
    if (plan !== undefined) return plan;
    const parts: number[] = [spec.args.length, ...spec.args.map((a, i) => argOp(spec.name, a, i))];
    for (const a of spec.args) {
      const prefix = this.printer.argPrefix(a);
      for (const bytes of [prefix.first, prefix.next]) parts.push(bytes.length & 0xff, bytes.length >> 8, ...bytes);
    }
    plan = Uint8Array.from(parts);
    this.plans.set(spec, plan);
    return plan;
  }

  /**
   * Notes which blob fills which argument, entry's first (the decoder's
   * applyBlobs order: a later blob replaces the value, flags add up).
   */
  private readBlobs(r: RecordView, nargs: number): boolean {
    this.blobStatus.fill(NO_BLOB, 0, nargs);
    this.truncated.fill(0, 0, nargs);
    this.readAtExit.fill(0, 0, nargs);
    this.fdReplaced.fill(0, 0, nargs);
    if (nargs === 0) return true;
    const e = r.entry;
    if (e !== undefined && !this.blobs(e.buf, e.blobsAt, e.nrBlobs, e.end, nargs)) return false;
    return this.blobs(r.buf, r.off + EventRecord.bytes, r.buf.readUInt16LE(r.off + Head.nrBlobs), r.end, nargs);
  }

  private blobs(buf: Buffer, at: number, count: number, end: number, nargs: number): boolean {
    for (let n = 0; n < count && at + Blob.bytes <= end; n++) {
      const index = buf[at + Blob.arg];
      const status = buf[at + Blob.status];
      const len = buf.readUInt32LE(at + Blob.len);
      const data = at + Blob.bytes;
      if (data + len > end) return false;
      const kind = buf[at + Blob.kind];
      if (kind === BlobKind.fdInfo) {
        // what an fd refers to is the fd table's and --parse-arguments-fds' (not written here); a replaced fd is said
        if (status === BlobStatus.replaced && index < nargs) this.fdReplaced[index] = 1;
      } else if (kind !== BlobKind.cwd && kind !== BlobKind.written && kind !== BlobKind.kernelPerfAttr && index < nargs) {
        this.blobStatus[index] = status;
        if (status !== BlobStatus.null && status !== BlobStatus.fault) {
          this.blobBuf[index] = buf;
          this.blobStart[index] = data;
          this.blobLen[index] = len;
          if (status === BlobStatus.truncated) this.truncated[index] = 1;
          if (status === BlobStatus.okAtExit || status === BlobStatus.deferred) this.readAtExit[index] = 1;
        }
      }
      at = data + ((len + 7) & ~7);
    }
    return true;
  }
}

/** The first argument's raw register: bpf's attr is read by the command in it. Only a captured blob's decode asks. */
function firstRegister(spec: RecordView['spec'], buf: Buffer, args: number): number | bigint {
  const a = spec.args[0];
  return a.kind === 'derived' ? 0 : registerRaw(a, registerValue(a, buf, args));
}
