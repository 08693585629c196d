import { test } from 'node:test';
import assert from 'node:assert/strict';
import { didYouMean, editDistance, nearestName, nearestNames } from './nearest-name.js';

test('edit distance counts a swap of neighbours as one edit', () => {
  assert.equal(editDistance('comm', 'comm'), 0);
  assert.equal(editDistance('cmm', 'comm'), 1);
  assert.equal(editDistance('tpye', 'type'), 1);
  assert.equal(editDistance('', 'abc'), 3);
});

test('nearest name: close enough to be a typo, case ignored, else nothing', () => {
  assert.equal(nearestName('perf_event_opn', ['openat', 'perf_event_open']), 'perf_event_open');
  assert.equal(nearestName('FILTER', ['filters', 'event']), 'filters');
  assert.equal(nearestName('qqqqqqqq', ['openat']), undefined);
});

test('nearest names and the hint text', () => {
  assert.deepEqual(nearestNames('cmm', ['comm', 'uid', 'pid']), ['comm']);
  assert.equal(didYouMean('cmm', ['comm']), '; did you mean "comm"?');
  assert.equal(didYouMean('zzzzzz', ['comm']), '');
});
