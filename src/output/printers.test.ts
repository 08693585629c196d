/**
 * One contract for every printer (hono's common-case idea): each prints the
 * same events to a file, and the output is parsed back and checked.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TraceEvent } from '../decode/trace-event.js';
import { eventByName } from '../events/catalog.js';
import { traceEventFixture } from '../decode/trace-event.fixture.js';
import { JsonPrinter } from './json-printer.js';
import { OutputStream } from './output-stream.js';
import type { Printer } from './printer.js';
import { TablePrinter } from './table-printer.js';
import { findingEvent } from '../detect/finding-event.js';

function pidfdOpen(ret: number): TraceEvent {
  const spec = eventByName('pidfd_open')!;
  return traceEventFixture('pidfd_open', {
    processName: 'we\u0001ird\n', hostName: 'host',
    returnValue: ret,
    matchedPolicies: ['', 'web'], policyMask: 3n, policyGeneration: 1,
    args: [
      { spec: spec.args[0], value: 77, raw: 77 },
      { spec: spec.args[1], value: 2048, raw: 2048 },
    ],
  });
}

const printers: Record<string, (out: OutputStream, parse: boolean) => Printer> = {
  json: (out, parse) => new JsonPrinter(out, { parseArguments: parse }),
  table: (out) => new TablePrinter(out),
};

function printToFile(make: (out: OutputStream, parse: boolean) => Printer, events: TraceEvent[], parse = false): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'sysray-printer-')), 'out');
  const p = make(new OutputStream(file), parse);
  p.preamble();
  for (const e of events) p.print(e);
  p.close();
  return readFileSync(file, 'utf8');
}

for (const [name, make] of Object.entries(printers)) {
  test(`${name}: one line per event, no raw control characters, errno named or numbered`, () => {
    const text = printToFile(make, [pidfdOpen(5), pidfdOpen(-3)]);
    const lines = text.split('\n').filter(Boolean);
    assert.equal(lines.length, name === 'table' ? 3 : 2);
    assert.doesNotMatch(text.replace(/\n/g, ''), /[\u0000-\u001f]/);
    assert.match(lines[lines.length - 1], /ESRCH|-3/);
  });
}

test('json: Tracee field names, exact 64-bit integers', () => {
  const [line] = printToFile(printers.json, [pidfdOpen(5)]).split('\n');
  assert.match(line, /"cgroupId":18446744073709551615,/);
  assert.match(line, /"timestamp":1795239743274129904,/);
  const e = JSON.parse(line);
  assert.deepEqual(Object.keys(e), [
    'timestamp', 'threadStartTime', 'processorId', 'processId', 'cgroupId', 'threadId', 'parentProcessId',
    'hostProcessId', 'hostThreadId', 'hostParentProcessId', 'userId', 'mountNamespace', 'pidNamespace',
    'processName', 'executable', 'hostName', 'containerId', 'eventId', 'eventName', 'matchedPolicies', 'syscall', 'argsNum', 'returnValue',
    'threadEntityId', 'processEntityId', 'parentEntityId', 'args',
  ]);
  assert.equal(e.processName, 'we\u0001ird\n');
  assert.deepEqual(e.args, [{ name: 'pid', type: 'pid_t', value: 77 }, { name: 'flags', type: 'unsigned int', value: 2048 }]);
});

test('json with parse-arguments: symbolic flags, returnValueName, number kept', () => {
  const e = JSON.parse(printToFile(printers.json, [pidfdOpen(-3)], true));
  assert.equal(e.args[1].value, 'PIDFD_NONBLOCK');
  assert.equal(e.returnValue, -3);
  assert.equal(e.returnValueName, 'ESRCH');
});

test('table: symbolic flags and errno name', () => {
  const line = printToFile(printers.table, [pidfdOpen(-3)]).split('\n')[1];
  assert.match(line, /pidfd_open\s+pid=77, flags=PIDFD_NONBLOCK = -3 ESRCH$/);
});

test('table: a struct shows only what is set, perf_event_attr by name; pointers in hex', () => {
  const spec = eventByName('perf_event_open')!;
  const e: TraceEvent = {
    ...pidfdOpen(3),
    eventId: spec.id, eventName: 'perf_event_open', syscall: 'perf_event_open',
    args: [
      { spec: spec.args[0], value: { type: 1, size: 128, config: 1n, sample_period: 0n, sample_type: 3n, disabled: true, inherit: false }, raw: 4096 },
      { spec: spec.args[1], value: -1, raw: -1 },
      { spec: spec.args[2], value: 0, raw: 0 },
      { spec: spec.args[3], value: -1, raw: -1 },
      { spec: spec.args[4], value: 8, raw: 8 },
    ],
  };
  const line = printToFile(printers.table, [e]).split('\n')[1];
  assert.match(line, /attr=\{type=PERF_TYPE_SOFTWARE, size=128, config=PERF_COUNT_SW_TASK_CLOCK, sample_type=PERF_SAMPLE_IP\|PERF_SAMPLE_TID, disabled\}, pid=-1, cpu=0, group_fd=-1, flags=PERF_FLAG_FD_CLOEXEC = 3$/);
  // the kernel's normalisations (sample_max_stack 0 → 127) are not a race: the line stays the same; a race shows the kernel's
  const attr = e.args[0];
  const kernelValue = { ...(attr.value as object), sample_max_stack: 127 } as typeof attr.value;
  const normalised = printToFile(printers.table, [{ ...e, args: [{ ...attr, kernelValue }, ...e.args.slice(1)] }]).split('\n')[1];
  assert.equal(normalised, line);
  const raced = printToFile(printers.table, [{ ...e, args: [{ ...attr, kernelValue: { ...(kernelValue as object), config: 2n } as typeof attr.value, raced: true }, ...e.args.slice(1)] }]).split('\n')[1];
  assert.match(raced, /disabled\} \(kernel: \{type=PERF_TYPE_SOFTWARE, size=128, config=PERF_COUNT_SW_PAGE_FAULTS, .*\}\) RACED, pid=-1/);
  const exec = eventByName('execve')!;
  const ex: TraceEvent = {
    ...pidfdOpen(0),
    eventId: exec.id, eventName: 'execve', syscall: 'execve',
    args: [
      { spec: exec.args[0], value: '/bin/echo', raw: 1 },
      { spec: exec.args[1], value: ['echo', 'a'], raw: 2 },
      { spec: exec.args[2], value: 255, raw: 255 },
    ],
  };
  assert.match(printToFile(printers.table, [ex]).split('\n')[1], /pathname="\/bin\/echo", argv=\["echo","a"\], envp=0xff = 0$/);
});

test('json: a thread\'s repeated fields follow every change (exec, rename, new policies)', () => {
  const first = pidfdOpen(5);
  const changes: Partial<TraceEvent>[] = [
    {},
    { executablePath: '/usr/bin/zsh' },
    { processName: 'zsh', executablePath: '/usr/bin/zsh' },
    { processName: 'zsh', userId: 0, threadEntityId: 7 },
    { processName: 'zsh', matchedPolicies: ['web'] },
    { processName: 'zsh', syscall: '' },
    { processName: 'zsh', threadStartTime: 1n, cgroupId: 5n, containerId: 'c'.repeat(64) },
  ];
  const events = changes.map((over) => ({ ...first, ...over }));
  const texts = printToFile(printers.json, events).split('\n').filter(Boolean);
  const lines = texts.map((l) => JSON.parse(l));
  assert.equal(lines.length, events.length);
  for (let i = 0; i < events.length; i++) {
    const e = events[i];
    assert.equal(lines[i].executable.path, e.executablePath, `line ${i}`);
    assert.equal(lines[i].processName, e.processName, `line ${i}`);
    assert.equal(lines[i].userId, e.userId, `line ${i}`);
    assert.equal(lines[i].threadEntityId, e.threadEntityId, `line ${i}`);
    assert.deepEqual(lines[i].matchedPolicies, e.matchedPolicies, `line ${i}`);
    assert.equal(lines[i].syscall, e.syscall, `line ${i}`);
    assert.equal(/"threadStartTime":(\d+),/.exec(texts[i])?.[1], String(e.threadStartTime), `line ${i}`);
    assert.equal(lines[i].containerId, e.containerId, `line ${i}`);
  }
});

/** A finding as the engine makes it (src/detect/finding-event.ts), from pidfdOpen(5). */
function finding(): TraceEvent {
  const reg = {
    id: 6001, origin: 'built-in', spec: eventByName('pidfd_open')!,
    signature: {
      metadata: {
        id: 'T-9', name: 'A pidfd', eventName: 'pidfd_seen', version: '2', description: 'Someone opened a pidfd.', tags: ['t'],
        properties: { Severity: 2 as const, Category: 'discovery', Technique: 'Process Discovery', external_id: 'T1057' },
      },
      selects: [{ event: 'pidfd_open' }], onEvent: () => undefined,
    },
  };
  return findingEvent(reg, { data: { victim: 77, why: 'a "quoted" reason' }, severity: 3 }, pidfdOpen(5), 3n);
}

test('json: a finding in Tracee v0.24 shape: data args, detectedFrom, metadata after args', () => {
  const f = finding();
  f.matchedPolicies = [''];
  const e = JSON.parse(printToFile(printers.json, [f]));
  assert.equal(e.eventId, 6001);
  assert.equal(e.eventName, 'pidfd_seen');
  assert.equal(e.hostProcessId, 4242, 'context of the source event');
  assert.equal(e.returnValue, 5);
  assert.equal(e.argsNum, 3);
  assert.deepEqual(e.args, [
    { name: 'victim', type: 'int', value: 77 },
    { name: 'why', type: 'const char *', value: 'a "quoted" reason' },
    { name: 'detectedFrom', type: 'unknown', value: { id: eventByName('pidfd_open')!.id, name: 'pidfd_open', args: [{ name: 'pid', type: 'pid_t', value: 77 }, { name: 'flags', type: 'unsigned int', value: 2048 }], returnValue: 5 } },
  ]);
  assert.deepEqual(e.metadata, {
    Version: '2', Description: 'Someone opened a pidfd.', Tags: ['t'],
    Properties: { Severity: 3, Category: 'discovery', Technique: 'Process Discovery', external_id: 'T1057', signatureID: 'T-9', signatureName: 'A pidfd' },
  });
  assert.deepEqual(Object.keys(e).slice(-2), ['args', 'metadata']);
});

test('table: a finding is one line, severity first', () => {
  const lines = printToFile(printers.table, [finding()]).split('\n').filter(Boolean);
  assert.equal(lines.length, 2);
  assert.match(lines[1], /pidfd_seen\s+ SEVERITY 3 HIGH T-9 "A pidfd", victim=77, why="a \\"quoted\\" reason" <- pidfd_open = 5$/);
});
