import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Progress } from './progress.js';

function capture(): { out: NodeJS.WriteStream; text: () => string } {
  let text = '';
  return { out: { write: (s: string) => ((text += s), true) } as unknown as NodeJS.WriteStream, text: () => text };
}

test('a big file gets a line with percent, events/s and the time reached; it is erased at the end', () => {
  const c = capture();
  const p = new Progress(c.out, 100);
  p.beginFile('big.rec', 1000);
  p.update(0, undefined, 0);
  p.update(500, 1_796_000_000_000_000_000n, 1000); // within 250 ms: not drawn again
  assert.match(c.text(), /\r\x1b\[Ksysray: analyze big\.rec: 0%, 0 events\/s$/);
  p.endFile();
  assert.ok(c.text().endsWith('\r\x1b[K'));
});

test('a small file gets no line', () => {
  const c = capture();
  const p = new Progress(c.out, 100);
  p.beginFile('small.rec', 99);
  p.update(50, 1n, 10);
  p.endFile();
  assert.equal(c.text(), '');
});
