/**
 * The process tree: one record per process (thread group), keyed by host pid,
 * seeded from /proc when sysray starts and kept current by fork, exec and exit
 * events. Events look up their process here for what the kernel does not send
 * with every event: the executable, argv, the parent, Tracee's entity ids.
 *
 * A process is the pair (host pid, leader start time): an event for a known
 * pid whose start time differs means the pid was reused, and the new process
 * replaces the old record. Start times are compared at entity-id precision
 * (100 ms), because those from /proc only have clock-tick precision.
 *
 * Exited processes stay `keepExitedNs` of event time, so that events still in
 * flight when the exit is seen find their process, then go.
 *
 * Memory bound: at most `maxProcesses` records. When full, a new record first
 * evicts the exited record that exited first, else the least recently used
 * one (the Map is kept in use order: a use moves a record to its end). Exited
 * records wait in a FIFO checked on every event: each exit is queued once and
 * dequeued once, so expiry costs amortized O(1) per call; the FIFO holds at
 * most 2 × `maxProcesses` references (records replaced after exiting leave
 * stale entries; past that length the oldest entry is dropped early).
 */
import { taskEntityId, ENTITY_TIME_PRECISION_NS } from './entity-id.js';
import { readProcesses, type ProcSnapshot } from './proc-reader.js';

export interface ProcessRecord {
  readonly hostPid: number;
  hostPpid: number;
  /** pid in its pid namespace (0 unknown) */
  pid: number;
  /** the leader's start, boot-clock ns */
  readonly startTime: bigint;
  comm: string;
  /** comm before the last exec, as Tracee's sched_process_exec `prev_comm` ('' before any exec, or unknown) */
  previousComm?: string;
  /** '' unknown */
  exePath: string;
  argv: readonly string[];
  /** script interpreter from the last exec ('' none) */
  interpreter: string;
  /** taskEntityId(hostPid, startTime) */
  readonly entityId: number;
  /** the parent's entityId (0 unknown) */
  parentEntityId: number;
  /** boot ns, set when the whole process exited */
  exitTime?: bigint;
  exitCode?: number;
  exitSignal?: number;
}

export interface ProcessTreeOptions {
  /** most records kept (default 32768) */
  maxProcesses?: number;
  /** how long exited processes stay, in event time (default 5 s) */
  keepExitedNs?: bigint;
}

export interface ForkEvent {
  /** host pid (tgid) of the process that forked */
  parentHostPid: number;
  childHostPid: number;
  childHostTid: number;
  /** the child's pid in its own pid namespace */
  childPid: number;
  /** the new task's start, boot-clock ns */
  childStartTime: bigint;
  /** comm the child starts with (the forking thread's) */
  comm: string;
  time: bigint;
}

export interface ExecEvent {
  hostPid: number;
  /** the process leader's start, boot-clock ns */
  startTime: bigint;
  comm: string;
  exePath: string;
  argv: readonly string[];
  interpreter: string;
  time: bigint;
}

export interface ExitEvent {
  hostPid: number;
  /** the last thread of the process exited */
  groupExit: boolean;
  exitCode: number;
  exitSignal: number;
  time: bigint;
}

const DEFAULT_MAX_PROCESSES = 32768;
const DEFAULT_KEEP_EXITED_NS = 5_000_000_000n;
/** compact the exited FIFO when this many dead slots lead it */
const FIFO_COMPACT_AT = 1024;

/**
 * @example
 * const tree = new ProcessTree();
 * tree.seedFromProc();
 * tree.fork({ parentHostPid: 1, childHostPid: 4000, childHostTid: 4000, childPid: 4000, childStartTime: t, comm: 'sh', time: t });
 * tree.ancestors(4000)[0].hostPid; // 1
 */
export class ProcessTree {
  readonly maxProcesses: number;
  readonly keepExitedNs: bigint;
  /** in use order, least recent first */
  private readonly records = new Map<number, ProcessRecord>();
  /** the record last moved to the end of `records`: using it again needs no move */
  private lastUsed: ProcessRecord | undefined;
  /** exited records in exit order, from `exitedHead` on */
  private exited: Array<ProcessRecord | undefined> = [];
  private exitedHead = 0;
  /** latest event time seen */
  private now = 0n;

  constructor(options: ProcessTreeOptions = {}) {
    this.maxProcesses = Math.max(1, Math.floor(options.maxProcesses ?? DEFAULT_MAX_PROCESSES));
    this.keepExitedNs = options.keepExitedNs ?? DEFAULT_KEEP_EXITED_NS;
  }

  get size(): number {
    return this.records.size;
  }

  /** Adds every process under `procRoot` (reads them, then `seedFromSnapshots`). Returns how many were read. */
  seedFromProc(procRoot = '/proc'): number {
    return this.seedFromSnapshots(readProcesses(procRoot));
  }

  /**
   * Adds the processes `snapshots` describe, as read from /proc (now, or at
   * record start: src/process/proc-picture.ts). Returns how many. Keeps what
   * events already said about a process, filling only what is unknown.
   */
  seedFromSnapshots(snapshots: Iterable<ProcSnapshot>): number {
    const seeded: ProcessRecord[] = [];
    for (const s of snapshots) {
      const hostPid = s.hostPid;
      const known = this.records.get(hostPid);
      if (known && _sameStart(known.startTime, s.startTime)) {
        if (!known.hostPpid) known.hostPpid = s.hostPpid;
        if (!known.pid) known.pid = s.pid;
        if (!known.comm) known.comm = s.comm;
        if (!known.exePath) known.exePath = s.exePath;
        if (known.argv.length === 0) known.argv = s.argv;
        seeded.push(known);
        continue;
      }
      const rec = _newRecord(hostPid, s.startTime, s.hostPpid, s.pid, s.comm, 0);
      rec.exePath = s.exePath;
      rec.argv = s.argv;
      this.insert(rec);
      seeded.push(rec);
    }
    // parents may be listed after their children: link once all are in
    for (const rec of seeded) {
      if (rec.parentEntityId !== 0 || rec.hostPpid <= 0) continue;
      const parent = this.records.get(rec.hostPpid);
      if (parent && parent !== rec && parent.startTime <= rec.startTime) rec.parentEntityId = parent.entityId;
    }
    return seeded.length;
  }

  /** A task was created. A new thread changes nothing; a new process runs its parent's program. */
  fork(e: ForkEvent): void {
    this.advance(e.time);
    let parent = this.records.get(e.parentHostPid);
    if (parent && parent.startTime > e.childStartTime) parent = undefined; // pid reused since: not this child's parent
    if (parent) this.use(parent);
    if (e.childHostTid !== e.childHostPid) return;
    const known = this.records.get(e.childHostPid);
    if (known && _sameStart(known.startTime, e.childStartTime)) {
      // already read from /proc
      known.hostPpid = e.parentHostPid;
      if (parent) known.parentEntityId = parent.entityId;
      if (e.childPid) known.pid = e.childPid;
      this.use(known);
      return;
    }
    const rec = _newRecord(
      e.childHostPid, e.childStartTime, e.parentHostPid, e.childPid,
      e.comm || (parent?.comm ?? ''), parent?.entityId ?? 0,
    );
    if (parent) {
      rec.exePath = parent.exePath;
      rec.argv = parent.argv;
      rec.interpreter = parent.interpreter;
    }
    this.insert(rec);
  }

  /** A process ran a new program. Creates its record if unknown (parent then unknown). */
  exec(e: ExecEvent): void {
    this.advance(e.time);
    let rec = this.records.get(e.hostPid);
    if (rec && _sameStart(rec.startTime, e.startTime)) {
      this.use(rec);
      rec.previousComm = rec.comm;
    } else {
      rec = _newRecord(e.hostPid, e.startTime, 0, 0, '', 0);
      this.insert(rec);
    }
    rec.comm = e.comm;
    rec.exePath = e.exePath;
    rec.argv = e.argv;
    rec.interpreter = e.interpreter;
  }

  /** A task exited; only the exit of the whole group ends the process. */
  exit(e: ExitEvent): void {
    this.advance(e.time);
    if (!e.groupExit) return;
    const rec = this.records.get(e.hostPid);
    if (!rec || rec.exitTime !== undefined) return;
    rec.exitTime = e.time;
    rec.exitCode = e.exitCode;
    rec.exitSignal = e.exitSignal;
    this.exited.push(rec);
    if (this.exited.length - this.exitedHead > 2 * this.maxProcesses) this.dequeueExited();
  }

  /** The process with host pid `hostPid`, exited ones included until they expire. */
  get(hostPid: number): ProcessRecord | undefined {
    const rec = this.records.get(hostPid);
    if (rec) this.use(rec);
    return rec;
  }

  /** The process `hostPid` if it is the one that started at `startTime` (100 ms precision). */
  processOf(hostPid: number, startTime: bigint): ProcessRecord | undefined {
    const rec = this.get(hostPid);
    return rec && _sameStart(rec.startTime, startTime) ? rec : undefined;
  }

  /** The parent, grandparent... of `hostPid`, parent first; stops at an unknown parent or a cycle. */
  ancestors(hostPid: number, max = 64): ProcessRecord[] {
    const chain: ProcessRecord[] = [];
    const start = this.records.get(hostPid);
    let rec = start;
    while (rec && chain.length < max) {
      const parent = this.parentOf(rec);
      if (!parent || parent === start || chain.includes(parent)) break;
      chain.push(parent);
      rec = parent;
    }
    return chain;
  }

  private parentOf(rec: ProcessRecord): ProcessRecord | undefined {
    if (rec.hostPpid <= 0) return undefined;
    const parent = this.records.get(rec.hostPpid);
    if (!parent) return undefined;
    // the record under the parent's pid may be a later process that reused it
    if (rec.parentEntityId !== 0) return parent.entityId === rec.parentEntityId ? parent : undefined;
    return parent.startTime <= rec.startTime ? parent : undefined;
  }

  /** Moves `rec` to the most recently used end. */
  private use(rec: ProcessRecord): void {
    if (rec === this.lastUsed) return;
    this.records.delete(rec.hostPid);
    this.records.set(rec.hostPid, rec);
    this.lastUsed = rec;
  }

  private insert(rec: ProcessRecord): void {
    if (this.records.has(rec.hostPid)) {
      this.records.delete(rec.hostPid); // pid reused; an exited-FIFO entry of the old record goes stale
    } else {
      while (this.records.size >= this.maxProcesses) this.evictOne();
    }
    this.records.set(rec.hostPid, rec);
    this.lastUsed = rec;
  }

  private evictOne(): void {
    while (this.exitedHead < this.exited.length) {
      if (this.dequeueExited()) return;
    }
    const oldest = this.records.keys().next();
    if (!oldest.done) this.records.delete(oldest.value);
  }

  /** Drops exited records whose time is up. */
  private advance(time: bigint): void {
    if (time > this.now) this.now = time;
    while (this.exitedHead < this.exited.length) {
      const rec = this.exited[this.exitedHead] as ProcessRecord;
      if (this.records.get(rec.hostPid) === rec && (rec.exitTime as bigint) + this.keepExitedNs > this.now) break;
      this.dequeueExited();
    }
  }

  /** Takes the FIFO's first entry and drops its record if still current. Whether it dropped one. */
  private dequeueExited(): boolean {
    const rec = this.exited[this.exitedHead] as ProcessRecord;
    this.exited[this.exitedHead++] = undefined;
    let dropped = false;
    if (this.records.get(rec.hostPid) === rec) {
      this.records.delete(rec.hostPid);
      dropped = true;
    }
    if (this.exitedHead === this.exited.length) {
      this.exited = [];
      this.exitedHead = 0;
    } else if (this.exitedHead >= FIFO_COMPACT_AT && this.exitedHead * 2 >= this.exited.length) {
      this.exited = this.exited.slice(this.exitedHead);
      this.exitedHead = 0;
    }
    return dropped;
  }
}

function _sameStart(a: bigint, b: bigint): boolean {
  return a / ENTITY_TIME_PRECISION_NS === b / ENTITY_TIME_PRECISION_NS;
}

function _newRecord(
  hostPid: number, startTime: bigint, hostPpid: number, pid: number, comm: string, parentEntityId: number,
): ProcessRecord {
  // every field set, in one order: one object shape for all records
  return {
    hostPid,
    hostPpid,
    pid,
    startTime,
    comm,
    exePath: '',
    argv: [],
    interpreter: '',
    entityId: taskEntityId(hostPid, startTime),
    parentEntityId,
    exitTime: undefined,
    exitCode: undefined,
    exitSignal: undefined,
  };
}
