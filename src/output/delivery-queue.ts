/**
 * The bounded queue in front of a network sink. Bounded in bytes: when an
 * event does not fit, the oldest are dropped (the newest say most about
 * now) and counted by cause, so memory stays bounded while a server is
 * down and every loss is visible. Items taken for delivery stay counted
 * until they are acknowledged (done) or given back (retry, at the front,
 * in their order).
 */
export interface QueueItem {
  /** The event's JSON line. */
  readonly line: Buffer;
  /** A stable id of the event (NATS message id, webhook batch ids). */
  readonly id: string;
}

export interface QueueCounters {
  /** Events waiting, in flight included. */
  queued: number;
  queuedBytes: number;
  capacityBytes: number;
  /** Events dropped, by cause: 'queue_full' (oldest dropped), 'rejected' (a 4xx), 'stopped' (left at stop). */
  dropped: Record<string, number>;
}

export class DeliveryQueue {
  private items: QueueItem[] = [];
  private head = 0;
  private bytes = 0;
  /** Taken and not yet done or given back. */
  private inFlight = 0;
  private inFlightBytes = 0;
  readonly dropped: Record<string, number> = {};

  constructor(readonly capacityBytes: number) {
    if (!(capacityBytes > 0)) throw new RangeError('queue capacity must be > 0 bytes');
  }

  /** Waiting to be taken. */
  get length(): number {
    return this.items.length - this.head;
  }

  push(item: QueueItem): void {
    const size = item.line.length;
    while (this.length > 0 && this.bytes + this.inFlightBytes + size > this.capacityBytes) {
      const old = this.items[this.head++];
      this.bytes -= old.line.length;
      this.drop('queue_full', 1);
    }
    if (this.head > 4096 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    // when all that is held is in flight, the new one still goes in: sent data is not dropped, the bound is one event over at most
    this.items.push(item);
    this.bytes += size;
  }

  /** Up to `max` items (and about `maxBytes`), oldest first; each must end in done() or retry(). */
  take(max: number, maxBytes = Infinity): QueueItem[] {
    const out: QueueItem[] = [];
    let size = 0;
    while (out.length < max && this.length > 0) {
      const next = this.items[this.head];
      if (out.length > 0 && size + next.line.length > maxBytes) break;
      this.head++;
      out.push(next);
      size += next.line.length;
    }
    this.bytes -= size;
    this.inFlight += out.length;
    this.inFlightBytes += size;
    return out;
  }

  /** Taken items that were delivered, or dropped with `cause`. */
  done(items: readonly QueueItem[], cause?: string): void {
    this.settle(items);
    if (cause) this.drop(cause, items.length);
  }

  /** Taken items to send again: back at the front, in their order. */
  retry(items: readonly QueueItem[]): void {
    this.settle(items);
    if (this.head >= items.length) {
      this.head -= items.length;
      for (let i = 0; i < items.length; i++) this.items[this.head + i] = items[i];
    } else {
      this.items = [...items, ...this.items.slice(this.head)];
      this.head = 0;
    }
    for (const it of items) this.bytes += it.line.length;
  }

  /** Drops everything waiting with `cause` (at stop). */
  dropAll(cause: string): void {
    const n = this.length;
    this.items = [];
    this.head = 0;
    this.bytes = 0;
    if (n) this.drop(cause, n);
  }

  counters(): QueueCounters {
    return { queued: this.length + this.inFlight, queuedBytes: this.bytes + this.inFlightBytes, capacityBytes: this.capacityBytes, dropped: { ...this.dropped } };
  }

  private settle(items: readonly QueueItem[]): void {
    this.inFlight -= items.length;
    for (const it of items) this.inFlightBytes -= it.line.length;
  }

  private drop(cause: string, n: number): void {
    this.dropped[cause] = (this.dropped[cause] ?? 0) + n;
  }
}
