import { test } from 'node:test';
import assert from 'node:assert/strict';
import { machine, release } from 'node:os';
import { checkHeader, encodeHead, layoutHash, makeHeader, policiesOf, RecordingHeaderError } from './recording-header.js';
import { decodeFileHead } from './recording-format.js';

const header = (): ReturnType<typeof makeHeader> =>
  makeHeader({ clockOffset: 1_700_000_000_000_000_000n, options: { execEnv: false, trackFds: true, compress: false, ringBufferBytes: 1 << 25, securityRingBufferBytes: 1 << 23 } });

test('the layout hash is 16 hex digits and the same on every call', () => {
  assert.match(layoutHash(), /^[0-9a-f]{16}$/);
  assert.equal(layoutHash(), layoutHash());
});

test('a header made here is accepted here, with no notice', () => {
  const notices: string[] = [];
  const h = checkHeader(JSON.parse(JSON.stringify(header())), 'x.rec', (l) => notices.push(l));
  assert.equal(h.clockOffsetNs, '1700000000000000000');
  assert.equal(h.selfPid, process.pid);
  assert.deepEqual(notices, []);
});

test('encodeHead: the file head, then the JSON, padded to 8', () => {
  const buf = encodeHead(header());
  assert.equal(buf.length % 8, 0);
  const head = decodeFileHead(buf);
  assert.ok(typeof head !== 'string', String(head));
  const json = JSON.parse(buf.subarray(64, 64 + head.jsonBytes).toString('utf8'));
  assert.equal(json.layoutHash, layoutHash());
});

test('another layout, machine or no header at all: one line naming both sides', () => {
  const other = { ...header(), layoutHash: '0123456789abcdef' };
  assert.throws(() => checkHeader(other, 'x.rec', () => undefined), (e: Error) => e instanceof RecordingHeaderError && e.message.includes('0123456789abcdef') && e.message.includes(layoutHash()) && !e.message.includes('\n'));
  assert.throws(() => checkHeader({ ...header(), machine: 'riscv64' }, 'x.rec', () => undefined), new RegExp(`riscv64.*${machine()}`));
  assert.throws(() => checkHeader({ hello: 1 }, 'x.rec', () => undefined), /x.rec: not a sysray recording/);
  assert.throws(() => checkHeader({ ...header(), clockOffsetNs: undefined }, 'x.rec', () => undefined), /lacks "clockOffsetNs"/);
});

test('another kernel with this layout is read, with a notice', () => {
  const notices: string[] = [];
  checkHeader({ ...header(), kernelRelease: '5.15.0-test' }, 'x.rec', (l) => notices.push(l));
  assert.equal(notices.length, 1);
  assert.match(notices[0], new RegExp(`5\\.15\\.0-test, this is ${release().replace(/[.+]/g, '\\$&')}`));
});

test('policiesOf makes the recorded policies again: flags and documents', () => {
  const [p] = policiesOf({ generation: 1, startNs: '0', source: { kind: 'flags', scope: ['comm=bash'], events: ['openat'] } });
  assert.equal(p.rules.size, 1);
  assert.deepEqual(p.scope, [{ field: 'comm', op: '=', values: ['bash'] }]);
});
