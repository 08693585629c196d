/**
 * execve, execveat: the pathname's kernel value is the file sched_process_exec
 * says was executed (for a script, the interpreter the kernel ran), its
 * device and inode. That tracepoint also carries the kernel's own copy of
 * the name passed (bprm->filename, `cmdpath`): what sysray read from user
 * memory must be the name the kernel made it from, or it raced.
 *
 * Both records of one call reach the decoder in order: sched_process_exec
 * runs inside the call, and the kernel sends execve's records into the
 * same ring (bpf/sysray.h, "Two ring buffers").
 */
import type { TraceEvent } from '../trace-event.js';
import { markRaced } from './index.js';

const AT_FDCWD = -100;

/** Threads whose exec's execve exit has not been decoded yet: one each, for a moment (lost exits aside). */
const REMEMBERED_MAX = 1024;

interface Executed {
  /** bprm->filename: the name as the kernel took it from the caller (execveat: its /dev/fd/N form). */
  readonly cmdpath: string;
  readonly pathname: string;
  readonly dev: number;
  readonly inode: number;
}

export class ExecTruth {
  private readonly byTid = new Map<number, Executed>();

  /** sched_process_exec: remembered for the execve exit of the same thread. */
  note(event: TraceEvent): void {
    const [cmdpath, pathname, dev, inode] = event.args;
    if (typeof cmdpath?.value !== 'string' || typeof pathname?.value !== 'string') return;
    this.byTid.delete(event.hostThreadId); // re-inserted last: the oldest go first
    this.byTid.set(event.hostThreadId, { cmdpath: cmdpath.value, pathname: pathname.value, dev: Number(dev?.value ?? 0), inode: Number(inode?.value ?? 0) });
    if (this.byTid.size > REMEMBERED_MAX) this.byTid.delete(this.byTid.keys().next().value!);
  }

  apply(event: TraceEvent): void {
    const executed = this.byTid.get(event.hostThreadId);
    this.byTid.delete(event.hostThreadId);
    if (!executed || Number(event.returnValue) !== 0) return;
    const arg = event.args.find((a) => a.spec.name === 'pathname');
    if (!arg) return;
    arg.kernelValue = executed.pathname;
    arg.kernelFile = { dev: executed.dev, inode: executed.inode };
    if (arg.unreadable === 'fault') {
      // unreadable at entry (a successful exec leaves no memory to read again), yet the kernel read it
      markRaced(arg, 'entry read failed');
      return;
    }
    if (typeof arg.value !== 'string' || arg.truncated) return;
    if (kernelCmdpath(event, arg.value) !== executed.cmdpath) markRaced(arg, arg.entryFault ? 'entry read failed' : 'value changed');
  }
}

/**
 * The bprm->filename the kernel makes of `pathname` (fs/exec.c alloc_bprm):
 * execve's as passed; execveat's too when absolute or with AT_FDCWD, else
 * "/dev/fd/N/PATH", or "/dev/fd/N" for an empty one (AT_EMPTY_PATH):
 * execveat(3, "true") → "/dev/fd/3/true".
 */
export function kernelCmdpath(event: TraceEvent, pathname: string): string {
  const dirfd = event.args.find((a) => a.spec.name === 'dirfd')?.value;
  if (typeof dirfd !== 'number' || dirfd === AT_FDCWD || pathname.startsWith('/')) return pathname;
  return pathname === '' ? `/dev/fd/${dirfd}` : `/dev/fd/${dirfd}/${pathname}`;
}
