import assert from 'node:assert/strict';
import { test } from 'node:test';
import { eventByName } from './catalog.js';
import { argOrigin } from './arg-source.js';
import { KERNEL_VALUES } from './kernel-values.js';

function origin(event: string, arg: string) {
  const spec = eventByName(event)!;
  return argOrigin(spec, spec.args.find((a) => a.name === arg)!);
}

test('sources: registers, user memory at entry or exit, kernel objects, derived', () => {
  assert.equal(origin('perf_event_open', 'pid').source, 'register');
  assert.equal(origin('read', 'buf').source, 'register'); // a pointer: its value only
  assert.equal(origin('openat', 'pathname').source, 'user memory at entry');
  assert.equal(origin('accept', 'addr').source, 'user memory at exit');
  assert.equal(origin('sched_process_exec', 'pathname').source, 'kernel object');
  assert.equal(origin('perf_event_read', 'fd').source, 'derived');
});

test('kernel values: every entry of the table names a real argument, and says what it is', () => {
  for (const [event, args] of Object.entries(KERNEL_VALUES)) {
    for (const arg of Object.keys(args)) {
      assert.ok(eventByName(event)?.args.some((a) => a.name === arg), `${event}.${arg}`);
      assert.match(origin(event, arg).kernelValue ?? '', /^the /, `${event}.${arg}`);
    }
  }
  assert.equal(origin('read', 'fd').kernelValue, undefined);
});

test('TOCTOU is what the capture makes it: perf_event_open.attr is one, though its page says U', () => {
  const attr = eventByName('perf_event_open')!.args[0];
  assert.deepEqual(attr.tags, ['U', 'TOCTOU']);
  assert.deepEqual(attr.documentedTags, ['U']);
  assert.deepEqual(eventByName('bpf')!.args[1].tags, ['U', 'TOCTOU']);
});
