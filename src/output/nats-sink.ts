/**
 * `-o nats:nats://HOST:PORT/PREFIX`: each event is one JetStream message on
 * `PREFIX.<node>.<eventName>`, in a stream created if missing. Delivery is
 * at least once on the wire and exactly once in the stream: every message
 * carries a `Nats-Msg-Id` fixed when the event was queued, so a resend
 * after a lost ack (timeout, server restart) is answered `duplicate` and
 * stored once. While the server is away events wait in the bounded queue
 * and the client reconnects forever; a server unreachable at start is one
 * warning, and connecting goes on in the background.
 */
import { readFileSync } from 'node:fs';
import { connect, credsAuthenticator, type NatsConnection, type NodeConnectionOptions } from '@nats-io/transport-node';
import { jetstream, jetstreamManager, type JetStreamClient } from '@nats-io/jetstream';
import type { TraceEvent } from '../decode/trace-event.js';
import { DeliveryQueue, type QueueItem } from './delivery-queue.js';
import type { Sink, SinkStats } from './sink.js';
import type { SinkEnvironment } from './sinks.js';
import { parseNatsTarget, subjectToken, type NatsTarget } from './nats-target.js';
import { ensureStream } from './nats-stream.js';

/** How long a publish waits for its ack before it goes back to the queue. */
const ACK_TIMEOUT_MS = 5000;
/** Between connection attempts (at start and, in the client, after a loss). */
const RECONNECT_WAIT_MS = 1000;
/** After a failed publish while connected (JetStream still recovering): not a busy loop. */
const RETRY_PAUSE_MS = 250;

export interface NatsSinkStats extends SinkStats {
  /** Acks that said the stream already held the message: a resend, stored once. */
  duplicates: number;
}

/** What makes the ids of one run unique and stable: this host, this boot, this run. */
export function messageIdPrefix(nodeName: string, bootId = readBootId(), startMs = Math.round(performance.timeOrigin)): string {
  return `${nodeName.replace(/[\s\x00-\x1f\x7f]/g, '_')}:${bootId}:${startMs}`;
}

function readBootId(): string {
  try {
    return readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
  } catch {
    return 'noboot';
  }
}

export function createNatsSink(url: URL, env: SinkEnvironment): Sink {
  return new NatsSink(parseNatsTarget(url), env);
}

export class NatsSink implements Sink {
  readonly kind = 'nats' as const;
  readonly name: string;
  private readonly queue: DeliveryQueue;
  private readonly subjectPrefix: string;
  private readonly idPrefix: string;
  private seq = 0;
  private nc?: NatsConnection;
  private js?: JetStreamClient;
  private state: 'connecting' | 'connected' | 'retrying' | 'down' | 'closed' = 'connecting';
  private streamReady = false;
  private readonly inFlight = new Set<QueueItem>();
  private delivered = 0;
  private duplicates = 0;
  private retries = 0;
  private pauseTimer?: NodeJS.Timeout;
  private connectTimer?: NodeJS.Timeout;
  private streamTimer?: NodeJS.Timeout;
  /** The last stream problem said: said again only when it changes. */
  private streamProblem = '';
  /** Woken when the queue empties (close waits on it). */
  private onIdle?: () => void;

  constructor(
    private readonly target: NatsTarget,
    private readonly env: SinkEnvironment,
    options: { idPrefix?: string } = {},
  ) {
    this.name = target.name;
    this.queue = new DeliveryQueue(target.bufferBytes);
    this.subjectPrefix = `${target.prefix}.${subjectToken(env.nodeName)}.`;
    this.idPrefix = options.idPrefix ?? messageIdPrefix(env.nodeName);
    void this.connectLoop(true);
  }

  /** The subject of an event. */
  subjectOf(eventName: string): string {
    return this.subjectPrefix + subjectToken(eventName);
  }

  push(line: Buffer, event: TraceEvent): void {
    if (this.closed()) {
      // after close: counted like what close left behind
      this.queue.push({ line, id: '' });
      this.queue.dropAll('stopped');
      return;
    }
    // the subject rides along in the item: the queue knows only lines and ids
    const item: NatsItem = { line, id: `${this.idPrefix}:${++this.seq}`, subject: this.subjectOf(event.eventName) };
    this.queue.push(item);
    this.pump();
  }

  stats(): NatsSinkStats {
    return {
      ...this.queue.counters(), kind: 'nats', name: this.name, delivered: this.delivered, retries: this.retries,
      state: this.state === 'connecting' ? 'down' : this.state, duplicates: this.duplicates,
    };
  }

  async close(graceMs: number): Promise<void> {
    const deadline = Date.now() + graceMs;
    // whatever the state: within the grace a server that is away may come back
    if (this.queue.counters().queued > 0) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.max(0, deadline - Date.now()));
        this.onIdle = () => {
          clearTimeout(timer);
          resolve();
        };
        this.pump();
      });
    }
    this.onIdle = undefined;
    clearTimeout(this.pauseTimer);
    clearTimeout(this.connectTimer);
    clearTimeout(this.streamTimer);
    // late acks of these are ignored: what is not acked by now is not delivered
    if (this.inFlight.size) this.queue.done([...this.inFlight], 'stopped');
    this.inFlight.clear();
    this.queue.dropAll('stopped');
    const nc = this.nc;
    this.state = 'closed';
    if (nc && !nc.isClosed()) {
      // drain flushes what the client still holds; a server that is away would hold it up
      await Promise.race([nc.drain().catch(() => undefined), sleep(Math.max(500, deadline - Date.now()))]);
      if (!nc.isClosed()) await nc.close().catch(() => undefined);
    }
  }

  /** A method, not a field test: TypeScript would keep its narrowing across awaits. */
  private closed(): boolean {
    return this.state === 'closed';
  }

  private connectOptions(): NodeConnectionOptions {
    const t = this.target;
    return {
      servers: t.server,
      name: `sysray ${this.env.nodeName}`,
      maxReconnectAttempts: -1,
      reconnectTimeWait: RECONNECT_WAIT_MS,
      // a restarted server must not be given up on after two auth hiccups either
      ignoreAuthErrorAbort: true,
      ...(t.user !== undefined ? { user: t.user, pass: t.pass } : {}),
      ...(t.token !== undefined ? { token: t.token } : {}),
      ...(t.creds ? { authenticator: credsAuthenticator(t.creds) } : {}),
      ...(t.tls ? { tls: {} } : {}),
    };
  }

  /** Until the first connection: after it the client itself reconnects forever. */
  private async connectLoop(first: boolean): Promise<void> {
    if (this.closed()) return;
    try {
      const nc = await connect(this.connectOptions());
      if (this.closed()) {
        await nc.close();
        return;
      }
      this.nc = nc;
      this.js = jetstream(nc, { timeout: ACK_TIMEOUT_MS });
      this.state = 'connected';
      if (!first) this.env.warn(`-o nats ${this.name}: connected`);
      void this.watchStatus(nc);
      await this.prepareStream();
    } catch (err) {
      if (first) this.env.warn(`-o nats ${this.name}: cannot connect (${describeError(err)}); events are kept (up to ${this.target.bufferBytes} bytes) and sent once it is reachable`);
      if (this.closed()) return;
      this.state = 'down';
      this.connectTimer = setTimeout(() => void this.connectLoop(false), RECONNECT_WAIT_MS);
    }
  }

  private async watchStatus(nc: NatsConnection): Promise<void> {
    for await (const s of nc.status()) {
      if (s.type === 'disconnect') this.state = 'retrying';
      else if (s.type === 'reconnect') {
        this.state = 'connected';
        // what was written to the lost connection has no answer coming: send it again now, not after the ack timeout
        // (the ids make the server store each once; a late answer to the old request settles the item the same way)
        if (this.inFlight.size) {
          const items = [...this.inFlight];
          this.inFlight.clear();
          this.queue.retry(items);
          this.retries += items.length;
        }
        // a server restarted with another store has lost the stream: check it again first
        this.streamReady = false;
        void this.prepareStream();
      } else if (s.type === 'close') break;
    }
  }

  /** The stream: made when missing, checked when there. Until then nothing is published. */
  private async prepareStream(): Promise<void> {
    clearTimeout(this.streamTimer);
    if (this.state === 'closed' || !this.nc) return;
    try {
      const jsm = await jetstreamManager(this.nc, { timeout: ACK_TIMEOUT_MS });
      const warning = await ensureStream(jsm, this.target.stream, this.target.prefix);
      if (warning && warning !== this.streamProblem) this.env.warn(`-o nats ${this.name}: ${warning}`);
      this.streamProblem = warning ?? '';
      this.streamReady = true;
      this.pump();
    } catch (err) {
      const problem = `cannot use stream ${this.target.stream} (${describeError(err)}); trying again`;
      if (problem !== this.streamProblem) this.env.warn(`-o nats ${this.name}: ${problem}`);
      this.streamProblem = problem;
      this.streamTimer = setTimeout(() => void this.prepareStream(), RECONNECT_WAIT_MS * 2);
    }
  }

  /** Publishes what the window allows. */
  private pump(): void {
    if (!this.streamReady || this.state !== 'connected' || this.pauseTimer !== undefined) return;
    while (this.inFlight.size < this.target.inflight) {
      const [item] = this.queue.take(1) as NatsItem[];
      if (item === undefined) break;
      this.publish(item);
    }
    if (this.inFlight.size === 0 && this.queue.length === 0) this.onIdle?.();
  }

  private publish(item: NatsItem): void {
    this.inFlight.add(item);
    const js = this.js!;
    let sent: Promise<{ duplicate: boolean }>;
    try {
      sent = js.publish(item.subject, item.line, { msgID: item.id, timeout: ACK_TIMEOUT_MS });
    } catch (err) {
      sent = Promise.reject(err);
    }
    sent.then(
      (ack) => {
        if (!this.inFlight.delete(item)) return;
        this.queue.done([item]);
        this.delivered++;
        if (ack.duplicate) this.duplicates++;
        this.pump();
      },
      (err: unknown) => {
        if (!this.inFlight.delete(item)) return;
        if (isTooLarge(err)) {
          this.queue.done([item], 'too_large');
          this.pump();
          return;
        }
        this.queue.retry([item]);
        this.retries++;
        // a pause before the next try: the server may be restarting its JetStream
        if (this.pauseTimer === undefined) {
          this.pauseTimer = setTimeout(() => {
            this.pauseTimer = undefined;
            this.pump();
          }, RETRY_PAUSE_MS);
        }
      },
    );
  }
}

interface NatsItem extends QueueItem {
  readonly subject: string;
}

function isTooLarge(err: unknown): boolean {
  return err instanceof Error && /max.?payload/i.test(err.message);
}

/** The client's error, in words and without its stack or any URL it may print. */
export function describeError(err: unknown): string {
  const e = err as { code?: string; message?: string };
  const text = e?.message ?? String(err);
  return text.replace(/[a-z]+:\/\/\S+/gi, '<url>').split('\n')[0];
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
