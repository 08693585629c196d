/** connect, bind: the addr's kernel value is the socket's peer (connect) or bound address (bind). */
import type { TraceEvent } from '../trace-event.js';

export function applySocketTruth(_event: TraceEvent): void {
  // filled in by the socket work
}
