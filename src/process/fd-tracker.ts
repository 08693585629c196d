/**
 * Keeps an `FdTable` in step with the traced processes: every decoded event
 * goes through `apply`, in order, and the syscalls that make, copy, flag and
 * close fds, plus the process lifecycle, change the table.
 *
 * What a new fd refers to: the kernel's own view (`TraceEvent.returnedFd`)
 * whenever the event has it, else what the arguments say (a path as given, the
 * socket family asked for...). Close-on-exec comes from the syscall's flags.
 *
 * Only syscalls that succeeded change anything, except close(2): it releases
 * the fd even when it fails, unless with EBADF (there was no such fd).
 * Any other syscall that the kernel says returned a new fd (`returnedFd`: bpf,
 * ioctl...) records it, close-on-exec unknown and so off.
 *
 * connect, bind and listen change what a socket is: the kernel describes it
 * again at exit (its ends, its state) and the table takes that.
 *
 * Not known from the arguments, so left as a gap: the pidfd clone(CLONE_PIDFD)
 * and clone3 hand back (in memory not captured); the path of a file opened by
 * a relative name when the kernel sent no description of it.
 *
 * @example
 *   const tracker = new FdTracker(table);
 *   decoder.decode(batch, (event) => { printer.write(event); tracker.apply(event); });
 */
import type { DecodedArg, TraceEvent } from '../decode/trace-event.js';
import { AT_FDCWD } from '../decode/symbols/at-flags.js';
import { SOCKET_TYPES, addressFamilyName, renderSocketType } from '../decode/symbols/socket.js';
import type { FdDescription } from './fd-description.js';
import type { FdTable } from './fd-table.js';

// Flag bits, x86_64 values from the uapi headers named.
/** asm-generic/fcntl.h; also SOCK_, EFD_, TFD_, SFD_, IN_, EPOLL_, OPEN_TREE_CLOEXEC. */
const O_CLOEXEC = 0o2000000;
/** linux/memfd.h */
const MFD_CLOEXEC = 1;
/** linux/fanotify.h */
const FAN_CLOEXEC = 1;
/** linux/mount.h: FSOPEN_CLOEXEC, FSPICK_CLOEXEC, FSMOUNT_CLOEXEC */
const FS_API_CLOEXEC = 1;
/** linux/perf_event.h */
const PERF_FLAG_PID_CGROUP = 1 << 2;
const PERF_FLAG_FD_CLOEXEC = 1 << 3;
/** linux/close_range.h (CLOSE_RANGE_UNSHARE, 2, changes nothing here) */
const CLOSE_RANGE_CLOEXEC = 1 << 2;
/** asm-generic/fcntl.h */
const F_DUPFD = 0;
const F_SETFD = 2;
const F_DUPFD_CLOEXEC = 1030;
const FD_CLOEXEC = 1;
/** linux/seccomp.h */
const SECCOMP_SET_MODE_FILTER = 1;
const SECCOMP_FILTER_FLAG_NEW_LISTENER = 1 << 3;
const EBADF = 9;
/** asm-generic/errno.h: a non-blocking connect under way (its socket already has both ends) */
const EINPROGRESS = 115;

/** Changes the table for one event of the process `pid`; `ret` is the return value. */
type Rule = (table: FdTable, e: TraceEvent, pid: number, ret: number) => void;
type Describe = (table: FdTable, e: TraceEvent, pid: number) => FdDescription;
type Test = (e: TraceEvent) => boolean;

const UNKNOWN: FdDescription = Object.freeze({ kind: 'unknown' });

export class FdTracker {
  constructor(private readonly table: FdTable) {}

  /** Applies one decoded event (syscall events after the syscall returned). */
  apply(e: TraceEvent): void {
    const lifecycle = LIFECYCLE.get(e.eventName);
    if (lifecycle !== undefined) {
      lifecycle(this.table, e, e.hostProcessId, 0);
      return;
    }
    const ret = Number(e.returnValue);
    const rule = SYSCALL_RULES.get(e.eventName);
    if (rule === undefined) {
      if (e.returnedFd !== undefined && ret >= 0) this.table.set(e.hostProcessId, ret, e.returnedFd, false);
      return;
    }
    if (ret < 0 && (rule !== close || ret === -EBADF) && !(rule === redescribeSocket && ret === -EINPROGRESS)) return;
    rule(this.table, e, e.hostProcessId, ret);
  }
}

// ---- arguments

function argOf(e: TraceEvent, name: string): DecodedArg | undefined {
  for (const arg of e.args) if (arg.spec.name === name) return arg;
  return undefined;
}

/** An integer argument; the register value when the value was rendered as text. */
function intArg(e: TraceEvent, name: string, absent = 0): number {
  const arg = argOf(e, name);
  if (arg === undefined) return absent;
  const v = typeof arg.value === 'number' || typeof arg.value === 'bigint' ? arg.value : arg.raw;
  return typeof v === 'number' ? v : Number(BigInt.asIntN(64, v));
}

function stringArg(e: TraceEvent, name: string): string | undefined {
  const v = argOf(e, name)?.value;
  return typeof v === 'string' ? v : undefined;
}

/** A captured int[2] (pipe's `pipefd`, socketpair's `sv`). */
function pairArg(e: TraceEvent, name: string): readonly [number, number] | undefined {
  const v = argOf(e, name)?.value;
  return Array.isArray(v) && v.length === 2 && typeof v[0] === 'number' && typeof v[1] === 'number'
    ? [v[0], v[1]]
    : undefined;
}

const NO_FIELDS: { readonly [key: string]: unknown } = Object.freeze({});

/** A captured struct (sockaddr, perf_event_attr) as decoded; no fields when not captured. */
function structArg(e: TraceEvent, name: string): { readonly [key: string]: unknown } {
  const v = argOf(e, name)?.value;
  return v !== null && v !== undefined && typeof v === 'object' && !Array.isArray(v)
    ? (v as { readonly [key: string]: unknown })
    : NO_FIELDS;
}

const never: Test = () => false;
const always: Test = () => true;
function flag(argName: string, bit: number): Test {
  return (e) => (intArg(e, argName) & bit) !== 0;
}

// ---- descriptions from arguments

/** `pathname` as given, or joined to the directory fd's path when that is known. */
function pathAt(table: FdTable, pid: number, dirfd: number | undefined, pathname: string): string {
  if (pathname.startsWith('/') || dirfd === undefined || dirfd === AT_FDCWD) return pathname;
  const dir = table.get(pid, dirfd);
  if (dir?.kind !== 'file') return pathname;
  if (pathname === '') return dir.path; // AT_EMPTY_PATH
  return dir.path.endsWith('/') ? dir.path + pathname : `${dir.path}/${pathname}`;
}

function file(pathArg: string, dirfdArg?: string): Describe {
  return (table, e, pid) => {
    const pathname = stringArg(e, pathArg);
    if (pathname === undefined) return UNKNOWN;
    const dirfd = dirfdArg === undefined ? undefined : intArg(e, dirfdArg, AT_FDCWD);
    return { kind: 'file', path: pathAt(table, pid, dirfd, pathname) };
  };
}

function anon(name: string): Describe {
  const description: FdDescription = Object.freeze({ kind: 'anon', name });
  return () => description;
}

/** socket, socketpair: family and type named as src/decode/fd-info.ts names the kernel's (the number when unnamed). */
function socketOf(e: TraceEvent): FdDescription {
  const domain = intArg(e, 'domain', -1);
  return {
    kind: 'socket',
    family: addressFamilyName(domain) ?? String(domain),
    type: renderSocketType(BigInt(intArg(e, 'type') & SOCKET_TYPES.mask)),
    inode: 0,
  };
}

/** accept: the listening socket's family and type, else the peer address's family. */
const accepted: Describe = (table, e, pid) => {
  const listening = table.get(pid, intArg(e, 'sockfd', -1));
  if (listening?.kind === 'socket') return { kind: 'socket', family: listening.family, type: listening.type, inode: 0 };
  const family = structArg(e, 'addr').sa_family;
  return { kind: 'socket', family: typeof family === 'string' ? family : '', type: '', inode: 0 };
};

const perfEvent: Describe = (_table, e) => {
  const fields = structArg(e, 'attr');
  // Symbolic decoding turns type and config into names: then they are unknown here.
  const type = typeof fields.type === 'number' ? fields.type : -1;
  const config = typeof fields.config === 'number' || typeof fields.config === 'bigint' ? fields.config : -1;
  const pid = intArg(e, 'pid', -1);
  let targetTid: number;
  if (pid === -1 || (intArg(e, 'flags') & PERF_FLAG_PID_CGROUP) !== 0) targetTid = -1;
  else if (pid === 0) targetTid = e.hostThreadId;
  else targetTid = pid; // right when the caller is in the host pid namespace
  return { kind: 'perf_event', type, config, cpu: intArg(e, 'cpu', -1), targetTid };
};

// ---- rules

/** A syscall whose return value is a new fd. */
function newFd(describe: Describe, cloexec: Test, when?: Test): Rule {
  return (table, e, pid, ret) => {
    if (when !== undefined && !when(e)) return;
    table.set(pid, ret, e.returnedFd ?? describe(table, e, pid), cloexec(e));
  };
}

/** dup, dup2, dup3, fcntl(F_DUPFD...): the return value is the new fd. */
function dupRule(oldArg: string, cloexec: Test): Rule {
  return (table, e, pid, ret) => {
    const oldFd = intArg(e, oldArg, -1);
    if (oldFd === ret) return; // dup2(fd, fd): nothing changes, not even close-on-exec
    if (e.returnedFd !== undefined) table.set(pid, ret, e.returnedFd, cloexec(e));
    else table.dup(pid, oldFd, ret, cloexec(e));
  };
}

/** pipe, pipe2, socketpair: two new fds, written to user memory. */
function pairRule(pairName: string, describe: (e: TraceEvent) => FdDescription, cloexec: Test): Rule {
  return (table, e, pid) => {
    const pair = pairArg(e, pairName);
    if (pair === undefined) return;
    // the kernel's view of each fd when it sent one (a pipe's inode), else what the arguments say
    const description = describe(e);
    const onExec = cloexec(e);
    table.set(pid, pair[0], e.returnedFdPair?.[0] ?? description, onExec);
    table.set(pid, pair[1], e.returnedFdPair?.[1] ?? description, onExec);
  };
}

const PIPE: FdDescription = Object.freeze({ kind: 'pipe', inode: 0 });

const close: Rule = (table, e, pid) => table.close(pid, intArg(e, 'fd', -1));

const closeRange: Rule = (table, e, pid) => {
  // first and last are unsigned: ~0U is 4294967295.
  const first = intArg(e, 'first') >>> 0;
  const last = intArg(e, 'last') >>> 0;
  if ((intArg(e, 'flags') & CLOSE_RANGE_CLOEXEC) !== 0) table.setCloexecRange(pid, first, last);
  else table.closeRange(pid, first, last);
};

const fcntlDup = dupRule('fd', (e) => intArg(e, 'cmd') === F_DUPFD_CLOEXEC);
const fcntl: Rule = (table, e, pid, ret) => {
  const cmd = intArg(e, 'cmd', -1);
  if (cmd === F_DUPFD || cmd === F_DUPFD_CLOEXEC) fcntlDup(table, e, pid, ret);
  else if (cmd === F_SETFD) table.setCloexec(pid, intArg(e, 'fd', -1), (intArg(e, 'arg') & FD_CLOEXEC) !== 0);
};

/** pidfd_getfd: a copy of an fd of the pidfd's process; always close-on-exec. */
const pidfdGetfd: Rule = (table, e, pid, ret) => {
  if (e.returnedFd !== undefined) {
    table.set(pid, ret, e.returnedFd, true);
    return;
  }
  // The kernel's description of the pidfd argument, else the table's.
  const pidfd = argOf(e, 'pidfd')?.fd ?? table.get(pid, intArg(e, 'pidfd', -1));
  if (pidfd?.kind === 'pidfd' && pidfd.hostPid > 0) table.copyFrom(pidfd.hostPid, intArg(e, 'targetfd', -1), pid, ret, true);
  else table.set(pid, ret, UNKNOWN, true);
};

/**
 * connect, bind, listen: the kernel described the socket again at exit
 * (its `sockfd` argument's `fd`): the table now has its local and remote ends.
 */
const redescribeSocket: Rule = (table, e, pid) => {
  const arg = argOf(e, 'sockfd');
  if (arg?.fd !== undefined) table.redescribe(pid, intArg(e, 'sockfd', -1), arg.fd);
};

const SYSCALL_RULES: ReadonlyMap<string, Rule> = new Map<string, Rule>([
  ['connect', redescribeSocket],
  ['bind', redescribeSocket],
  ['listen', redescribeSocket],
  ['open', newFd(file('pathname'), flag('flags', O_CLOEXEC))],
  ['openat', newFd(file('pathname', 'dirfd'), flag('flags', O_CLOEXEC))],
  ['openat2', newFd(file('pathname', 'dirfd'), (e) => (Number(structArg(e, 'how').flags ?? 0) & O_CLOEXEC) !== 0)],
  ['creat', newFd(file('pathname'), never)],
  ['open_by_handle_at', newFd(() => UNKNOWN, flag('flags', O_CLOEXEC))],
  ['open_tree', newFd(file('filename', 'dfd'), flag('flags', O_CLOEXEC))],
  ['mq_open', newFd((_t, e) => ({ kind: 'file', path: '/' + (stringArg(e, 'name') ?? '').replace(/^\/+/, '') }), flag('oflag', O_CLOEXEC))],
  ['socket', newFd((_t, e) => socketOf(e), flag('type', O_CLOEXEC))],
  ['accept', newFd(accepted, never)],
  ['accept4', newFd(accepted, flag('flags', O_CLOEXEC))],
  ['socketpair', pairRule('sv', socketOf, flag('type', O_CLOEXEC))],
  ['pipe', pairRule('pipefd', () => PIPE, never)],
  ['pipe2', pairRule('pipefd', () => PIPE, flag('flags', O_CLOEXEC))],
  ['dup', dupRule('oldfd', never)],
  ['dup2', dupRule('oldfd', never)],
  ['dup3', dupRule('oldfd', flag('flags', O_CLOEXEC))],
  ['fcntl', fcntl],
  ['close', close],
  ['close_range', closeRange],
  ['pidfd_open', newFd((_t, e) => ({ kind: 'pidfd', hostPid: intArg(e, 'pid') }), always)],
  ['pidfd_getfd', pidfdGetfd],
  ['perf_event_open', newFd(perfEvent, flag('flags', PERF_FLAG_FD_CLOEXEC))],
  ['memfd_create', newFd((_t, e) => ({ kind: 'memfd', name: stringArg(e, 'name') ?? '' }), flag('flags', MFD_CLOEXEC))],
  // /proc shows a secret memory fd as "/secretmem (deleted)".
  ['memfd_secret', newFd(() => ({ kind: 'file', path: '/secretmem' }), flag('flags', O_CLOEXEC))],
  ['eventfd', newFd(anon('[eventfd]'), never)],
  ['eventfd2', newFd(anon('[eventfd]'), flag('flags', O_CLOEXEC))],
  // signalfd with an existing signalfd changes its mask and returns it: no new fd.
  ['signalfd', newFd(anon('[signalfd]'), never, (e) => intArg(e, 'fd') === -1)],
  ['signalfd4', newFd(anon('[signalfd]'), flag('flags', O_CLOEXEC), (e) => intArg(e, 'fd') === -1)],
  ['timerfd_create', newFd(anon('[timerfd]'), flag('flags', O_CLOEXEC))],
  ['inotify_init', newFd(anon('inotify'), never)],
  ['inotify_init1', newFd(anon('inotify'), flag('flags', O_CLOEXEC))],
  ['epoll_create', newFd(anon('[eventpoll]'), never)],
  ['epoll_create1', newFd(anon('[eventpoll]'), flag('flags', O_CLOEXEC))],
  ['fanotify_init', newFd(anon('[fanotify]'), flag('flags', FAN_CLOEXEC))],
  ['userfaultfd', newFd(anon('[userfaultfd]'), flag('flags', O_CLOEXEC))],
  // Some bpf commands return fds (maps, programs, links, BTF), always close-on-exec; the kernel says which.
  ['bpf', newFd(() => UNKNOWN, always, (e) => e.returnedFd !== undefined)],
  ['io_uring_setup', newFd(anon('[io_uring]'), always)],
  ['fsopen', newFd(anon('[fscontext]'), flag('flags', FS_API_CLOEXEC))],
  ['fspick', newFd(anon('[fscontext]'), flag('flags', FS_API_CLOEXEC))],
  ['fsmount', newFd(() => UNKNOWN, flag('flags', FS_API_CLOEXEC))],
  // With flags (LANDLOCK_CREATE_RULESET_VERSION...) it returns a number, not an fd.
  ['landlock_create_ruleset', newFd(anon('[landlock-ruleset]'), always, (e) => intArg(e, 'flags') === 0)],
  [
    'seccomp',
    newFd(anon('seccomp notify'), always, (e) =>
      intArg(e, 'operation') === SECCOMP_SET_MODE_FILTER && (intArg(e, 'flags') & SECCOMP_FILTER_FLAG_NEW_LISTENER) !== 0),
  ],
]);

/** The sched tracepoints: host ids, applied whatever the return value. */
const LIFECYCLE: ReadonlyMap<string, Rule> = new Map<string, Rule>([
  [
    'sched_process_fork',
    (table, e, pid) => {
      const child = intArg(e, 'child_pid', -1);
      if (child > 0 && intArg(e, 'child_tid', -1) === child) table.fork(pid, child); // else a new thread: same table
    },
  ],
  ['sched_process_exec', (table, _e, pid) => table.exec(pid)],
  [
    'sched_process_exit',
    (table, e, pid) => {
      // A bool argument; 1 as well, should it come as an int.
      const groupExit = argOf(e, 'process_group_exit')?.value as unknown;
      if (groupExit === true || groupExit === 1 || groupExit === 1n) table.exit(pid);
    },
  ],
]);
