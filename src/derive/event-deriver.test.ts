import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EventDeriver } from './event-deriver.js';
import { ProcessTree } from '../process/process-tree.js';
import { traceEventFixture } from '../decode/trace-event.fixture.js';
import { eventByName } from '../events/catalog.js';
import type { DecodedArg, TraceEvent } from '../decode/trace-event.js';
import type { FdDescription } from '../process/fd-description.js';

function ev(name: string, values: (number | string)[], over: Partial<TraceEvent> = {}, fd0?: FdDescription): TraceEvent {
  const spec = eventByName(name)!;
  const args: DecodedArg[] = spec.args.map((s, i) => ({ spec: s, value: values[i] ?? 0, raw: typeof values[i] === 'number' ? (values[i] as number) : 0 }));
  if (fd0) args[0].fd = fd0;
  return traceEventFixture(name, { args, ...over });
}

function derive(d: EventDeriver, e: TraceEvent): TraceEvent[] {
  const out: TraceEvent[] = [];
  d.derive(e, (x) => out.push(x), (x) => out.push(x));
  return out;
}

const perf: FdDescription = { kind: 'perf_event', type: 1, config: 1, cpu: -1, targetTid: 4243 };

test('a read of a perf fd is also a perf_event_read with its counter; other reads are not', () => {
  const d = new EventDeriver({ tree: new ProcessTree(), clockOffset: 0n });
  const out = derive(d, ev('read', [3, 0, 24], { returnValue: 24 }, perf));
  assert.deepEqual(out.map((e) => e.eventName), ['perf_event_read', 'read']);
  assert.deepEqual(out[0].args.map((a) => [a.spec.name, a.value]), [
    ['fd', 3], ['syscall', 'read'], ['bytes', 24], ['type', 1], ['config', 1], ['cpu', -1], ['pid', 4243],
  ]);
  assert.equal(out[0].syscall, 'read');
  assert.deepEqual(derive(d, ev('read', [3, 0, 24], {}, { kind: 'file', path: '/x' })).map((e) => e.eventName), ['read']);
});

test('ioctl on a perf fd and prctl PR_TASK_PERF_EVENTS_* are perf_event_ioctl', () => {
  const d = new EventDeriver({ tree: new ProcessTree(), clockOffset: 0n });
  const io = derive(d, ev('ioctl', [5, 0x2400, 0], {}, perf));
  assert.equal(io[0].eventName, 'perf_event_ioctl');
  assert.deepEqual(io[0].args.map((a) => a.value), [5, 0x2400, 0, 1, 1, -1, 4243]);
  const pr = derive(d, ev('prctl', [32, 0, 0, 0, 0]));
  assert.deepEqual(pr[0].args.map((a) => a.value), [-1, 32, 0, -1, -1, -1, -1]);
  assert.deepEqual(derive(d, ev('prctl', [15, 0, 0, 0, 0])).map((e) => e.eventName), ['prctl']);
});

test('pidfd events name their target from the kernel view, with the tree for its executable', () => {
  const tree = new ProcessTree();
  tree.exec({ hostPid: 900, startTime: 5_000_000_000n, comm: 'sleep', exePath: '/usr/bin/sleep', argv: ['sleep'], interpreter: '', time: 6n });
  const d = new EventDeriver({ tree, clockOffset: 0n });
  const pidfd: FdDescription = { kind: 'pidfd', hostPid: 900, comm: 'sleep', startTime: 5_000_000_000n };
  const [signal] = derive(d, ev('pidfd_send_signal', [7, 9, 0, 0], {}, pidfd));
  assert.deepEqual(signal.target, {
    hostProcessId: 900, processName: 'sleep', executablePath: '/usr/bin/sleep', processEntityId: tree.get(900)!.entityId,
  });
  const [getfd] = derive(d, ev('pidfd_getfd', [7, 42, 0], { returnValue: 8, returnedFd: { kind: 'file', path: '/dev/null' } }, pidfd));
  assert.deepEqual(getfd.targetFd, { kind: 'file', path: '/dev/null' });
  const [open] = derive(d, ev('pidfd_open', [900, 0], { returnValue: 3, returnedFd: pidfd }));
  assert.equal(open.target?.hostProcessId, 900);
});

test("a container's own cgroup makes container_create and container_remove; its sub-cgroups do not", () => {
  const d = new EventDeriver({ tree: new ProcessTree(), clockOffset: 0n });
  const id = 'ab'.repeat(32);
  const path = `/system.slice/docker-${id}.scope`;
  const mk = (p: string, cg: number) => ev('cgroup_mkdir', [cg, p, 4], {});
  const created = derive(d, mk(path, 77));
  assert.deepEqual(created.map((e) => e.eventName), ['container_create', 'cgroup_mkdir']);
  const args = Object.fromEntries(created[0].args.map((a) => [a.spec.name, a.value]));
  assert.equal(args.runtime, 'docker');
  assert.equal(args.container_id, id);
  assert.equal(args.cgroup_path, path);
  assert.deepEqual(derive(d, mk(`${path}/init.scope`, 78)).map((e) => e.eventName), ['cgroup_mkdir']);
  assert.deepEqual(derive(d, ev('cgroup_rmdir', [78, `${path}/init.scope`, 4])).map((e) => e.eventName), ['cgroup_rmdir']);
  const removed = derive(d, ev('cgroup_rmdir', [77, path, 4]));
  assert.deepEqual(removed.map((e) => e.eventName), ['container_remove', 'cgroup_rmdir']);
  assert.deepEqual(removed[0].args.map((a) => a.value), ['docker', id]);
});
