/**
 * A real nats-server with JetStream for a test: 127.0.0.1, free ports, its
 * own store directory. It can be killed and started again on the same
 * port and store (an outage), and is always killed at the end.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface NatsServer {
  port: number;
  monitorPort: number;
  storeDir: string;
  /** nats://127.0.0.1:PORT */
  url: string;
  /** Kills the server (SIGKILL: no goodbye to clients, nothing flushed by it). */
  kill(): Promise<void>;
  /** Starts it again on the same port and store. */
  start(): Promise<void>;
  /** Messages in `stream`, from the monitor (/jsz). */
  streamMessages(stream: string): Promise<number>;
  /** Kills it and removes the store. */
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

export async function startNatsServer(): Promise<NatsServer> {
  const port = await freePort();
  const monitorPort = await freePort();
  const storeDir = mkdtempSync(path.join(tmpdir(), 'sysray-nats-'));
  let child: ChildProcess | undefined;
  let log = '';
  const start = (): Promise<void> =>
    new Promise((resolve, reject) => {
      log = '';
      const c = spawn('nats-server', ['-js', '-sd', storeDir, '-a', '127.0.0.1', '-p', String(port), '-m', String(monitorPort)], { stdio: ['ignore', 'ignore', 'pipe'] });
      child = c;
      const timer = setTimeout(() => reject(new Error(`nats-server not ready after 15 s: ${log}`)), 15000);
      c.stderr!.on('data', (d) => {
        log += d;
        if (log.includes('Server is ready')) {
          clearTimeout(timer);
          resolve();
        }
      });
      c.once('error', (err) => reject(new Error(`cannot start nats-server (apt-get install nats-server): ${err.message}`)));
      c.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`nats-server exited (${code}): ${log}`));
      });
    });
  const kill = async (): Promise<void> => {
    const c = child;
    if (!c || c.exitCode !== null || c.signalCode !== null) return;
    const exited = new Promise((resolve) => c.once('exit', resolve));
    c.kill('SIGKILL');
    await exited;
  };
  await start();
  return {
    port,
    monitorPort,
    storeDir,
    url: `nats://127.0.0.1:${port}`,
    kill,
    start,
    async streamMessages(stream) {
      const res = await fetch(`http://127.0.0.1:${monitorPort}/jsz?streams=true`);
      const jsz = (await res.json()) as { account_details?: { stream_detail?: { name: string; state: { messages: number } }[] }[] };
      for (const a of jsz.account_details ?? []) for (const s of a.stream_detail ?? []) if (s.name === stream) return s.state.messages;
      return 0;
    },
    async stop() {
      await kill();
      rmSync(storeDir, { recursive: true, force: true });
    },
  };
}

/** Every message of `stream`, in stream order: subject, Nats-Msg-Id and data (an ordered consumer). */
export async function readStream(server: NatsServer, stream: string): Promise<{ subject: string; id: string; data: string }[]> {
  const { connect } = await import('@nats-io/transport-node');
  const { jetstream, jetstreamManager } = await import('@nats-io/jetstream');
  const nc = await connect({ servers: `127.0.0.1:${server.port}` });
  try {
    const total = (await (await jetstreamManager(nc)).streams.info(stream)).state.messages;
    const out: { subject: string; id: string; data: string }[] = [];
    if (total === 0) return out;
    const consumer = await jetstream(nc).consumers.get(stream);
    const messages = await consumer.consume();
    for await (const m of messages) {
      out.push({ subject: m.subject, id: m.headers?.get('Nats-Msg-Id') ?? '', data: m.string() });
      if (out.length === total) break;
    }
    await messages.close();
    return out;
  } finally {
    await nc.close();
  }
}
