/**
 * detectInputs on real files in a temp directory: each kind told from its
 * first bytes, and every input it cannot read a UsageError of one line that
 * names the path.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { UsageError } from '../cli/usage-error.js';
import { detectInputs } from './input-kind.js';

function withDir(fn: (dir: string) => void): void {
  const dir = mkdtempSync(path.join(tmpdir(), 'sysray-input-kind-'));
  try {
    fn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The one line detectInputs refuses `p` with. */
function refusal(p: string): string {
  try {
    detectInputs([p]);
  } catch (err) {
    assert.ok(err instanceof UsageError, String(err));
    assert.equal(err.exitCode, 2);
    assert.doesNotMatch(err.message, /\n/);
    assert.ok(err.message.includes(p), `names the path: ${err.message}`);
    return err.message;
  }
  assert.fail(`${p} was accepted`);
}

const RECORDING_HEAD = Buffer.concat([Buffer.from('SYSRAYRC', 'latin1'), Buffer.alloc(56)]);

test('recordings: a file with the SYSRAYRC magic, a directory of .rec files by name', () => withDir((dir) => {
  const one = path.join(dir, 'one.bin');
  writeFileSync(one, RECORDING_HEAD);
  const rotated = path.join(dir, 'rotated');
  mkdirSync(rotated);
  for (const n of ['r-0002.rec', 'r-0000.rec', 'notes.txt', 'r-0001.rec']) writeFileSync(path.join(rotated, n), RECORDING_HEAD);
  assert.deepEqual(detectInputs([one, rotated]), [
    { kind: 'recording', files: [one] },
    { kind: 'recording', files: ['r-0000.rec', 'r-0001.rec', 'r-0002.rec'].map((n) => path.join(rotated, n)) },
  ]);
}));

test('JSON lines: the first non-blank byte is "{" (after blank lines, a BOM, CRLF); "-" is stdin', () => withDir((dir) => {
  const files = {
    plain: '{"eventName":"openat"}\n',
    blank: '\n\r\n  \t\n{"a":1}',
    bom: '\ufeff{"a":1}\r\n',
    // the first non-blank byte past the sniffed head
    far: ' '.repeat(70 << 10) + '{}\n',
  };
  const paths = Object.entries(files).map(([n, text]) => {
    const p = path.join(dir, n);
    writeFileSync(p, text);
    return p;
  });
  assert.deepEqual(detectInputs([...paths, '-']), [...paths, '-'].map((p) => ({ kind: 'json-lines', files: [p] })));
}));

test('missing, unreadable, empty, blank, garbage, compressed, a JSON array, a cut magic: one line each', () => withDir((dir) => {
  const write = (n: string, data: string | Buffer): string => {
    const p = path.join(dir, n);
    writeFileSync(p, data);
    return p;
  };
  assert.match(refusal(path.join(dir, 'nope.jsonl')), /nope\.jsonl: no such file or directory; check the path$/);
  assert.match(refusal(path.join(write('file', '{}'), 'below')), /: a part of the path is not a directory; check the path$/);
  const loop = path.join(dir, 'loop');
  symlinkSync(loop, loop);
  assert.match(refusal(loop), /: too many symbolic links/);
  assert.match(refusal(write('empty', '')), /empty: empty file; give a recording \(sysray record\), JSON lines/);
  assert.match(refusal(write('blank', '\n \n\r\n')), /blank: only blank lines;/);
  assert.match(refusal(write('garbage', Buffer.from([0x00, 0x13, 0xff, 0x7b]))), /garbage: neither a recording \(no SYSRAYRC magic\) nor JSON lines \(starts with byte 0x00, not "\{"\);/);
  assert.match(refusal(write('table', 'TIME  UID  COMM\n')), /table: .*starts with "T", not "\{"/);
  assert.match(refusal(write('events.jsonl.gz', gzipSync('{"a":1}\n'))), /events\.jsonl\.gz: gzip: decompress it first \(zcat .*events\.jsonl\.gz > FILE, or zcat .* \| sysray analyze -\)$/);
  assert.match(refusal(write('x.zst', Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 0, 0]))), /zstd: decompress it first \(zstdcat /);
  assert.match(refusal(write('array.json', '[{"a":1}]')), /array\.json: a JSON array, not JSON lines; write one event object per line/);
  assert.match(refusal(write('cut.rec', 'SYSRA')), /cut\.rec: 5 bytes, too short for a recording/);
  const empty = path.join(dir, 'emptydir');
  mkdirSync(empty);
  assert.match(refusal(empty), /emptydir: a directory with no \.rec files \(empty\); give the recording's directory, or the files themselves$/);
  const other = path.join(dir, 'otherdir');
  mkdirSync(other);
  writeFileSync(path.join(other, 'a.jsonl'), '{}\n');
  assert.match(refusal(other), /otherdir: a directory with no \.rec files \(1 other entries\)/);
  // root reads files whatever their mode: only an unprivileged reader is refused
  const secret = write('secret', '{}\n');
  chmodSync(secret, 0);
  if (process.getuid?.() !== 0) assert.match(refusal(secret), /secret: permission denied; run as a user that may read it$/);
  // the first refused input stops the lot
  assert.throws(() => detectInputs([write('ok', '{}\n'), path.join(dir, 'gone')]), /gone: no such file/);
}));
