import { test } from 'node:test';
import assert from 'node:assert/strict';
import { missingCapabilities } from './preflight.js';

const status = (capEff: string): string => `Name:\tsysray\nCapInh:\t0000000000000000\nCapEff:\t${capEff}\nCapBnd:\t000001ffffffffff\n`;

test('missingCapabilities: CAP_BPF and CAP_PERFMON each named; CAP_SYS_ADMIN stands for both', () => {
  assert.deepEqual(missingCapabilities(status('000001ffffffffff')), []); // full root
  assert.deepEqual(missingCapabilities(status('0000000000000000')), ['CAP_BPF', 'CAP_PERFMON']);
  assert.deepEqual(missingCapabilities(status((1n << 39n).toString(16).padStart(16, '0'))), ['CAP_PERFMON']);
  assert.deepEqual(missingCapabilities(status((1n << 38n).toString(16).padStart(16, '0'))), ['CAP_BPF']);
  assert.deepEqual(missingCapabilities(status(((1n << 38n) | (1n << 39n)).toString(16).padStart(16, '0'))), []);
  assert.deepEqual(missingCapabilities(status((1n << 21n).toString(16).padStart(16, '0'))), []);
  assert.deepEqual(missingCapabilities('Name:\tx\n'), [], 'no CapEff line: the kernel will say');
});
