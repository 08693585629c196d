/**
 * Process lifecycle events on real processes: sched_process_fork, _exec and
 * _exit of test/triggers/lifecycle_trigger.c, which starts a thread, forks a
 * child that execs a `#!/bin/sh` script (the script runs /bin/true and exits
 * 7) and forks a child it kills with SIGKILL. Checked exactly: ids in both
 * directions of each fork, the exec's paths, interpreter, argv and file
 * identity, exit codes and signals, `executable.path` and Tracee's entity ids
 * (computed here from the start times the processes read from /proc
 * themselves, so the ids are checked against the kernel, not against sysray).
 *
 * One trace of one run, shared by the tests below: each checks one aspect.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, realpathSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { arg, compileTrigger, keyValues, run, traceDuring, type JsonEvent, type TraceResult } from '../helpers/trace.js';
import { taskEntityId } from '../../src/process/entity-id.js';

const TICK_NS = 1_000_000_000n / BigInt(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
const COMM = 'lifecycle_trigg'; // TASK_COMM_LEN - 1 bytes of lifecycle_trigger

/** Entity id of a task from its start in clock ticks (what /proc gives: the id rounds to 100 ms, ticks are 10 ms). */
const entityId = (hostId: number, startTicks: string | bigint): number => taskEntityId(hostId, BigInt(startTicks) * TICK_NS);

/** Start time (ticks since boot) of a live process, /proc/PID/stat field 22. */
function startTicks(pid: number): bigint {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return BigInt(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]);
}

/** The kernel's dev_t (MKDEV: major << 20 | minor) of a file's device, from the one stat gives (huge encoding). */
function kernelDev(userDev: number): number {
  const major = ((userDev >>> 8) & 0xfff) | ((userDev / 2 ** 32) & ~0xfff);
  const minor = (userDev & 0xff) | ((userDev >>> 12) & ~0xff);
  return major * 2 ** 20 + minor;
}

let dir = '';
let script = '';
let bin = '';
let r: TraceResult;
let kv: Record<string, string> = {};
let code: number | null = null;
let pid = 0;
const nodeStart = startTicks(process.pid);

const ofPid = (p: number, name?: string): JsonEvent[] => r.events.filter((e) => e.hostProcessId === p && (name === undefined || e.eventName === name));
const one = (p: number, name: string): JsonEvent => {
  const evs = ofPid(p, name);
  assert.equal(evs.length, 1, `${name} of ${p}: ${JSON.stringify(evs)}`);
  return evs[0];
};
const args = (e: JsonEvent): Record<string, unknown> => Object.fromEntries(e.args.map((a: { name: string; value: unknown }) => [a.name, a.value]));

before(async () => {
  bin = compileTrigger('lifecycle_trigger');
  dir = mkdtempSync('/tmp/sysray-life-');
  chmodSync(dir, 0o755);
  script = path.join(dir, 'lifecycle.sh');
  writeFileSync(script, '#!/bin/sh\n/bin/true\nexit 7\n');
  chmodSync(script, 0o755);
  // stat both executables first: on a kernel with multigrain timestamps a queried ctime
  // carries a flag bit in the inode (I_CTIME_QUERIED) that must not show in the event
  statSync(bin);
  statSync(realpathSync('/bin/sh'));
  r = await traceDuring(['-e', 'sched_process_fork,sched_process_exec,sched_process_exit,getppid'], async () => {
    const out = await run(bin, [script]);
    kv = keyValues(out.stdout);
    code = out.code;
    pid = out.pid;
  });
});

after(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('fork, exec, exit of lifecycle_trigger and its children', () => {
  test('the run itself: the trigger did what it says; sysray lost nothing', () => {
    assert.equal(code, 0);
    assert.equal(Number(kv.pid), pid);
    assert.equal(kv.scriptexit, '7');
    assert.equal(kv.victimsignal, '9');
    assert.notEqual(Number(kv.tid), pid);
    assert.equal(r.exitCode, 0);
    assert.equal(r.lost, 0, r.stderr);
    assert.match(r.stderr, /\d+ events written, 0 lost/);
  });

  test('sched_process_fork of the thread, the script child and the victim: every id, in order', () => {
    const forks = ofPid(pid, 'sched_process_fork');
    const expected = (childTid: number, childPid: number) => ({
      parent_tid: pid, parent_ns_tid: pid, parent_pid: pid, parent_ns_pid: pid,
      child_tid: childTid, child_ns_tid: childTid, child_pid: childPid, child_ns_pid: childPid,
    });
    const [tid, child, victim] = [Number(kv.tid), Number(kv.script), Number(kv.victim)];
    assert.deepEqual(
      forks.map((e) => { const { start_time: _, ...rest } = args(e); return rest; }), // eslint-disable-line @typescript-eslint/no-unused-vars
      [expected(tid, pid), expected(child, child), expected(victim, victim)],
    );
    for (const e of forks) {
      assert.equal(e.eventId, 1002);
      assert.equal(e.argsNum, 9);
      assert.equal(e.processName, COMM);
      assert.equal(e.hostThreadId, pid, 'main thread forks');
      assert.deepEqual(e.executable, { path: bin });
      const start = BigInt(arg(e, 'start_time'));
      assert.ok(start >= r.startNs - 50_000_000n && start <= BigInt(e.timestamp), `start_time ${start} within the run, before the event`);
    }
    // start_time is the child's start: what the child's own events carry as threadStartTime
    const threadEvent = r.events.find((e) => e.hostThreadId === tid && e.eventName === 'getppid')!;
    assert.equal(String(arg(forks[0], 'start_time')), String(threadEvent.threadStartTime));
    assert.equal(String(arg(forks[1], 'start_time')), String(one(child, 'sched_process_exec').threadStartTime));
  });

  test('syscall events of the trigger: executable.path is its file; entity ids from its own start times', () => {
    const calls = ofPid(pid, 'getppid');
    assert.deepEqual(calls.map((e) => e.hostThreadId), [pid, Number(kv.tid)]);
    const processId = entityId(pid, kv.start);
    for (const e of calls) {
      assert.deepEqual(e.executable, { path: bin });
      assert.equal(e.processName, COMM);
      assert.equal(e.processEntityId, processId);
      assert.equal(e.parentEntityId, entityId(process.pid, nodeStart), "the test's node process");
      assert.equal(e.returnValue, process.pid);
    }
    assert.equal(calls[0].threadEntityId, processId, 'main thread: thread id = process id');
    assert.equal(calls[1].threadEntityId, entityId(Number(kv.tid), kv.tidstart));
    assert.notEqual(calls[1].threadEntityId, processId);
  });

  test('exec of the trigger: cmdpath, pathname, argv, no interpreter', () => {
    const e = one(pid, 'sched_process_exec');
    assert.equal(e.eventId, 1003);
    assert.equal(e.processName, COMM);
    assert.deepEqual(e.executable, { path: bin });
    assert.equal(arg(e, 'cmdpath'), bin);
    assert.equal(arg(e, 'pathname'), bin);
    assert.equal(arg(e, 'interp'), null);
    assert.deepEqual(arg(e, 'argv'), [bin, script]);
    assert.equal(e.processEntityId, entityId(pid, kv.start));
  });

  test('exec of the #! script: cmdpath is the script, pathname the resolved interpreter, interp as written, argv as the interpreter gets it', () => {
    const child = Number(kv.script);
    const e = one(child, 'sched_process_exec');
    const dash = realpathSync('/bin/sh');
    assert.equal(e.hostParentProcessId, pid);
    assert.equal(e.processName, 'lifecycle.sh');
    assert.deepEqual(e.executable, { path: dash });
    assert.equal(arg(e, 'cmdpath'), script);
    assert.equal(arg(e, 'pathname'), dash);
    assert.equal(arg(e, 'interp'), '/bin/sh');
    assert.deepEqual(arg(e, 'argv'), ['/bin/sh', script, 'alpha', 'two words', '']);
    assert.equal(e.processEntityId, entityId(child, kv.scriptstart));
    assert.equal(e.threadEntityId, e.processEntityId);
    assert.equal(e.parentEntityId, entityId(pid, kv.start), "the trigger's processEntityId");
  });

  test('exec: dev, inode, inode_mode identify the executed file', () => {
    for (const [p, file] of [[pid, bin], [Number(kv.script), realpathSync('/bin/sh')]] as const) {
      const e = one(p, 'sched_process_exec');
      const st = statSync(file, { bigint: true });
      assert.equal(arg(e, 'inode'), Number(st.ino), file);
      assert.equal(arg(e, 'dev'), kernelDev(Number(st.dev)), file);
      assert.equal(arg(e, 'inode_mode'), Number(st.mode), file);
    }
  });

  test('exec: ctime is the file\'s ctime in ns', () => {
    for (const [p, file] of [[pid, bin], [Number(kv.script), realpathSync('/bin/sh')]] as const) {
      const e = one(p, 'sched_process_exec');
      const st = statSync(file, { bigint: true });
      assert.equal(String(arg(e, 'ctime')), String(st.ctimeNs), file);
    }
  });

  test('the script\'s /bin/true: forked by the script, its parentEntityId is the script\'s processEntityId', () => {
    const child = Number(kv.script);
    const forks = ofPid(child, 'sched_process_fork');
    assert.equal(forks.length, 1, JSON.stringify(forks));
    const t = arg(forks[0], 'child_pid');
    assert.equal(arg(forks[0], 'parent_pid'), child);
    assert.equal(arg(forks[0], 'child_tid'), t);
    assert.deepEqual(forks[0].executable, { path: realpathSync('/bin/sh') });
    const e = one(t, 'sched_process_exec');
    assert.equal(e.hostParentProcessId, child);
    assert.equal(e.processName, 'true');
    assert.deepEqual(e.executable, { path: '/usr/bin/true' });
    assert.equal(arg(e, 'cmdpath'), '/bin/true');
    assert.equal(arg(e, 'pathname'), realpathSync('/bin/true'));
    assert.equal(arg(e, 'interp'), null);
    assert.deepEqual(arg(e, 'argv'), ['/bin/true']);
    assert.equal(e.parentEntityId, entityId(child, kv.scriptstart));
    assert.equal(e.parentEntityId, one(child, 'sched_process_exec').processEntityId);
    assert.deepEqual(args(one(t, 'sched_process_exit')), { exit_code: 0, signal: 0, process_group_exit: true });
  });

  test('sched_process_exit: exit 7, SIGKILL, a thread (not the group), the trigger itself', () => {
    const script = one(Number(kv.script), 'sched_process_exit');
    assert.deepEqual(args(script), { exit_code: 7, signal: 0, process_group_exit: true });
    assert.equal(script.eventId, 1004);
    assert.equal(script.processName, 'lifecycle.sh');
    assert.deepEqual(script.executable, { path: realpathSync('/bin/sh') });

    const victim = one(Number(kv.victim), 'sched_process_exit');
    assert.deepEqual(args(victim), { exit_code: 0, signal: 9, process_group_exit: true });
    assert.equal(victim.processName, COMM);
    assert.equal(victim.parentEntityId, entityId(pid, kv.start));

    const exits = ofPid(pid, 'sched_process_exit');
    assert.deepEqual(exits.map((e) => e.hostThreadId), [Number(kv.tid), pid], 'the thread ends first, then the process');
    assert.deepEqual(args(exits[0]), { exit_code: 0, signal: 0, process_group_exit: false });
    assert.equal(exits[0].threadEntityId, entityId(Number(kv.tid), kv.tidstart));
    assert.equal(exits[0].processEntityId, entityId(pid, kv.start));
    assert.deepEqual(args(exits[1]), { exit_code: 0, signal: 0, process_group_exit: true });
  });
});
