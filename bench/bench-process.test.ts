/** The parts of bench-process.ts that read text: sysray's closing line, percentiles. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { percentile, sysraySummary } from './bench-process.js';

test('sysraySummary: every count of the closing line, absent ones 0', () => {
  assert.deepEqual(
    sysraySummary('sysray: ready: tracing 52 events\nsysray: 1520 events written, 0 lost, 5 findings, 3761 only for signatures (9764 records from the kernel, 371 of them only for process state)\n'),
    { written: 1520, lost: 0, findings: 5, kernelRecords: 9764, stateOnly: 371, forSignatures: 3761 },
  );
  assert.deepEqual(
    sysraySummary('sysray: 400035 events written, 12 lost (400035 records from the kernel)\n'),
    { written: 400035, lost: 12, findings: 0, kernelRecords: 400035, stateOnly: 0, forSignatures: 0 },
  );
  assert.throws(() => sysraySummary('sysray: error: no BTF\n'), /no summary from sysray/);
});

test('percentile: nearest rank', () => {
  const xs = Array.from({ length: 200 }, (_, i) => 200 - i); // 200..1, unsorted
  assert.equal(percentile(xs, 50), 100);
  assert.equal(percentile(xs, 99), 198);
  assert.equal(percentile(xs, 100), 200);
  assert.equal(percentile(xs, 0), 1);
  assert.equal(percentile([7], 99), 7);
  assert.ok(Number.isNaN(percentile([], 50)));
});
