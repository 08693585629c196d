/**
 * Reads one file of a `sysray record` recording (layout: recording-format.ts,
 * native/record_format.h), streaming: the file is read in large blocks with
 * fs.readSync, never whole. Opening checks the file head and the JSON head
 * and throws RecordingError; after that nothing throws: a corrupted stretch,
 * a corrupted payload, a cut tail each cost what they cover, are reported
 * as one line through onProblem and counted, and reading goes on.
 *
 * Payloads are views into the read block they came in (or the inflated
 * buffer): they stay valid after the next chunk is read, so the decoder may
 * hold on to them (it keeps ENTRY records), at the cost of pinning the block.
 *
 * @example
 *   const reader = new RecordingReader({ onProblem: (line) => log.warn(line) });
 *   const header = reader.open('trace.sysrec');
 *   for (const chunk of reader.chunks({ sinceNs })) if (isRecordsKind(chunk.kind)) decoder.decode(chunk.payload);
 *   reader.close();
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { crc32, inflateSync } from 'node:zlib';
import {
  CHUNK_MAGIC, ChunkFlags, ChunkHead, ChunkKind, FileHead, chunkKindName, decodeChunkHead, decodeFileHead, decodeLoss,
  isRecordsKind, pad8, type ChunkHeadFields, type FileHeadFields, type LossMarker,
} from './recording-format.js';

/** Why a file cannot be read as a recording at all; its message is one line naming the path. */
export class RecordingError extends Error {
  override name = 'RecordingError';
}

export interface RecordingReaderOptions {
  /** One line per problem met after open (path and offset in it). Default: none. */
  onProblem?: (line: string) => void;
  /** false for a rotated file that is not the last one: it ends without an END chunk. Default true. */
  expectEnd?: boolean;
  /** Bytes per read (default 4 MiB); a chunk larger than this is read whole. */
  blockBytes?: number;
}

export interface RecordingChunk {
  kind: number;
  /** File offset of its chunk head. */
  offset: number;
  seq: number;
  count: number;
  firstNs: bigint;
  lastNs: bigint;
  /** Inflated. */
  payload: Buffer;
}

export interface RecordingCounters {
  /** Chunks yielded, RECORDS_* records in them, their file bytes (heads, payloads, padding), their payloads inflated. */
  chunks: number;
  records: number;
  bytes: number;
  rawBytes: number;
  skipped: {
    /** RECORDS_* chunks outside sinceNs..untilNs: not an error, not inflated. */
    outOfRange: number;
    /** Stretches with no valid chunk head, skipped to the next one (how many chunks they held is unknown). */
    corruptHead: number;
    /** Payload crc mismatch, inflate failure, inflated size or LOSS layout wrong. */
    corruptPayload: number;
    /** The last chunk, cut by the end of the file. */
    cut: number;
    /** Kinds or flags this reader does not know (a newer writer). */
    unsupported: number;
  };
  /** File bytes not read as chunks: corrupted stretches, cut tails, bytes after END. */
  bytesDropped: number;
  /** Records of the chunks skipped for corruption or a cut (when their head told). */
  recordsDropped: number;
}

/** A chunk larger than this is taken for a corrupted head (native writes chunks of a few MiB). */
const CHUNK_MAX_BYTES = 1 << 30;
const DEFAULT_BLOCK_BYTES = 4 << 20;
const HEAD_READ_BYTES = 4096;
const CHUNK_MAGIC_BYTES = (() => {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(CHUNK_MAGIC);
  return b;
})();

function newCounters(): RecordingCounters {
  return {
    chunks: 0, records: 0, bytes: 0, rawBytes: 0,
    skipped: { outOfRange: 0, corruptHead: 0, corruptPayload: 0, cut: 0, unsupported: 0 },
    bytesDropped: 0, recordsDropped: 0,
  };
}

export class RecordingReader {
  path = '';
  /** The file head of the open file. */
  head: FileHeadFields | undefined;
  /** File size when opened: a file still growing is read to there. */
  size = 0;
  counters: RecordingCounters = newCounters();
  /** LOSS chunks met so far by chunks(), decoded. */
  lossMarkers: LossMarker[] = [];
  /** An END chunk was met. */
  ended = false;

  private readonly onProblem: (line: string) => void;
  private readonly expectEnd: boolean;
  private readonly blockBytes: number;
  private fd = -1;
  private chunksAt = 0;
  /** File bytes [winAt, winAt + win.length). Replaced, never overwritten, so payload views stay valid. */
  private win: Buffer = Buffer.alloc(0);
  private winAt = 0;
  private reportedKinds = new Set<string>();

  constructor(options: RecordingReaderOptions = {}) {
    this.onProblem = options.onProblem ?? (() => {});
    this.expectEnd = options.expectEnd ?? true;
    this.blockBytes = Math.max(options.blockBytes ?? DEFAULT_BLOCK_BYTES, 4096);
  }

  /** Opens `path`, checks its file head and JSON head; returns the JSON head parsed (the caller checks what it says). */
  open(path: string): unknown {
    this.close();
    this.path = path;
    try {
      this.fd = openSync(path, 'r');
      this.size = fstatSync(this.fd).size;
    } catch (e) {
      this.close();
      throw new RecordingError(`${path}: cannot read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
    this.win = Buffer.alloc(0);
    this.winAt = 0;
    this.fill(0, Math.min(this.size, FileHead.bytes));
    const head = decodeFileHead(this.win.subarray(0, Math.min(this.size, FileHead.bytes)));
    if (typeof head === 'string') this.fail(head);
    const jsonEnd = FileHead.bytes + head.jsonBytes;
    if (jsonEnd > this.size) this.fail(`shorter than its head (${this.size} bytes, the file head and JSON head need ${jsonEnd})`);
    this.fill(FileHead.bytes, head.jsonBytes);
    const json = this.view(FileHead.bytes, head.jsonBytes);
    if (crc32(json) !== head.jsonCrc) this.fail('JSON head corrupt (crc mismatch)');
    let parsed: unknown;
    try {
      parsed = JSON.parse(json.toString('utf8'));
    } catch (e) {
      this.fail(`JSON head corrupt (${(e as Error).message})`);
    }
    this.head = head;
    this.chunksAt = pad8(jsonEnd);
    return parsed;
  }

  close(): void {
    if (this.fd >= 0) closeSync(this.fd);
    this.fd = -1;
    this.win = Buffer.alloc(0);
  }

  /**
   * The chunks of the file in order. RECORDS_* chunks entirely outside
   * [sinceNs, untilNs] (boot-clock ns, both inclusive) are skipped unread;
   * control chunks are always yielded. Each call reads from the start and
   * resets counters, lossMarkers and ended.
   */
  *chunks(range: { sinceNs?: bigint; untilNs?: bigint } = {}): Generator<RecordingChunk, void, undefined> {
    if (this.fd < 0) throw new Error('RecordingReader.chunks() before open()');
    this.counters = newCounters();
    this.lossMarkers = [];
    this.ended = false;
    this.reportedKinds.clear();
    const { sinceNs, untilNs } = range;
    const c = this.counters;
    let at = this.chunksAt;
    let seq = 0; // the seq the next chunk should have
    let skipping = false; // after a chunk skipped unread, read the next head alone: its payload may be skipped too
    while (at < this.size) {
      if (!this.fill(at, ChunkHead.bytes, skipping ? HEAD_READ_BYTES : this.blockBytes)) {
        this.problem(at, `cut inside a chunk head: ${this.size - at} bytes dropped`);
        c.skipped.cut++;
        c.bytesDropped += this.size - at;
        break;
      }
      let h = decodeChunkHead(this.win, at - this.winAt);
      if (typeof h !== 'string' && !saneSizes(h)) h = `chunk head sizes impossible (stored ${h.storedBytes}, raw ${h.rawBytes}, flags ${h.flags})`;
      if (typeof h === 'string') {
        const next = this.scan(at, seq);
        c.skipped.corruptHead++;
        if (next === undefined) {
          this.problem(at, `${h}; no valid chunk head after it: ${this.size - at} bytes to the end dropped`);
          c.bytesDropped += this.size - at;
          break;
        }
        this.problem(at, `${h}; ${next.at - at} bytes skipped to the next chunk head at ${next.at} (seq ${next.head.seq})`);
        c.bytesDropped += next.at - at;
        at = next.at;
        seq = next.head.seq;
        h = next.head;
      }
      const end = at + ChunkHead.bytes + h.storedBytes;
      const padded = pad8(end);
      const what = `${chunkKindName(h.kind)} chunk seq ${h.seq}${isRecordsKind(h.kind) ? ` (${h.count} records)` : ''}`;
      if (end > this.size) {
        this.problem(at, `cut inside ${what}: ${this.size - at} bytes dropped`);
        c.skipped.cut++;
        c.bytesDropped += this.size - at;
        c.recordsDropped += isRecordsKind(h.kind) ? h.count : 0;
        break;
      }
      if (h.seq !== seq) this.problem(at, `chunk seq ${h.seq} where ${seq} was expected`);
      seq = h.seq + 1;
      const chunkAt = at;
      at = Math.min(padded, this.size);
      const records = isRecordsKind(h.kind);
      if (records && h.firstNs !== 0n && h.lastNs !== 0n
        && ((sinceNs !== undefined && h.lastNs < sinceNs) || (untilNs !== undefined && h.firstNs > untilNs))) {
        c.skipped.outOfRange++;
        skipping = true;
        continue;
      }
      skipping = false;
      if (!records && !isControlKind(h.kind)) {
        c.skipped.unsupported++;
        this.problemOnce(`kind ${h.kind}`, chunkAt, `${what}: a chunk kind this sysray does not know, skipped (and any more of it)`);
        continue;
      }
      if ((h.flags & ~ChunkFlags.deflate) !== 0) {
        c.skipped.unsupported++;
        c.recordsDropped += records ? h.count : 0;
        this.problemOnce(`flags ${h.flags}`, chunkAt, `${what}: flags 0x${h.flags.toString(16)} this sysray does not know, skipped (and any more of them)`);
        continue;
      }
      if (!this.fill(chunkAt + ChunkHead.bytes, h.storedBytes)) {
        // the file shrank since open, or a read failed (reported)
        this.problem(chunkAt, `cut inside ${what}: ${this.size - chunkAt} bytes dropped`);
        c.skipped.cut++;
        c.bytesDropped += this.size - chunkAt;
        c.recordsDropped += records ? h.count : 0;
        break;
      }
      const stored = this.view(chunkAt + ChunkHead.bytes, h.storedBytes);
      const payload = this.payload(h, stored, chunkAt, what);
      if (payload === undefined) {
        c.skipped.corruptPayload++;
        c.recordsDropped += records ? h.count : 0;
        continue;
      }
      if (h.kind === ChunkKind.loss) {
        const loss = decodeLoss(payload);
        if (typeof loss === 'string') {
          this.problem(chunkAt, `${what}: ${loss}, skipped`);
          c.skipped.corruptPayload++;
          continue;
        }
        this.lossMarkers.push(loss);
      }
      c.chunks++;
      c.bytes += at - chunkAt;
      c.rawBytes += payload.length;
      if (records) c.records += h.count;
      yield { kind: h.kind, offset: chunkAt, seq: h.seq, count: h.count, firstNs: h.firstNs, lastNs: h.lastNs, payload };
      if (h.kind === ChunkKind.end) {
        this.ended = true;
        if (at < this.size) {
          this.problem(at, `${this.size - at} bytes after the END chunk, ignored`);
          c.bytesDropped += this.size - at;
        }
        break;
      }
    }
    // a cut was said already, where it happened
    if (!this.ended && this.expectEnd && c.skipped.cut === 0) this.onProblem(`${this.path}: no END chunk: the recording was not stopped cleanly (killed before its end was written)`);
  }

  /** The inflated payload, or undefined after reporting why there is none. */
  private payload(h: ChunkHeadFields, stored: Buffer, at: number, what: string): Buffer | undefined {
    if (crc32(stored) !== h.payloadCrc) {
      this.problem(at, `${what}: payload crc mismatch, skipped`);
      return undefined;
    }
    if ((h.flags & ChunkFlags.deflate) === 0) return stored;
    let raw: Buffer;
    try {
      // one output chunk of the announced size: no concatenation, and no more than announced
      raw = inflateSync(stored, { chunkSize: Math.max(h.rawBytes, 64), maxOutputLength: Math.max(h.rawBytes, 1) });
    } catch (e) {
      this.problem(at, `${what}: inflate failed (${(e as Error).message}), skipped`);
      return undefined;
    }
    if (raw.length !== h.rawBytes) {
      this.problem(at, `${what}: inflated to ${raw.length} bytes where the head says ${h.rawBytes}, skipped`);
      return undefined;
    }
    return raw;
  }

  /**
   * The next valid chunk head after the bad one at `from`: 8-aligned, magic,
   * head crc, sane sizes, and a seq the skipped bytes could have held
   * (`seq` up to one per 48 bytes skipped).
   */
  private scan(from: number, seq: number): { at: number; head: ChunkHeadFields } | undefined {
    let pos = from + 8;
    while (pos + ChunkHead.bytes <= this.size) {
      if (!this.fill(pos, ChunkHead.bytes)) return undefined;
      const winEnd = this.winAt + this.win.length;
      let i = this.win.indexOf(CHUNK_MAGIC_BYTES, pos - this.winAt);
      while (i >= 0) {
        const cand = this.winAt + i;
        if ((cand & 7) === 0) {
          if (cand + ChunkHead.bytes > this.size) return undefined;
          if (cand + ChunkHead.bytes > winEnd) break; // fill from cand, then look again
          const h = decodeChunkHead(this.win, i);
          if (typeof h !== 'string' && saneSizes(h) && h.seq >= seq && h.seq <= seq + Math.floor((cand - from) / ChunkHead.bytes)) return { at: cand, head: h };
        }
        i = this.win.indexOf(CHUNK_MAGIC_BYTES, i + 1);
      }
      // candidates in [pos, winEnd - 4) were all looked at
      const next = i >= 0 ? this.winAt + i : pad8(winEnd - 3);
      pos = Math.max(next, pos + 8);
    }
    return undefined;
  }

  /**
   * Makes file bytes [at, at + n) available in win, reading at least `read`
   * bytes; false when the file ends first (or a read fails: reported, and
   * the file taken to end there).
   */
  private fill(at: number, n: number, read = this.blockBytes): boolean {
    if (at >= this.winAt && at + n <= this.winAt + this.win.length) return true;
    if (at + n > this.size) return false;
    const len = Math.min(Math.max(n, read), this.size - at);
    const next = Buffer.allocUnsafe(len);
    let have = 0;
    const winEnd = this.winAt + this.win.length;
    if (at >= this.winAt && at < winEnd) have = this.win.copy(next, 0, at - this.winAt);
    try {
      while (have < len) {
        const got = readSync(this.fd, next, have, len - have, at + have);
        if (got === 0) break; // truncated since open
        have += got;
      }
    } catch (e) {
      this.problem(at + have, `read failed (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}): the ${this.size - at - have} bytes from here are not read`);
    }
    this.win = have === len ? next : next.subarray(0, have);
    this.winAt = at;
    if (have < len) this.size = at + have;
    return have >= n;
  }

  private view(at: number, n: number): Buffer {
    return this.win.subarray(at - this.winAt, at - this.winAt + n);
  }

  private fail(reason: string): never {
    const path = this.path;
    this.close();
    throw new RecordingError(`${path}: ${reason}`);
  }

  private problem(at: number, text: string): void {
    this.onProblem(`${this.path}: offset ${at}: ${text}`);
  }

  private problemOnce(key: string, at: number, text: string): void {
    if (this.reportedKinds.has(key)) return;
    this.reportedKinds.add(key);
    this.problem(at, text);
  }
}

function isControlKind(kind: number): boolean {
  return kind === ChunkKind.loss || kind === ChunkKind.snapshot || kind === ChunkKind.policies || kind === ChunkKind.end;
}

/** Sizes a writer could have written; a flag unknown here may be a newer encoding, so it excuses stored ≠ raw. */
function saneSizes(h: ChunkHeadFields): boolean {
  if (h.storedBytes > CHUNK_MAX_BYTES || h.rawBytes > CHUNK_MAX_BYTES) return false;
  return h.flags !== 0 || h.storedBytes === h.rawBytes;
}
