/**
 * Events written, by event id, counted on the hot path for /metrics: one
 * array increment per event; names are looked up only at scrape time.
 */
import type { TraceEvent } from '../decode/trace-event.js';

export class EventCounter {
  private counts = new Float64Array(8192);
  /** Events counted in all. */
  total = 0;
  /** The timestamp (ns since the epoch) of the last event counted; 0n before the first. */
  lastTimestamp = 0n;
  /**
   * Seconds from the kernel's timestamp of the last event of a batch to the
   * end of that batch's decoding: how far behind the kernel user space is.
   * Kept from the last batch that had events (an idle tracer is not behind).
   */
  lagSeconds = 0;
  private counted = false;

  count(event: TraceEvent): void {
    const id = event.eventId;
    if (id >= this.counts.length) this.grow(id);
    this.counts[id]++;
    this.total++;
    this.lastTimestamp = event.timestamp;
    this.counted = true;
  }

  /** A batch has been worked at `nowMs` (wall clock): the lag of its last event, if it had any. */
  batchWorked(nowMs: number): void {
    if (!this.counted) return;
    this.counted = false;
    this.lagSeconds = Math.max(0, (nowMs - Number(this.lastTimestamp / 1_000_000n)) / 1000);
  }

  /** [event id, count] for every id counted at least once. */
  *entries(): IterableIterator<[number, number]> {
    const c = this.counts;
    for (let id = 0; id < c.length; id++) if (c[id] > 0) yield [id, c[id]];
  }

  private grow(id: number): void {
    const next = new Float64Array(Math.max(id + 1, this.counts.length * 2));
    next.set(this.counts);
    this.counts = next;
  }
}
