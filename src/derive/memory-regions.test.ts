import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MemoryRegions } from './memory-regions.js';

const P = 0x1000;

test('map, protect part of it, unmap: regions split and keep their file', () => {
  const m = new MemoryRegions();
  m.map(1, 10 * P, 4 * P, 3, '/lib/x.so');
  m.protect(1, 11 * P, P, 5);
  assert.deepEqual([m.at(1, 10 * P)?.prot, m.at(1, 11 * P)?.prot, m.at(1, 12 * P)?.prot], [3, 5, 3]);
  assert.equal(m.at(1, 11 * P)?.path, '/lib/x.so');
  m.protect(1, 12 * P, 2 * P, 1); // read-only: forgotten
  assert.equal(m.at(1, 12 * P), undefined);
  m.unmap(1, 10 * P, P);
  assert.equal(m.at(1, 10 * P), undefined);
  assert.equal(m.at(1, 11 * P)?.prot, 5);
});

test('a gap mprotected executable becomes a region with no file; mremap moves one', () => {
  const m = new MemoryRegions();
  m.protect(2, 4 * P, 2 * P, 7);
  assert.deepEqual(m.at(2, 5 * P), { start: 4 * P, end: 6 * P, prot: 7, path: '' });
  m.remap(2, 4 * P, 2 * P, 20 * P, 3 * P, false);
  assert.equal(m.at(2, 4 * P), undefined);
  assert.deepEqual(m.at(2, 22 * P), { start: 20 * P, end: 23 * P, prot: 7, path: '' });
});

test('fork copies, forget drops; the caps drop and count', () => {
  const m = new MemoryRegions(2, 2);
  m.map(1, P, P, 3, '');
  m.fork(1, 5);
  assert.equal(m.at(5, P)?.prot, 3);
  m.forget(1);
  assert.equal(m.at(1, P), undefined);
  m.map(5, 3 * P, P, 4, '');
  m.map(5, 5 * P, P, 3, ''); // a third region: not kept
  assert.equal(m.at(5, 5 * P), undefined);
  assert.equal(m.counters.regionsDropped, 1);
  m.map(6, P, P, 3, '');
  m.map(7, P, P, 3, ''); // a third process: the least recently changed (5) goes
  assert.equal(m.at(5, P), undefined);
  assert.equal(m.counters.processesDropped, 1);
});
