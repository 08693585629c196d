/**
 * FileTail takes complete lines only, each stamped by the poll that first
 * saw its newline; polled by hand here, so nothing depends on timing.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FileTail } from './file-tail.js';

test('FileTail: complete lines, stamped by the poll that saw their newline', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'file-tail-'));
  const file = path.join(dir, 'out.json');
  try {
    const tail = new FileTail(file, 0);
    assert.equal(tail.poll(1n), 0); // not there yet
    appendFileSync(file, '{"a":1}\n{"b":');
    assert.equal(tail.poll(2n), 1);
    appendFileSync(file, '2}');
    assert.equal(tail.poll(3n), 0); // still no newline
    appendFileSync(file, '\n\n{"c":"é"}\n');
    assert.equal(tail.poll(4n), 2); // the empty line is skipped
    assert.equal(tail.poll(5n), 0);
    tail.stop();
    assert.deepEqual(tail.lines, [
      { line: '{"a":1}', seenNs: 2n },
      { line: '{"b":2}', seenNs: 4n },
      { line: '{"c":"é"}', seenNs: 4n },
    ]);
    assert.deepEqual(tail.gapsNs.slice(0, 4), [1, 1, 1, 1]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
