/**
 * mem_prot_alert, Tracee's rules on the mapping state sysray keeps
 * (memory-regions.ts): an mmap with PROT_WRITE|PROT_EXEC (1); an mprotect
 * that adds PROT_EXEC (2), adds PROT_WRITE to an executable region (3), or
 * makes a writable region executable and not writable (4, what JITs and
 * unpackers do). Each successful source call also updates the state.
 */
import { statSync } from 'node:fs';
import type { TraceEvent } from '../decode/trace-event.js';
import { kernelDevT } from '../policy/kernel-config.js';
import { type MemoryRegions, PROT_EXEC, PROT_WRITE } from './memory-regions.js';

export const MemProtAlertKind = { mmapWX: 1, mprotectToX: 2, mprotectXToWX: 3, mprotectWToX: 4 } as const;

const MAP_FIXED = 0x10;
const MREMAP_DONTUNMAP = 4;
const WX = PROT_WRITE | PROT_EXEC;

const num = (e: TraceEvent, i: number): number => Number(e.args[i]?.raw ?? 0);

/** The file an mmap's fd refers to, as the kernel described it at entry ('' for anonymous memory). */
function mappedFile(e: TraceEvent): string {
  const fd = e.args[4]?.fd;
  if (fd?.kind === 'file') return fd.path;
  if (fd?.kind === 'memfd') return `/memfd:${fd.name} (deleted)`;
  return '';
}

/** dev, inode, ctime of the mapped file, as the process sees it (0s for anonymous memory or when gone). */
function fileIdentity(pid: number, path: string): [bigint, bigint, bigint] {
  if (!path.startsWith('/')) return [0n, 0n, 0n];
  for (const p of [`/proc/${pid}/root${path}`, path]) {
    try {
      const st = statSync(p, { bigint: true });
      return [kernelDevT(st.dev), st.ino, st.ctimeNs];
    } catch {
      // the process is gone: try the host's view
    }
  }
  return [0n, 0n, 0n];
}

/** The alert's argument values (catalog order), or undefined. */
function alertValues(kind: number, pid: number, addr: number, len: number, prot: number, prev: number, path: string): (number | bigint | string)[] {
  return [kind, addr, len, prot, prev, path, ...fileIdentity(pid, path)];
}

/** Updates `state` with a source event and returns its alert, if it makes one. */
export function memProtAlert(state: MemoryRegions, e: TraceEvent): (number | bigint | string)[] | undefined {
  const pid = e.hostProcessId;
  const ret = Number(e.returnValue);
  switch (e.eventName) {
    case 'mmap': {
      if (ret < 0 && ret > -4096) return undefined;
      const len = num(e, 1), prot = num(e, 2), flags = num(e, 3);
      const path = mappedFile(e);
      if (prot & WX || flags & MAP_FIXED) state.map(pid, ret, len, prot, path);
      return (prot & WX) === WX ? alertValues(MemProtAlertKind.mmapWX, pid, ret, len, prot, 0, path) : undefined;
    }
    case 'mprotect':
    case 'pkey_mprotect': {
      if (ret !== 0) return undefined;
      const addr = num(e, 0), len = num(e, 1), prot = num(e, 2);
      const was = state.at(pid, addr);
      const prev = was?.prot ?? 0;
      state.protect(pid, addr, len, prot);
      // as Tracee: the last rule that holds names the alert
      let kind = 0;
      if (!(prev & PROT_EXEC) && prot & PROT_EXEC) kind = MemProtAlertKind.mprotectToX;
      if (prev & PROT_EXEC && !(prev & PROT_WRITE) && (prot & WX) === WX) kind = MemProtAlertKind.mprotectXToWX;
      if (prev & PROT_WRITE && prot & PROT_EXEC && !(prot & PROT_WRITE)) kind = MemProtAlertKind.mprotectWToX;
      return kind ? alertValues(kind, pid, addr, len, prot, prev, was?.path ?? '') : undefined;
    }
    case 'munmap':
      if (ret === 0) state.unmap(pid, num(e, 0), num(e, 1));
      return undefined;
    case 'mremap':
      if (ret < 0 && ret > -4096) return undefined;
      state.remap(pid, num(e, 0), num(e, 1), ret, num(e, 2), (num(e, 3) & MREMAP_DONTUNMAP) !== 0);
      return undefined;
  }
  return undefined;
}
