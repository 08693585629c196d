/**
 * The fds processes already hold when sysray starts, from /proc/PID/fd
 * (what each refers to) and /proc/PID/fdinfo (close-on-exec, a pidfd's pid).
 *
 * Link texts, as the kernel writes them:
 * - a path (`/etc/passwd`, ` (deleted)` appended once unlinked) → file;
 * - `/memfd:NAME (deleted)` → memfd NAME;
 * - `socket:[INODE]` → socket: family, type, ends, protocol and state from the
 *   tables of the process's network namespace (src/process/proc-sockets.ts:
 *   TCP, UDP, unix), family and type unknown ('') for sockets in none;
 * - `pipe:[INODE]` → pipe;
 * - `anon_inode:[perf_event]` → perf_event, counter unknown (-1): fdinfo does
 *   not tell it;
 * - `anon_inode:[pidfd]` (before Linux 6.9) or `pidfd:[INODE]` (pidfs) → pidfd,
 *   pid from fdinfo's `Pid:` line (0 when gone or not in our pid namespace);
 * - any other `anon_inode:NAME` (`[eventfd]`, `inotify`, `bpf-map`) → anon NAME.
 * Processes and fds come and go while this runs: one that vanishes mid-read is
 * skipped, never an error.
 */
import { readFileSync, readdirSync, readlinkSync } from 'node:fs';
import type { FdDescription } from './fd-description.js';
import type { FdTable } from './fd-table.js';
import { ProcSockets } from './proc-sockets.js';

export interface ProcFd {
  fd: number;
  description: FdDescription;
  cloexec: boolean;
}

const O_CLOEXEC = 0o2000000;
const DELETED = ' (deleted)';

/**
 * The open fds of one process (empty when it is gone or unreadable).
 * @example readProcFds(process.pid) // [{ fd: 0, description: { kind: 'file', path: '/dev/pts/0' }, cloexec: false }, ...]
 */
export function readProcFds(hostPid: number, procRoot = '/proc', sockets = new ProcSockets(procRoot)): ProcFd[] {
  const base = `${procRoot}/${hostPid}`;
  let names: string[];
  try {
    names = readdirSync(`${base}/fd`);
  } catch {
    return [];
  }
  const out: ProcFd[] = [];
  for (const name of names) {
    const fd = Number(name);
    if (!Number.isInteger(fd) || fd < 0) continue;
    let target: string;
    let fdinfo: string;
    try {
      target = readlinkSync(`${base}/fd/${name}`);
      fdinfo = readFileSync(`${base}/fdinfo/${name}`, 'latin1');
    } catch {
      continue; // closed meanwhile
    }
    out.push({ fd, description: describeLink(target, fdinfo, hostPid, sockets), cloexec: cloexecOf(fdinfo) });
  }
  out.sort((a, b) => a.fd - b.fd);
  return out;
}

/** The open fds of one process, as `readProcFdsOf` lists them. */
export interface ProcessFds {
  hostPid: number;
  fds: ProcFd[];
}

/**
 * Seeds `table` with the open fds of every process in `pids`; returns how
 * many fds it recorded.
 */
export function seedFdTable(table: FdTable, pids: Iterable<number>, procRoot = '/proc'): number {
  return seedFdTableFrom(table, readProcFdsOf(pids, procRoot));
}

/** The open fds of every process in `pids` that has any (gone ones are left out). */
export function readProcFdsOf(pids: Iterable<number>, procRoot = '/proc'): ProcessFds[] {
  const out: ProcessFds[] = [];
  // one read of a network namespace's socket tables serves all its processes
  const sockets = new ProcSockets(procRoot);
  for (const hostPid of pids) {
    const fds = readProcFds(hostPid, procRoot, sockets);
    if (fds.length > 0) out.push({ hostPid, fds });
  }
  return out;
}

/**
 * Seeds `table` with `processes`' fds, as read from /proc (now, or at record
 * start: src/process/proc-picture.ts); returns how many fds it recorded.
 */
export function seedFdTableFrom(table: FdTable, processes: Iterable<ProcessFds>): number {
  let count = 0;
  for (const { hostPid, fds } of processes) {
    for (const { fd, description, cloexec } of fds) {
      table.seed(hostPid, fd, description, cloexec);
      count++;
    }
  }
  return count;
}

/** The pids (thread group ids) listed in `procRoot`, to pass to `seedFdTable`. */
export function procPids(procRoot = '/proc'): number[] {
  const pids: number[] = [];
  for (const name of readdirSync(procRoot)) {
    if (/^[1-9][0-9]*$/.test(name)) pids.push(Number(name));
  }
  return pids;
}

/** What a /proc/PID/fd/N link text says the fd refers to. */
function describeLink(target: string, fdinfo: string, hostPid: number, sockets: ProcSockets): FdDescription {
  if (target.startsWith('/')) {
    const path = target.endsWith(DELETED) ? target.slice(0, -DELETED.length) : target;
    if (path.startsWith('/memfd:')) return { kind: 'memfd', name: path.slice('/memfd:'.length) };
    return { kind: 'file', path };
  }
  const socket = /^socket:\[(\d+)\]$/.exec(target);
  if (socket) return sockets.describe(hostPid, Number(socket[1])) ?? { kind: 'socket', family: '', type: '', inode: Number(socket[1]) };
  const pipe = /^pipe:\[(\d+)\]$/.exec(target);
  if (pipe) return { kind: 'pipe', inode: Number(pipe[1]) };
  if (target === 'anon_inode:[pidfd]' || target.startsWith('pidfd:')) {
    const pid = /^Pid:\s*(-?\d+)/m.exec(fdinfo);
    const hostPid = pid ? Number(pid[1]) : 0;
    return { kind: 'pidfd', hostPid: hostPid > 0 ? hostPid : 0 };
  }
  if (target === 'anon_inode:[perf_event]') return { kind: 'perf_event', type: -1, config: -1, cpu: -1, targetTid: -1 };
  if (target.startsWith('anon_inode:')) return { kind: 'anon', name: target.slice('anon_inode:'.length) };
  return { kind: 'unknown' };
}

/** Close-on-exec from fdinfo's `flags:` line (octal). */
function cloexecOf(fdinfo: string): boolean {
  const flags = /^flags:\s*([0-7]+)/m.exec(fdinfo);
  return flags !== null && (parseInt(flags[1], 8) & O_CLOEXEC) !== 0;
}
