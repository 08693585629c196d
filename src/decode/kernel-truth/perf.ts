/** perf_event_open: attr's kernel value is the event's own attr; group_fd's the leader it joined. */
import type { TraceEvent } from '../trace-event.js';

export function applyPerfTruth(_event: TraceEvent): void {
  // filled in by the perf work
}
