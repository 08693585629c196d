import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EntityMap } from './entity-map.js';

test('keeps at most max entries, forgetting the least recently used, and counts what it forgot', () => {
  const m = new EntityMap<string>(2);
  m.set(1, 'a');
  m.set(2, 'b');
  assert.equal(m.get(1), 'a'); // 1 is now the most recent
  m.set(3, 'c');
  assert.equal(m.size, 2);
  assert.equal(m.get(2), undefined, '2 was the least recently used');
  assert.deepEqual([m.get(1), m.get(3)], ['a', 'c']);
  assert.equal(m.evicted, 1);
  assert.equal(m.delete(1), true);
  assert.equal(m.size, 1);
  assert.throws(() => new EntityMap(0), /max must be positive/);
});
