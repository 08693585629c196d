/**
 * The C writer's digits (native/json_digits.h) are JavaScript's: every
 * length from 1 to 20 digits and its edges, the 32-bit and 64-bit
 * boundaries, negatives to INT64_MIN, and random values of each size.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const HERE = path.dirname(new URL(import.meta.url).pathname);

test('json_u64_digits and json_s64_digits write what BigInt#toString writes', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'sysray-digits-'));
  try {
    const bin = path.join(dir, 'json-digits');
    execFileSync('cc', ['-O2', '-Wall', '-Werror', '-o', bin, path.join(HERE, 'json-digits.c')]);
    const values: bigint[] = [0n, 1n, 2n ** 32n - 1n, 2n ** 32n, 2n ** 63n - 1n, 2n ** 64n - 1n, -1n, -(2n ** 31n), -(2n ** 63n)];
    for (let d = 1n; d <= 19n; d++) values.push(10n ** d - 1n, 10n ** d, 10n ** d + 1n);
    let x = 0x9e3779b97f4a7c15n;
    for (let i = 0; i < 2000; i++) {
      x = (x * 6364136223846793005n + 1442695040888963407n) & (2n ** 64n - 1n);
      values.push(x >> BigInt(i % 64)); // every magnitude
      if (i % 3 === 0) values.push(-(x >> BigInt(1 + (i % 63))));
    }
    const out = execFileSync(bin, { input: values.map((v) => `${v}\n`).join(''), encoding: 'utf8' }).split('\n').slice(0, -1);
    assert.equal(out.length, values.length);
    for (let i = 0; i < values.length; i++) assert.equal(out[i], values[i].toString(), `value ${values[i]}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
