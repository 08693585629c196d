/**
 * readJsonLines on real files: FILE:LINENO for each line given, blank lines
 * skipped but counted, CRLF, a last line without a newline, lines and UTF-8
 * characters across the 1 MiB chunks, overlong lines skipped (and told), and
 * a file of many chunks streamed, not read whole.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { UsageError } from '../cli/usage-error.js';
import { readJsonLines, type JsonLinesOptions } from './json-lines-input.js';

async function withFile<T>(data: string | Buffer, fn: (file: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(path.join(tmpdir(), 'sysray-jsonl-'));
  try {
    const file = path.join(dir, 'in.jsonl');
    writeFileSync(file, data);
    return await fn(file);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function lines(data: string | Buffer, options?: JsonLinesOptions): Promise<{ got: [string, string][]; result: Awaited<ReturnType<typeof readJsonLines>> }> {
  return withFile(data, async (file) => {
    const got: [string, string][] = [];
    const result = await readJsonLines(file, (line, where) => got.push([line, where.slice(file.length)]), options);
    return { got, result };
  });
}

test('FILE:LINENO per line; blank lines skipped but counted; CRLF; a last line without a newline; a BOM', async () => {
  const text = '\ufeff{"a":1}\r\n\n   \n{"b":2}\n\r\n{"c":"x\\ny"}';
  const { got, result } = await lines(text);
  assert.deepEqual(got, [['{"a":1}', ':1'], ['{"b":2}', ':4'], ['{"c":"x\\ny"}', ':6']]);
  assert.deepEqual(result, { lines: 3, bytes: Buffer.byteLength(text), overlong: 0 });
  assert.deepEqual((await lines('{"a":1}\n')).got, [['{"a":1}', ':1']]);
  assert.deepEqual((await lines('\n\n')).got, []);
});

test('lines and multi-byte characters across chunks come whole; progress per chunk', async () => {
  // 3 MiB of lines whose lengths do not divide the chunk; each holds 3- and 4-byte characters
  const one = (i: number) => JSON.stringify({ i, s: 'é€😀'.repeat(1 + (i % 97)) });
  const want: string[] = [];
  let text = '';
  for (let i = 0; text.length < 3 << 20; i++) {
    want.push(one(i));
    text += one(i) + (i % 5 === 0 ? '\r\n' : '\n');
  }
  // and one line of 2.5 MiB, across three chunks
  want.push(JSON.stringify({ big: '€'.repeat(900_000) }));
  text += want[want.length - 1];
  const progress: [number, number | undefined][] = [];
  const { got, result } = await lines(text, { onProgress: (read, total) => progress.push([read, total]) });
  assert.deepEqual(got.map(([l]) => l), want);
  assert.deepEqual(got.map(([, w]) => w), want.map((_, i) => `:${i + 1}`));
  const bytes = Buffer.byteLength(text);
  assert.equal(result.bytes, bytes);
  assert.ok(progress.length > 5, 'several chunks');
  assert.deepEqual(progress[progress.length - 1], [bytes, bytes]);
});

test('a line over the limit is skipped and told (its number and length), the next ones are read', async () => {
  const overlong: [string, number][] = [];
  const long = '{"x":"' + 'a'.repeat(3 << 20) + '"}';
  const { got, result } = await lines(`{"a":1}\n${long}\n{"b":2}\n${long}`, { maxLineBytes: 1 << 20, onOverlong: (where, n) => overlong.push([where.replace(/.*:/, ':'), n]) });
  assert.deepEqual(got.map(([l, w]) => l + w), ['{"a":1}:1', '{"b":2}:3']);
  assert.deepEqual(overlong, [[':2', long.length], [':4', long.length]]);
  assert.equal(result.overlong, 2);
  // just at the limit: given
  const edge = '{"x":"' + 'a'.repeat((1 << 20) - 8) + '"}';
  assert.equal((await lines(edge + '\n', { maxLineBytes: 1 << 20 })).got.length, 1);
});

test('invalid UTF-8 is given as replacement characters, for the JSON parser to judge', async () => {
  const { got } = await lines(Buffer.from([0x7b, 0xff, 0xfe, 0x7d, 0x0a]));
  assert.deepEqual(got.map(([l]) => l), ['{\ufffd\ufffd}']);
});

test('a path that went away: a UsageError of one line', async () => {
  await assert.rejects(readJsonLines('/nonexistent/x.jsonl', () => {}), (err: unknown) => err instanceof UsageError && err.message === 'analyze: /nonexistent/x.jsonl: no such file or directory; check the path');
});

test('"-" reads stdin, named stdin:LINENO', () => {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const script = `import { readJsonLines } from ${JSON.stringify(path.join(here, 'json-lines-input.ts'))};
    const got = []; const r = await readJsonLines('-', (l, w) => got.push(w + ' ' + l)); console.log(JSON.stringify({ got, r }));`;
  const out = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { input: '{"a":1}\n\n{"b":2}', encoding: 'utf8' });
  assert.equal(out.status, 0, out.stderr);
  assert.deepEqual(JSON.parse(out.stdout), { got: ['stdin:1 {"a":1}', 'stdin:3 {"b":2}'], r: { lines: 2, bytes: 16, overlong: 0 } });
});
