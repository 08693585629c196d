import { test } from 'node:test';
import assert from 'node:assert/strict';
import { topSelfTime } from './self-time.js';

test('topSelfTime: self time by function, largest first, as shares of the whole', () => {
  const frame = (functionName: string, url = 'file:///x/src/a.ts', lineNumber = 9) => ({ functionName, url, lineNumber });
  const profile = {
    nodes: [{ id: 1, callFrame: frame('decode') }, { id: 2, callFrame: frame('print', 'file:///x/src/b.ts', 0) }, { id: 3, callFrame: frame('', '', 0) }],
    samples: [1, 1, 2, 3, 1],
    timeDeltas: [10, 10, 20, 10, 10],
  };
  assert.deepEqual(topSelfTime(profile, 2), [{ fn: 'decode a.ts:10', share: 0.5 }, { fn: 'print b.ts:1', share: 20 / 60 }]);
});
