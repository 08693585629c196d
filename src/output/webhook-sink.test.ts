/**
 * The webhook sink against a real HTTP server on 127.0.0.1 (node:http):
 * what it POSTs, when, and what it counts for each kind of answer.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebhookSink, backoffMs, retryAfterMs } from './webhook-sink.js';
import { parseWebhookOptions } from './webhook-options.js';

interface Received {
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
  at: number;
}

/** What the server does with the nth request (from 0): answer a status (with headers), or never answer. */
type Answer = { status: number; headers?: Record<string, string> } | 'hang';

interface TestServer {
  port: number;
  received: Received[];
  close(): Promise<void>;
}

async function startServer(answer: (n: number) => Answer = () => ({ status: 200 })): Promise<TestServer> {
  const received: Received[] = [];
  const hanging: ServerResponse[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      const a = answer(received.length);
      received.push({ url: req.url!, headers: req.headers, body, at: Date.now() });
      if (a === 'hang') hanging.push(res);
      else res.writeHead(a.status, a.headers).end('ok');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    port: (server.address() as AddressInfo).port,
    received,
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((r) => server.close(() => r()));
    },
  };
}

function sinkFor(url: string, warnings: string[] = []): WebhookSink {
  const u = new URL(url);
  return new WebhookSink(u, parseWebhookOptions(u), { nodeName: 'node1', warn: (l) => warnings.push(l) });
}

const line = (i: number): Buffer => Buffer.from(JSON.stringify({ eventName: 'getppid', seq: i }));
const pushAll = (sink: WebhookSink, from: number, to: number): void => {
  for (let i = from; i < to; i++) sink.push(line(i));
};

async function until(what: string, cond: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`never: ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

const seqsOf = (r: Received): number[] => (JSON.parse(r.body) as { seq: number }[]).map((e) => e.seq);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test('a batch goes when it holds batch= events; the rest waits for the interval or the close', async () => {
  const server = await startServer();
  const sink = sinkFor(`http://127.0.0.1:${server.port}/hook?batch=3&interval=10s`);
  pushAll(sink, 0, 7);
  await until('two requests', () => server.received.length === 2);
  await sleep(300);
  assert.equal(server.received.length, 2, 'the seventh event waits: its batch is neither full nor old');
  await sink.close(2000);
  assert.deepEqual(server.received.map(seqsOf), [[0, 1, 2], [3, 4, 5], [6]]);
  assert.deepEqual(server.received.map((r) => r.url), ['/hook', '/hook', '/hook'], 'the options are not sent');
  const st = sink.stats();
  assert.equal(st.delivered, 7);
  assert.equal(st.queued, 0);
  assert.deepEqual(st.dropped, {});
  assert.equal(st.retries, 0);
  assert.equal(st.state, 'closed');
  await server.close();
});

test('a batch that does not fill goes after interval=', async () => {
  const server = await startServer();
  const sink = sinkFor(`http://127.0.0.1:${server.port}/?interval=150ms`);
  const pushedAt = Date.now();
  pushAll(sink, 0, 3);
  await until('a request', () => server.received.length === 1);
  assert.ok(server.received[0].at - pushedAt >= 140, `sent ${server.received[0].at - pushedAt} ms after the push, before the interval`);
  assert.deepEqual(seqsOf(server.received[0]), [0, 1, 2]);
  await sink.close(1000);
  assert.equal(sink.stats().delivered, 3);
  await server.close();
});

test('format=json: one JSON array a request; format=ndjson: the event lines, each ended by a newline', async () => {
  const server = await startServer();
  const json = sinkFor(`http://127.0.0.1:${server.port}/j?interval=0`);
  pushAll(json, 0, 1);
  await json.close(1000);
  const nd = sinkFor(`http://127.0.0.1:${server.port}/n?format=ndjson&batch=2&interval=1m`);
  pushAll(nd, 0, 2);
  await nd.close(1000);
  const [j, n] = server.received;
  assert.equal(j.headers['content-type'], 'application/json');
  assert.equal(j.body, `[${line(0)}]`);
  assert.equal(n.headers['content-type'], 'application/x-ndjson');
  assert.equal(n.body, `${line(0)}\n${line(1)}\n`);
  assert.equal(n.headers['content-length'], String(Buffer.byteLength(n.body)));
  await server.close();
});

test('a 4xx drops the batch counted rejected, warns once per status, and never shows the password', async () => {
  const server = await startServer((n) => ({ status: n < 2 ? 400 : 404 }));
  const warnings: string[] = [];
  const sink = sinkFor(`http://alice:s3cret@127.0.0.1:${server.port}/h?batch=2&interval=0`, warnings);
  pushAll(sink, 0, 7);
  await sink.close(2000);
  assert.equal(server.received.length, 4, 'each batch sent once: a 4xx is not retried');
  assert.equal(server.received[0].headers.authorization, `Basic ${Buffer.from('alice:s3cret').toString('base64')}`);
  const st = sink.stats();
  assert.deepEqual(st.dropped, { rejected: 7 });
  assert.equal(st.delivered, 0);
  assert.equal(st.retries, 0);
  assert.equal(warnings.length, 2, warnings.join('\n'));
  assert.match(warnings[0], /answered 400/);
  assert.match(warnings[1], /answered 404/);
  assert.equal(st.name, `http://***:***@127.0.0.1:${server.port}/h`);
  for (const w of [...warnings, st.name]) assert.ok(!w.includes('s3cret') && !w.includes('alice'), w);
  await server.close();
});

test('5xx answers are retried with the same events in the same order until a 2xx: each delivered once', async () => {
  const server = await startServer((n) => ({ status: n < 3 ? 503 : 200 }));
  const warnings: string[] = [];
  const sink = sinkFor(`http://127.0.0.1:${server.port}/?batch=4&interval=1m`, warnings);
  pushAll(sink, 0, 4);
  await until('the first failure', () => server.received.length >= 1);
  pushAll(sink, 4, 6);
  await until('all delivered', () => sink.stats().delivered === 6);
  const st = sink.stats();
  assert.equal(st.retries, 3);
  assert.equal(st.state, 'connected');
  const accepted = server.received.slice(3).flatMap(seqsOf);
  assert.deepEqual(accepted, [0, 1, 2, 3, 4, 5], 'the failed batch first, then what came meanwhile');
  assert.deepEqual(server.received.slice(0, 3).map(seqsOf), [[0, 1, 2, 3], [0, 1, 2, 3], [0, 1, 2, 3]]);
  assert.equal(warnings.length, 2, warnings.join('\n'));
  assert.match(warnings[0], /not delivered \(the server answered 503\); retrying/);
  assert.match(warnings[1], /delivering again/);
  await sink.close(1000);
  await server.close();
});

test('429 with Retry-After: the next try waits what the server asked', async () => {
  const server = await startServer((n) => (n === 0 ? { status: 429, headers: { 'retry-after': '1' } } : { status: 204 }));
  const sink = sinkFor(`http://127.0.0.1:${server.port}/?interval=0`);
  pushAll(sink, 0, 2);
  await until('delivered', () => sink.stats().delivered === 2);
  const gap = server.received[1].at - server.received[0].at;
  assert.ok(gap >= 950, `tried again after ${gap} ms, not the 1 s asked`);
  assert.equal(sink.stats().retries, 1);
  await sink.close(1000);
  await server.close();
});

test('a server that never answers: each try ends at timeout=, close drops what is left counted stopped', async () => {
  const server = await startServer(() => 'hang');
  const warnings: string[] = [];
  const sink = sinkFor(`http://127.0.0.1:${server.port}/?timeout=100ms&interval=0`, warnings);
  pushAll(sink, 0, 5);
  await until('two tries', () => server.received.length >= 2);
  assert.ok(sink.stats().retries >= 1);
  assert.match(warnings[0], /not delivered \(no answer within 100 ms\)/);
  await sink.close(200);
  const st = sink.stats();
  assert.equal(st.delivered, 0);
  assert.deepEqual(st.dropped, { stopped: 5 });
  assert.equal(st.queued, 0);
  assert.equal(st.state, 'closed');
  await server.close();
});

test('while the server is away the queue stays within buffer=, dropping the oldest counted queue_full', async () => {
  const server = await startServer(() => 'hang');
  const sink = sinkFor(`http://127.0.0.1:${server.port}/?timeout=10s&buffer=64K&batch=10&interval=0`);
  const pushed = 3000;
  let maxBytes = 0;
  for (let i = 0; i < pushed; i++) {
    sink.push(Buffer.alloc(100, 0x61));
    maxBytes = Math.max(maxBytes, sink.stats().queuedBytes);
  }
  const st = sink.stats();
  assert.ok(maxBytes <= 64 << 10, `${maxBytes} bytes held`);
  assert.equal(st.capacityBytes, 64 << 10);
  assert.equal(st.queued, Math.floor((64 << 10) / 100), 'as many as fit (in flight included)');
  assert.equal(st.dropped.queue_full, pushed - st.queued);
  await sink.close(50);
  assert.equal(sink.stats().dropped.stopped, st.queued);
  await server.close();
});

test('a closed port: one warning, events kept and retried, state down after a few failures', async () => {
  const server = await startServer();
  const port = server.port;
  await server.close();
  const warnings: string[] = [];
  const sink = sinkFor(`http://127.0.0.1:${port}/?interval=0`, warnings);
  pushAll(sink, 0, 3);
  await until('down', () => sink.stats().state === 'down');
  assert.equal(warnings.length, 1, warnings.join('\n'));
  assert.match(warnings[0], /not delivered \(.*ECONNREFUSED.*\); retrying with backoff, keeping up to 64 MiB/);
  assert.equal(sink.stats().queued, 3);
  assert.ok(sink.stats().retries >= 5);
  await sink.close(0);
  assert.deepEqual(sink.stats().dropped, { stopped: 3 });
});

test('backoff doubles from 100 ms to a 10 s cap, jittered within the upper half', () => {
  for (const [n, ceiling] of [[1, 100], [2, 200], [5, 1600], [8, 10_000], [50, 10_000]] as const) {
    for (let i = 0; i < 50; i++) {
      const ms = backoffMs(n);
      assert.ok(ms >= ceiling / 2 && ms <= ceiling, `failure ${n}: ${ms} ms`);
    }
  }
});

test('Retry-After: seconds or an HTTP date, capped at a minute', () => {
  const now = Date.parse('2026-01-01T00:00:00Z');
  assert.equal(retryAfterMs('3', now), 3000);
  assert.equal(retryAfterMs(['2'], now), 2000);
  assert.equal(retryAfterMs('Thu, 01 Jan 2026 00:00:05 GMT', now), 5000);
  assert.equal(retryAfterMs('3600', now), 60_000);
  assert.equal(retryAfterMs('soon', now), undefined);
  assert.equal(retryAfterMs(undefined, now), undefined);
});
