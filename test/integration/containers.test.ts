/**
 * A container as a runtime makes one, without the runtime: a cgroup named
 * `docker-<64 hex>.scope` in the containers' hierarchy (the memory
 * controller's on this v1/hybrid machine, the v2 one elsewhere), a shell
 * that moves itself into it and execs `unshare -p -f -m -u`, whose pid-1
 * child names its UTS namespace ctr1 and execs test/triggers/scope_trigger.c
 * (getpriority(PRIO_PROCESS, MARK) twice). Checked: container_create when the
 * cgroup is made and container_remove when it is removed (both made by this
 * test's own process), and the context of the events made inside: the
 * containerId, namespace against host ids, the host name, the namespaces.
 * Then the same once more with the cgroup removed before sysray reads the
 * records (sysray stopped meanwhile): the events keep their containerId.
 * The cgroups are removed whether the tests pass or not.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdirSync, statSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import { arg, compileTrigger, run, traceDuring, type JsonEvent, type TraceResult } from '../helpers/trace.js';
import { containerCgroupRoot, removeCgroup } from '../helpers/fake-container.js';

/** getpriority's `who`: above PID_MAX_LIMIT, so it fails with ESRCH and no other program passes it. */
const MARK = 71_000_977;
const ESRCH = -3;

const made: string[] = [];

after(async () => {
  for (const cg of made.splice(0)) await removeCgroup(cg);
});

interface ContainerRun {
  r: TraceResult;
  id: string;
  /** inode of the cgroup directory: its cgroup id */
  cgroupIno: number;
  /** the shell that joins the cgroup and execs unshare */
  shell: number;
  stdout: string;
}

/**
 * Makes the cgroup, runs the shell in it, and removes the cgroup: 'kept'
 * 500 ms after the shell ended; 'gone' while sysray is stopped (SIGSTOP, its
 * records wait in the ring buffer), so that the cgroup no longer exists when
 * sysray reads the records made in it, as when a `docker run --rm IMAGE true`
 * is over before a busy tracer gets to its events.
 */
async function runContainer(removal: 'kept' | 'gone'): Promise<ContainerRun> {
  const root = containerCgroupRoot();
  assert.ok(root, 'a cgroup hierarchy for containers');
  const trigger = compileTrigger('scope_trigger');
  const id = randomBytes(32).toString('hex');
  const cg = path.join(root, `docker-${id}.scope`);
  let cgroupIno = 0;
  let shell = 0;
  let stdout = '';
  const r = await traceDuring(
    ['-e', 'container_create,container_remove,sched_process_fork,sched_process_exec,getpriority'],
    async (tracer) => {
      if (removal === 'gone') tracer.process.kill('SIGSTOP');
      try {
        mkdirSync(cg);
        made.push(cg);
        cgroupIno = statSync(cg).ino;
        const inner = `hostname ctr1 && exec ${trigger} call:${MARK}:2`;
        const out = await run('/bin/sh', ['-c', `echo $$ > ${cg}/cgroup.procs && exec unshare -p -f -m -u /bin/sh -c '${inner}'`]);
        assert.equal(out.code, 0, out.stdout);
        stdout = out.stdout;
        shell = out.pid;
        if (removal === 'kept') await new Promise((resolve) => setTimeout(resolve, 500));
        await removeCgroup(cg);
      } finally {
        if (removal === 'gone') tracer.process.kill('SIGCONT');
      }
    },
  );
  assert.equal(r.exitCode, 0, r.stderr);
  assert.equal(r.lost, 0, r.stderr);
  assert.match(stdout, /^pid=1$/m, 'the trigger is pid 1 of its namespace');
  return { r, id, cgroupIno, shell, stdout };
}

test('a docker-ID.scope cgroup and a process in new pid, mount and uts namespaces inside it', async () => {
  const hostMnt = statSync('/proc/self/ns/mnt').ino;
  const hostPid = statSync('/proc/self/ns/pid').ino;
  const trigger = compileTrigger('scope_trigger');
  // the cgroup outlives its processes a while, as a container's does without --rm (at once: the next test)
  const { r, id, cgroupIno, shell } = await runContainer('kept');
  const slack = 50_000_000n;
  const during = (ns: bigint) => ns >= r.startNs - slack && ns <= r.endNs + slack;

  // container_create and container_remove: made by this test's process, on the host
  const creates = r.events.filter((e) => e.eventName === 'container_create' && arg(e, 'container_id') === id);
  assert.equal(creates.length, 1, JSON.stringify(r.events.filter((e) => e.eventName.startsWith('container_'))));
  const create = creates[0];
  assert.equal(create.eventId, 1100);
  assert.equal(create.hostProcessId, process.pid);
  assert.equal(create.containerId, '');
  const { ctime, cgroup_id: cgroupId, ...rest } = Object.fromEntries(create.args.map((a: { name: string; value: unknown }) => [a.name, a.value]));
  assert.deepEqual(rest, {
    runtime: 'docker',
    container_id: id,
    container_image: '',
    container_image_digest: '',
    container_name: '',
    cgroup_path: `/docker-${id}.scope`,
  });
  assert.equal(Number(cgroupId), cgroupIno, 'cgroup id: the cgroup directory\'s inode');
  assert.ok(during(BigInt(ctime as string)), `ctime ${ctime} within the run`);

  const removes = r.events.filter((e) => e.eventName === 'container_remove' && arg(e, 'container_id') === id);
  assert.equal(removes.length, 1);
  assert.equal(removes[0].eventId, 1101);
  assert.equal(removes[0].hostProcessId, process.pid);
  assert.deepEqual(removes[0].args.map((a: { name: string; value: unknown }) => [a.name, a.value]), [['runtime', 'docker'], ['container_id', id]]);
  assert.ok(BigInt(removes[0].timestamp) > BigInt(create.timestamp));

  // the shell: on the host when it starts, in the container once it has moved itself
  const shellExecs = r.events.filter((e) => e.hostProcessId === shell && e.eventName === 'sched_process_exec');
  assert.deepEqual(shellExecs.map((e) => [e.processName, e.containerId]), [['sh', ''], ['unshare', id]]);

  // unshare forks pid 1 of the new pid namespace
  const forks = r.events.filter((e) => e.hostProcessId === shell && e.eventName === 'sched_process_fork');
  assert.equal(forks.length, 1);
  const init = arg(forks[0], 'child_pid') as number;
  assert.notEqual(init, 1);
  assert.deepEqual(forks[0].args.slice(0, 8).map((a: { value: unknown }) => a.value), [shell, shell, shell, shell, init, 1, init, 1]);
  assert.equal(forks[0].containerId, id);

  const inside = r.events.filter((e) => e.hostProcessId === init);
  assert.deepEqual(inside.map((e) => [e.eventName, e.processName]), [
    ['sched_process_exec', 'sh'],
    ['sched_process_fork', 'sh'], // hostname
    ['sched_process_exec', 'scope_trigger'],
    ['getpriority', 'scope_trigger'],
    ['getpriority', 'scope_trigger'],
  ]);
  for (const e of inside) {
    assert.equal(e.containerId, id, e.eventName);
    assert.equal(e.processId, 1);
    assert.equal(e.threadId, 1);
    assert.equal(e.hostThreadId, init);
    assert.equal(e.hostParentProcessId, shell);
    assert.notEqual(e.mountNamespace, hostMnt);
    assert.equal(e.mountNamespace, inside[0].mountNamespace);
    assert.notEqual(e.pidNamespace, hostPid);
    assert.equal(e.pidNamespace, inside[0].pidNamespace);
    assert.equal(Number(e.cgroupId), cgroupIno);
    assert.ok(BigInt(e.timestamp) > BigInt(create.timestamp));
  }
  // the host name is the namespace's: the host's until `hostname ctr1` ran
  assert.deepEqual(inside.map((e) => e.hostName), [hostname(), hostname(), 'ctr1', 'ctr1', 'ctr1']);
  // hostname itself: pid 2 in the namespace
  assert.deepEqual(inside[1].args.slice(4, 8).map((a: { value: unknown }) => a.value).filter((_: unknown, i: number) => i % 2 === 1), [2, 2]);
  const calls = inside.filter((e: JsonEvent) => e.eventName === 'getpriority');
  for (const e of calls) {
    assert.equal(arg(e, 'who'), MARK);
    assert.equal(e.returnValue, ESRCH);
    assert.deepEqual(e.executable, { path: trigger });
  }
});

test('a container whose cgroup is gone before sysray reads its events (docker run --rm): they keep their containerId', async () => {
  const { r, id, cgroupIno, shell } = await runContainer('gone');
  assert.equal(r.events.filter((e) => e.eventName === 'container_create' && arg(e, 'container_id') === id).length, 1);
  assert.equal(r.events.filter((e) => e.eventName === 'container_remove' && arg(e, 'container_id') === id).length, 1);
  const init = arg(r.events.find((e) => e.hostProcessId === shell && e.eventName === 'sched_process_fork')!, 'child_pid') as number;
  const inside = r.events.filter((e) => e.hostProcessId === init || (e.hostProcessId === shell && e.processName === 'unshare'));
  assert.equal(inside.length, 7, 'unshare: exec, fork; pid 1: exec, fork, exec, 2 getpriority');
  for (const e of inside) {
    assert.equal(Number(e.cgroupId), cgroupIno, 'made in the container\'s cgroup');
    assert.equal(e.containerId, id, `${e.processName} ${e.eventName}`);
  }
});
