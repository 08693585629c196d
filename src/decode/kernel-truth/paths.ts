/** open, openat, openat2, creat: the pathname's kernel value is the file the returned fd holds. */
import type { TraceEvent } from '../trace-event.js';

export function applyOpenTruth(_event: TraceEvent): void {
  // filled in by the open/exec work
}
