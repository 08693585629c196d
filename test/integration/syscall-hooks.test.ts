/**
 * The two kinds of syscall hooks (src/tracer/syscall-hooks.ts) give the same
 * events: the seed pidfd syscalls traced through the per-syscall tracepoints
 * and through the generic raw pair, field by field. And the choice by the
 * selection's size: few syscalls → per-syscall tracepoints, many → raw.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileTrigger, run, traceDuring, type TraceResult } from '../helpers/trace.js';

async function traceTrigger(hooks: string, events: string, taskState?: 'hash'): Promise<{ r: TraceResult; pid: number }> {
  const bin = compileTrigger('pidfd_trigger');
  let pid = 0;
  process.env.SYSRAY_SYSCALL_HOOKS = hooks;
  if (taskState) process.env.SYSRAY_TASK_STATE = taskState;
  try {
    const r = await traceDuring(['--verbose', '-e', events, '-s', 'comm=pidfd_trigger'], async () => {
      pid = (await run(bin)).pid;
    });
    return { r, pid };
  } finally {
    delete process.env.SYSRAY_SYSCALL_HOOKS;
    delete process.env.SYSRAY_TASK_STATE;
  }
}

/** What must not depend on the hook: names, ids, arguments, return values. */
function essence(r: TraceResult, pid: number): unknown[] {
  return r.events
    .filter((e) => e.hostProcessId === pid)
    // pid arguments name the trigger's children: relative to the trigger they are the same in both runs
    .map((e) => ({
      eventName: e.eventName, eventId: e.eventId, returnValue: e.returnValue, threadId: e.threadId, processName: e.processName,
      args: e.args.map((a: { name: string; value: unknown }) => (a.name === 'pid' && typeof a.value === 'number' && a.value > 0 ? { ...a, value: a.value - pid } : a)),
    }));
}

test('per-syscall tracepoints and the raw pair give the same pidfd events', async () => {
  const seeds = 'pidfd_open,pidfd_getfd,pidfd_send_signal';
  const tp = await traceTrigger('tracepoints', seeds);
  const raw = await traceTrigger('raw', seeds);
  assert.match(tp.r.stderr, /syscall hooks: 3 per-syscall tracepoint pairs/);
  assert.match(raw.r.stderr, /syscall hooks: raw tracepoints sys_enter\/sys_exit \(forced\)/);
  const a = essence(tp.r, tp.pid);
  const b = essence(raw.r, raw.pid);
  assert.equal(a.length, 6, 'pidfd_trigger makes six pidfd syscalls');
  // the pids differ between runs: compare with each run's own thread id removed
  const strip = (xs: unknown[]) => xs.map((x) => ({ ...(x as object), threadId: 0 }));
  assert.deepEqual(strip(a), strip(b));
  for (const r of [tp.r, raw.r]) assert.equal(r.lost, 0);
});

test('the hooks follow the selection: few syscalls take tracepoints, many the raw pair', async () => {
  const few = await traceTrigger('auto', 'pidfd_open');
  assert.match(few.r.stderr, /syscall hooks: 1 per-syscall tracepoint pairs/);
  assert.equal(essence(few.r, few.pid).length, 3);
  const many = await traceTrigger('auto', 'syscalls');
  assert.match(many.r.stderr, /syscall hooks: raw tracepoints sys_enter\/sys_exit \(\d+ syscalls selected \(more than 64\)\)/);
  assert.ok(essence(many.r, many.pid).filter((e) => (e as { eventName: string }).eventName === 'pidfd_open').length === 3);
});

test('thread state in task storage and in the LRU hash (its fallback) give the same events, under both kinds of hooks', async () => {
  for (const hooks of ['raw', 'tracepoints']) {
    const storage = await traceTrigger(hooks, 'pidfd_open,pidfd_getfd,pidfd_send_signal,openat,close');
    const hash = await traceTrigger(hooks, 'pidfd_open,pidfd_getfd,pidfd_send_signal,openat,close', 'hash');
    assert.match(storage.r.stderr, /; thread state in task storage/, hooks);
    assert.match(hash.r.stderr, /; thread state in an LRU hash/, hooks);
    const strip = (xs: unknown[]) => xs.map((x) => ({ ...(x as object), threadId: 0 }));
    const a = strip(essence(storage.r, storage.pid));
    assert.ok(a.length > 6, `${hooks}: ${a.length} events`);
    assert.deepEqual(a, strip(essence(hash.r, hash.pid)), hooks);
    for (const r of [storage.r, hash.r]) assert.equal(r.lost, 0);
  }
});
