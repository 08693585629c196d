/**
 * native/record_format.h and recording-format.ts checked against each other
 * (as test/layout/ does for bpf/sysray.h): the header's #defines and struct
 * fields are parsed, a C program printing their offsetof/sizeof is built from
 * that parse and compiled against the header, and every constant, field and
 * offset must be mirrored in TS. Adding or moving a field on one side fails.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { crc32 } from 'node:zlib';
import {
  CHUNK_MAGIC, ChunkFlags, ChunkHead, ChunkKind, FileHead, LossHead, RECORDING_MAGIC, RECORDING_VERSION,
  decodeChunkHead, decodeFileHead, decodeLoss, encodeChunk, encodeFileHead, encodeFileStart, encodeLoss, sealFileHead,
} from './recording-format.js';

const NATIVE = fileURLToPath(new URL('../../native', import.meta.url));
const HEADER = path.join(NATIVE, 'record_format.h');

interface CField { name: string; type: string; array: number }

function parseHeader(text: string): { defines: Map<string, string>; structs: Map<string, CField[]> } {
  const code = text.replace(/\/\*[\s\S]*?\*\//g, '');
  const defines = new Map<string, string>();
  for (const m of code.matchAll(/^#define\s+(SYSRAY_REC_\w+)\s+(.+?)\s*$/gm)) defines.set(m[1], m[2]);
  const structs = new Map<string, CField[]>();
  for (const m of code.matchAll(/struct\s+(\w+)\s*\{([^}]*)\}\s*;/g)) {
    const fields: CField[] = [];
    for (const decl of m[2].split(';').map((s) => s.trim()).filter(Boolean)) {
      const f = /^(char|__u8|__u16|__u32|__u64)\s+(\w+)\s*(?:\[(\d+)\])?$/.exec(decl);
      assert.ok(f, `${m[1]}: a field this test does not parse: "${decl}"`);
      fields.push({ type: f[1], name: f[2], array: f[3] ? Number(f[3]) : 0 });
    }
    structs.set(m[1], fields);
  }
  return { defines, structs };
}

const { defines, structs } = parseHeader(readFileSync(HEADER, 'utf8'));

/** offsetof/sizeof of every parsed field, from the compiler. */
function compiledLayout(): Record<string, number> {
  const dir = mkdtempSync(path.join(tmpdir(), 'sysray-recfmt-'));
  const lines: string[] = [];
  for (const [s, fields] of structs) {
    for (const f of fields) {
      lines.push(`printf("\\"${s}.${f.name}\\":%zu,", offsetof(struct ${s}, ${f.name}));`);
      lines.push(`printf("\\"${s}.${f.name}.size\\":%zu,", sizeof(((struct ${s} *)0)->${f.name}));`);
    }
    lines.push(`printf("\\"${s}.bytes\\":%zu,", sizeof(struct ${s}));`);
  }
  for (const [d, v] of defines) if (!v.startsWith('"')) lines.push(`printf("\\"${d}\\":%llu,", (unsigned long long)(${d}));`);
  const src = path.join(dir, 'layout.c');
  writeFileSync(src, `#include <stddef.h>\n#include <stdio.h>\n#include "record_format.h"\nint main(void){printf("{");\n${lines.join('\n')}\nprintf("\\"end\\":0}");return 0;}\n`);
  const out = path.join(dir, 'layout');
  execFileSync('cc', ['-Wall', '-Werror', '-I', NATIVE, '-o', out, src]);
  return JSON.parse(execFileSync(out, { encoding: 'utf8' }));
}

const c = compiledLayout();
const camel = (s: string): string => s.replace(/_([a-z])/g, (_, x: string) => x.toUpperCase());

/** The TS object mirrors the struct: same fields in the same order at the same offsets, no padding. */
function assertMirrors(ts: Record<string, number>, cStruct: string): void {
  const fields = structs.get(cStruct);
  assert.ok(fields, `record_format.h has no struct ${cStruct}`);
  assert.deepEqual(Object.keys(ts), [...fields.map((f) => camel(f.name)), 'bytes'], `${cStruct}: fields and their order`);
  fields.forEach((f, i) => {
    const next = i + 1 < fields.length ? ts[camel(fields[i + 1].name)] : ts.bytes;
    assert.equal(ts[camel(f.name)], c[`${cStruct}.${f.name}`], `${cStruct}.${f.name}: offset`);
    assert.equal(next - ts[camel(f.name)], c[`${cStruct}.${f.name}.size`], `${cStruct}.${f.name}: size (no padding after it)`);
  });
  assert.equal(ts.bytes, c[`${cStruct}.bytes`], `sizeof(struct ${cStruct})`);
}

test('the header parses into the structs and defines this test expects', () => {
  assert.deepEqual([...structs.keys()], ['sysray_rec_file_head', 'sysray_rec_chunk_head', 'sysray_rec_loss']);
  assert.ok(defines.size >= 10);
});

test('struct layouts: every field where the TS side reads it', () => {
  assertMirrors(FileHead, 'sysray_rec_file_head');
  assertMirrors(ChunkHead, 'sysray_rec_chunk_head');
  assertMirrors(LossHead, 'sysray_rec_loss');
  // each head_crc covers the bytes before it and ends its head
  assert.equal(FileHead.headCrc + 4, FileHead.bytes);
  assert.equal(ChunkHead.headCrc + 4, ChunkHead.bytes);
  assert.equal(FileHead.bytes % 8, 0);
  assert.equal(ChunkHead.bytes % 8, 0, 'payloads start 8-aligned');
  assert.equal(LossHead.bytes % 8, 0, 'u64 counters follow aligned');
});

test('every #define mirrored, and nothing more', () => {
  const ts: Record<string, string | number> = {
    SYSRAY_REC_MAGIC: JSON.stringify(RECORDING_MAGIC.toString('latin1')),
    SYSRAY_REC_VERSION: RECORDING_VERSION,
    SYSRAY_REC_CHUNK_MAGIC: CHUNK_MAGIC,
    SYSRAY_REC_RECORDS_BULK: ChunkKind.recordsBulk,
    SYSRAY_REC_RECORDS_SECURITY: ChunkKind.recordsSecurity,
    SYSRAY_REC_LOSS: ChunkKind.loss,
    SYSRAY_REC_SNAPSHOT: ChunkKind.snapshot,
    SYSRAY_REC_POLICIES: ChunkKind.policies,
    SYSRAY_REC_END: ChunkKind.end,
    SYSRAY_REC_DEFLATE: ChunkFlags.deflate,
  };
  assert.deepEqual([...defines.keys()].filter((d) => d !== 'SYSRAY_RECORD_FORMAT_H').sort(), Object.keys(ts).sort());
  for (const [d, v] of Object.entries(ts)) {
    if (typeof v === 'string') assert.equal(defines.get(d), v, d);
    else assert.equal(v, c[d], d);
  }
  assert.equal(Object.keys(ChunkKind).length, 6);
  assert.equal(RECORDING_MAGIC.length, 8, 'magic[8], no NUL');
  assert.equal(Buffer.from('SRCK').readUInt32LE(0), CHUNK_MAGIC, 'the chunk magic reads "SRCK" in the file');
});

test('file head: encode, decode, and what native patches per rotated file', () => {
  const json = Buffer.from('{"format":1}');
  const head = encodeFileHead({ jsonBytes: json.length, fileIndex: 0, jsonCrc: crc32(json), recordingId: 0x1122334455667788n, createdNs: 5n });
  assert.equal(head.length, 64);
  assert.deepEqual(decodeFileHead(head), { version: 1, jsonBytes: json.length, fileIndex: 0, jsonCrc: crc32(json), recordingId: 0x1122334455667788n, createdNs: 5n });
  // native: patch file_index and created_ns, recompute head_crc
  const next = Buffer.from(head);
  next.writeUInt32LE(3, FileHead.fileIndex);
  next.writeBigUInt64LE(99n, FileHead.createdNs);
  assert.equal(decodeFileHead(next), 'file head corrupt (head crc mismatch)');
  sealFileHead(next);
  assert.equal((decodeFileHead(next) as { fileIndex: number }).fileIndex, 3);
  assert.equal(encodeFileStart('{"a":1}', { fileIndex: 0, recordingId: 1n, createdNs: 0n }).length, 64 + 8);
});

test('file head: the reasons it is not one', () => {
  const good = encodeFileHead({ jsonBytes: 0, fileIndex: 0, jsonCrc: 0, recordingId: 0n, createdNs: 0n });
  assert.match(decodeFileHead(Buffer.from('hello world')) as string, /^not a sysray recording/);
  assert.match(decodeFileHead(good.subarray(0, 20)) as string, /^shorter than its file head \(20 of 64/);
  const v2 = Buffer.from(good);
  v2.writeUInt32LE(2, FileHead.version);
  assert.match(decodeFileHead(v2) as string, /^unsupported recording version 2 /);
  assert.match(decodeFileHead(sealFileHead(v2)) as string, /^unsupported recording version 2 /);
  const bad = Buffer.from(good);
  bad[45] ^= 1;
  assert.equal(decodeFileHead(bad), 'file head corrupt (head crc mismatch)');
});

test('chunks: encode, decode, deflate; loss markers', () => {
  const payload = Buffer.alloc(1000, 7);
  for (const deflate of [false, true]) {
    const ch = encodeChunk(ChunkKind.recordsBulk, payload, { seq: 4, deflate, count: 10, firstNs: 100n, lastNs: 200n });
    assert.equal(ch.length % 8, 0);
    const h = decodeChunkHead(ch, 0);
    assert.ok(typeof h !== 'string');
    assert.deepEqual({ ...h, payloadCrc: 0 }, {
      kind: 1, flags: deflate ? 1 : 0, storedBytes: h.storedBytes, rawBytes: 1000, count: 10, payloadCrc: 0, firstNs: 100n, lastNs: 200n, seq: 4,
    });
    assert.equal(h.payloadCrc, crc32(ch.subarray(48, 48 + h.storedBytes)));
    assert.equal(deflate ? h.storedBytes < 100 : h.storedBytes === 1000, true);
  }
  const ch = encodeChunk(ChunkKind.end, Buffer.from('{}'), { seq: 0 });
  ch[10] ^= 1;
  assert.equal(decodeChunkHead(ch, 0), 'chunk head crc mismatch');
  assert.equal(decodeChunkHead(Buffer.alloc(48), 0), 'no chunk magic');
  assert.match(decodeChunkHead(ch, 16) as string, /^chunk head cut/);
  const counters = [[1n, 2n, 3n], [4n, 5n, 2n ** 63n]];
  assert.deepEqual(decodeLoss(encodeLoss({ bootNs: 42n, counters })), { bootNs: 42n, cpus: 2, stats: 3, counters });
  assert.match(decodeLoss(encodeLoss({ bootNs: 42n, counters }).subarray(0, 30)) as string, /needs 64 bytes, has 30/);
});
