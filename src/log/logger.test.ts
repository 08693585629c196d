import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createLogger, parseLogFormat, parseLogLevel } from './logger.js';
import { UsageError } from '../cli/usage-error.js';

function capture() {
  const lines: string[] = [];
  return { lines, write: (s: string) => void lines.push(s) };
}

test('text format: "sysray: MSG" and nothing else, fields not shown', async () => {
  const out = capture();
  const log = await createLogger({ format: 'text', level: 'info', write: out.write });
  log.info('ready: tracing openat', { events: ['openat'] });
  log.warn('webhook http://h/: unreachable');
  assert.deepEqual(out.lines, ['sysray: ready: tracing openat\n', 'sysray: webhook http://h/: unreachable\n']);
});

test('levels below the one asked for are not written, in both formats', async () => {
  for (const format of ['text', 'json'] as const) {
    const out = capture();
    const log = await createLogger({ format, level: 'warn', write: out.write });
    log.debug('d');
    log.info('i');
    log.warn('w');
    log.error('e');
    assert.equal(out.lines.length, 2, format);
    assert.match(out.lines[0], /w/);
    assert.match(out.lines[1], /e/);
  }
});

test('json format: one object a line with level name, msg and the fields, bigints as numbers', async () => {
  const out = capture();
  const log = await createLogger({ format: 'json', level: 'debug', write: out.write });
  log.info('12 events written, 0 lost', { written: 12, lost: 0n, lostBulk: 0n });
  log.debug('syscall hooks: raw');
  assert.equal(out.lines.length, 2);
  const first = JSON.parse(out.lines[0]);
  assert.equal(first.level, 'info');
  assert.equal(first.msg, '12 events written, 0 lost');
  assert.equal(first.written, 12);
  assert.equal(first.lost, 0);
  assert.equal(first.lostBulk, 0);
  assert.equal(first.name, 'sysray');
  assert.equal(first.pid, process.pid);
  assert.ok(!Number.isNaN(Date.parse(first.time)), first.time);
  assert.ok(out.lines.every((l) => l.endsWith('\n') && l.indexOf('\n') === l.length - 1), 'one line each');
  assert.equal(JSON.parse(out.lines[1]).level, 'debug');
});

test('--log-format and --log-level values: others are usage errors naming the choices', () => {
  assert.equal(parseLogFormat('json'), 'json');
  assert.equal(parseLogLevel('error'), 'error');
  assert.throws(() => parseLogFormat('yaml'), (e: Error) => e instanceof UsageError && /--log-format yaml: expected one of text, json/.test(e.message));
  assert.throws(() => parseLogLevel('fatal'), (e: Error) => e instanceof UsageError && /--log-level fatal: expected one of debug, info, warn, error/.test(e.message));
});
