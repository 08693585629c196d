/** execve, execveat: the pathname's kernel value is the file sched_process_exec says was executed. */
import type { TraceEvent } from '../trace-event.js';

export class ExecTruth {
  /** sched_process_exec: remembered for the execve exit of the same thread. */
  note(_event: TraceEvent): void {
    // filled in by the open/exec work
  }

  apply(_event: TraceEvent): void {
    // filled in by the open/exec work
  }
}
