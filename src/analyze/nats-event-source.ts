/**
 * The events of a JetStream stream, read as a durable pull consumer: a
 * second run with the same --durable goes on where the first stopped,
 * since each message is acked only once it has been handled.
 */
import { connect, credsAuthenticator, type NatsConnection } from '@nats-io/transport-node';
import { AckPolicy, DeliverPolicy, jetstream, jetstreamManager } from '@nats-io/jetstream';
import { EnvironmentError, UsageError } from '../cli/usage-error.js';
import { parseNatsTarget } from '../output/nats-target.js';
import { describeError } from '../output/nats-sink.js';

export interface NatsSourceOptions {
  durable: string;
  /** The stream (default: the URL's stream=, else SYSRAY). */
  stream?: string;
  /** Stop after this long without a message; undefined: until stop() is called. */
  untilIdleMs?: number;
}

export class NatsEventSource {
  private nc?: NatsConnection;
  private stopNow?: () => void;
  private stopped = false;

  constructor(
    private readonly url: URL,
    private readonly options: NatsSourceOptions,
  ) {
    if (!/^[A-Za-z0-9_-]{1,255}$/.test(options.durable)) throw new UsageError(`analyze: --durable "${options.durable}" is not a consumer name (letters, digits, _ and -)`);
  }

  /** Calls `handle(line, subject)` for each message, in stream order, acking each after it; resolves when idle or stopped. */
  async read(handle: (line: string, subject: string) => void): Promise<void> {
    const target = parseNatsTarget(this.url, 'analyze');
    const stream = this.options.stream ?? target.stream;
    try {
      this.nc = await connect({
        servers: target.server,
        name: 'sysray analyze',
        ...(target.user !== undefined ? { user: target.user, pass: target.pass } : {}),
        ...(target.token !== undefined ? { token: target.token } : {}),
        ...(target.creds ? { authenticator: credsAuthenticator(target.creds) } : {}),
        ...(target.tls ? { tls: {} } : {}),
      });
    } catch (err) {
      throw new EnvironmentError(`analyze: cannot connect to ${target.name} (${describeError(err)}); is nats-server running there?`);
    }
    const nc = this.nc;
    const jsm = await jetstreamManager(nc).catch((err: unknown) => {
      throw new EnvironmentError(`analyze: ${target.name} has no JetStream (${describeError(err)}); start nats-server with -js`);
    });
    try {
      await jsm.streams.info(stream);
    } catch (err) {
      throw new EnvironmentError(`analyze: no stream ${stream} at ${target.name} (${describeError(err)}); give the agents' stream with --stream`);
    }
    try {
      await jsm.consumers.info(stream, this.options.durable);
    } catch {
      await jsm.consumers.add(stream, {
        durable_name: this.options.durable, ack_policy: AckPolicy.Explicit, deliver_policy: DeliverPolicy.All, filter_subject: `${target.prefix}.>`,
      });
    }
    const consumer = await jetstream(nc).consumers.get(stream, this.options.durable);
    const messages = await consumer.consume({ max_messages: 512 });
    let idle: NodeJS.Timeout | undefined;
    const armIdle = (): void => {
      if (this.options.untilIdleMs === undefined) return;
      clearTimeout(idle);
      idle = setTimeout(() => void messages.stop(), this.options.untilIdleMs);
    };
    this.stopNow = () => void messages.stop();
    if (this.stopped) messages.stop();
    armIdle();
    for await (const m of messages) {
      handle(m.string(), m.subject);
      m.ack();
      armIdle();
    }
    clearTimeout(idle);
  }

  /** Ends read() after the message in hand. */
  stop(): void {
    this.stopped = true;
    this.stopNow?.();
  }

  /** Sends the acks still held, then closes. */
  async close(): Promise<void> {
    const nc = this.nc;
    if (nc && !nc.isClosed()) await nc.drain().catch(() => nc.close());
  }
}
