/**
 * --server and --log-format with the real tracer: /metrics counts exactly
 * the events written, /healthz turns 503 when the poll thread really stops
 * (the SYSRAY_TEST_POLLER_STALL_AFTER_MS hook), JSON logs carry the ready
 * and stop lines' fields, and bad flags are one line.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SYSRAY, compileTrigger, run, traceDuring, type RunningTracer } from '../helpers/trace.js';
import { renamedProgram } from '../helpers/renamed-program.js';
import { samples } from '../helpers/prometheus-text.js';

/** The address sysray says it listens on (port 0: the kernel chose it). */
async function serverAddress(t: RunningTracer): Promise<string> {
  await t.waitFor(/server: listening on http:\/\/\S+/);
  return /server: listening on http:\/\/([^\s"]+)/.exec(t.stderr())![1];
}


async function scrape(address: string): Promise<Map<string, number>> {
  const r = await fetch(`http://${address}/metrics`);
  assert.equal(r.status, 200);
  return samples(await r.text());
}

async function until<T>(what: string, read: () => Promise<T>, done: (v: T) => boolean, timeoutMs = 15000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await read();
    if (done(v)) return v;
    if (Date.now() > deadline) throw new Error(`${what}: never, last ${JSON.stringify(v instanceof Map ? [...v] : v)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const N = 250;

test('/metrics: openat counted exactly, nothing lost, every sysray_ metric named; /healthz OK; a CPU profile from /debug/pprof', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'sysray-server-'));
  const opens = renamedProgram(compileTrigger('openflood'), 'srvopens');
  let during = new Map<string, number>();
  try {
    const r = await traceDuring(
      ['--server', 'http-address=127.0.0.1:0', '--server', 'healthz', '--server', 'metrics', '--server', 'pprof',
        '-e', `openat.data.pathname=${dir}/*`, '-s', 'comm=srvopens'],
      async (t) => {
        const address = await serverAddress(t);
        const h = await fetch(`http://${address}/healthz`);
        assert.equal(h.status, 200);
        assert.equal(await h.text(), 'OK');
        const before = await scrape(address);
        assert.equal(before.get('sysray_events_total{event="openat"}'), undefined, 'no openat before the workload');
        assert.equal((await run(opens, [String(N), path.join(dir, 'f')])).code, 0);
        during = await until('openat counted', () => scrape(address), (s) => (s.get('sysray_events_total{event="openat"}') ?? 0) >= N);
        const p = await fetch(`http://${address}/debug/pprof/profile?seconds=1`);
        assert.equal(p.status, 200);
        const profile = (await p.json()) as { nodes: unknown[] };
        assert.ok(profile.nodes.length > 0, 'a V8 CPU profile');
      },
    );
    assert.equal(r.exitCode, 0);
    assert.equal(r.events.filter((e) => e.eventName === 'openat').length, N, 'the workload opened N times');
    assert.equal(during.get('sysray_events_total{event="openat"}'), N, 'counted exactly, no more');
    for (const path of ['bulk', 'security']) for (const cause of ['ring_full', 'ring_full_state']) assert.equal(during.get(`sysray_lost_total{path="${path}",cause="${cause}"}`), 0, `${path} ${cause}`);
    assert.equal(during.get('sysray_lost_total{path="decode",cause="malformed"}'), 0);
    assert.equal(r.lost, 0);
    assert.ok((during.get('sysray_kernel_records_total{ring="bulk"}') ?? 0) >= N, 'the kernel wrote at least the N openat records');
    const names = new Set([...during.keys()].map((k) => k.replace(/\{.*/, '')));
    for (const name of [
      'sysray_events_total', 'sysray_kernel_records_total', 'sysray_lost_total', 'sysray_filtered_total', 'sysray_signatures_only_total',
      'sysray_state_only_records_total', 'sysray_output_written_total', 'sysray_ring_fill_ratio', 'sysray_decode_lag_seconds',
      'sysray_last_event_timestamp_seconds', 'sysray_process_resident_memory_bytes', 'sysray_process_cpu_seconds_total',
    ]) assert.ok(names.has(name), `${name} in /metrics`);
    const fill = during.get('sysray_ring_fill_ratio{ring="bulk"}')!;
    assert.ok(fill >= 0 && fill <= 1, `ring fill ${fill}`);
    assert.ok([...during].some(([k, v]) => k.startsWith('sysray_output_written_total{output="json:') && v === N), 'the json output wrote N');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('/healthz: 200 while the poller turns, 503 with the reason once it stalls (SYSRAY_TEST_POLLER_STALL_AFTER_MS)', async () => {
  process.env.SYSRAY_TEST_POLLER_STALL_AFTER_MS = '3000';
  const seen: number[] = [];
  let reason = '';
  try {
    const r = await traceDuring(['--server', 'http-address=127.0.0.1:0', '--server', 'healthz', '-e', 'openat', '-s', 'comm=srvnobody'], async (t) => {
      const address = await serverAddress(t);
      const first = await fetch(`http://${address}/healthz`);
      seen.push(first.status);
      await first.text();
      const last = await until('503', async () => {
        const h = await fetch(`http://${address}/healthz`);
        return { status: h.status, body: await h.text() };
      }, (v) => v.status === 503, 20000);
      seen.push(last.status);
      reason = last.body;
    });
    assert.equal(r.exitCode, 0, 'a stalled poller still drains at stop');
  } finally {
    delete process.env.SYSRAY_TEST_POLLER_STALL_AFTER_MS;
  }
  assert.deepEqual(seen, [200, 503]);
  assert.match(reason, /^the ring buffer poll thread has made no progress for \d+\.\d s \(it turns every 5 ms\): events are not being read\n$/);
});

test('--log-format json: one JSON object a line on stderr, the ready and stop lines with their fields', async () => {
  const r = await traceDuring(['--log-format', 'json', '-e', 'openat', '-s', 'comm=srvnobody'], () => undefined);
  assert.equal(r.exitCode, 0);
  const lines = r.stderr.split('\n').filter((l) => l !== '');
  const logs = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
  const ready = logs.filter((l) => typeof l.msg === 'string' && l.msg.startsWith('ready: '));
  assert.equal(ready.length, 1);
  assert.equal(ready[0].msg, 'ready: tracing openat');
  assert.equal(ready[0].level, 'info');
  assert.deepEqual(ready[0].events, ['openat']);
  const stop = logs.filter((l) => typeof l.msg === 'string' && / events written, /.test(l.msg));
  assert.equal(stop.length, 1);
  assert.equal(stop[0].written, 0);
  assert.equal(stop[0].lost, 0);
  assert.equal(stop[0].lostBulk, 0);
  assert.equal(stop[0].lostSecurity, 0);
  assert.equal(typeof stop[0].kernelRecords, 'number');
  assert.equal(stop[0].kernelRecords, r.kernelRecords, 'the same count as the message says');
  assert.equal(stop[0].level, 'info', 'nothing lost: info');
});

function sysray(args: string[]) {
  const r = spawnSync(process.execPath, [SYSRAY, ...args], { encoding: 'utf8', timeout: 30000 });
  return { code: r.status, stderr: r.stderr };
}

test('bad --server and --log-* values: exit 2, one plain line (JSON logs or not)', () => {
  for (const [args, pattern] of [
    [['--server', 'metrix'], /^sysray: --server metrix: unknown; use http-address=HOST:PORT, healthz, metrics or pprof\n$/],
    [['--server', 'http-address=localhost'], /^sysray: --server http-address=localhost: expected HOST:PORT/],
    [['--log-format', 'json', '--server', 'http-address=127.0.0.1:99999'], /^sysray: --server http-address=127.0.0.1:99999: port "99999" must be a number from 0 to 65535\n$/],
    [['--log-format', 'xml'], /^sysray: --log-format xml: expected one of text, json\n$/],
    [['--log-level', 'loud'], /^sysray: --log-level loud: expected one of debug, info, warn, error\n$/],
  ] as const) {
    const r = sysray([...args, '-e', 'openat']);
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, pattern);
  }
});

test('a port in use: exit 1, one line naming the address', async () => {
  const blocker = createServer();
  await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
  const port = (blocker.address() as { port: number }).port;
  try {
    const r = sysray(['--server', `http-address=127.0.0.1:${port}`, '--server', 'metrics', '-e', 'openat']);
    assert.equal(r.code, 1, r.stderr);
    assert.equal(r.stderr, `sysray: cannot listen on 127.0.0.1:${port} (--server http-address): the address is in use (another sysray?); choose another port\n`);
  } finally {
    blocker.close();
  }
});
