/**
 * -o webhook:URL with the real tracer and a real HTTP server in the test:
 * an outage at the start loses nothing, a server that never answers costs
 * no more memory than the buffer, an unreachable one is a warning, and a
 * bad URL is one line with exit code 2.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createServer, type Server, type ServerResponse } from 'node:http';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { compileTrigger, parseJsonLines, run, SYSRAY, traceDuring } from '../helpers/trace.js';

interface Hook {
  port: number;
  /** The event lines received in accepted (2xx) requests, in order. */
  accepted: string[];
  requests: number;
  close(): Promise<void>;
}

/** An HTTP server taking ndjson bodies; `answer` gives the status of each request, or 'hang' for none. */
async function startHook(answer: () => number | 'hang'): Promise<Hook> {
  const hook: Hook = { port: 0, accepted: [], requests: 0, close: async () => undefined };
  const hanging: ServerResponse[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (d: Buffer) => chunks.push(d));
    req.on('end', () => {
      hook.requests++;
      const status = answer();
      if (status === 'hang') return void hanging.push(res);
      if (status >= 200 && status < 300) hook.accepted.push(...Buffer.concat(chunks).toString('utf8').split('\n').filter((l) => l));
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  hook.port = (server.address() as AddressInfo).port;
  hook.close = () => {
    server.closeAllConnections();
    return new Promise<void>((r) => server.close(() => r()));
  };
  return hook;
}

async function until(what: string, cond: () => boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`never: ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

function rssKiB(pid: number): number {
  return Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]);
}

/** The stop line's part about the webhook: delivered, undelivered, dropped by cause, retries. */
function sinkCounts(stderr: string): { delivered: number; undelivered: number; dropped: number; causes: Record<string, number>; retries: number } {
  const m = /; webhook \S+: (\d+) delivered, (\d+) undelivered, (\d+) dropped(?: \(([^)]*)\))?(?:, (\d+) retries)?/.exec(stderr);
  assert.ok(m, `no webhook counts in the stop line: ${stderr}`);
  const causes = Object.fromEntries((m[4] ?? '').split(', ').filter((c) => c).map((c) => [c.split(' ')[0], Number(c.split(' ')[1])]));
  return { delivered: Number(m[1]), undelivered: Number(m[2]), dropped: Number(m[3]), causes, retries: Number(m[5] ?? 0) };
}

test('a webhook that answers 500 for its first 2 s gets every event exactly once, as -o json writes them', async () => {
  const CALLS = 2000;
  let firstAt = 0;
  const hook = await startHook(() => {
    firstAt ||= Date.now();
    return Date.now() - firstAt < 2000 ? 500 : 200;
  });
  const storm = compileTrigger('storm');
  try {
    const r = await traceDuring(['-e', 'getppid', '-s', 'comm=storm', '-o', `webhook:http://127.0.0.1:${hook.port}/events?format=ndjson&batch=300`], async () => {
      await run(storm, [String(CALLS)]);
      await until(`${CALLS} events at the webhook`, () => hook.accepted.length >= CALLS);
    });
    assert.equal(r.exitCode, 0, r.stderr);
    assert.equal(r.lost, 0, r.stderr);
    assert.equal(r.events.length, CALLS);
    assert.deepEqual(parseJsonLines(hook.accepted.join('\n')), r.events, 'the same events, in the same order, none twice');
    const counts = sinkCounts(r.stderr);
    assert.equal(counts.delivered, CALLS);
    assert.equal(counts.undelivered, 0);
    assert.equal(counts.dropped, 0);
    assert.ok(counts.retries > 0, `retries: ${r.stderr}`);
    assert.ok(hook.requests > CALLS / 300, 'the 500s were answered to real requests');
    // one warning for the outage, one when it is over
    assert.equal(r.stderr.match(/sysray: webhook .*not delivered \(the server answered 500\)/g)?.length, 1, r.stderr);
    assert.equal(r.stderr.match(/sysray: webhook .*delivering again/g)?.length, 1, r.stderr);
  } finally {
    await hook.close();
  }
});

/** The tracer's RSS growth (KiB) from ready to the end of a getppid storm of `calls`, with `extra` outputs. */
async function rssGrowthDuringStorm(extra: string[], calls: number): Promise<{ growthKiB: number; stderr: string; exitCode: number | null; jsonBytes: number }> {
  const storm = compileTrigger('storm');
  let base = 0;
  let peak = 0;
  const r = await traceDuring(['-e', 'getppid', '-s', 'comm=storm', ...extra], async (t) => {
    const pid = t.process.pid!;
    base = rssKiB(pid);
    const sampler = setInterval(() => (peak = Math.max(peak, rssKiB(pid))), 25);
    try {
      await run(storm, [String(calls)]);
      // what the tracer still reads and encodes after the storm
      await new Promise((res) => setTimeout(res, 1500));
      peak = Math.max(peak, rssKiB(pid));
    } finally {
      clearInterval(sampler);
    }
  });
  const jsonBytes = r.events.reduce((n, e) => n + JSON.stringify(e).length + 1, 0);
  return { growthKiB: peak - base, stderr: r.stderr, exitCode: r.exitCode, jsonBytes };
}

test('a webhook that never answers: memory stays bounded by buffer=, the oldest events are dropped counted queue_full', async () => {
  const CALLS = 600_000;
  const hook = await startHook(() => 'hang');
  try {
    const control = await rssGrowthDuringStorm([], CALLS);
    const hung = await rssGrowthDuringStorm(['-o', `webhook:http://127.0.0.1:${hook.port}/?buffer=1M&timeout=1s`], CALLS);
    process.stderr.write(`# rss growth: ${hung.growthKiB} KiB with a hung webhook (buffer=1M), ${control.growthKiB} KiB without; ${hung.jsonBytes} bytes of JSON\n`);
    assert.equal(hung.exitCode, 0, hung.stderr);
    const counts = sinkCounts(hung.stderr);
    assert.equal(counts.delivered, 0);
    assert.ok(counts.causes.queue_full > 0, hung.stderr);
    assert.equal(counts.undelivered, 0, 'what was held is counted dropped (stopped) at the close');
    assert.ok(counts.causes.stopped > 0 && counts.causes.stopped * 200 <= 1 << 20, `the last MiB, held until the stop: ${hung.stderr}`);
    const written = Number(/(\d+) events written/.exec(hung.stderr)![1]);
    assert.equal(counts.dropped, written, 'every event written is counted dropped: none silently');
    // generous (garbage Buffers wait for a full GC: 35-75 MiB more than the control measured), yet below
    // what an unbounded queue would hold, which is at least all the JSON: else this could not fail
    const marginKiB = 112 << 10;
    assert.ok(hung.jsonBytes / 1024 > 1.1 * marginKiB, `the storm made only ${hung.jsonBytes} bytes of JSON`);
    assert.ok(
      hung.growthKiB - control.growthKiB < marginKiB,
      `RSS grew ${hung.growthKiB} KiB with the hung webhook, ${control.growthKiB} KiB without (${hung.jsonBytes} bytes of JSON)`,
    );
  } finally {
    await hook.close();
  }
});

test('an unreachable webhook at start is one warning line, without credentials; the run goes on and exits 0', async () => {
  const probe = await startHook(() => 200);
  const port = probe.port;
  await probe.close();
  const storm = compileTrigger('storm');
  const r = await traceDuring(['-e', 'getppid', '-s', 'comm=storm', '-o', `webhook:http://ops:s3cret@127.0.0.1:${port}/h`], async (t) => {
    await run(storm, ['100']);
    await t.waitFor(/webhook .*not delivered/);
  });
  assert.equal(r.exitCode, 0, r.stderr);
  assert.equal(r.events.length, 100, 'the other outputs go on');
  const lines = r.stderr.trim().split('\n');
  assert.equal(lines.filter((l) => /not delivered/.test(l)).length, 1, r.stderr);
  assert.match(r.stderr, new RegExp(`sysray: webhook http://\\*\\*\\*:\\*\\*\\*@127\\.0\\.0\\.1:${port}/h: not delivered \\(.*ECONNREFUSED.*\\); retrying`));
  assert.ok(!r.stderr.includes('s3cret') && !r.stderr.includes('ops:'), r.stderr);
  const counts = sinkCounts(r.stderr);
  assert.deepEqual([counts.delivered, counts.undelivered, counts.causes], [0, 0, { stopped: 100 }]);
  assert.ok(counts.retries > 0);
});

/** Runs sysray to its end; its exit code and stderr. */
function sysray(args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [SYSRAY, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr!.on('data', (d) => (stderr += d));
    child.once('exit', (code) => resolve({ code, stderr }));
  });
}

test('a malformed webhook URL, an unknown option or a bad value: one line, exit 2, before tracing', async () => {
  for (const [target, said] of [
    ['webhook:http://', /-o webhook: not a valid URL/],
    ['webhook:ftp://127.0.0.1/x', /scheme "ftp:"/],
    ['webhook:http://127.0.0.1:1/x?retries=3', /unknown option "retries"/],
    ['webhook:http://127.0.0.1:1/x?timeout=soon', /timeout=soon is not a duration/],
    ['webhook:http://127.0.0.1:1/x?buffer=lots', /buffer=lots is not a size/],
  ] as const) {
    const r = await sysray(['-e', 'getppid', '-o', target]);
    assert.equal(r.code, 2, `${target}: ${r.stderr}`);
    const lines = r.stderr.trim().split('\n');
    assert.equal(lines.length, 1, `${target}: ${r.stderr}`);
    assert.match(lines[0], /^sysray: /);
    assert.match(lines[0], said);
    assert.ok(!r.stderr.includes('ready'), 'never started tracing');
  }
});
