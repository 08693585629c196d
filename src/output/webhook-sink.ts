/**
 * `-o webhook:http://HOST:PORT/PATH?OPTIONS`: events POSTed in batches
 * (webhook-options.ts), from the bounded DeliveryQueue.
 *
 * One request is in flight at a time, so the server sees events in order;
 * batches give the throughput. A batch goes when it holds `batch` events or
 * its oldest event has waited `interval`; events that came while a request
 * was out go as soon as it is answered. Network errors, timeouts, 5xx, 408
 * and 429 are retried (the same events first, backoff doubling with
 * jitter, Retry-After honoured); any other answer that is not 2xx drops the
 * batch, counted 'rejected': sending it again would get the same answer.
 */
import { Client } from 'undici';
import type { TraceEvent } from '../decode/trace-event.js';
import { DeliveryQueue, type QueueItem } from './delivery-queue.js';
import { redactUrl, type Sink, type SinkStats } from './sink.js';
import type { SinkEnvironment } from './sinks.js';
import { parseWebhookOptions, type WebhookOptions } from './webhook-options.js';

const BACKOFF_FIRST_MS = 100;
const BACKOFF_CAP_MS = 10_000;
/** A server asking for longer is still tried again after this. */
const RETRY_AFTER_CAP_MS = 60_000;
/** A batch's body stops growing here, whatever `batch` says. */
const MAX_BODY_BYTES = 4 << 20;
/** Consecutive failures after which the state is 'down' rather than 'retrying'. */
const DOWN_AFTER_FAILURES = 5;
/** A new outage soon after the last is not warned about again. */
const OUTAGE_WARN_EVERY_MS = 60_000;

type WebhookState = 'connected' | 'retrying' | 'down' | 'closed';

/** Throws UsageError for a bad option in the URL's query. */
export function createWebhookSink(url: URL, env: SinkEnvironment): Sink {
  return new WebhookSink(url, parseWebhookOptions(url), env);
}

type Outcome = { kind: 'delivered' } | { kind: 'retry'; why: string; afterMs?: number } | { kind: 'rejected'; status: number };

export class WebhookSink implements Sink {
  readonly kind = 'webhook' as const;
  readonly name: string;
  private readonly queue: DeliveryQueue;
  private readonly client: Client;
  private readonly path: string;
  private readonly headers: Record<string, string>;
  private seq = 0;
  private delivered = 0;
  private retries = 0;
  private state: WebhookState = 'connected';
  private failures = 0;
  /** When the oldest waiting event came (0: due now); undefined when none waits. */
  private waitingSince: number | undefined;
  private batchTimer: NodeJS.Timeout | undefined;
  private backoffTimer: NodeJS.Timeout | undefined;
  private inFlight: Promise<void> | undefined;
  private abortInFlight: (() => void) | undefined;
  private closing = false;
  private closed = false;
  private closeDone: Promise<void> | undefined;
  private onDrained: (() => void) | undefined;
  private readonly warnedStatuses = new Set<number>();
  private outageWarned = false;
  private lastOutageWarnAt = -Infinity;

  constructor(
    url: URL,
    private readonly options: WebhookOptions,
    private readonly env: SinkEnvironment,
  ) {
    const target = new URL(url.href);
    target.search = '';
    target.hash = '';
    this.name = redactUrl(target);
    this.path = target.pathname || '/';
    this.headers = {
      'content-type': options.format === 'ndjson' ? 'application/x-ndjson' : 'application/json',
      'user-agent': 'sysray',
    };
    if (url.username || url.password) {
      const userinfo = `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`;
      this.headers.authorization = `Basic ${Buffer.from(userinfo).toString('base64')}`;
    }
    this.queue = new DeliveryQueue(options.bufferBytes);
    // origin has no userinfo: credentials travel only in the header
    this.client = new Client(target.origin, {
      pipelining: 1,
      connect: { timeout: options.timeoutMs },
      headersTimeout: options.timeoutMs,
      bodyTimeout: options.timeoutMs,
    });
  }

  push(line: Buffer, _event?: TraceEvent): void {
    this.queue.push({ line, id: `${this.env.nodeName}-${++this.seq}` });
    if (this.closed) {
      this.queue.dropAll('stopped');
      return;
    }
    this.waitingSince ??= Date.now();
    this.pump();
  }

  stats(): SinkStats {
    return { kind: this.kind, name: this.name, ...this.queue.counters(), delivered: this.delivered, retries: this.retries, state: this.state };
  }

  close(graceMs: number): Promise<void> {
    this.closeDone ??= this.shutDown(graceMs);
    return this.closeDone;
  }

  private async shutDown(graceMs: number): Promise<void> {
    this.closing = true;
    clearTimeout(this.batchTimer);
    this.batchTimer = undefined;
    this.pump();
    if (this.queue.counters().queued > 0) {
      let grace: NodeJS.Timeout | undefined;
      await new Promise<void>((resolve) => {
        this.onDrained = resolve;
        grace = setTimeout(resolve, graceMs);
      });
      clearTimeout(grace);
    }
    this.closed = true;
    clearTimeout(this.backoffTimer);
    this.backoffTimer = undefined;
    this.abortInFlight?.();
    await this.inFlight;
    this.queue.dropAll('stopped');
    this.state = 'closed';
    await this.client.destroy().catch(() => undefined);
  }

  /** Sends a batch if one is due and nothing is out; else makes sure a timer will. */
  private pump(): void {
    if (this.inFlight || this.backoffTimer || this.closed || this.queue.length === 0) return;
    const full = this.queue.length >= this.options.batch;
    if (!full && !this.closing && this.batchTimer) return;
    const waitMs = this.waitingSince! + this.options.intervalMs - Date.now();
    if (!full && !this.closing && waitMs > 0) {
      this.batchTimer = setTimeout(() => {
        this.batchTimer = undefined;
        this.pump();
      }, waitMs);
      return;
    }
    clearTimeout(this.batchTimer);
    this.batchTimer = undefined;
    this.send();
  }

  private send(): void {
    const items = this.queue.take(this.options.batch, MAX_BODY_BYTES);
    // those left came after the ones taken: the old time errs on the side of sending soon
    if (this.queue.length === 0) this.waitingSince = undefined;
    this.inFlight = this.deliver(items).finally(() => {
      this.inFlight = undefined;
      this.pump();
      if (this.closing && this.queue.counters().queued === 0) this.onDrained?.();
    });
  }

  private async deliver(items: QueueItem[]): Promise<void> {
    const outcome = await this.post(this.encode(items));
    if (outcome.kind === 'delivered') {
      this.queue.done(items);
      this.delivered += items.length;
      this.answered();
      return;
    }
    if (this.closed) {
      this.queue.done(items, 'stopped');
      return;
    }
    if (outcome.kind === 'rejected') {
      this.queue.done(items, 'rejected');
      this.answered();
      if (!this.warnedStatuses.has(outcome.status)) {
        this.warnedStatuses.add(outcome.status);
        const hint = outcome.status === 413 ? '; lower batch= in the URL' : '';
        this.env.warn(`webhook ${this.name}: the server answered ${outcome.status}; batches it answers so are dropped (counted rejected)${hint}`);
      }
      return;
    }
    this.queue.retry(items);
    this.waitingSince = 0;
    this.retries++;
    this.failures++;
    this.state = this.failures >= DOWN_AFTER_FAILURES ? 'down' : 'retrying';
    if (!this.outageWarned && Date.now() - this.lastOutageWarnAt >= OUTAGE_WARN_EVERY_MS) {
      this.outageWarned = true;
      this.lastOutageWarnAt = Date.now();
      this.env.warn(`webhook ${this.name}: not delivered (${outcome.why}); retrying with backoff, keeping up to ${formatMiB(this.options.bufferBytes)} of events meanwhile`);
    }
    this.backoffTimer = setTimeout(() => {
      this.backoffTimer = undefined;
      this.pump();
    }, outcome.afterMs ?? backoffMs(this.failures));
  }

  /** The server answered: whatever failed before is over. */
  private answered(): void {
    if (this.outageWarned) this.env.warn(`webhook ${this.name}: delivering again`);
    this.outageWarned = false;
    this.failures = 0;
    this.state = 'connected';
  }

  private encode(items: readonly QueueItem[]): Buffer {
    const parts: Buffer[] = [];
    if (this.options.format === 'ndjson') {
      for (const it of items) parts.push(it.line, NEWLINE);
    } else {
      parts.push(OPEN);
      items.forEach((it, i) => (i ? parts.push(COMMA, it.line) : parts.push(it.line)));
      parts.push(CLOSE);
    }
    return Buffer.concat(parts);
  }

  /** One POST, bounded by the timeout from connect to the answer's last byte. */
  private async post(body: Buffer): Promise<Outcome> {
    const abort = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      abort.abort();
    }, this.options.timeoutMs);
    this.abortInFlight = () => abort.abort();
    try {
      const res = await this.client.request({ method: 'POST', path: this.path, headers: this.headers, body, signal: abort.signal });
      // the answer's body is not ours to read; finishing it keeps the connection for the next batch
      await res.body.dump().catch(() => undefined);
      const status = res.statusCode;
      if (status >= 200 && status < 300) return { kind: 'delivered' };
      if (status >= 500 || status === 429 || status === 408) return { kind: 'retry', why: `the server answered ${status}`, afterMs: retryAfterMs(res.headers['retry-after']) };
      return { kind: 'rejected', status };
    } catch (err) {
      return { kind: 'retry', why: timedOut ? `no answer within ${this.options.timeoutMs} ms` : describeError(err) };
    } finally {
      clearTimeout(timer);
      this.abortInFlight = undefined;
    }
  }
}

const OPEN = Buffer.from('[');
const COMMA = Buffer.from(',');
const CLOSE = Buffer.from(']');
const NEWLINE = Buffer.from('\n');

/** The nth consecutive failure waits about 100 ms × 2^(n-1), at most 10 s, with jitter so a fleet does not retry in step. */
export function backoffMs(failures: number): number {
  const ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_FIRST_MS * 2 ** Math.min(failures - 1, 20));
  return Math.round(ceiling / 2 + Math.random() * (ceiling / 2));
}

/** Retry-After in seconds or as an HTTP date; undefined when absent or unreadable. */
export function retryAfterMs(value: string | string[] | undefined, now = Date.now()): number | undefined {
  const text = Array.isArray(value) ? value[0] : value;
  if (!text) return undefined;
  const ms = /^\d+$/.test(text.trim()) ? Number(text.trim()) * 1000 : Date.parse(text) - now;
  return Number.isFinite(ms) ? Math.min(Math.max(ms, 0), RETRY_AFTER_CAP_MS) : undefined;
}

/** One line, no URL (the error's own text names only host and port). */
function describeError(err: unknown): string {
  const e = err as { code?: string; message?: string };
  const text = (e.message ?? String(err)).split('\n')[0];
  return e.code && !text.includes(e.code) ? `${e.code}: ${text}` : text;
}

function formatMiB(bytes: number): string {
  return bytes >= 1 << 20 ? `${+(bytes / (1 << 20)).toFixed(1)} MiB` : `${Math.round(bytes / 1024)} KiB`;
}
