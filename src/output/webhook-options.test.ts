import { test } from 'node:test';
import assert from 'node:assert/strict';
import { UsageError } from '../cli/usage-error.js';
import { parseWebhookOptions, WEBHOOK_DEFAULTS } from './webhook-options.js';
import { createWebhookSink } from './webhook-sink.js';

const parse = (query: string) => parseWebhookOptions(new URL(`http://127.0.0.1:1/hook${query}`));

test('no query: the defaults', () => {
  assert.deepEqual(parse(''), WEBHOOK_DEFAULTS);
  assert.deepEqual(WEBHOOK_DEFAULTS, { timeoutMs: 5000, format: 'json', batch: 500, intervalMs: 200, bufferBytes: 64 << 20 });
});

test('every option, with its units', () => {
  assert.deepEqual(parse('?timeout=5s&format=ndjson&batch=50&interval=250ms&buffer=8M'), {
    timeoutMs: 5000, format: 'ndjson', batch: 50, intervalMs: 250, bufferBytes: 8 << 20,
  });
  assert.equal(parse('?timeout=1500').timeoutMs, 1500, 'a bare number is ms');
  assert.equal(parse('?timeout=1m').timeoutMs, 60_000);
  assert.equal(parse('?timeout=0.5s').timeoutMs, 500);
  assert.equal(parse('?interval=0').intervalMs, 0, 'interval 0: each event goes as soon as it can');
  assert.equal(parse('?buffer=512K').bufferBytes, 512 << 10);
  assert.equal(parse('?buffer=1G').bufferBytes, 1 << 30);
  assert.equal(parse('?buffer=16').bufferBytes, 16 << 20, 'a bare number is MiB');
  assert.equal(parse('?buffer=2MiB').bufferBytes, 2 << 20);
});

/** The UsageError `query` gives: one line. */
function errorOf(query: string): string {
  try {
    parse(query);
  } catch (err) {
    assert.ok(err instanceof UsageError, `${query}: ${err}`);
    assert.equal(err.exitCode, 2);
    assert.ok(!err.message.includes('\n'), 'one line');
    return err.message;
  }
  assert.fail(`${query} was accepted`);
}

test('a bad value is one line naming the option and showing a good one', () => {
  assert.match(errorOf('?timeout=fast'), /timeout=fast is not a duration.*timeout=5s/);
  assert.match(errorOf('?timeout=0'), /timeout=0 is not a duration/);
  assert.match(errorOf('?timeout=5h'), /timeout=5h/);
  assert.match(errorOf('?interval=-1'), /interval=-1 is not a duration.*interval=200ms/);
  assert.match(errorOf('?format=xml'), /format=xml is not json or ndjson/);
  assert.match(errorOf('?batch=0'), /batch=0 is not a count/);
  assert.match(errorOf('?batch=1e3'), /batch=1e3/);
  assert.match(errorOf('?buffer=64X'), /buffer=64X is not a size.*buffer=64M/);
  assert.match(errorOf('?buffer=1K'), /buffer=1K is not a size between 64K and 16G/);
  assert.match(errorOf('?batch=5&batch=6'), /option batch given twice/);
});

test('an unknown option is named, its value never shown', () => {
  const message = errorOf('?token=s3cret');
  assert.match(message, /unknown option "token".*known options: timeout, format, batch, interval, buffer/);
  assert.ok(!message.includes('s3cret'));
});

test('createWebhookSink throws the UsageError before it connects to anything', () => {
  assert.throws(() => createWebhookSink(new URL('http://127.0.0.1:1/x?retries=3'), { nodeName: 'n', warn: () => undefined }), UsageError);
});
