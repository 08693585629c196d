/**
 * What each traced process's file descriptors refer to, kept from the
 * syscalls that make, copy and close fds (see `FdTracker`) and seeded from
 * /proc at start (see `seedFdTable`). Keyed by host pid (the thread group id):
 * threads share one table.
 *
 * Bounded, because sysray runs for days on busy hosts:
 * - at most `maxProcesses` process tables (default 32768); past it, the
 *   least recently used process is forgotten (any call naming a process uses it);
 * - at most `maxFdsPerProcess` entries per process (default 4096); past it,
 *   the entry set longest ago is forgotten.
 * A forgotten fd is simply unknown: its arguments print as bare numbers.
 *
 * Not modelled: processes sharing one table without being threads
 * (clone(CLONE_FILES) without CLONE_THREAD) get a copy at fork, so the two
 * drift apart.
 *
 * @example
 *   const table = new FdTable();
 *   table.set(4242, 3, { kind: 'file', path: '/etc/passwd' }, true);
 *   table.fork(4242, 4243);
 *   table.exec(4243); // 3 was close-on-exec: gone from 4243, still in 4242
 *   table.get(4242, 3); // { kind: 'file', path: '/etc/passwd' }
 */
import type { FdDescription } from './fd-description.js';

export interface FdTableOptions {
  /** Process tables kept, least recently used dropped first. Default 32768. */
  maxProcesses?: number;
  /** Entries kept per process, oldest-set dropped first. Default 4096. */
  maxFdsPerProcess?: number;
}

/** One fd. Immutable, so a forked child can share its parent's entries. */
interface FdEntry {
  readonly description: FdDescription;
  readonly cloexec: boolean;
}

/** Insertion order is set order: the first key is the one to drop. */
type ProcessFds = Map<number, FdEntry>;

const UNKNOWN: FdDescription = Object.freeze({ kind: 'unknown' });

function positiveInteger(name: string, value: number): number {
  if (!Number.isSafeInteger(value) || value < 1) throw new RangeError(`${name} must be a positive integer, got ${value}`);
  return value;
}

export class FdTable {
  readonly #maxProcesses: number;
  readonly #maxFds: number;
  /** Insertion order is recency of use: the first key is the least recently used. */
  readonly #processes = new Map<number, ProcessFds>();
  /** The process touched last, so a run of events from one process does not reorder the map each time. */
  #lastPid = -1;
  #fds = 0;

  constructor(options: FdTableOptions = {}) {
    this.#maxProcesses = positiveInteger('maxProcesses', options.maxProcesses ?? 32768);
    this.#maxFds = positiveInteger('maxFdsPerProcess', options.maxFdsPerProcess ?? 4096);
  }

  /** Number of process tables held. */
  get processes(): number {
    return this.#processes.size;
  }

  /** Number of fd entries held, over all processes. */
  get fds(): number {
    return this.#fds;
  }

  /** Whether a table is held for this process (does not count as a use). */
  has(hostPid: number): boolean {
    return this.#processes.has(hostPid);
  }

  /** What `fd` of the process refers to, when known. */
  get(hostPid: number, fd: number): FdDescription | undefined {
    return this.#touch(hostPid)?.get(fd)?.description;
  }

  /** Records a new fd (replacing what `fd` referred to before). */
  set(hostPid: number, fd: number, description: FdDescription, cloexec: boolean): void {
    const fds = this.#touch(hostPid) ?? this.#create(hostPid);
    this.#put(fds, fd, { description, cloexec });
  }

  /** An fd found at start-up (/proc): the same as `set`. */
  seed(hostPid: number, fd: number, description: FdDescription, cloexec: boolean): void {
    this.set(hostPid, fd, description, cloexec);
  }

  close(hostPid: number, fd: number): void {
    const fds = this.#touch(hostPid);
    if (fds?.delete(fd)) this.#fds--;
  }

  /** close_range(2): closes every fd in [first, last] (`last` may be ~0U). */
  closeRange(hostPid: number, first: number, last: number): void {
    const fds = this.#touch(hostPid);
    if (!fds) return;
    // Walk the entries, not the range: the range is often 3..4294967295.
    for (const fd of fds.keys()) {
      if (fd >= first && fd <= last) {
        fds.delete(fd);
        this.#fds--;
      }
    }
  }

  /** fcntl(F_SETFD): sets or clears close-on-exec (the entry keeps its age). */
  setCloexec(hostPid: number, fd: number, on: boolean): void {
    const fds = this.#touch(hostPid);
    const entry = fds?.get(fd);
    if (fds && entry && entry.cloexec !== on) fds.set(fd, { description: entry.description, cloexec: on });
  }

  /**
   * What `fd` refers to is seen anew (a socket connected, bound, listening):
   * its description changes, close-on-exec and age stay; an fd the table did
   * not know is recorded, close-on-exec unknown and so off.
   */
  redescribe(hostPid: number, fd: number, description: FdDescription): void {
    const fds = this.#touch(hostPid);
    const entry = fds?.get(fd);
    if (fds && entry) fds.set(fd, { description, cloexec: entry.cloexec });
    else this.set(hostPid, fd, description, false);
  }

  /** close_range(2) with CLOSE_RANGE_CLOEXEC: marks every fd in [first, last] close-on-exec. */
  setCloexecRange(hostPid: number, first: number, last: number): void {
    const fds = this.#touch(hostPid);
    if (!fds) return;
    for (const [fd, entry] of fds) {
      if (fd >= first && fd <= last && !entry.cloexec) fds.set(fd, { description: entry.description, cloexec: true });
    }
  }

  /** dup/dup2/dup3/F_DUPFD: `newFd` refers to what `oldFd` does ('unknown' when that is not known). */
  dup(hostPid: number, oldFd: number, newFd: number, cloexec: boolean): void {
    const fds = this.#touch(hostPid) ?? this.#create(hostPid);
    this.#put(fds, newFd, { description: fds.get(oldFd)?.description ?? UNKNOWN, cloexec });
  }

  /** pidfd_getfd(2): `dstFd` of `dstPid` refers to what `srcFd` of `srcPid` does ('unknown' when that is not known). */
  copyFrom(srcPid: number, srcFd: number, dstPid: number, dstFd: number, cloexec: boolean): void {
    const description = this.#touch(srcPid)?.get(srcFd)?.description ?? UNKNOWN;
    this.set(dstPid, dstFd, description, cloexec);
  }

  /** A successful execve: close-on-exec fds are closed. */
  exec(hostPid: number): void {
    const fds = this.#touch(hostPid);
    if (!fds) return;
    for (const [fd, entry] of fds) {
      if (entry.cloexec) {
        fds.delete(fd);
        this.#fds--;
      }
    }
  }

  /** A new process: it starts with a copy of its parent's table (none when the parent's is not known). */
  fork(parentHostPid: number, childHostPid: number): void {
    this.exit(childHostPid); // a reused pid's stale table
    const parent = this.#touch(parentHostPid);
    if (!parent) return;
    const child = this.#create(childHostPid);
    for (const [fd, entry] of parent) child.set(fd, entry);
    this.#fds += child.size;
  }

  /** The process is gone: its table is dropped. */
  exit(hostPid: number): void {
    const fds = this.#processes.get(hostPid);
    if (!fds) return;
    this.#fds -= fds.size;
    this.#processes.delete(hostPid);
    if (this.#lastPid === hostPid) this.#lastPid = -1;
  }

  /** The process's table, marked most recently used. */
  #touch(hostPid: number): ProcessFds | undefined {
    const fds = this.#processes.get(hostPid);
    if (fds && this.#lastPid !== hostPid) {
      this.#processes.delete(hostPid);
      this.#processes.set(hostPid, fds);
      this.#lastPid = hostPid;
    }
    return fds;
  }

  #create(hostPid: number): ProcessFds {
    if (this.#processes.size >= this.#maxProcesses) {
      const oldest = this.#processes.keys().next().value as number;
      this.exit(oldest);
    }
    const fds: ProcessFds = new Map();
    this.#processes.set(hostPid, fds);
    this.#lastPid = hostPid;
    return fds;
  }

  #put(fds: ProcessFds, fd: number, entry: FdEntry): void {
    // Re-inserted so the map order stays set order.
    if (fds.delete(fd)) this.#fds--;
    else if (fds.size >= this.#maxFds) {
      fds.delete(fds.keys().next().value as number);
      this.#fds--;
    }
    fds.set(fd, entry);
    this.#fds++;
  }
}
