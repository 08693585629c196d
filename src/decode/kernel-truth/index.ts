/**
 * Kernel truth: for the arguments of src/events/kernel-values.ts, what the
 * kernel itself used (`kernelValue`), and whether what sysray read from user
 * memory was something else (`raced`). One module per source of truth;
 * each sets the fields on the decoded event's arguments and nothing else.
 */
import type { DecodedArg, RaceTechnique, TraceEvent } from '../trace-event.js';
import { applyOpenTruth } from './paths.js';
import { applySocketTruth } from './sockets.js';
import { applyPerfTruth } from './perf.js';
import { ExecTruth } from './exec.js';

/** Marks an argument raced (keeps the first technique seen). */
export function markRaced(arg: DecodedArg, technique: RaceTechnique): void {
  if (arg.raced) return;
  arg.raced = true;
  arg.raceTechnique = technique;
}

type Apply = (event: TraceEvent) => void;

/** Per decoder: holds what one event tells of another (sched_process_exec for its execve). */
export class KernelTruth {
  private readonly exec = new ExecTruth();
  private readonly byName: ReadonlyMap<string, Apply> = new Map<string, Apply>([
    ['open', applyOpenTruth],
    ['openat', applyOpenTruth],
    ['openat2', applyOpenTruth],
    ['creat', applyOpenTruth],
    ['connect', applySocketTruth],
    ['bind', applySocketTruth],
    ['perf_event_open', applyPerfTruth],
    ['execve', (e) => this.exec.apply(e)],
    ['execveat', (e) => this.exec.apply(e)],
    ['sched_process_exec', (e) => this.exec.note(e)],
  ]);

  /** Sets kernelValue/raced on the event's arguments, when it is one that has them. */
  apply(event: TraceEvent): void {
    this.byName.get(event.eventName)?.(event);
  }
}
