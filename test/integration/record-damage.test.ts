/**
 * Recordings that went wrong: cut mid-chunk, a corrupted chunk, garbage, a
 * recording of another record layout, and a disk that fills up while
 * recording (RLIMIT_FSIZE: `ulimit -f`). Each gives one line, never a stack
 * trace, and what is whole is still read.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { crc32 } from 'node:zlib';
import { compileTrigger, run, type JsonEvent } from '../helpers/trace.js';
import { renamedProgram } from '../helpers/renamed-program.js';
import { analyze, recordDuring } from '../helpers/record.js';

const CHUNK_MAGIC = Buffer.from('SRCK', 'latin1');
const CALLS = 40000;

/** One recording of a getppid storm, shared by the cases that damage copies of it. */
let recorded: { file: string; dir: string; calls: number } | undefined;
async function recording(): Promise<{ file: string; dir: string; calls: number }> {
  if (recorded) return recorded;
  const dir = mkdtempSync(path.join(tmpdir(), 'sysray-damage-'));
  const file = path.join(dir, 'good.rec');
  const storm = renamedProgram(compileTrigger('paced_storm'), 'recdamage', 'record');
  const rec = await recordDuring(['-w', file, '-e', 'getppid', '-s', 'comm=recdamage'], async () => {
    assert.equal((await run(storm, [String(CALLS)])).stdout, `calls=${CALLS}\n`);
  });
  assert.equal(rec.exitCode, 0, rec.stderr);
  assert.equal(rec.lost, 0, rec.stderr);
  recorded = { file, dir, calls: CALLS };
  return recorded;
}

/** Offsets of chunk heads in `data` (8-aligned "SRCK"). */
function chunkOffsets(data: Buffer): number[] {
  const out: number[] = [];
  for (let at = data.indexOf(CHUNK_MAGIC); at >= 0; at = data.indexOf(CHUNK_MAGIC, at + 8)) if (at % 8 === 0) out.push(at);
  return out;
}

const getppids = (events: JsonEvent[]): number => events.filter((e) => e.eventName === 'getppid').length;

test('the whole recording reads back: every call', async () => {
  const { file, calls } = await recording();
  const a = await analyze([file]);
  assert.equal(a.exitCode, 0, a.stderr);
  assert.equal(getppids(a.events), calls);
});

test('a recording cut mid-chunk is read to its last whole chunk, with one line saying where it stopped', async () => {
  const { file, dir } = await recording();
  const data = readFileSync(file);
  const offsets = chunkOffsets(data);
  assert.ok(offsets.length > 6, `${offsets.length} chunks`);
  const cutAt = offsets[Math.floor(offsets.length / 2)] + 100;
  const cut = path.join(dir, 'cut.rec');
  writeFileSync(cut, data.subarray(0, cutAt));
  const a = await analyze([cut]);
  assert.equal(a.exitCode, 0, a.stderr);
  const n = getppids(a.events);
  assert.ok(n > 0 && n < CALLS, `${n} calls read before the cut`);
  const said = a.stderr.split('\n').filter((l) => /cut|short|stopped at/i.test(l));
  assert.ok(said.length >= 1, a.stderr);
  assert.match(said[0], new RegExp(`${offsets[Math.floor(offsets.length / 2)]}`), 'the line names the offset of the cut chunk');
  assert.doesNotMatch(a.stderr, /\n\s+at /, 'no stack trace');
});

test('a corrupted chunk is skipped with its offset named; the chunks after it are read', async () => {
  const { file, dir } = await recording();
  const data = Buffer.from(readFileSync(file));
  const offsets = chunkOffsets(data);
  const victim = offsets[Math.floor(offsets.length / 2)];
  // a byte of the payload: its crc no longer matches
  data[victim + 48 + 200] ^= 0xff;
  const bad = path.join(dir, 'bad-payload.rec');
  writeFileSync(bad, data);
  const a = await analyze([bad]);
  assert.equal(a.exitCode, 0, a.stderr);
  assert.match(a.stderr, new RegExp(`${victim}`), a.stderr);
  const n = getppids(a.events);
  assert.ok(n > CALLS / 2 && n < CALLS, `${n}: only the one chunk's calls are missing`);

  // and a chunk head smashed: the reader finds the next chunk
  const data2 = Buffer.from(readFileSync(file));
  data2.fill(0x55, victim, victim + 48);
  const bad2 = path.join(dir, 'bad-head.rec');
  writeFileSync(bad2, data2);
  const b = await analyze([bad2]);
  assert.equal(b.exitCode, 0, b.stderr);
  assert.match(b.stderr, new RegExp(`${victim}`), b.stderr);
  assert.ok(getppids(b.events) > CALLS / 2, b.stderr);
});

test('garbage, empty and missing inputs: exit 2 and one line', async () => {
  const { dir } = await recording();
  const garbage = path.join(dir, 'garbage.bin');
  writeFileSync(garbage, Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 251)));
  const fake = path.join(dir, 'fake.rec');
  writeFileSync(fake, Buffer.concat([Buffer.from('SYSRAYRC', 'latin1'), Buffer.alloc(200, 0x41)]));
  const empty = path.join(dir, 'empty.rec');
  writeFileSync(empty, '');
  for (const input of [garbage, fake, empty, path.join(dir, 'missing.rec')]) {
    const a = await analyze([input]);
    assert.equal(a.exitCode, 2, `${input}: ${a.stderr}`);
    const lines = a.stderr.trim().split('\n');
    assert.equal(lines.length, 1, a.stderr);
    assert.match(lines[0], /^sysray: /);
    assert.ok(lines[0].includes(path.basename(input)), lines[0]);
  }
});

test('a recording of another record layout is refused, naming both layouts', async () => {
  const { file, dir } = await recording();
  const data = Buffer.from(readFileSync(file));
  const jsonBytes = data.readUInt32LE(12);
  const json = JSON.parse(data.subarray(64, 64 + jsonBytes).toString('utf8'));
  const ours = json.layoutHash as string;
  json.layoutHash = ours.replace(/./g, (c: string) => (c === 'f' ? '0' : 'f'));
  const text = Buffer.from(JSON.stringify(json));
  assert.equal(text.length, jsonBytes, 'same length: the head is patched in place');
  text.copy(data, 64);
  data.writeUInt32LE(crc32(text), 20);
  data.writeUInt32LE(crc32(data.subarray(0, 60)), 60);
  const other = path.join(dir, 'other-layout.rec');
  writeFileSync(other, data);
  const a = await analyze([other]);
  assert.equal(a.exitCode, 2, a.stderr);
  const lines = a.stderr.trim().split('\n');
  assert.equal(lines.length, 1, a.stderr);
  assert.ok(lines[0].includes(json.layoutHash) && lines[0].includes(ours), lines[0]);
});

test('a full disk while recording (ulimit -f) ends the run with one line and exit 1; what was written reads back', async () => {
  const { dir } = await recording();
  const file = path.join(dir, 'full.rec');
  const storm = renamedProgram(compileTrigger('paced_storm'), 'recfull', 'record');
  const rec = await recordDuring(['-w', file, '-e', 'getppid', '-s', 'comm=recfull'], async () => {
    // 2 MiB of file at most; the storm writes several times that
    await run(storm, ['60000']);
    await new Promise((resolve) => setTimeout(resolve, 600));
  }, {}, ['ulimit -f 2048;']);
  assert.equal(rec.exitCode, 1, rec.stderr);
  const errors = rec.stderr.split('\n').filter((l) => /stopped/.test(l));
  assert.equal(errors.length, 1, rec.stderr);
  assert.match(errors[0], /File too large|No space left/);
  assert.doesNotMatch(rec.stderr, /\n\s+at /);
  assert.ok(statSync(file).size <= 2048 * 1024);
  const a = await analyze([file]);
  assert.equal(a.exitCode, 0, a.stderr);
  const n = getppids(a.events);
  assert.ok(n > 1000 && n < 60000, `${n} calls in the 2 MiB written`);
});

test.after(() => {
  if (recorded) rmSync(recorded.dir, { recursive: true, force: true });
});



test('a policies chunk whole by its checksum but not JSON: one line, and the rest is read', async () => {
  const { file, dir } = await recording();
  const { RecordingReader } = await import('../../src/record/recording-reader.js');
  const { ChunkKind, encodeChunk, pad8 } = await import('../../src/record/recording-format.js');
  const data = readFileSync(file);
  const reader = new RecordingReader();
  reader.open(file);
  const jsonBytes = data.readUInt32LE(12);
  const parts: Buffer[] = [data.subarray(0, 64 + pad8(jsonBytes))];
  let policiesAt = -1;
  for (const c of reader.chunks()) {
    const payload = c.kind === ChunkKind.policies ? Buffer.from('{"generation":1,') : c.payload;
    if (c.kind === ChunkKind.policies) policiesAt = parts.reduce((n, p) => n + p.length, 0);
    parts.push(encodeChunk(c.kind, payload, { seq: c.seq, count: c.count, firstNs: c.firstNs, lastNs: c.lastNs }));
  }
  reader.close();
  const bad = path.join(dir, 'bad-policies.rec');
  writeFileSync(bad, Buffer.concat(parts));
  const a = await analyze([bad]);
  assert.equal(a.exitCode, 0, a.stderr);
  assert.doesNotMatch(a.stderr, /\n\s+at /, 'no stack trace');
  assert.match(a.stderr, new RegExp(`offset ${policiesAt}: the policies cannot be used`), a.stderr);
});
