/**
 * Network sinks (`-o webhook:URL`, `-o nats:URL`): where events leave the
 * host. A sink takes each event as one JSON line (the same bytes as
 * `-o json`) and delivers it on its own time, from a bounded queue
 * (delivery-queue.ts), so a slow or absent server never holds the tracer
 * back and never grows its memory past the queue's bound.
 */
import type { TraceEvent } from '../decode/trace-event.js';
import { JsonPrinter } from './json-printer.js';
import { OutputStream } from './output-stream.js';
import type { Printer, PrinterOptions } from './printer.js';
import type { QueueCounters } from './delivery-queue.js';

export interface SinkStats extends QueueCounters {
  kind: 'webhook' | 'nats';
  /** The URL without credentials: safe for logs and metrics. */
  name: string;
  /** Events the server acknowledged (2xx, a JetStream ack). */
  delivered: number;
  /** Requests or publishes tried again. */
  retries: number;
  /** 'connected', 'retrying', 'down', 'closed' */
  state: string;
}

export interface Sink {
  readonly kind: SinkStats['kind'];
  /** The URL without credentials. */
  readonly name: string;
  /** One event: its JSON line (no newline) and the event it came from. */
  push(line: Buffer, event: TraceEvent): void;
  stats(): SinkStats;
  /** Delivers what is queued within `graceMs`, then stops; what is left is counted dropped ('stopped'). */
  close(graceMs: number): Promise<void>;
}

/** The sink as an output: events are encoded by the JSON printer, one line each, and pushed. */
export class SinkPrinter implements Printer {
  private readonly stream = OutputStream.memory();
  private readonly json: JsonPrinter;

  constructor(
    readonly sink: Sink,
    options: PrinterOptions,
  ) {
    this.json = new JsonPrinter(this.stream, options);
  }

  preamble(): void {}

  print(event: TraceEvent): void {
    this.json.print(event);
    const bytes = this.stream.take();
    // JsonPrinter ends each event with a newline: the sinks frame lines themselves
    this.sink.push(bytes[bytes.length - 1] === 0x0a ? bytes.subarray(0, bytes.length - 1) : bytes, event);
  }

  flush(): void {}

  close(): void {}
}

/** A URL as logs and metrics may show it: no user, password or token. */
export function redactUrl(url: URL): string {
  const u = new URL(url.href);
  if (u.username) u.username = '***';
  if (u.password) u.password = '***';
  for (const key of [...u.searchParams.keys()]) if (/token|pass|secret|key|creds/i.test(key)) u.searchParams.set(key, '***');
  return u.href;
}
