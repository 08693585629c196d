import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeStringList, decodeUserString } from './user-string.js';

test('ASCII and valid UTF-8 pass through', () => {
  const b = Buffer.from('/tmp/é✓😀');
  assert.equal(decodeUserString(b, 0, b.length), '/tmp/é✓😀');
});

test('invalid UTF-8 bytes become \\xNN, nothing is lost', () => {
  const b = Buffer.from([0x61, 0xff, 0x62, 0xc3, 0x28, 0xe2, 0x82]);
  assert.equal(decodeUserString(b, 0, b.length), 'a\\xffb\\xc3(\\xe2\\x82');
});

test('surrogates and overlong forms are invalid', () => {
  const b = Buffer.from([0xed, 0xa0, 0x80, 0xc0, 0xaf]);
  assert.equal(decodeUserString(b, 0, b.length), '\\xed\\xa0\\x80\\xc0\\xaf');
});

test('string lists keep empty elements', () => {
  const b = Buffer.from('a\0\0bc\0');
  assert.deepEqual(decodeStringList(b, 0, b.length), ['a', '', 'bc']);
});
