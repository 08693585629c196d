/**
 * Recorded events (JSON lines) through the live pipeline's later stages:
 * the policies (scope decided from the record, then user-space checks and
 * filters), the process tree and the signatures. A line that is not an
 * event, or whose values the pipeline cannot use, is counted by kind and
 * said once per kind, never thrown.
 *
 * A recorded finding that this replay made again from its recorded source
 * event (same signature, timestamp and thread: a finding copies its
 * source's) is not shown twice: the one made now stands, from the signature
 * as it is now run (its parameters, tuning). A recorded finding whose
 * source is not in the input (captured for signatures only, not shown) is
 * shown as it was recorded.
 */
import type { TraceEvent } from '../decode/trace-event.js';
import type { Policy } from '../policy/policy-types.js';
import type { SignatureRegistry } from '../detect/signature-registry.js';
import type { DetectionEngineOptions } from '../detect/detection-engine.js';
import { eventByName } from '../events/catalog.js';
import { EventPipeline, type PipelineCounters } from '../tracer/event-pipeline.js';
import { EventJsonError, eventFromJson } from './event-from-json.js';
import { RecordedScope } from './recorded-scope.js';

export interface ReplayCounters {
  /** Lines read. */
  read: number;
  /** Lines that were no event, by kind. */
  malformed: Record<string, number>;
  /** Recorded findings this replay made again (not shown twice). */
  findingsMadeAgain: number;
  /** Lines left out by --since/--until. */
  outOfRange: number;
  pipeline: PipelineCounters;
}

/** The one policy generation of a replay (the live tracer numbers reloads). */
const GENERATION = 1;

/** Findings made and not yet met as recorded copies, kept at most (oldest forgotten first). */
const MAX_MADE = 65536;

function findingKey(e: TraceEvent): string {
  return `${e.eventName}\0${e.timestamp}\0${e.hostThreadId}`;
}

export class EventReplay {
  private readonly pipeline: EventPipeline;
  private readonly scope: RecordedScope;
  private read = 0;
  private readonly malformed: Record<string, number> = {};
  /** Per finding key: findings shown that no recorded copy has met yet. */
  private readonly made = new Map<string, number>();
  private findingsMadeAgain = 0;
  private outOfRange = 0;
  /** --since/--until: the events of lines outside are read and left out. */
  range?: (timestamp: bigint) => boolean;
  private symbolicSaid = false;

  constructor(
    policies: readonly Policy[],
    detection: { registry: SignatureRegistry } & DetectionEngineOptions,
    onEvent: (event: TraceEvent) => void,
    private readonly warn: (line: string) => void,
  ) {
    this.scope = new RecordedScope(policies, detection.registry);
    // timestamps in records are already wall-clock: no offset to apply
    this.pipeline = new EventPipeline({ clockOffset: 0n, symbolic: false, trackFds: false, containerCgroupMount: '', detection }, (e) => {
      if (e.metadata !== undefined) this.noteMade(e);
      onEvent(e);
    });
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
      this.count(err, where);
      return;
    }
    if (this.range && !this.range(event.timestamp)) {
      this.outOfRange++;
      return;
    }
    if (event.metadata !== undefined && this.madeAgain(event)) return;
    if (!this.symbolicSaid) this.sayIfSymbolic(event, where);
    event.policyGeneration = GENERATION;
    event.policyMask = this.scope.mask(event);
    try {
      this.pipeline.pushDecoded(event);
    } catch (err) {
      // values of a shape the later stages do not take (hand-edited, another tool's): this line, not the run
      if (!(err instanceof TypeError || err instanceof RangeError || err instanceof SyntaxError)) throw err;
      this.count(new EventJsonError(`${event.eventName} with values sysray cannot use`, err.message), where);
    }
  }

  /** A line the reader did not hand over (longer than its limit): read, and malformed as `kind`. */
  skip(where: string, kind: string, detail = ''): void {
    this.read++;
    this.count(new EventJsonError(kind, detail), where);
  }

  private count(err: EventJsonError, where: string): void {
    if (!this.malformed[err.kind]) this.warn(`analyze: skipped ${where}: ${err.message} (further lines like it are counted, not shown)`);
    this.malformed[err.kind] = (this.malformed[err.kind] ?? 0) + 1;
  }

  private noteMade(e: TraceEvent): void {
    const key = findingKey(e);
    this.made.set(key, (this.made.get(key) ?? 0) + 1);
    if (this.made.size > MAX_MADE) this.made.delete(this.made.keys().next().value!);
  }

  /** A recorded finding this replay made already: counted, and true. */
  private madeAgain(e: TraceEvent): boolean {
    const key = findingKey(e);
    const n = this.made.get(key);
    if (n === undefined) return false;
    if (n > 1) this.made.set(key, n - 1);
    else this.made.delete(key);
    this.findingsMadeAgain++;
    return true;
  }

  /**
   * option:parse-arguments lines (sysray's or Tracee's) keep symbols where
   * numbers were: conditions on those numbers (ptrace request in {4, 5},
   * open flag bits) cannot hold. Said once.
   */
  private sayIfSymbolic(e: TraceEvent, where: string): void {
    for (const a of e.args) {
      if (a.spec.kind !== 'derived' || typeof a.value !== 'string') continue;
      if (eventByName(e.eventName)?.args.find((c) => c.name === a.spec.name)?.format === undefined) continue;
      this.symbolicSaid = true;
      this.warn(`analyze: ${where}: ${e.eventName}.${a.spec.name} is written as a symbol (${a.value}), as option:parse-arguments writes it: signatures' conditions on such numbers do not hold; record without parse-arguments (said once)`);
      return;
    }
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
    return { read: this.read, malformed: { ...this.malformed }, findingsMadeAgain: this.findingsMadeAgain, outOfRange: this.outOfRange, pipeline: this.pipeline.counters };
  }
}
