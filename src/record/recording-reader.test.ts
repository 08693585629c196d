import { test } from 'node:test';
import assert from 'node:assert/strict';
import { closeSync, mkdtempSync, openSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { crc32, deflateSync } from 'node:zlib';
import {
  ChunkHead, ChunkKind, FileHead, RECORDING_VERSION, encodeChunk, encodeFileStart, encodeLoss, pad8, sealFileHead,
} from './recording-format.js';
import { RecordingError, RecordingReader, type RecordingChunk, type RecordingReaderOptions } from './recording-reader.js';

const dir = mkdtempSync(path.join(tmpdir(), 'sysray-reader-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;

interface ChunkSpec { kind: number; payload: Buffer; deflate?: boolean; count?: number; firstNs?: bigint; lastNs?: bigint }

const HEADER = { format: RECORDING_VERSION, kernel: '6.8.0', bootId: 'b00t' };

/** A recording file: file head, JSON head, the chunks numbered from 0; where each chunk starts. */
function build(specs: ChunkSpec[], o: { json?: string; fileIndex?: number } = {}): { buf: Buffer; offsets: number[] } {
  const parts = [encodeFileStart(o.json ?? JSON.stringify(HEADER), { fileIndex: o.fileIndex ?? 0, recordingId: 0xabcdefn, createdNs: 1_700_000_000_000_000_000n })];
  const offsets: number[] = [];
  let at = parts[0].length;
  specs.forEach((s, seq) => {
    offsets.push(at);
    const ch = encodeChunk(s.kind, s.payload, { seq, deflate: s.deflate, count: s.count, firstNs: s.firstNs, lastNs: s.lastNs });
    parts.push(ch);
    at += ch.length;
  });
  return { buf: Buffer.concat(parts), offsets };
}

function write(buf: Buffer): string {
  const p = path.join(dir, `rec-${files++}.sysrec`);
  writeFileSync(p, buf);
  return p;
}

/** Reads the file whole through the reader: the JSON head, the chunks, the problem lines, the reader. */
function readAll(p: string, o: RecordingReaderOptions & { sinceNs?: bigint; untilNs?: bigint } = {}) {
  const problems: string[] = [];
  const reader = new RecordingReader({ ...o, onProblem: (line) => problems.push(line) });
  const json = reader.open(p);
  const chunks: RecordingChunk[] = [...reader.chunks({ sinceNs: o.sinceNs, untilNs: o.untilNs })];
  reader.close();
  return { json, chunks, problems, reader };
}

/** Ring records as the kernel writes them: {u32 len, u32 pg_off} then len bytes, 8-aligned. */
function ringRecords(n: number, fill = (i: number) => i & 0xff): Buffer {
  const parts: Buffer[] = [];
  for (let i = 0; i < n; i++) {
    const len = 16 + (i % 5) * 24;
    const r = Buffer.alloc(8 + pad8(len), fill(i));
    r.writeUInt32LE(len, 0);
    r.writeUInt32LE(0, 4);
    parts.push(r);
  }
  return Buffer.concat(parts);
}

const records = (n: number, o: Partial<ChunkSpec> = {}): ChunkSpec => ({ kind: ChunkKind.recordsBulk, payload: ringRecords(n), count: n, ...o });
const control = (kind: number, value: unknown): ChunkSpec => ({ kind, payload: Buffer.from(JSON.stringify(value)) });
const END = control(ChunkKind.end, { stopped: 'signal' });

test('round trip: every kind, plain and deflated; counters, loss markers; no problems', () => {
  const loss = encodeLoss({ bootNs: 5000n, counters: [[10n, 1n, 0n, 0n, 0n, 3n], [20n, 0n, 0n, 2n, 0n, 4n]] });
  const specs: ChunkSpec[] = [
    control(ChunkKind.snapshot, { processes: [1, 2] }),
    control(ChunkKind.policies, [{ name: 'p' }]),
    records(10, { firstNs: 100n, lastNs: 190n }),
    records(1000, { kind: ChunkKind.recordsSecurity, deflate: true, firstNs: 200n, lastNs: 290n }),
    { kind: ChunkKind.loss, payload: loss },
    records(0, { payload: Buffer.alloc(0), deflate: true }),
    records(3, { payload: randomBytes(777), deflate: true }),
    END,
  ];
  const { buf, offsets } = build(specs);
  const { json, chunks, problems, reader } = readAll(write(buf));
  assert.deepEqual(json, HEADER);
  assert.deepEqual(problems, []);
  assert.deepEqual(chunks.map((c) => [c.kind, c.offset, c.seq, c.count, c.firstNs, c.lastNs]),
    specs.map((s, i) => [s.kind, offsets[i], i, s.count ?? 0, s.firstNs ?? 0n, s.lastNs ?? 0n]));
  chunks.forEach((c, i) => assert.ok(c.payload.equals(specs[i].payload), `payload ${i}`));
  assert.deepEqual(reader.lossMarkers, [{ bootNs: 5000n, cpus: 2, stats: 6, counters: [[10n, 1n, 0n, 0n, 0n, 3n], [20n, 0n, 0n, 2n, 0n, 4n]] }]);
  assert.equal(reader.ended, true);
  assert.equal(reader.head?.recordingId, 0xabcdefn);
  assert.deepEqual(reader.counters, {
    chunks: 8, records: 1013, bytes: buf.length - offsets[0], rawBytes: specs.reduce((n, s) => n + s.payload.length, 0),
    skipped: { outOfRange: 0, corruptHead: 0, corruptPayload: 0, cut: 0, unsupported: 0 }, bytesDropped: 0, recordsDropped: 0,
  });
});

test('payloads stay valid after later chunks are read (the decoder holds ENTRY records)', () => {
  const specs = Array.from({ length: 40 }, (_, i) => records(50, { payload: ringRecords(50, () => i), deflate: i % 3 === 0 }));
  const { chunks } = readAll(write(build([...specs, END]).buf), { blockBytes: 4096 });
  specs.forEach((s, i) => assert.ok(chunks[i].payload.equals(s.payload), `chunk ${i}`));
});

test('time range: RECORDS chunks outside it skipped unread; control chunks and untimed chunks always yielded', () => {
  const specs: ChunkSpec[] = [
    records(1, { firstNs: 100n, lastNs: 200n }),
    records(2, { firstNs: 300n, lastNs: 400n }),
    control(ChunkKind.snapshot, {}),
    records(3, { firstNs: 500n, lastNs: 600n }),
    records(4),
    END,
  ];
  const { buf, offsets } = build(specs);
  // an out-of-range chunk is not crc-checked: a corrupt payload there says nothing
  buf[offsets[0] + ChunkHead.bytes + 3] ^= 0xff;
  const p = write(buf);
  const r = readAll(p, { sinceNs: 350n, untilNs: 450n });
  assert.deepEqual(r.chunks.map((c) => c.count), [2, 0, 4, 0]);
  assert.deepEqual(r.problems, []);
  assert.equal(r.reader.counters.skipped.outOfRange, 2);
  // bounds are inclusive
  assert.deepEqual(readAll(p, { sinceNs: 400n, untilNs: 500n }).chunks.map((c) => c.count), [2, 0, 3, 4, 0]);
  assert.deepEqual(readAll(p, { sinceNs: 601n }).chunks.map((c) => c.count), [0, 4, 0]);
  assert.deepEqual(readAll(p, { untilNs: 99n }).chunks.map((c) => c.count), [0, 4, 0]);
  assert.equal(readAll(p).problems.length, 1, 'read whole, the corrupt payload shows');
});

test('corrupted chunk head in the middle: skipped to the next chunk, the offset and bytes named', () => {
  const specs = [records(5), records(6, { deflate: true }), records(7), records(8), END];
  const { buf, offsets } = build(specs);
  buf[offsets[2] + ChunkHead.count] ^= 1; // the head crc no longer matches
  const r = readAll(write(buf));
  assert.deepEqual(r.chunks.map((c) => c.count), [5, 6, 8, 0]);
  assert.equal(r.problems.length, 1);
  const skipped = offsets[3] - offsets[2];
  assert.match(r.problems[0], new RegExp(`: offset ${offsets[2]}: chunk head crc mismatch; ${skipped} bytes skipped to the next chunk head at ${offsets[3]} \\(seq 3\\)$`));
  assert.equal(r.reader.counters.skipped.corruptHead, 1);
  assert.equal(r.reader.counters.bytesDropped, skipped);
});

test('corrupted stretch over several chunks, with fake magic in it, across read blocks', () => {
  const specs = Array.from({ length: 30 }, (_, i) => records(20 + i, { deflate: i % 2 === 1 }));
  const { buf, offsets } = build([...specs, END]);
  // garbage from the middle of chunk 4's payload into chunk 12's head; aligned "SRCK" without a valid crc in it
  const from = offsets[4] + ChunkHead.bytes + 16;
  const to = offsets[12] + 20;
  randomBytes(to - from).copy(buf, from);
  for (let at = pad8(from); at + 4 <= to; at += 64) buf.write('SRCK', at, 'latin1');
  for (const blockBytes of [4096, 1 << 20]) {
    const r = readAll(write(buf), { blockBytes });
    assert.deepEqual(r.chunks.map((c) => c.seq), [0, 1, 2, 3, ...Array.from({ length: 17 }, (_, i) => 13 + i), 30]);
    assert.equal(r.problems.length, 2, r.problems.join('\n'));
    assert.match(r.problems[0], new RegExp(`offset ${offsets[4]}: recordsBulk chunk seq 4 \\(24 records\\): payload crc mismatch, skipped$`));
    assert.match(r.problems[1], new RegExp(`offset ${offsets[5]}: (no chunk magic|chunk head crc mismatch); ${offsets[13] - offsets[5]} bytes skipped to the next chunk head at ${offsets[13]} \\(seq 13\\)$`));
    assert.equal(r.reader.counters.recordsDropped, 24);
  }
});

test('a stale chunk head in a corrupted stretch is not taken when its seq cannot be there', () => {
  const specs = [records(1), records(2), records(3), records(4), END];
  const { buf, offsets } = build(specs);
  buf[offsets[1]] ^= 1;
  // a whole valid head of another file's chunk 900 right after the bad one
  encodeChunk(ChunkKind.recordsBulk, Buffer.alloc(0), { seq: 900 }).copy(buf, offsets[1] + 8, 0, ChunkHead.bytes);
  const r = readAll(write(buf));
  assert.deepEqual(r.chunks.map((c) => c.seq), [0, 2, 3, 4]);
  assert.match(r.problems[0], new RegExp(`offset ${offsets[1]}: no chunk magic; ${offsets[2] - offsets[1]} bytes skipped to the next chunk head at ${offsets[2]} \\(seq 2\\)$`));
});

test('corrupted payloads: crc mismatch, inflate failure, wrong inflated size; the next chunk still read', () => {
  const specs = [records(5), records(6, { deflate: true }), records(7, { deflate: true }), records(8), END];
  const { buf, offsets } = build(specs);
  buf[offsets[0] + ChunkHead.bytes + 40] ^= 0x10; // crc mismatch
  // chunk 1: stored bytes that are not zlib, with a crc that matches them
  const s1 = offsets[1] + ChunkHead.bytes;
  const n1 = buf.readUInt32LE(offsets[1] + ChunkHead.storedBytes);
  buf.fill(0x55, s1, s1 + n1);
  resealChunk(buf, offsets[1], { payloadCrc: crc32(buf.subarray(s1, s1 + n1)) });
  // chunk 2: the head says fewer raw bytes than it inflates to
  resealChunk(buf, offsets[2], { rawBytes: 100 });
  const r = readAll(write(buf));
  assert.deepEqual(r.chunks.map((c) => c.count), [8, 0]);
  assert.equal(r.problems.length, 3);
  assert.match(r.problems[0], new RegExp(`offset ${offsets[0]}: recordsBulk chunk seq 0 \\(5 records\\): payload crc mismatch, skipped$`));
  assert.match(r.problems[1], new RegExp(`offset ${offsets[1]}: recordsBulk chunk seq 1 \\(6 records\\): inflate failed \\(.+\\), skipped$`));
  assert.match(r.problems[2], new RegExp(`offset ${offsets[2]}: recordsBulk chunk seq 2 \\(7 records\\): inflate failed \\(.+\\), skipped$`));
  assert.deepEqual([r.reader.counters.skipped.corruptPayload, r.reader.counters.recordsDropped], [3, 18]);
});

test('an inflated size short of the head, and a malformed LOSS payload', () => {
  const specs = [records(6, { deflate: true }), { kind: ChunkKind.loss, payload: Buffer.alloc(20) }, END];
  const { buf, offsets } = build(specs);
  resealChunk(buf, offsets[0], { rawBytes: specs[0].payload.length + 8 });
  const r = readAll(write(buf));
  assert.deepEqual(r.chunks.map((c) => c.kind), [ChunkKind.end]);
  assert.match(r.problems[0], /seq 0 \(6 records\): inflated to \d+ bytes where the head says \d+, skipped$/);
  assert.match(r.problems[1], /loss chunk seq 1: loss marker of 0 cpus × 0 stats needs 16 bytes, has 20, skipped$/);
});

test('a file cut mid-payload: read to the last whole chunk; the offset, bytes and records named', () => {
  const specs = [records(5), records(6, { deflate: true }), records(7)];
  const { buf, offsets } = build(specs);
  const cutAt = offsets[2] + ChunkHead.bytes + 30;
  const r = readAll(write(buf.subarray(0, cutAt)));
  assert.deepEqual(r.chunks.map((c) => c.count), [5, 6]);
  assert.deepEqual(r.problems.map((l) => l.replace(/^.*?: /, '')), [
    `offset ${offsets[2]}: cut inside recordsBulk chunk seq 2 (7 records): ${cutAt - offsets[2]} bytes dropped`,
  ], 'the cut is said once, where it is (no second line for the missing END)');
  assert.deepEqual([r.reader.counters.skipped.cut, r.reader.counters.bytesDropped, r.reader.counters.recordsDropped], [1, cutAt - offsets[2], 7]);
});

test('a file cut mid-head; one cut in the last padding only is whole', () => {
  const specs = [records(5), records(6), { kind: ChunkKind.end, payload: Buffer.from('{"x":1}') }];
  const { buf, offsets } = build(specs);
  const r = readAll(write(buf.subarray(0, offsets[2] + 20)));
  assert.deepEqual(r.chunks.map((c) => c.count), [5, 6]);
  assert.match(r.problems[0], new RegExp(`offset ${offsets[2]}: cut inside a chunk head: 20 bytes dropped$`));
  assert.equal(r.problems.length, 1);
  const whole = readAll(write(buf.subarray(0, buf.length - 1)));
  assert.deepEqual([whole.chunks.length, whole.problems, whole.reader.ended], [3, [], true]);
});

test('no END: one line, unless a rotated file that is not the last; bytes after END named', () => {
  const p = write(build([records(1), records(2)]).buf);
  assert.deepEqual(readAll(p).problems.map((l) => l.replace(/^.*?: /, '')), ['no END chunk: the recording was not stopped cleanly (killed before its end was written)']);
  assert.deepEqual(readAll(p, { expectEnd: false }).problems, []);
  const { buf } = build([records(1), END]);
  const r = readAll(write(Buffer.concat([buf, Buffer.alloc(24, 1)])));
  assert.match(r.problems[0], new RegExp(`offset ${buf.length}: 24 bytes after the END chunk, ignored$`));
  assert.equal(r.problems.length, 1);
});

test('garbage after the last chunk: dropped to the end in one line', () => {
  const { buf, offsets } = build([records(1), records(2)]);
  const end = buf.length;
  const r = readAll(write(Buffer.concat([buf, Buffer.alloc(4096)])));
  assert.deepEqual(r.chunks.map((c) => c.seq), [0, 1]);
  assert.match(r.problems[0], new RegExp(`offset ${end}: no chunk magic; no valid chunk head after it: 4096 bytes to the end dropped$`));
  assert.match(r.problems[1], /no END chunk/);
  assert.ok(offsets.length === 2);
});

test('an unknown chunk kind or flag: skipped, one line each kind; a seq gap named', () => {
  const specs = [records(1), { kind: 99, payload: Buffer.alloc(8) }, { kind: 99, payload: Buffer.alloc(8) }, records(2), records(3), END];
  const { buf, offsets } = build(specs);
  resealChunk(buf, offsets[3], { flags: 4 });
  resealChunk(buf, offsets[4], { seq: 7 });
  resealChunk(buf, offsets[5], { seq: 8 });
  const r = readAll(write(buf));
  assert.deepEqual(r.chunks.map((c) => c.seq), [0, 7, 8]);
  assert.deepEqual(r.problems.map((l) => l.replace(/^.*?: /, '')), [
    `offset ${offsets[1]}: kind 99 chunk seq 1: a chunk kind this sysray does not know, skipped (and any more of it)`,
    `offset ${offsets[3]}: recordsBulk chunk seq 3 (2 records): flags 0x4 this sysray does not know, skipped (and any more of them)`,
    `offset ${offsets[4]}: chunk seq 7 where 4 was expected`,
  ]);
  assert.equal(r.reader.counters.skipped.unsupported, 3);
});

test('open: not a recording, wrong version, cut head, corrupt JSON head: RecordingError, one line naming the path', () => {
  const good = build([END]).buf;
  const cases: Array<[Buffer, RegExp]> = [
    [randomBytes(10_000), /not a sysray recording \(no SYSRAYRC magic\)/],
    [Buffer.alloc(0), /not a sysray recording \(0 bytes/],
    [good.subarray(0, 40), /shorter than its file head \(40 of 64 bytes\)/],
    [good.subarray(0, FileHead.bytes + 5), /shorter than its head \(69 bytes, the file head and JSON head need \d+\)/],
    [patched(good, (b) => b.writeUInt32LE(7, FileHead.version)), /unsupported recording version 7 \(this sysray reads version 1\)/],
    [patched(good, (b) => { b[FileHead.reserved] = 1; }, false), /file head corrupt \(head crc mismatch\)/],
    [patched(good, (b) => { b[FileHead.bytes + 2] ^= 1; }, false), /JSON head corrupt \(crc mismatch\)/],
  ];
  const notJson = build([END], { json: '{"format": 1,' }).buf;
  cases.push([notJson, /JSON head corrupt \(.*JSON.*\)/]);
  for (const [buf, re] of cases) {
    const p = write(buf);
    assert.throws(() => new RecordingReader().open(p), (e: unknown) => {
      assert.ok(e instanceof RecordingError);
      assert.ok(e.message.startsWith(`${p}: `), e.message);
      assert.ok(!e.message.includes('\n'));
      assert.match(e.message, re);
      return true;
    });
  }
  assert.throws(() => new RecordingReader().open(path.join(dir, 'absent')), /absent: cannot read: ENOENT/);
});

test('a rotated file: native patches file_index and created_ns and reseals', () => {
  const { buf } = build([records(1)]);
  buf.writeUInt32LE(3, FileHead.fileIndex);
  buf.writeBigUInt64LE(42n, FileHead.createdNs);
  sealFileHead(buf.subarray(0, FileHead.bytes));
  const r = readAll(write(buf), { expectEnd: false });
  assert.deepEqual([r.reader.head?.fileIndex, r.reader.head?.createdNs, r.problems], [3, 42n, []]);
});

test('random corruptions: the same result whatever the read block', () => {
  for (let round = 0; round < 20; round++) {
    const specs = Array.from({ length: 40 }, (_, i) => records(1 + ((i * 37 + round) % 200), { deflate: (i + round) % 3 === 0 }));
    const { buf } = build([...specs, END]);
    for (let k = 0; k < 3; k++) {
      const at = 100 + Math.floor(Math.random() * (buf.length - 200));
      randomBytes(1 + Math.floor(Math.random() * 3000)).copy(buf, at);
    }
    const p = write(buf);
    const a = readAll(p, { blockBytes: 4096 });
    const b = readAll(p);
    assert.deepEqual(a.chunks.map((c) => [c.seq, c.payload.length]), b.chunks.map((c) => [c.seq, c.payload.length]));
    assert.deepEqual(a.problems, b.problems);
    assert.deepEqual(a.reader.counters, b.reader.counters);
    assert.ok(a.problems.length > 0);
    rmSync(p);
  }
});

test('offsets past 4 GiB: a sparse file of 1 GiB chunks, skipped by time unread, then a corrupted head', () => {
  const p = path.join(dir, 'sparse.sysrec');
  const fd = openSync(p, 'w');
  const start = encodeFileStart(JSON.stringify(HEADER), { fileIndex: 0, recordingId: 1n, createdNs: 0n });
  writeSync(fd, start, 0, start.length, 0);
  let at = start.length;
  const put = (b: Buffer): void => { writeSync(fd, b, 0, b.length, at); at += b.length; };
  const GiB = 2 ** 30 - 8;
  for (let seq = 0; seq < 5; seq++) {
    const head = encodeChunk(ChunkKind.recordsBulk, Buffer.alloc(0), { seq, count: 1000, firstNs: BigInt(seq + 1) * 10n, lastNs: BigInt(seq + 1) * 10n + 5n });
    head.writeUInt32LE(GiB, ChunkHead.storedBytes);
    resealChunk(head, 0, { rawBytes: GiB });
    put(head);
    at += GiB; // a hole: never read
  }
  const corruptAt = at;
  const bad = encodeChunk(ChunkKind.recordsBulk, ringRecords(3), { seq: 5, count: 3, firstNs: 1000n, lastNs: 1001n });
  bad[ChunkHead.count] ^= 1;
  put(bad);
  const goodAt = at;
  put(encodeChunk(ChunkKind.recordsBulk, ringRecords(4), { seq: 6, count: 4, firstNs: 1002n, lastNs: 1003n }));
  put(encodeChunk(ChunkKind.end, Buffer.from('{}'), { seq: 7 }));
  closeSync(fd);
  assert.ok(corruptAt > 2 ** 32);
  const r = readAll(p, { sinceNs: 1000n });
  assert.deepEqual(r.chunks.map((c) => [c.seq, c.offset, c.count]), [[6, goodAt, 4], [7, goodAt + r.chunks[0].payload.length + ChunkHead.bytes, 0]]);
  assert.deepEqual(r.problems.map((l) => l.replace(/^.*?: /, '')), [`offset ${corruptAt}: chunk head crc mismatch; ${goodAt - corruptAt} bytes skipped to the next chunk head at ${goodAt} (seq 6)`]);
  assert.equal(r.reader.counters.skipped.outOfRange, 5);
  rmSync(p);
});

test('big file: read throughput', (t) => {
  // 300 MiB takes ~1.5 s here, most of it writing; SYSRAY_BIG_RECORDING_MB sets another size
  const mb = Number(process.env.SYSRAY_BIG_RECORDING_MB ?? 300);
  const chunk = ringRecords(4000, (i) => (i * 7) & 0xff); // ~300 KiB of records
  const p = path.join(dir, 'big.sysrec');
  const fd = openSync(p, 'w');
  writeSync(fd, encodeFileStart(JSON.stringify(HEADER), { fileIndex: 0, recordingId: 1n, createdNs: 0n }));
  let seq = 0;
  let total = 0;
  const deflatedEvery = 4;
  const deflatedPayload = deflateSync(chunk);
  for (; total < mb * 2 ** 20; seq++) {
    const ch = seq % deflatedEvery === 0 && deflatedPayload.length > 0
      ? encodeChunk(ChunkKind.recordsBulk, chunk, { seq, deflate: true, count: 4000, firstNs: BigInt(seq) * 1000n + 1n, lastNs: BigInt(seq) * 1000n + 999n })
      : encodeChunk(ChunkKind.recordsBulk, chunk, { seq, count: 4000, firstNs: BigInt(seq) * 1000n + 1n, lastNs: BigInt(seq) * 1000n + 999n });
    writeSync(fd, ch);
    total += ch.length;
  }
  writeSync(fd, encodeChunk(ChunkKind.end, Buffer.from('{}'), { seq }));
  closeSync(fd);
  const size = statSync(p).size;
  const reader = new RecordingReader();
  reader.open(p);
  const t0 = process.hrtime.bigint();
  let n = 0;
  let bytes = 0;
  for (const c of reader.chunks()) { n++; bytes += c.payload.length; }
  const s = Number(process.hrtime.bigint() - t0) / 1e9;
  const t1 = process.hrtime.bigint();
  let half = 0;
  for (const c of reader.chunks({ sinceNs: BigInt(seq) * 500n })) half += c.count;
  const sRange = Number(process.hrtime.bigint() - t1) / 1e9;
  reader.close();
  assert.equal(n, seq + 1);
  assert.equal(reader.counters.skipped.outOfRange, Math.floor(seq / 2));
  assert.ok(half > 0);
  t.diagnostic(`${(size / 2 ** 20).toFixed(0)} MiB in ${seq + 1} chunks (1 in ${deflatedEvery} deflated, ${(deflatedPayload.length / chunk.length * 100).toFixed(0)}% of raw): `
    + `${(size / 2 ** 20 / s).toFixed(0)} MiB/s of file, ${(bytes / 2 ** 20 / s).toFixed(0)} MiB/s of payload; the last half by sinceNs: ${(sRange * 1000).toFixed(0)} ms`);
  rmSync(p);
});

/** A copy of `buf` changed by `f`, its file head resealed unless told otherwise. */
function patched(buf: Buffer, f: (b: Buffer) => void, reseal = true): Buffer {
  const b = Buffer.from(buf);
  f(b);
  if (reseal) sealFileHead(b.subarray(0, FileHead.bytes));
  return b;
}

/** Rewrites chunk head fields at `at` and recomputes its head crc, as a writer with a bug would. */
function resealChunk(buf: Buffer, at: number, f: { rawBytes?: number; payloadCrc?: number; flags?: number; seq?: number }): void {
  if (f.rawBytes !== undefined) buf.writeUInt32LE(f.rawBytes, at + ChunkHead.rawBytes);
  if (f.payloadCrc !== undefined) buf.writeUInt32LE(f.payloadCrc, at + ChunkHead.payloadCrc);
  if (f.flags !== undefined) buf.writeUInt16LE(f.flags, at + ChunkHead.flags);
  if (f.seq !== undefined) buf.writeUInt32LE(f.seq, at + ChunkHead.seq);
  buf.writeUInt32LE(crc32(buf.subarray(at, at + ChunkHead.headCrc)), at + ChunkHead.headCrc);
}
