/**
 * Tracee v0.24's `-o json` lines (test/fixtures/tracee-v0.24/events.jsonl,
 * written from types/trace/trace.go's Event and pkg/events/core.go's
 * fields: eventId as a string, Go type names, time.Time as RFC 3339,
 * container/kubernetes/contextFlags/stackAddresses, a finding with
 * detectedFrom and metadata) become TraceEvents, and sysray's signatures
 * see them through EventReplay. An event sysray lacks is one counted line.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TraceEvent } from '../decode/trace-event.js';
import { eventByName } from '../events/catalog.js';
import { SIGNATURES } from '../detect/signature-registry.js';
import { registerBuiltinSignatures } from '../detect/load-signatures.js';
import { policyFromFlags } from '../policy/policy-set.js';
import { JsonPrinter } from '../output/json-printer.js';
import { OutputStream } from '../output/output-stream.js';
import { EventJsonError, eventFromJson } from './event-from-json.js';
import { EventReplay } from './event-replay.js';

registerBuiltinSignatures(SIGNATURES);

const FIXTURE = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'test', 'fixtures', 'tracee-v0.24', 'events.jsonl');
const LINES = readFileSync(FIXTURE, 'utf8').split('\n').filter(Boolean);

function line(eventName: string, nth = 0): string {
  const found = LINES.filter((l) => l.includes(`"eventName":"${eventName}"`));
  assert.ok(found[nth], `fixture has ${eventName} #${nth}`);
  return found[nth];
}

function argValue(e: TraceEvent, name: string): unknown {
  return e.args.find((a) => a.spec.name === name)?.value;
}

test('every line but the LSM event parses; ids are this catalog\'s, Tracee\'s extra fields dropped', () => {
  const parsed: string[] = [];
  for (const l of LINES) {
    try {
      const e = eventFromJson(l);
      assert.equal(e.eventId, eventByName(e.eventName)!.id);
      parsed.push(e.eventName);
    } catch (err) {
      assert.ok(err instanceof EventJsonError, String(err));
      assert.equal(err.kind, 'unknown event security_file_open');
    }
  }
  assert.deepEqual(parsed, ['sched_process_fork', 'execve', 'sched_process_exec', 'ptrace', 'ptrace', 'ptrace_code_injection', 'ptrace', 'pidfd_getfd', 'openat', 'sched_process_exit']);
});

test('arguments: the catalog\'s spec of the name where the value fits it (C types), exact 64-bit values, time.Time as ns', () => {
  const poke = eventFromJson(line('ptrace', 1));
  const ptrace = eventByName('ptrace')!;
  assert.deepEqual(poke.args.map((a) => a.spec), ptrace.args);
  assert.deepEqual(poke.args.map((a) => a.value), [4, 4243, 94251220156432, 12970367429111665040n]);
  assert.deepEqual([poke.eventId, poke.syscall, poke.returnValue, poke.processName, poke.executablePath, poke.hostName], [101, 'ptrace', 0, 'inject', '/tmp/inject', 'worker-1']);
  assert.deepEqual([poke.threadEntityId, poke.processEntityId, poke.parentEntityId], [2814311102, 2814311102, 1177001234]);
  assert.deepEqual(poke.matchedPolicies, ['default']);

  const exec = eventFromJson(line('execve'));
  // encoding/json's \u0026 and \u003e
  assert.deepEqual(argValue(exec, 'argv'), ['/tmp/inject', 'poke', 'a && b > /dev/null']);
  assert.equal(argValue(exec, 'envp'), null);
  assert.equal(exec.args[0].spec, eventByName('execve')!.args[0]);

  const fork = eventFromJson(line('sched_process_fork'));
  // 2025-12-02T14:43:20.100200300+01:00
  assert.equal(argValue(fork, 'start_time'), 1764683000100200300n);
  assert.equal(argValue(fork, 'parent_start_time'), 1764682999874512330n);
  assert.equal(argValue(fork, 'child_pid'), 4242);
  // an argument sysray's event has not: kept, with Tracee's name and type
  assert.deepEqual(fork.args.find((a) => a.spec.name === 'leader_pid')!.spec.type, 'int32');

  const exec2 = eventFromJson(line('sched_process_exec'));
  assert.equal(argValue(exec2, 'pathname'), '/tmp/inject');
  assert.equal(argValue(exec2, 'interpreter_pathname'), '/usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2');

  const open = eventFromJson(line('openat'));
  assert.deepEqual([open.containerId.slice(0, 12), open.processId, open.hostProcessId, open.userId, open.cgroupId], ['f3a1c2b4d5e6', 29, 5100, 101, 11823n]);
  assert.deepEqual(open.args.map((a) => [a.spec === eventByName('openat')!.args[open.args.indexOf(a)], a.value]), [[true, -100], [true, '/etc/passwd'], [true, 524288], [true, 0]]);
});

test('printed again, a Tracee event is a sysray line: C types, this catalog\'s id; option:parse-arguments renders its numbers', () => {
  const print = (e: TraceEvent, parseArguments: boolean): string => {
    const out = OutputStream.memory();
    new JsonPrinter(out, { parseArguments }).print(e);
    return out.take().toString('utf8');
  };
  const poke = eventFromJson(line('ptrace', 1));
  assert.match(print(poke, false), /"eventId":101,"eventName":"ptrace","matchedPolicies":\["default"\],"syscall":"ptrace","argsNum":4,"returnValue":0,.*"args":\[\{"name":"request","type":"long","value":4\},\{"name":"pid","type":"pid_t","value":4243\},\{"name":"addr","type":"void\*","value":94251220156432\},\{"name":"data","type":"void\*","value":12970367429111665040\}\]\}\n$/);
  assert.match(print(poke, true), /"name":"request","type":"long","value":"PTRACE_POKETEXT"/);
  assert.match(print(eventFromJson(line('openat')), true), /"name":"flags","type":"int","value":"O_RDONLY\|O_CLOEXEC"/);
});

test('Tracee\'s finding: its detectedFrom and metadata as written', () => {
  const f = eventFromJson(line('ptrace_code_injection'));
  assert.equal(f.eventId, SIGNATURES.byName('ptrace_code_injection')!.id);
  assert.equal(f.metadata?.Properties.signatureID, 'TRC-103');
  assert.equal(f.metadata?.Tags, null);
  assert.deepEqual(f.args.map((a) => a.spec.name), ['detectedFrom']);
  assert.deepEqual((argValue(f, 'detectedFrom') as { args: { value: unknown }[] }).args.map((a) => a.value), [4, 4243, 94251220156432, 12970367429111665040n]);
});

/** The fixture through EventReplay with `-e EVENTS`: what it shows, and what it said. */
function replay(events: string[], lines = LINES): { shown: TraceEvent[]; warned: string[]; replay: EventReplay } {
  const shown: TraceEvent[] = [];
  const warned: string[] = [];
  const r = new EventReplay([policyFromFlags([], events)], { registry: SIGNATURES, selfPid: -1, parentPid: -1, warn: (l) => warned.push(l) }, (e) => shown.push(e), (l) => warned.push(l));
  lines.forEach((l, i) => r.push(l, `events.jsonl:${i + 1}`));
  return { shown, warned, replay: r };
}

test('-e ptrace_code_injection: the POKETEXT line makes the finding (once: Tracee\'s own copy is not shown again); the PEEKTEXT twin none', async () => {
  const { shown, warned, replay: r } = replay(['ptrace_code_injection']);
  await r.end();
  assert.deepEqual(shown.map((e) => e.eventName), ['ptrace_code_injection']);
  const [f] = shown;
  assert.deepEqual([f.timestamp, f.hostProcessId, f.hostThreadId, f.processName, f.executablePath, f.syscall, f.returnValue], [1764683000500005000n, 4242, 4242, 'inject', '/tmp/inject', 'ptrace', 0]);
  assert.deepEqual(argValue(f, 'detectedFrom'), {
    id: 101, name: 'ptrace', returnValue: 0,
    args: [
      { name: 'request', type: 'long', value: 4 }, { name: 'pid', type: 'pid_t', value: 4243 },
      { name: 'addr', type: 'void*', value: 94251220156432 }, { name: 'data', type: 'void*', value: 12970367429111665040n },
    ],
  });
  assert.equal(f.metadata?.Properties.signatureID, 'TRC-103');
  assert.deepEqual(warned, ['analyze: skipped events.jsonl:10: unknown event security_file_open (further lines like it are counted, not shown)']);
  assert.deepEqual(r.counters.malformed, { 'unknown event security_file_open': 1 });
  assert.equal(r.counters.findingsMadeAgain, 1);
  assert.equal(r.counters.pipeline.detection.findings, 1);
});

test('-e anti_debugging: the child\'s PTRACE_TRACEME; -e fd_theft: none, Tracee\'s pidfd_getfd has no target', async () => {
  const anti = replay(['anti_debugging']);
  await anti.replay.end();
  assert.deepEqual(anti.shown.map((e) => [e.eventName, e.hostProcessId]), [['anti_debugging', 4243]]);
  const fd = replay(['fd_theft', 'pidfd_getfd']);
  await fd.replay.end();
  assert.deepEqual(fd.shown.map((e) => [e.eventName, e.target]), [['pidfd_getfd', undefined]]);
});

test('Tracee\'s finding alone (its source not in the input): shown as recorded', async () => {
  const { shown, replay: r } = replay(['ptrace_code_injection'], [line('ptrace_code_injection')]);
  await r.end();
  assert.deepEqual(shown.map((e) => [e.eventName, e.metadata?.Properties.signatureID]), [['ptrace_code_injection', 'TRC-103']]);
  assert.equal(r.counters.findingsMadeAgain, 0);
});

test('option:parse-arguments lines: kept as written, said once that conditions on numbers do not hold', async () => {
  const symbolic = line('ptrace', 1).replace('"value":4}', '"value":"PTRACE_POKETEXT"}');
  const { shown, warned, replay: r } = replay(['ptrace', 'ptrace_code_injection'], [symbolic, symbolic]);
  await r.end();
  assert.deepEqual(shown.map((e) => [e.eventName, argValue(e, 'request')]), [['ptrace', 'PTRACE_POKETEXT'], ['ptrace', 'PTRACE_POKETEXT']]);
  assert.deepEqual(warned, ['analyze: events.jsonl:1: ptrace.request is written as a symbol (PTRACE_POKETEXT), as option:parse-arguments writes it: signatures\' conditions on such numbers do not hold; record without parse-arguments (said once)']);
});

test('values the pipeline cannot take are a counted line, not a throw', async () => {
  const bad = [
    line('sched_process_fork').replace('"2025-12-02T14:43:20.100200300+01:00"', '"yesterday"'),
    line('sched_process_fork').replace(/\{"name":"start_time"[^}]*\},/, ''),
    line('ptrace', 1).replace('"eventName":"ptrace"', '"eventName":"hooked_syscall"'),
    '{"eventName":"ptrace"',
  ];
  const { warned, replay: r } = replay(['ptrace', 'sched_process_fork'], bad);
  await r.end();
  assert.equal(r.counters.read, 4);
  assert.deepEqual(Object.keys(r.counters.malformed), ['argument start_time not an RFC 3339 time', 'sched_process_fork with values sysray cannot use', 'unknown event hooked_syscall', 'not JSON']);
  assert.equal(warned.length, 4);
  for (const w of warned) assert.match(w, /^analyze: skipped events\.jsonl:\d: /);
});
