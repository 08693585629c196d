/**
 * The derived perf events on real counters: perf_event_ioctl and
 * perf_event_read from test/triggers/perf_ioctl_trigger.c (a task-clock
 * counter of its own thread, driven through each ioctl, read-like syscall
 * and the prctl pair, failures included) and from `perf stat`, whose own
 * read of its counter names the workload it counted.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { arg, compileTrigger, keyValues, run, traceDuring, type JsonEvent } from '../helpers/trace.js';

const EINVAL = -22, ENOSPC = -28, ESPIPE = -29;
const PERF_EVENT_IOC_ENABLE = 0x2400, PERF_EVENT_IOC_DISABLE = 0x2401, PERF_EVENT_IOC_RESET = 0x2403;
const PERF_EVENT_IOC_PERIOD = 0x40082404, PERF_EVENT_IOC_ID = 0x80082407;
const PERF_IOC_FLAG_GROUP = 1;
const PR_TASK_PERF_EVENTS_DISABLE = 31, PR_TASK_PERF_EVENTS_ENABLE = 32;

const values = (e: JsonEvent): unknown[] => e.args.map((a: { value: unknown }) => a.value);

async function traceTrigger(extra: string[]) {
  const bin = compileTrigger('perf_ioctl_trigger');
  let out = { pid: 0, stdout: '', code: null as number | null };
  const r = await traceDuring(['-e', 'perf_event_read,perf_event_ioctl', '-s', 'comm=perf_ioctl_trig', ...extra], async () => {
    out = await run(bin);
  });
  assert.equal(out.code, 0, out.stdout);
  assert.equal(r.exitCode, 0, r.stderr);
  assert.equal(r.lost, 0, r.stderr);
  const kv = keyValues(out.stdout);
  assert.equal(Number(kv.tid), out.pid, 'single-threaded: tid = pid');
  // what the kernel answered, so the return values below are this kernel's
  assert.deepEqual(
    [kv.enable, kv.reset, kv.disable, kv.period, kv.id, kv.enablegroup, kv.read, kv.readsmall, kv.readv, kv.pread, kv.preadv, kv.prctldisable, kv.prctlenable].map(Number),
    [0, 0, 0, EINVAL, 0, 0, 8, ENOSPC, 8, ESPIPE, ESPIPE, 0, 0],
  );
  const evs = r.events.filter((e) => e.hostProcessId === out.pid);
  for (const e of evs) {
    assert.equal(e.hostThreadId, out.pid);
    assert.equal(e.processName, 'perf_ioctl_trig');
    assert.deepEqual(e.executable, { path: bin });
  }
  return { r, kv, pid: out.pid, evs, fd: Number(kv.fd) };
}

test('perf_event_ioctl and perf_event_read from the trigger: every call, its counter, in order', async () => {
  const { evs, kv, fd, pid } = await traceTrigger([]);
  // counter fields: PERF_TYPE_SOFTWARE (1), PERF_COUNT_SW_TASK_CLOCK (1), any cpu, this thread
  const counter = [1, 1, -1, pid];
  const none = [-1, -1, -1, -1];
  assert.deepEqual(
    evs.map((e) => [e.eventName, e.eventId, e.syscall, ...values(e), e.returnValue]),
    [
      ['perf_event_ioctl', 1111, 'ioctl', fd, PERF_EVENT_IOC_ENABLE, 0, ...counter, 0],
      ['perf_event_ioctl', 1111, 'ioctl', fd, PERF_EVENT_IOC_RESET, 0, ...counter, 0],
      ['perf_event_ioctl', 1111, 'ioctl', fd, PERF_EVENT_IOC_DISABLE, 0, ...counter, 0],
      ['perf_event_ioctl', 1111, 'ioctl', fd, PERF_EVENT_IOC_PERIOD, Number(kv.periodaddr), ...counter, EINVAL],
      ['perf_event_ioctl', 1111, 'ioctl', fd, PERF_EVENT_IOC_ID, Number(kv.idaddr), ...counter, 0],
      ['perf_event_ioctl', 1111, 'ioctl', fd, PERF_EVENT_IOC_ENABLE, PERF_IOC_FLAG_GROUP, ...counter, 0],
      ['perf_event_read', 1110, 'read', fd, 'read', 8, ...counter, 8],
      ['perf_event_read', 1110, 'read', fd, 'read', ENOSPC, ...counter, ENOSPC],
      ['perf_event_read', 1110, 'readv', fd, 'readv', 8, ...counter, 8],
      ['perf_event_read', 1110, 'pread64', fd, 'pread64', ESPIPE, ...counter, ESPIPE],
      ['perf_event_read', 1110, 'preadv', fd, 'preadv', ESPIPE, ...counter, ESPIPE],
      ['perf_event_ioctl', 1111, 'prctl', -1, PR_TASK_PERF_EVENTS_DISABLE, 0, ...none, 0],
      ['perf_event_ioctl', 1111, 'prctl', -1, PR_TASK_PERF_EVENTS_ENABLE, 0, ...none, 0],
    ],
  );
  assert.deepEqual(evs[0].args.map((a: { name: string; type: string }) => [a.name, a.type]), [
    ['fd', 'int'], ['request', 'unsigned long'], ['arg', 'unsigned long'], ['type', 'u32'], ['config', 'u64'], ['cpu', 'int'], ['pid', 'pid_t'],
  ]);
  assert.deepEqual(evs[6].args.map((a: { name: string }) => a.name), ['fd', 'syscall', 'bytes', 'type', 'config', 'cpu', 'pid']);
});

test('perf_event_ioctl with parse-arguments: request and type by name', async () => {
  const { evs, fd } = await traceTrigger(['-o', 'option:parse-arguments']);
  const ioctls = evs.filter((e) => e.eventName === 'perf_event_ioctl');
  assert.deepEqual(ioctls.map((e) => arg(e, 'request')), [
    'PERF_EVENT_IOC_ENABLE', 'PERF_EVENT_IOC_RESET', 'PERF_EVENT_IOC_DISABLE', 'PERF_EVENT_IOC_PERIOD', 'PERF_EVENT_IOC_ID', 'PERF_EVENT_IOC_ENABLE',
    'PR_TASK_PERF_EVENTS_DISABLE', 'PR_TASK_PERF_EVENTS_ENABLE',
  ]);
  for (const e of ioctls.slice(0, 6)) {
    assert.equal(arg(e, 'fd'), fd);
    assert.equal(arg(e, 'type'), 'PERF_TYPE_SOFTWARE');
  }
  for (const e of evs.filter((x) => x.eventName === 'perf_event_read')) assert.equal(arg(e, 'type'), 'PERF_TYPE_SOFTWARE');
  assert.equal(ioctls[3].returnValueName, 'EINVAL');
});

test('perf stat -e task-clock true: perf reads its counter of the workload it started', async () => {
  let perf = 0;
  const r = await traceDuring(['-e', 'perf_event_read,perf_event_ioctl,sched_process_exec', '-s', 'comm=perf,true'], async () => {
    const out = await run('/usr/bin/perf', ['stat', '-e', 'task-clock', 'true']);
    assert.equal(out.code, 0);
    perf = out.pid;
  });
  assert.equal(r.exitCode, 0, r.stderr);
  assert.equal(r.lost, 0, r.stderr);
  // the workload: perf's child, exec'd as true
  const workload = r.events.filter((e) => e.eventName === 'sched_process_exec' && e.hostParentProcessId === perf && e.processName === 'true');
  assert.equal(workload.length, 1, JSON.stringify(r.events));
  const reads = r.events.filter((e) => e.hostProcessId === perf && e.eventName === 'perf_event_read');
  assert.ok(reads.length >= 1, JSON.stringify(r.events));
  for (const e of reads) {
    assert.equal(e.processName, 'perf');
    assert.equal(arg(e, 'syscall'), 'read');
    assert.equal(arg(e, 'type'), 1);
    assert.equal(arg(e, 'config'), 1);
    assert.equal(arg(e, 'cpu'), -1);
    assert.equal(arg(e, 'pid'), workload[0].hostProcessId, 'the counter follows the workload, not perf');
    // read_format TOTAL_TIME_ENABLED|TOTAL_TIME_RUNNING: value and two times, 8 bytes each
    assert.equal(arg(e, 'bytes'), 24);
    assert.equal(e.returnValue, 24);
    assert.ok(arg(e, 'fd') >= 3);
  }
  // perf stat starts the counter with enable_on_exec, not with an ioctl
  assert.deepEqual(r.events.filter((e) => e.eventName === 'perf_event_ioctl'), []);
});
