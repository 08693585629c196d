/**
 * eventFromJson is the JSON printer's inverse: printer output → parse →
 * printer output is byte-identical, plain and with option:parse-arguments,
 * for events of each shape the printer writes.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { TraceEvent } from '../decode/trace-event.js';
import { eventByName } from '../events/catalog.js';
import { traceEventFixture } from '../decode/trace-event.fixture.js';
import { JsonPrinter } from '../output/json-printer.js';
import { OutputStream } from '../output/output-stream.js';
import { findingEvent } from '../detect/finding-event.js';
import { SIGNATURES } from '../detect/signature-registry.js';
import { registerBuiltinSignatures } from '../detect/load-signatures.js';
import { EventJsonError, eventFromJson } from './event-from-json.js';
import { parseExactJson } from './exact-json.js';

registerBuiltinSignatures(SIGNATURES);

function print(events: TraceEvent[], parseArguments = false): string {
  const out = OutputStream.memory();
  const p = new JsonPrinter(out, { parseArguments });
  for (const e of events) p.print(e);
  return out.take().toString('utf8');
}

function events(): TraceEvent[] {
  const pidfd = eventByName('pidfd_open')!;
  const exec = eventByName('execve')!;
  const perf = eventByName('perf_event_open')!;
  const openat = eventByName('openat')!;
  const getfd = eventByName('pidfd_getfd')!;
  const ptrace = eventByName('ptrace')!;
  const base = traceEventFixture('pidfd_open', {
    processName: 'we\u0001ird\n', matchedPolicies: ['', 'web'], returnValue: -3,
    args: [{ spec: pidfd.args[0], value: 77, raw: 77 }, { spec: pidfd.args[1], value: 2048, raw: 2048 }],
  });
  const source = traceEventFixture('ptrace', { args: [{ spec: ptrace.args[0], value: 0, raw: 0 }, { spec: ptrace.args[1], value: 0, raw: 0 }, { spec: ptrace.args[2], value: 0n, raw: 0n }, { spec: ptrace.args[3], value: 0n, raw: 0n }] });
  return [
    base,
    traceEventFixture('execve', {
      containerId: 'c'.repeat(64), cgroupId: 5n,
      args: [
        { spec: exec.args[0], value: '/bin/echo', raw: 1, kernelValue: '/usr/bin/echo', kernelFile: { dev: 264241153, inode: 1234 } },
        { spec: exec.args[1], value: ['echo', 'a "b"'], raw: 2, truncated: true },
        { spec: exec.args[2], value: null, raw: 0, unreadable: 'fault', address: 0x7ffd12345678n },
      ],
    }),
    traceEventFixture('perf_event_open', {
      returnValue: 9,
      args: [
        { spec: perf.args[0], value: { type: 1, size: 128, config: 1n, sample_period: 18446744073709551615n, disabled: true }, raw: 4096 },
        { spec: perf.args[1], value: -1, raw: -1 },
        { spec: perf.args[2], value: 0, raw: 0 },
        { spec: perf.args[3], value: -1, raw: -1 },
        { spec: perf.args[4], value: 8, raw: 8 },
      ],
    }),
    traceEventFixture('openat', {
      returnValue: 3,
      args: [
        { spec: openat.args[0], value: -100, raw: -100 },
        { spec: openat.args[1], value: '/tmp/x', raw: 1, readAtExit: true, kernelValue: '/etc/shadow', raced: true, raceTechnique: 'value changed' },
        { spec: openat.args[2], value: 0, raw: 0 },
        { spec: openat.args[3], value: 0, raw: 0 },
      ],
    }),
    traceEventFixture('pidfd_getfd', {
      returnValue: 5,
      target: { hostProcessId: 9, processName: 'victim', executablePath: '/usr/bin/victim', processEntityId: 77 } as TraceEvent['target'],
      targetFd: { kind: 'file', path: '/etc/passwd' },
      args: [{ spec: getfd.args[0], value: 4, raw: 4 }, { spec: getfd.args[1], value: 3, raw: 3 }, { spec: getfd.args[2], value: 0, raw: 0 }],
    }),
    findingEvent(SIGNATURES.byName('anti_debugging')!, { data: { note: 'x' } }, source, 1n),
    // target fds the text tells less of: a socket (family and ends), one not described
    traceEventFixture('pidfd_getfd', {
      returnValue: 6,
      target: { hostProcessId: 9, processName: 'victim', executablePath: '/usr/bin/victim', processEntityId: 77 } as TraceEvent['target'],
      targetFd: { kind: 'socket', family: 'AF_INET', type: '', inode: 0, local: { address: '127.0.0.1', port: 5432 }, remote: { address: '10.0.0.2', port: 41000 } },
      args: [{ spec: getfd.args[0], value: 4, raw: 4 }, { spec: getfd.args[1], value: 3, raw: 3 }, { spec: getfd.args[2], value: 0, raw: 0 }],
    }),
    traceEventFixture('pidfd_getfd', {
      returnValue: 7,
      targetFd: { kind: 'unknown' },
      args: [{ spec: getfd.args[0], value: 4, raw: 4 }, { spec: getfd.args[1], value: 3, raw: 3 }, { spec: getfd.args[2], value: 0, raw: 0 }],
    }),
  ];
}

test('printer → eventFromJson → printer is byte-identical', () => {
  const text = print(events());
  const lines = text.split('\n').filter(Boolean);
  assert.equal(lines.length, 8);
  const parsed = lines.map((l) => eventFromJson(l));
  assert.equal(print(parsed), text);
  assert.deepEqual(parsed.slice(6).map((e) => e.targetFd), events().slice(6).map((e) => e.targetFd));
});

test('symbolic input (option:parse-arguments) keeps its values as written', () => {
  const [line] = print([events()[0]], true).split('\n');
  const e = eventFromJson(line);
  assert.equal(e.args[1].value, 'PIDFD_NONBLOCK');
  assert.equal(print([e]), line.replace(',"returnValueName":"ESRCH"', '') + '\n');
  // and again with parse-arguments: the symbol as written, not one rendered from a number it has no more
  assert.equal(print([e], true), line + '\n');
});

test('values: 64-bit integers exact, the catalog\'s arg specs (formats kept for parse-arguments)', () => {
  const [line] = print([events()[2]]).split('\n');
  const e = eventFromJson(line);
  assert.equal(e.timestamp, 1795239743274129904n);
  assert.equal(e.cgroupId, 18446744073709551615n);
  assert.equal((e.args[0].value as Record<string, unknown>).sample_period, 18446744073709551615n);
  assert.equal(e.args[4].spec, eventByName('perf_event_open')!.args[4]);
  assert.match(print([e], true), /"flags","type":"unsigned long","value":"PERF_FLAG_FD_CLOEXEC"/);
});

test('a line that is not an event: EventJsonError with a kind to count by', () => {
  const kind = (line: string) => {
    try {
      eventFromJson(line);
    } catch (err) {
      assert.ok(err instanceof EventJsonError, String(err));
      return err.kind;
    }
    return 'parsed';
  };
  const good = print([events()[0]]).trim();
  assert.equal(kind('{"timestamp":'), 'not JSON');
  assert.equal(kind('[1]'), 'the line is not an object');
  assert.equal(kind(good.replace('"pidfd_open"', '"no_such_event"')), 'unknown event no_such_event');
  assert.equal(kind(good.replace(/"hostThreadId":\d+/, '"hostThreadId":"x"')), 'field hostThreadId missing or not an integer');
  assert.equal(kind(good), 'parsed');
});

test('parseExactJson: safe integers are numbers, larger ones bigints, strings as JSON.parse reads them', () => {
  assert.deepEqual(parseExactJson('{"a":[1,-2,9007199254740993,1.5e3],"s":"q\\"\\u0001:123456789012345678,","t":true,"n":null}'),
    { a: [1, -2, 9007199254740993n, 1500], s: 'q"\u0001:123456789012345678,', t: true, n: null });
});
