/**
 * The recording file of `sysray record`, mirrored from native/record_format.h
 * (the one definition of its layout; recording-format.test.ts compiles that
 * header and fails when an offset or constant here disagrees). Little-endian.
 *
 *   file   := file_head(64)  json_head  pad8  chunk*
 *   chunk  := chunk_head(48) payload    pad8
 *
 * Each head ends with a crc32 of the bytes before it; a chunk's payload_crc
 * covers the payload as stored (deflated or not). RECORDS_* payloads are ring
 * records as the kernel wrote them, what src/decode/batch-decoder.ts takes.
 *
 * @example
 *   const json = Buffer.from(JSON.stringify({ format: 1 }));
 *   const head = encodeFileHead({ jsonBytes: json.length, fileIndex: 0, jsonCrc: crc32(json), recordingId: 7n, createdNs: 0n });
 *   const chunk = encodeChunk(ChunkKind.end, Buffer.from('{}'), { seq: 0 });
 */
import { crc32, deflateSync } from 'node:zlib';

export const RECORDING_MAGIC = Buffer.from('SYSRAYRC', 'latin1');
export const RECORDING_VERSION = 1;
export const CHUNK_MAGIC = 0x4b435253; // "SRCK" as bytes in the file

export const ChunkKind = { recordsBulk: 1, recordsSecurity: 2, loss: 3, snapshot: 16, policies: 17, end: 18 } as const;
export type ChunkKindValue = (typeof ChunkKind)[keyof typeof ChunkKind];
export const ChunkFlags = { deflate: 1 } as const;

/** struct sysray_rec_file_head: offsets, `bytes` is sizeof. */
export const FileHead = {
  magic: 0, version: 8, jsonBytes: 12, fileIndex: 16, jsonCrc: 20, recordingId: 24, createdNs: 32, reserved: 40, headCrc: 60, bytes: 64,
} as const;
/** struct sysray_rec_chunk_head. */
export const ChunkHead = {
  magic: 0, kind: 4, flags: 6, storedBytes: 8, rawBytes: 12, count: 16, payloadCrc: 20, firstNs: 24, lastNs: 32, seq: 40, headCrc: 44, bytes: 48,
} as const;
/** struct sysray_rec_loss, then u64 counters[cpus][stats]. */
export const LossHead = { bootNs: 0, cpus: 8, stats: 12, bytes: 16 } as const;

/** n rounded up to 8; exact for any file offset (`-n & 7` keeps the low bits past 2^31). */
export function pad8(n: number): number {
  return n + (-n & 7);
}

export function isRecordsKind(kind: number): boolean {
  return kind === ChunkKind.recordsBulk || kind === ChunkKind.recordsSecurity;
}

export function chunkKindName(kind: number): string {
  for (const [name, v] of Object.entries(ChunkKind)) if (v === kind) return name;
  return `kind ${kind}`;
}

export interface FileHeadFields {
  version: number;
  jsonBytes: number;
  fileIndex: number;
  jsonCrc: number;
  recordingId: bigint;
  createdNs: bigint;
}

export interface ChunkHeadFields {
  kind: number;
  flags: number;
  storedBytes: number;
  rawBytes: number;
  count: number;
  payloadCrc: number;
  firstNs: bigint;
  lastNs: bigint;
  seq: number;
}

/**
 * Recomputes head_crc of a 64-byte file head in place: what native does
 * after patching file_index and created_ns for each rotated file.
 */
export function sealFileHead(head: Buffer): Buffer {
  head.writeUInt32LE(crc32(head.subarray(0, FileHead.headCrc)), FileHead.headCrc);
  return head;
}

/** The 64-byte file head, head_crc filled; the JSON (json_bytes, json_crc) follows it, padded to 8. */
export function encodeFileHead(f: { jsonBytes: number; fileIndex: number; jsonCrc: number; recordingId: bigint; createdNs: bigint }): Buffer {
  const b = Buffer.alloc(FileHead.bytes);
  RECORDING_MAGIC.copy(b, FileHead.magic);
  b.writeUInt32LE(RECORDING_VERSION, FileHead.version);
  b.writeUInt32LE(f.jsonBytes, FileHead.jsonBytes);
  b.writeUInt32LE(f.fileIndex, FileHead.fileIndex);
  b.writeUInt32LE(f.jsonCrc >>> 0, FileHead.jsonCrc);
  b.writeBigUInt64LE(f.recordingId, FileHead.recordingId);
  b.writeBigUInt64LE(f.createdNs, FileHead.createdNs);
  return sealFileHead(b);
}

/** file_head + json_head + pad8: the start of every file of a recording. */
export function encodeFileStart(json: string, f: { fileIndex: number; recordingId: bigint; createdNs: bigint }): Buffer {
  const j = Buffer.from(json, 'utf8');
  const out = Buffer.alloc(FileHead.bytes + pad8(j.length));
  encodeFileHead({ ...f, jsonBytes: j.length, jsonCrc: crc32(j) }).copy(out, 0);
  j.copy(out, FileHead.bytes);
  return out;
}

/** The file head's fields, or why `buf` does not start a recording this sysray reads. */
export function decodeFileHead(buf: Buffer): FileHeadFields | string {
  if (buf.length < FileHead.bytes) {
    return buf.length >= RECORDING_MAGIC.length && buf.subarray(0, RECORDING_MAGIC.length).equals(RECORDING_MAGIC)
      ? `shorter than its file head (${buf.length} of ${FileHead.bytes} bytes)`
      : `not a sysray recording (${buf.length} bytes, no ${RECORDING_MAGIC.toString('latin1')} magic)`;
  }
  if (!buf.subarray(0, RECORDING_MAGIC.length).equals(RECORDING_MAGIC)) return `not a sysray recording (no ${RECORDING_MAGIC.toString('latin1')} magic)`;
  const version = buf.readUInt32LE(FileHead.version);
  const crcOk = crc32(buf.subarray(0, FileHead.headCrc)) === buf.readUInt32LE(FileHead.headCrc);
  // another version may have another head, so its crc says nothing: the version is the news
  if (version !== RECORDING_VERSION) return `unsupported recording version ${version} (this sysray reads version ${RECORDING_VERSION})`;
  if (!crcOk) return 'file head corrupt (head crc mismatch)';
  return {
    version,
    jsonBytes: buf.readUInt32LE(FileHead.jsonBytes),
    fileIndex: buf.readUInt32LE(FileHead.fileIndex),
    jsonCrc: buf.readUInt32LE(FileHead.jsonCrc),
    recordingId: buf.readBigUInt64LE(FileHead.recordingId),
    createdNs: buf.readBigUInt64LE(FileHead.createdNs),
  };
}

/** The chunk head at `at` (48 bytes must be there), or why it is not one: magic, head crc. */
export function decodeChunkHead(buf: Buffer, at: number): ChunkHeadFields | string {
  if (at + ChunkHead.bytes > buf.length) return `chunk head cut (${buf.length - at} of ${ChunkHead.bytes} bytes)`;
  if (buf.readUInt32LE(at + ChunkHead.magic) !== CHUNK_MAGIC) return 'no chunk magic';
  if (crc32(buf.subarray(at, at + ChunkHead.headCrc)) !== buf.readUInt32LE(at + ChunkHead.headCrc)) return 'chunk head crc mismatch';
  return {
    kind: buf.readUInt16LE(at + ChunkHead.kind),
    flags: buf.readUInt16LE(at + ChunkHead.flags),
    storedBytes: buf.readUInt32LE(at + ChunkHead.storedBytes),
    rawBytes: buf.readUInt32LE(at + ChunkHead.rawBytes),
    count: buf.readUInt32LE(at + ChunkHead.count),
    payloadCrc: buf.readUInt32LE(at + ChunkHead.payloadCrc),
    firstNs: buf.readBigUInt64LE(at + ChunkHead.firstNs),
    lastNs: buf.readBigUInt64LE(at + ChunkHead.lastNs),
    seq: buf.readUInt32LE(at + ChunkHead.seq),
  };
}

/** A whole chunk (head, payload, pad8); `deflate` stores the payload zlib-compressed. */
export function encodeChunk(
  kind: number,
  payload: Buffer,
  o: { seq: number; deflate?: boolean; count?: number; firstNs?: bigint; lastNs?: bigint },
): Buffer {
  const stored = o.deflate ? deflateSync(payload) : payload;
  const out = Buffer.alloc(ChunkHead.bytes + pad8(stored.length));
  out.writeUInt32LE(CHUNK_MAGIC, ChunkHead.magic);
  out.writeUInt16LE(kind, ChunkHead.kind);
  out.writeUInt16LE(o.deflate ? ChunkFlags.deflate : 0, ChunkHead.flags);
  out.writeUInt32LE(stored.length, ChunkHead.storedBytes);
  out.writeUInt32LE(payload.length, ChunkHead.rawBytes);
  out.writeUInt32LE(o.count ?? 0, ChunkHead.count);
  out.writeUInt32LE(crc32(stored), ChunkHead.payloadCrc);
  out.writeBigUInt64LE(o.firstNs ?? 0n, ChunkHead.firstNs);
  out.writeBigUInt64LE(o.lastNs ?? 0n, ChunkHead.lastNs);
  out.writeUInt32LE(o.seq, ChunkHead.seq);
  out.writeUInt32LE(crc32(out.subarray(0, ChunkHead.headCrc)), ChunkHead.headCrc);
  stored.copy(out, ChunkHead.bytes);
  return out;
}

/** A LOSS marker: the kernel's cumulative stats (bpf/sysray.h SYSRAY_STAT_*) per CPU at bootNs. */
export interface LossMarker {
  bootNs: bigint;
  cpus: number;
  stats: number;
  /** counters[cpu][stat] */
  counters: bigint[][];
}

export function decodeLoss(payload: Buffer): LossMarker | string {
  if (payload.length < LossHead.bytes) return `loss marker cut (${payload.length} of ${LossHead.bytes} bytes)`;
  const bootNs = payload.readBigUInt64LE(LossHead.bootNs);
  const cpus = payload.readUInt32LE(LossHead.cpus);
  const stats = payload.readUInt32LE(LossHead.stats);
  const need = LossHead.bytes + cpus * stats * 8;
  if (payload.length !== need) return `loss marker of ${cpus} cpus × ${stats} stats needs ${need} bytes, has ${payload.length}`;
  const counters: bigint[][] = [];
  let at = LossHead.bytes;
  for (let c = 0; c < cpus; c++) {
    const row: bigint[] = [];
    for (let s = 0; s < stats; s++, at += 8) row.push(payload.readBigUInt64LE(at));
    counters.push(row);
  }
  return { bootNs, cpus, stats, counters };
}

export function encodeLoss(m: { bootNs: bigint; counters: bigint[][] }): Buffer {
  const cpus = m.counters.length;
  const stats = cpus > 0 ? m.counters[0].length : 0;
  const b = Buffer.alloc(LossHead.bytes + cpus * stats * 8);
  b.writeBigUInt64LE(m.bootNs, LossHead.bootNs);
  b.writeUInt32LE(cpus, LossHead.cpus);
  b.writeUInt32LE(stats, LossHead.stats);
  let at = LossHead.bytes;
  for (const row of m.counters) for (const v of row) { b.writeBigUInt64LE(v, at); at += 8; }
  return b;
}
