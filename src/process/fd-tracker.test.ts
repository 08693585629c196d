import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ArgSpec } from '../events/catalog-types.js';
import { eventByName } from '../events/catalog.js';
import type { ArgValue, DecodedArg, TraceEvent } from '../decode/trace-event.js';
import { traceEventFixture } from '../decode/trace-event.fixture.js';
import type { FdDescription } from './fd-description.js';
import { FdTable } from './fd-table.js';
import { FdTracker } from './fd-tracker.js';

const PID = 4242; // the fixture's hostProcessId
const AT_FDCWD = -100;
const O_CLOEXEC = 0o2000000;

function decoded(spec: ArgSpec, value: ArgValue | boolean | undefined): DecodedArg {
  const v = (value ?? (spec.kind === 'captured' ? null : 0)) as ArgValue;
  return { spec, value: v, raw: typeof v === 'number' || typeof v === 'bigint' ? v : 0 };
}

/** A syscall event from the catalog: arguments by name (missing ones 0, or null when captured). */
function ev(name: string, values: Record<string, ArgValue>, returnValue = 0, over: Partial<TraceEvent> = {}): TraceEvent {
  const spec = eventByName(name);
  if (!spec) throw new Error(`no event ${name}`);
  return traceEventFixture(name, { args: spec.args.map((s) => decoded(s, values[s.name])), returnValue, ...over });
}

/** A sched tracepoint event (not in the catalog yet): ad-hoc int specs. */
function lifecycle(name: string, values: Record<string, ArgValue | boolean>, over: Partial<TraceEvent> = {}): TraceEvent {
  const args = Object.entries(values).map(([argName, v]) =>
    decoded({ name: argName, type: 'int', kind: 's32', capture: 'none', tags: [] }, v));
  return traceEventFixture('read', { eventName: name, syscall: '', eventId: 1000, args, ...over });
}

function setup(): { table: FdTable; tracker: FdTracker; run: (...events: TraceEvent[]) => void } {
  const table = new FdTable();
  const tracker = new FdTracker(table);
  return { table, tracker, run: (...events) => events.forEach((e) => tracker.apply(e)) };
}

function fdsOf(table: FdTable, pid: number): number[] {
  const out: number[] = [];
  for (let fd = 0; fd < 64; fd++) if (table.get(pid, fd)) out.push(fd);
  return out;
}

const passwd: FdDescription = { kind: 'file', path: '/etc/passwd' };

test('open, then dup2, then close', () => {
  const { table, run } = setup();
  run(ev('openat', { dirfd: AT_FDCWD, pathname: '/etc/passwd', flags: 0 }, 3));
  assert.deepEqual(table.get(PID, 3), passwd);
  run(ev('dup2', { oldfd: 3, newfd: 10 }, 10));
  assert.deepEqual(table.get(PID, 10), passwd);
  run(ev('close', { fd: 3 }, 0));
  assert.deepEqual(fdsOf(table, PID), [10]);
  run(ev('dup', { oldfd: 10 }, 4), ev('fcntl', { fd: 10, cmd: 0, arg: 20 }, 20));
  assert.deepEqual(fdsOf(table, PID), [4, 10, 20]);
  assert.deepEqual(table.get(PID, 20), passwd);
});

test('failed syscalls change nothing; close releases the fd unless EBADF', () => {
  const { table, run } = setup();
  run(ev('open', { pathname: '/nope', flags: 0 }, -2));
  assert.equal(table.has(PID), false);
  run(ev('open', { pathname: '/etc/passwd', flags: 0 }, 3));
  run(ev('close', { fd: 3 }, -9));
  assert.deepEqual(table.get(PID, 3), passwd);
  run(ev('close', { fd: 3 }, -4)); // EINTR: the fd is gone all the same
  assert.equal(table.get(PID, 3), undefined);
  run(ev('dup2', { oldfd: 3, newfd: 5 }, -9));
  assert.equal(table.get(PID, 5), undefined);
});

test('close-on-exec from each syscall\'s flags; exec drops those fds', () => {
  const { table, run } = setup();
  run(
    ev('openat', { dirfd: AT_FDCWD, pathname: '/a', flags: O_CLOEXEC | 1 }, 3),
    ev('open', { pathname: '/b', flags: 2 }, 4),
    ev('socket', { domain: 2, type: 1 | 0o4000 | O_CLOEXEC, protocol: 0 }, 5),
    ev('eventfd2', { initval: 0, flags: O_CLOEXEC }, 6),
    ev('memfd_create', { name: 'jit', flags: 1 }, 7),
    ev('perf_event_open', { pid: 0, cpu: -1, group_fd: -1, flags: 8 }, 8),
    ev('pidfd_open', { pid: 77, flags: 0 }, 9),
    ev('dup3', { oldfd: 4, newfd: 10, flags: O_CLOEXEC }, 10),
    ev('fcntl', { fd: 4, cmd: 1030, arg: 0 }, 11),
    ev('dup', { oldfd: 3 }, 12), // dup never copies close-on-exec
    ev('timerfd_create', { clockid: 1, flags: 0 }, 13),
    ev('epoll_create1', { flags: O_CLOEXEC }, 14),
    ev('inotify_init1', { flags: 0 }, 15),
    ev('memfd_create', { name: 'plain', flags: 0 }, 16),
    ev('perf_event_open', { pid: 0, cpu: -1, group_fd: -1, flags: 0 }, 17),
    ev('accept4', { sockfd: 5, flags: O_CLOEXEC }, 18),
    ev('creat', { pathname: '/c', mode: 0o644 }, 19),
    ev('io_uring_setup', { entries: 8 }, 20),
    ev('fcntl', { fd: 19, cmd: 2, arg: 1 }, 0), // F_SETFD FD_CLOEXEC
    ev('fcntl', { fd: 10, cmd: 2, arg: 0 }, 0), // F_SETFD 0
  );
  assert.equal(table.fds, 18);
  run(lifecycle('sched_process_exec', {}));
  assert.deepEqual(fdsOf(table, PID), [4, 10, 12, 13, 15, 16, 17]);
});

test('descriptions from the arguments', () => {
  const { table, run } = setup();
  run(
    ev('openat', { dirfd: AT_FDCWD, pathname: '/etc', flags: 0o200000 }, 3),
    ev('openat', { dirfd: 3, pathname: 'hosts', flags: 0 }, 4),
    ev('openat', { dirfd: 99, pathname: 'rel', flags: 0 }, 5),
    ev('open_tree', { dfd: 3, filename: '', flags: 0x1000 }, 6),
    ev('socket', { domain: 10, type: 2 | O_CLOEXEC, protocol: 0 }, 7),
    ev('socket', { domain: 999, type: 15, protocol: 0 }, 8),
    ev('accept', { sockfd: 7 }, 9),
    ev('accept', { sockfd: 40, addr: { sa_family: 'AF_UNIX', sun_path: '' } }, 10),
    ev('pidfd_open', { pid: 77, flags: 0 }, 11),
    ev('memfd_create', { name: 'jit', flags: 0 }, 12),
    ev('eventfd', { initval: 0 }, 13),
    ev('perf_event_open', { attr: { type: 1, size: 128, config: 9n }, pid: 0, cpu: 2, group_fd: -1, flags: 0 }, 14),
    ev('perf_event_open', { attr: { type: 'PERF_TYPE_SOFTWARE' }, pid: 300, cpu: -1, group_fd: -1, flags: 0 }, 15),
    ev('open', { pathname: null, flags: 0 }, 16),
    ev('inotify_init', {}, 17),
  );
  const at = (fd: number): FdDescription | undefined => table.get(PID, fd);
  assert.deepEqual(at(3), { kind: 'file', path: '/etc' });
  assert.deepEqual(at(4), { kind: 'file', path: '/etc/hosts' });
  assert.deepEqual(at(5), { kind: 'file', path: 'rel' });
  assert.deepEqual(at(6), { kind: 'file', path: '/etc' });
  assert.deepEqual(at(7), { kind: 'socket', family: 'AF_INET6', type: 'SOCK_DGRAM', inode: 0 });
  assert.deepEqual(at(8), { kind: 'socket', family: '999', type: '0xf', inode: 0 }); // as src/decode/fd-info.ts names them
  assert.deepEqual(at(9), { kind: 'socket', family: 'AF_INET6', type: 'SOCK_DGRAM', inode: 0 });
  assert.deepEqual(at(10), { kind: 'socket', family: 'AF_UNIX', type: '', inode: 0 });
  assert.deepEqual(at(11), { kind: 'pidfd', hostPid: 77 });
  assert.deepEqual(at(12), { kind: 'memfd', name: 'jit' });
  assert.deepEqual(at(13), { kind: 'anon', name: '[eventfd]' });
  assert.deepEqual(at(14), { kind: 'perf_event', type: 1, config: 9n, cpu: 2, targetTid: 4243 });
  assert.deepEqual(at(15), { kind: 'perf_event', type: -1, config: -1, cpu: -1, targetTid: 300 });
  assert.deepEqual(at(16), { kind: 'unknown' });
  assert.deepEqual(at(17), { kind: 'anon', name: 'inotify' });
});

test('the kernel\'s returnedFd is preferred over the arguments', () => {
  const { table, run } = setup();
  const kernel: FdDescription = { kind: 'file', path: '/home/u/real' };
  const sock: FdDescription = { kind: 'socket', family: 'AF_INET', type: 'SOCK_STREAM', inode: 4711 };
  run(
    ev('openat', { dirfd: AT_FDCWD, pathname: 'link', flags: O_CLOEXEC }, 3, { returnedFd: kernel }),
    ev('socket', { domain: 2, type: 1, protocol: 0 }, 4, { returnedFd: sock }),
    ev('dup', { oldfd: 3 }, 5, { returnedFd: sock }),
  );
  assert.deepEqual(table.get(PID, 3), kernel);
  assert.deepEqual(table.get(PID, 4), sock);
  assert.deepEqual(table.get(PID, 5), sock);
  run(lifecycle('sched_process_exec', {}));
  assert.deepEqual(fdsOf(table, PID), [4, 5]); // close-on-exec still from the flags
});

test('pipe2 and socketpair: both fds of the pair', () => {
  const { table, run } = setup();
  run(
    ev('pipe2', { pipefd: [3, 4], flags: O_CLOEXEC }, 0),
    ev('pipe', { pipefd: [5, 6] }, 0),
    ev('socketpair', { domain: 1, type: 1, protocol: 0, sv: [7, 8] }, 0),
    ev('pipe', { pipefd: null }, 0), // not captured: nothing to record
  );
  assert.deepEqual(table.get(PID, 3), { kind: 'pipe', inode: 0 });
  assert.deepEqual(table.get(PID, 4), { kind: 'pipe', inode: 0 });
  assert.deepEqual(table.get(PID, 8), { kind: 'socket', family: 'AF_UNIX', type: 'SOCK_STREAM', inode: 0 });
  run(lifecycle('sched_process_exec', {}));
  assert.deepEqual(fdsOf(table, PID), [5, 6, 7, 8]);
});

test('close_range: closing, and CLOSE_RANGE_CLOEXEC marking', () => {
  const { table, run } = setup();
  for (let fd = 0; fd < 10; fd++) run(ev('open', { pathname: `/f${fd}`, flags: 0 }, fd));
  run(ev('close_range', { first: 7, last: 4294967295, flags: 0 }, 0));
  assert.deepEqual(fdsOf(table, PID), [0, 1, 2, 3, 4, 5, 6]);
  run(ev('close_range', { first: 5, last: 5, flags: 2 }, 0)); // CLOSE_RANGE_UNSHARE: still closes
  run(ev('close_range', { first: 3, last: 4294967295, flags: 4 }, 0));
  assert.deepEqual(fdsOf(table, PID), [0, 1, 2, 3, 4, 6]);
  run(lifecycle('sched_process_exec', {}));
  assert.deepEqual(fdsOf(table, PID), [0, 1, 2]);
});

test('fork copies the table; a new thread does not', () => {
  const { table, run } = setup();
  run(ev('open', { pathname: '/etc/passwd', flags: 0 }, 3));
  run(lifecycle('sched_process_fork', { child_pid: 5000, child_tid: 5000 }));
  run(lifecycle('sched_process_fork', { child_pid: 6000, child_tid: 6001 }));
  assert.deepEqual(table.get(5000, 3), passwd);
  assert.equal(table.has(6000), false);
  run(ev('close', { fd: 3 }, 0, { hostProcessId: 5000 }));
  assert.equal(table.get(5000, 3), undefined);
  assert.deepEqual(table.get(PID, 3), passwd);
});

test('exit drops the table only when the whole process exits', () => {
  const { table, run } = setup();
  run(ev('open', { pathname: '/etc/passwd', flags: 0 }, 3));
  run(lifecycle('sched_process_exit', { process_group_exit: false }));
  run(lifecycle('sched_process_exit', { process_group_exit: 0 }));
  assert.equal(table.has(PID), true);
  run(lifecycle('sched_process_exit', { process_group_exit: true }));
  assert.equal(table.has(PID), false);
  run(ev('open', { pathname: '/etc/passwd', flags: 0 }, 3));
  run(lifecycle('sched_process_exit', { process_group_exit: 1 }));
  assert.equal(table.has(PID), false);
});

test('pidfd_getfd copies the entry of the pidfd\'s process', () => {
  const { table, run } = setup();
  const target = 7000;
  run(ev('socket', { domain: 2, type: 1, protocol: 0 }, 5, { hostProcessId: target }));
  run(ev('pidfd_open', { pid: target, flags: 0 }, 3));
  run(ev('pidfd_getfd', { pidfd: 3, targetfd: 5, flags: 0 }, 4));
  assert.deepEqual(table.get(PID, 4), { kind: 'socket', family: 'AF_INET', type: 'SOCK_STREAM', inode: 0 });
  run(ev('pidfd_getfd', { pidfd: 3, targetfd: 9, flags: 0 }, 6)); // target's fd 9 unknown
  run(ev('pidfd_getfd', { pidfd: 30, targetfd: 5, flags: 0 }, 7)); // pidfd unknown
  assert.deepEqual(table.get(PID, 6), { kind: 'unknown' });
  assert.deepEqual(table.get(PID, 7), { kind: 'unknown' });
  // The kernel's description of the pidfd argument, when the table does not know the pidfd.
  const described = ev('pidfd_getfd', { pidfd: 31, targetfd: 5, flags: 0 }, 8);
  described.args[0].fd = { kind: 'pidfd', hostPid: target };
  run(described);
  assert.deepEqual(table.get(PID, 8), { kind: 'socket', family: 'AF_INET', type: 'SOCK_STREAM', inode: 0 });
  run(lifecycle('sched_process_exec', {}));
  assert.equal(table.has(PID), true);
  assert.deepEqual(fdsOf(table, PID), []); // pidfds and their copies are close-on-exec
});

test('calls that sometimes make no fd', () => {
  const { table, run } = setup();
  run(
    ev('signalfd4', { fd: 3, sizemask: 8, flags: 0 }, 3), // updates an existing signalfd
    ev('landlock_create_ruleset', { size: 0, flags: 1 }, 6), // the ABI version
    ev('bpf', { cmd: 0, size: 72 }, 0), // no returnedFd
    ev('seccomp', { operation: 1, flags: 0 }, 0),
    ev('dup2', { oldfd: 3, newfd: 3 }, 3, { returnedFd: passwd }),
  );
  assert.equal(table.fds, 0);
  run(
    ev('signalfd4', { fd: -1, sizemask: 8, flags: 0 }, 3),
    ev('landlock_create_ruleset', { size: 16, flags: 0 }, 4),
    ev('bpf', { cmd: 0, size: 72 }, 5, { returnedFd: { kind: 'anon', name: 'bpf-map' } }),
    ev('seccomp', { operation: 1, flags: 8 }, 6),
  );
  assert.deepEqual(table.get(PID, 3), { kind: 'anon', name: '[signalfd]' });
  assert.deepEqual(table.get(PID, 4), { kind: 'anon', name: '[landlock-ruleset]' });
  assert.deepEqual(table.get(PID, 5), { kind: 'anon', name: 'bpf-map' });
  assert.deepEqual(table.get(PID, 6), { kind: 'anon', name: 'seccomp notify' });
});

test('other events: ignored, unless the kernel says they returned a new fd', () => {
  const { table, run } = setup();
  run(
    ev('read', { fd: 3 }, 100),
    ev('execve', {}, 0),
    lifecycle('sched_switch', { prev_pid: 1 }),
  );
  assert.equal(table.processes, 0);
  run(ev('ioctl', { fd: 3, request: 0xae01 }, 9, { returnedFd: { kind: 'anon', name: 'kvm-vm' } }));
  assert.deepEqual(table.get(PID, 9), { kind: 'anon', name: 'kvm-vm' });
});

test('flags rendered as text: the register value decides', () => {
  const { table, run } = setup();
  const e = ev('openat', { dirfd: AT_FDCWD, pathname: '/a', flags: O_CLOEXEC }, 3);
  const flags = e.args[2];
  flags.value = 'O_RDONLY|O_CLOEXEC';
  run(e, lifecycle('sched_process_exec', {}));
  assert.equal(table.get(PID, 3), undefined);
});

test('connect, bind and listen: the kernel\'s new description of the socket replaces the table\'s, close-on-exec kept; EINPROGRESS counts', () => {
  const { table, run } = setup();
  const made: FdDescription = { kind: 'socket', family: 'AF_INET', type: 'SOCK_STREAM', inode: 7 };
  const connected: FdDescription = { ...made, local: { address: '127.0.0.1', port: 40000 }, remote: { address: '127.0.0.1', port: 8080 } };
  const bound: FdDescription = { ...made, local: { address: '127.0.0.1', port: 41000 } };
  const withFd = (e: TraceEvent, fd: FdDescription): TraceEvent => ({ ...e, args: e.args.map((a, i) => (i === 0 ? { ...a, fd } : a)) });
  run(ev('socket', { domain: 2, type: 1 | O_CLOEXEC }, 5, { returnedFd: made }));
  run(withFd(ev('connect', { sockfd: 5 }, -115), connected)); // EINPROGRESS: already has both ends
  assert.deepEqual(table.get(PID, 5), connected);
  run(ev('socket', { domain: 2, type: 1 }, 6, { returnedFd: made }));
  run(withFd(ev('bind', { sockfd: 6 }, 0), bound));
  assert.deepEqual(table.get(PID, 6), bound);
  run(withFd(ev('listen', { sockfd: 6 }, -98), connected)); // failed (EADDRINUSE): no change
  assert.deepEqual(table.get(PID, 6), bound);
  run(withFd(ev('bind', { sockfd: 9 }, 0), bound)); // an fd the table did not know
  assert.deepEqual(table.get(PID, 9), bound);
  run(lifecycle('sched_process_exec', {}));
  assert.deepEqual(fdsOf(table, PID), [6, 9], 'close-on-exec of fd 5 kept through connect');
});
