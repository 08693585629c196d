/**
 * The state every event is decoded against: the process tree (executable
 * paths, ancestry), and with `-o option:parse-arguments-fds` the fd table.
 * Fed by every event in order, including those no policy shows (the kernel
 * sends lifecycle and fd syscalls for that, with policies 0). Seeded from
 * /proc (a recording: from its picture of /proc, src/process/proc-picture.ts)
 * so that it is complete from the first event.
 */
import type { DecodedArg, TraceEvent } from '../decode/trace-event.js';
import { TracepointEventId } from '../decode/record-layout.js';
import { ProcessTree } from './process-tree.js';
import { FdTable } from './fd-table.js';
import { FdTracker } from './fd-tracker.js';
import { fdArgIndexes } from './fd-args.js';
import { seedFdTableFrom } from './proc-fds.js';
import { pictureFds, pictureSnapshots, takeProcPicture, type ProcPicture } from './proc-picture.js';
import { eventById } from '../events/catalog.js';

export interface ProcessContextOptions {
  /** realtime − boottime, ns (events carry realtime; the tree keeps boot time, as the kernel does). */
  clockOffset: bigint;
  /** Keep the fd table and describe fd arguments. */
  trackFds: boolean;
  maxProcesses?: number;
}

function argValue(e: TraceEvent, name: string): DecodedArg['value'] | undefined {
  for (const a of e.args) if (a.spec.name === name) return a.value;
  return undefined;
}

function num(v: DecodedArg['value'] | undefined): number {
  return typeof v === 'number' ? v : typeof v === 'bigint' ? Number(v) : typeof v === 'boolean' ? Number(v) : 0;
}

export class ProcessContext {
  readonly tree: ProcessTree;
  readonly fds?: FdTable;
  private readonly tracker?: FdTracker;

  constructor(private readonly options: ProcessContextOptions) {
    this.tree = new ProcessTree({ maxProcesses: options.maxProcesses });
    if (options.trackFds) {
      this.fds = new FdTable({ maxProcesses: options.maxProcesses });
      this.tracker = new FdTracker(this.fds);
    }
  }

  /** Reads every process (and its fds) from /proc. Call once the kernel sends events, so nothing falls between. */
  seed(procRoot = '/proc'): void {
    this.seedFromPicture(takeProcPicture({ procRoot, fds: this.fds !== undefined, containerCgroupMount: '' }));
  }

  /** Seeds from a picture of /proc: one just taken (`seed`), or a recording's (sysray analyze). */
  seedFromPicture(picture: ProcPicture): void {
    this.tree.seedFromSnapshots(pictureSnapshots(picture));
    if (this.fds) seedFdTableFrom(this.fds, pictureFds(picture));
  }

  /** Updates the state from `e` and completes it (executable path, fd arguments). */
  apply(e: TraceEvent): void {
    switch (e.eventId) {
      case TracepointEventId.schedProcessFork:
        this.tree.fork({
          parentHostPid: e.hostProcessId,
          childHostPid: num(argValue(e, 'child_pid')),
          childHostTid: num(argValue(e, 'child_tid')),
          childPid: num(argValue(e, 'child_ns_pid')),
          childStartTime: BigInt(argValue(e, 'start_time') as bigint | number) - this.options.clockOffset,
          comm: e.processName,
          time: e.timestamp - this.options.clockOffset,
        });
        break;
      case TracepointEventId.schedProcessExec: {
        const argv = argValue(e, 'argv');
        const interp = argValue(e, 'interp');
        this.tree.exec({
          hostPid: e.hostProcessId,
          // after exec the thread is the leader: its start is the process's
          startTime: e.threadStartTime - this.options.clockOffset,
          comm: e.processName,
          exePath: String(argValue(e, 'pathname') ?? ''),
          argv: Array.isArray(argv) ? (argv as string[]) : [],
          interpreter: typeof interp === 'string' ? interp : '',
          time: e.timestamp - this.options.clockOffset,
        });
        break;
      }
      case TracepointEventId.schedProcessExit:
        this.tree.exit({
          hostPid: e.hostProcessId,
          groupExit: argValue(e, 'process_group_exit') === true,
          exitCode: num(argValue(e, 'exit_code')),
          exitSignal: num(argValue(e, 'signal')),
          time: e.timestamp - this.options.clockOffset,
        });
        break;
    }
    e.executablePath = this.tree.get(e.hostProcessId)?.exePath ?? '';
    if (this.tracker && this.fds) {
      // what each fd argument refers to before this syscall (close's fd is still there)
      const spec = eventById(e.eventId);
      if (spec && !spec.source) {
        for (const i of fdArgIndexes(spec)) {
          const a = e.args[i];
          if (a && a.fd === undefined && typeof a.value === 'number') a.fd = this.fds.get(e.hostProcessId, a.value);
        }
      }
      this.tracker.apply(e);
    }
  }
}
