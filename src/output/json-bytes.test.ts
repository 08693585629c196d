/**
 * JsonBytes writes what jsonValue() writes, byte for byte: every value here
 * is encoded both ways and the files compared, including across the 1 MiB
 * buffer's end.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { JsonBytes, utf8Bytes } from './json-bytes.js';
import { jsonValue } from './json-value.js';
import { OutputStream } from './output-stream.js';

const values: unknown[] = [
  0, 1, 9, 10, 99, 100, 12345678, 99999999, 100000000, 123456789, 4026531832, 2 ** 32, 2 ** 53 - 1, -(2 ** 53 - 1),
  -1, -100, -4095, 1e8 - 1, 1e8 + 1, 1e15 + 7, 0.5, -2.25, 1e300, 2 ** 53, NaN, Infinity, -Infinity, -0,
  0n, 18446744073709551615n, -9223372036854775808n, 1795239743274129904n,
  '', 'a', '/etc/hostname', 'quote"d', 'back\\slash', 'tab\there', 'nl\n', '\u0000\u001f\u007f',
  'é', 'naïve/path', '日本語', '\ud83d\ude00', 'lone \ud800 surrogate', 'x'.repeat(64), 'x'.repeat(65), 'é'.repeat(100),
  'y'.repeat(5000), true, false, null, undefined,
  ['echo', 'a b', '', 'ü'], [1, -2, 3n], [], [null, true, ['nested']],
  { family: 'AF_INET', port: 80, addr: '127.0.0.1' }, { type: 1, config: 18446744073709551615n, flags: ['a'] }, {},
];

function encodeBoth(write: (j: JsonBytes, out: OutputStream) => void, reference: () => string): void {
  const dir = mkdtempSync(path.join(tmpdir(), 'sysray-json-bytes-'));
  const file = path.join(dir, 'bytes');
  const out = new OutputStream(file, { writer: 'js' });
  write(new JsonBytes(out), out);
  out.close();
  const got = readFileSync(file);
  const want = Buffer.from(reference(), 'utf8');
  assert.equal(got.length, want.length, 'same length');
  assert.ok(got.equals(want), `first difference at byte ${got.findIndex((b, i) => b !== want[i])}`);
}

test('every kind of value is written as jsonValue writes it', () => {
  for (const v of values) {
    encodeBoth((j) => j.value(v), () => jsonValue(v));
  }
});

test('numbers, bigints and raw bytes as the printer uses them', () => {
  encodeBoth(
    (j) => {
      j.raw(utf8Bytes('{"timestamp":'));
      j.bigint(1795239743274129904n);
      j.raw(utf8Bytes(',"p":'));
      j.number(7);
      j.raw(utf8Bytes(',"r":'));
      j.integer(-9223372036854775807n);
      j.ascii(',"x":');
      j.integer(-22);
      j.raw(utf8Bytes(',"long":"' + 'z'.repeat(300) + '"}\n'));
    },
    () => '{"timestamp":1795239743274129904,"p":7,"r":-9223372036854775807,"x":-22,"long":"' + 'z'.repeat(300) + '"}\n',
  );
});

test('values that cross the end of the output buffer are whole', () => {
  // about 3 MiB: the buffer is 1 MiB, so some value of each kind straddles a spill
  const rounds = 12000;
  encodeBoth(
    (j) => {
      for (let r = 0; r < rounds; r++) {
        for (const v of values) {
          j.value(v);
          j.ascii(',');
        }
      }
    },
    () => {
      const one = values.map((v) => jsonValue(v) + ',').join('');
      return one.repeat(rounds);
    },
  );
});

test('timestamps: the kept second\'s digits and nine more, as the BigInt writes them, across seconds and back', () => {
  const ts = [
    1795239743274129904n, 1795239743274129905n, 1795239743000000000n, 1795239743999999999n, 1795239744000000001n,
    1795239742000000099n, 999999999n, 0n, 1000000000n, 1000000000000000000n, 1795239744000000000n, 18446744073709551615n,
  ];
  encodeBoth(
    (j) => {
      for (const t of ts) {
        j.timestamp(t);
        j.ascii(',');
      }
    },
    () => ts.map((t) => `${t},`).join(''),
  );
});
