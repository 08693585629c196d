/**
 * Recorded events (JSON lines) through the live pipeline's later stages:
 * the policies (scope decided from the record, then user-space checks and
 * filters), the process tree and the signatures. A line that is not an
 * event is counted by kind and said once per kind, never thrown.
 */
import type { TraceEvent } from '../decode/trace-event.js';
import type { Policy } from '../policy/policy-types.js';
import type { SignatureRegistry } from '../detect/signature-registry.js';
import type { DetectionEngineOptions } from '../detect/detection-engine.js';
import { EventPipeline, type PipelineCounters } from '../tracer/event-pipeline.js';
import { EventJsonError, eventFromJson } from './event-from-json.js';
import { RecordedScope } from './recorded-scope.js';

export interface ReplayCounters {
  /** Lines read. */
  read: number;
  /** Lines that were no event, by kind. */
  malformed: Record<string, number>;
  pipeline: PipelineCounters;
}

/** The one policy generation of a replay (the live tracer numbers reloads). */
const GENERATION = 1;

export class EventReplay {
  private readonly pipeline: EventPipeline;
  private readonly scope: RecordedScope;
  private read = 0;
  private readonly malformed: Record<string, number> = {};

  constructor(
    policies: readonly Policy[],
    detection: { registry: SignatureRegistry } & DetectionEngineOptions,
    onEvent: (event: TraceEvent) => void,
    private readonly warn: (line: string) => void,
  ) {
    this.scope = new RecordedScope(policies, detection.registry);
    // timestamps in records are already wall-clock: no offset to apply
    this.pipeline = new EventPipeline({ clockOffset: 0n, symbolic: false, trackFds: false, containerCgroupMount: '', detection }, onEvent);
    // every scope term is decided by RecordedScope: nothing is left for the matcher's user-space checks
    this.pipeline.addPolicies(GENERATION, policies, { userChecks: new Map() });
  }

  /** One JSON line; `where` names it in the once-per-kind message (a subject, FILE:LINE). */
  push(line: string, where: string): void {
    this.read++;
    let event: TraceEvent;
    try {
      event = eventFromJson(line);
    } catch (err) {
      if (!(err instanceof EventJsonError)) throw err;
      if (!this.malformed[err.kind]) this.warn(`analyze: skipped ${where}: ${err.message} (further lines like it are counted, not shown)`);
      this.malformed[err.kind] = (this.malformed[err.kind] ?? 0) + 1;
      return;
    }
    event.policyGeneration = GENERATION;
    event.policyMask = this.scope.mask(event);
    this.pipeline.pushDecoded(event);
  }

  /** An event decoded from a recording, judged by these policies (its kernel bits were the recording's). */
  pushEvent(event: TraceEvent): void {
    this.read++;
    event.policyGeneration = GENERATION;
    event.policyMask = this.scope.mask(event);
    this.pipeline.pushDecoded(event);
  }

  /** End of input: signatures' onEnd. */
  async end(): Promise<void> {
    await this.pipeline.drain();
  }

  get counters(): ReplayCounters {
    return { read: this.read, malformed: { ...this.malformed }, pipeline: this.pipeline.counters };
  }
}
