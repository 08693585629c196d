/**
 * What the decoder makes of an event record's task context (start times,
 * cgroup, names, entity ids), kept per thread. Consecutive events of a thread
 * carry the same context bytes, and decoding them again (two strings, four
 * 64-bit values, three hashes) was a third of the decoder's time.
 *
 * An entry is used only when every byte it was made from is the same as in
 * the record, so a comm change (exec, prctl), a cgroup move or a reused tid
 * simply makes a new entry.
 */
import { EventRecord } from './record-layout.js';
import { taskEntityId } from '../process/entity-id.js';
import { decodeUserString } from './user-string.js';

export interface TaskContext {
  /** The thread's start, realtime ns (the record's boot-clock time + the clock offset). */
  readonly threadStartTime: bigint;
  readonly cgroupId: bigint;
  readonly processName: string;
  readonly hostName: string;
  readonly threadEntityId: number;
  readonly processEntityId: number;
  readonly parentEntityId: number;
}

/** 32-bit words of an event record (index = byte offset / 4) the context is made from. */
const CONTEXT_WORDS: readonly number[] = (() => {
  const words: number[] = [];
  const span = (from: number, bytes: number): void => {
    for (let b = from; b < from + bytes; b += 4) words.push(b >> 2);
  };
  span(EventRecord.startTime, 8);
  span(EventRecord.cgroupId, 8);
  span(EventRecord.hostPid, 12); // hostPid, hostTid, hostPpid
  span(EventRecord.comm, EventRecord.commLen + EventRecord.utsNameLen);
  span(EventRecord.processStartTime, 16); // and parentStartTime
  return words;
})();

/** Threads kept; past this the cache starts over (entries are checked, never stale). */
const MAX_THREADS = 4096;

interface Entry {
  readonly words: Int32Array;
  readonly context: TaskContext;
}

function cString(buf: Buffer, start: number, max: number): string {
  let end = start;
  const limit = start + max;
  while (end < limit && buf[end] !== 0) end++;
  return decodeUserString(buf, start, end);
}

export class TaskContextCache {
  private readonly byTid = new Map<number, Entry>();

  /** `clockOffset`: realtime − boottime, ns. */
  constructor(private readonly clockOffset: bigint) {}

  /**
   * The context of the record at byte `off` of `buf`; `words` is the same
   * memory as 32-bit words (records are 8-byte aligned).
   */
  get(buf: Buffer, words: Int32Array, off: number, hostTid: number): TaskContext {
    const base = off >> 2;
    const entry = this.byTid.get(hostTid);
    if (entry !== undefined && sameWords(entry.words, words, base)) return entry.context;
    const saved = new Int32Array(CONTEXT_WORDS.length);
    for (let i = 0; i < CONTEXT_WORDS.length; i++) saved[i] = words[base + CONTEXT_WORDS[i]];
    const startTime = buf.readBigUInt64LE(off + EventRecord.startTime);
    const context: TaskContext = {
      threadStartTime: startTime + this.clockOffset,
      cgroupId: buf.readBigUInt64LE(off + EventRecord.cgroupId),
      processName: cString(buf, off + EventRecord.comm, EventRecord.commLen),
      hostName: cString(buf, off + EventRecord.utsName, EventRecord.utsNameLen),
      threadEntityId: taskEntityId(hostTid, startTime),
      processEntityId: taskEntityId(buf.readUInt32LE(off + EventRecord.hostPid), buf.readBigUInt64LE(off + EventRecord.processStartTime)),
      parentEntityId: taskEntityId(buf.readUInt32LE(off + EventRecord.hostPpid), buf.readBigUInt64LE(off + EventRecord.parentStartTime)),
    };
    if (entry === undefined && this.byTid.size >= MAX_THREADS) this.byTid.clear();
    this.byTid.set(hostTid, { words: saved, context });
    return context;
  }
}

function sameWords(saved: Int32Array, words: Int32Array, base: number): boolean {
  for (let i = 0; i < CONTEXT_WORDS.length; i++) {
    if (saved[i] !== words[base + CONTEXT_WORDS[i]]) return false;
  }
  return true;
}
