/**
 * Per process, the memory regions last seen writable or executable, for
 * mem_prot_alert (src/derive/event-deriver.ts): what mmap, mprotect,
 * pkey_mprotect, munmap and mremap returned, so that an mprotect can be
 * judged against the protection the region had before (Tracee reads it from
 * the kernel's vma; without kprobes sysray keeps it itself).
 *
 * Only regions with PROT_WRITE or PROT_EXEC are kept: a region made
 * read-only is forgotten, and one never seen (mapped read-only, or before
 * sysray started) is "0". Bounded: at most `maxRegions` a process (a
 * mapping past that is not kept) and `maxProcesses` processes (the one
 * least recently changed is forgotten); both are counted in `dropped`.
 */

export const PROT_WRITE = 2;
export const PROT_EXEC = 4;
const PAGE = 4096;

/** A kept region: [start, end), its protection and the file mapped there ('' for anonymous memory). */
export interface Region {
  start: number;
  end: number;
  prot: number;
  path: string;
}

export interface MemoryRegionsCounters {
  /** Mappings not kept because their process had maxRegions already. */
  regionsDropped: number;
  /** Processes forgotten to stay under maxProcesses. */
  processesDropped: number;
}

const pageEnd = (start: number, len: number): number => start + Math.ceil(len / PAGE) * PAGE;

export class MemoryRegions {
  /** host pid → its regions, sorted by start, not overlapping; Map order: least recently changed first. */
  private readonly byProcess = new Map<number, Region[]>();
  readonly counters: MemoryRegionsCounters = { regionsDropped: 0, processesDropped: 0 };

  constructor(private readonly maxRegions = 4096, private readonly maxProcesses = 4096) {}

  /** Processes with regions kept. */
  get size(): number {
    return this.byProcess.size;
  }

  /** The kept region holding `addr`, if any. */
  at(pid: number, addr: number): Region | undefined {
    const list = this.byProcess.get(pid);
    if (!list) return undefined;
    const i = firstEndingAfter(list, addr);
    return i < list.length && list[i].start <= addr ? list[i] : undefined;
  }

  /** What is at [start, start+len) is now a mapping with `prot` of `path` (mmap; MAP_FIXED replaces). */
  map(pid: number, start: number, len: number, prot: number, path: string): void {
    const end = pageEnd(start, len);
    const list = this.cut(pid, start, end);
    if (prot & (PROT_WRITE | PROT_EXEC)) this.insert(pid, list, [{ start, end, prot, path }]);
  }

  /** [start, start+len) now has `prot`, each part keeping its file (mprotect). */
  protect(pid: number, start: number, len: number, prot: number): void {
    const end = pageEnd(start, len || PAGE);
    const list = this.byProcess.get(pid) ?? [];
    const parts: Region[] = [];
    let at = start;
    for (const r of list) {
      if (r.end <= start || r.start >= end) continue;
      if (r.start > at) parts.push({ start: at, end: r.start, prot, path: '' });
      parts.push({ start: Math.max(r.start, start), end: Math.min(r.end, end), prot, path: r.path });
      at = Math.min(r.end, end);
    }
    if (at < end) parts.push({ start: at, end, prot, path: '' });
    const rest = this.cut(pid, start, end);
    if (prot & (PROT_WRITE | PROT_EXEC)) this.insert(pid, rest, parts);
  }

  /** Nothing is mapped at [start, start+len) any more (munmap). */
  unmap(pid: number, start: number, len: number): void {
    if (this.byProcess.has(pid)) this.cut(pid, start, pageEnd(start, len));
  }

  /** mremap: what was at oldStart (its protection and file) is now at [newStart, newStart+newLen). */
  remap(pid: number, oldStart: number, oldLen: number, newStart: number, newLen: number, keepOld: boolean): void {
    const was = this.at(pid, oldStart);
    if (!keepOld) this.unmap(pid, oldStart, oldLen);
    if (was) this.map(pid, newStart, newLen, was.prot, was.path);
    else this.unmap(pid, newStart, newLen);
  }

  /** The process exec'd or exited. */
  forget(pid: number): void {
    this.byProcess.delete(pid);
  }

  /** A forked child starts with its parent's mappings. */
  fork(parent: number, child: number): void {
    const list = this.byProcess.get(parent);
    this.byProcess.delete(child);
    if (list) this.keep(child, list.map((r) => ({ ...r })));
  }

  /** Removes [start, end) from pid's regions (splitting those it cuts); returns the list, kept. */
  private cut(pid: number, start: number, end: number): Region[] {
    const list = this.byProcess.get(pid) ?? [];
    const out: Region[] = [];
    for (const r of list) {
      if (r.end <= start || r.start >= end) out.push(r);
      else {
        if (r.start < start) out.push({ ...r, end: start });
        if (r.end > end) out.push({ ...r, start: end });
      }
    }
    if (out.length === 0) this.byProcess.delete(pid);
    else this.keep(pid, out);
    return out;
  }

  private insert(pid: number, list: Region[], parts: Region[]): void {
    const merged = [...list, ...parts].sort((a, b) => a.start - b.start);
    const out: Region[] = [];
    for (const r of merged) {
      const last = out[out.length - 1];
      if (last && last.end === r.start && last.prot === r.prot && last.path === r.path) last.end = r.end;
      else out.push(r);
    }
    if (out.length > this.maxRegions) {
      this.counters.regionsDropped += parts.length;
      return; // the new parts are not kept; what was kept stays
    }
    this.keep(pid, out);
  }

  private keep(pid: number, list: Region[]): void {
    this.byProcess.delete(pid); // re-inserted last: most recently changed
    this.byProcess.set(pid, list);
    while (this.byProcess.size > this.maxProcesses) {
      const oldest = this.byProcess.keys().next().value as number;
      this.byProcess.delete(oldest);
      this.counters.processesDropped++;
    }
  }
}

/** Index of the first region whose end is past `addr`. */
function firstEndingAfter(list: readonly Region[], addr: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid].end <= addr) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
