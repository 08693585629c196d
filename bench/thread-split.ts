/**
 * Ring batches split among N workers by thread, as a native poller could do
 * before handing batches on (issue 18, part 3).
 *
 * - A thread's records stay in order, in one worker. A new host tid goes to
 *   the least-loaded worker and stays there until its exit record: records
 *   cannot move between workers without breaking their order.
 * - Load is the number of live threads a worker has; ties go to the worker
 *   given fewer records so far. A poller cannot know a new thread's future
 *   rate, and records so far punish the worker of a thread that started
 *   early (four processes started one after another could end up 1/3).
 *   An idle thread counts as much as a busy one: nothing rebalances later.
 * - Process lifecycle records (fork, exec, exit, cgroups) reach every
 *   worker, so each one's process tree is whole. Only the thread's own
 *   worker gets them as they are; the others get a copy with the policy bits
 *   cleared: state only, shown once.
 * - Not covered: the fd table across threads of one process (threads of a
 *   process may land in different workers; each sees only its own fds).
 *
 * The ring record framing is documented in src/decode/record-layout.ts.
 */
import { EventRecord, EntryRecord, Head, RecordType, RingHeader, TracepointEventId } from '../src/decode/record-layout.js';

export interface Batch { b: Uint8Array; ring: number }

const LIFECYCLE = new Set<number>([TracepointEventId.schedProcessFork, TracepointEventId.schedProcessExec, TracepointEventId.schedProcessExit, TracepointEventId.cgroupMkdir, TracepointEventId.cgroupRmdir]);

/** Sticky, least-loaded assignment of host threads to `n` workers. */
export class ThreadAssignment {
  private readonly owner = new Map<number, number>();
  /** Live threads per worker. */
  readonly threads: number[];
  /** Records given per worker (the tie-break; lifecycle copies not counted). */
  readonly records: number[];

  constructor(readonly n: number) {
    this.threads = new Array<number>(n).fill(0);
    this.records = new Array<number>(n).fill(0);
  }

  /** The worker of thread `tid`, chosen at its first record; counts the record. */
  workerOf(tid: number): number {
    let w = this.owner.get(tid);
    if (w === undefined) {
      w = 0;
      for (let i = 1; i < this.n; i++) {
        if (this.threads[i] < this.threads[w] || (this.threads[i] === this.threads[w] && this.records[i] < this.records[w])) w = i;
      }
      this.owner.set(tid, w);
      this.threads[w]++;
    }
    this.records[w]++;
    return w;
  }

  /** Thread `tid` exited (its exit record was assigned): a tid reused later is a new thread. */
  exited(tid: number): void {
    const w = this.owner.get(tid);
    if (w === undefined) return;
    this.owner.delete(tid);
    this.threads[w]--;
  }
}

/** Each batch cut into `n` batches by thread (see the header); a worker's batches keep their ring and order. */
export function splitByThread(batches: readonly Batch[], n: number, assignment = new ThreadAssignment(n)): Batch[][] {
  const shares: Batch[][] = Array.from({ length: n }, () => []);
  for (const { b, ring } of batches) {
    const buf = Buffer.from(b.buffer, b.byteOffset, b.byteLength);
    const parts: Buffer[][] = Array.from({ length: n }, () => []);
    for (let at = 0; at + RingHeader.bytes <= buf.length; ) {
      const len = buf.readUInt32LE(at) & RingHeader.lenMask;
      const next = at + ((RingHeader.bytes + len + 7) & ~7);
      const off = at + RingHeader.bytes;
      const type = buf.readUInt16LE(off + Head.type);
      const tid = buf.readUInt32LE(off + (type === RecordType.entry ? EntryRecord.hostTid : EventRecord.hostTid));
      const owner = assignment.workerOf(tid);
      const rec = buf.subarray(at, next);
      const id = type === RecordType.event ? buf.readUInt32LE(off + EventRecord.eventId) : 0;
      if (LIFECYCLE.has(id)) {
        for (let w = 0; w < n; w++) {
          if (w === owner) parts[w].push(rec);
          else {
            const copy = Buffer.from(rec);
            copy.fill(0, RingHeader.bytes + EventRecord.policies, RingHeader.bytes + EventRecord.policies + 8);
            parts[w].push(copy);
          }
        }
        if (id === TracepointEventId.schedProcessExit) assignment.exited(tid);
      } else parts[owner].push(rec);
      at = next;
    }
    for (let w = 0; w < n; w++) if (parts[w].length) shares[w].push({ b: n === 1 ? b : Buffer.concat(parts[w]), ring });
  }
  return shares;
}
