import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startHttpServer } from './http-server.js';
import { EnvironmentError } from '../cli/usage-error.js';
import { takeCpuProfile } from '../cli/cpu-profile.js';

const config = { host: '127.0.0.1', port: 0, healthz: true, metrics: true, pprof: true };

test('endpoints: healthz 200 OK or 503 with the reason, metrics, 404 elsewhere, 405 for POST', async () => {
  let healthy = true;
  const server = await startHttpServer(config, {
    healthz: () => (healthy ? { ok: true, reason: 'OK' } : { ok: false, reason: 'the poll thread is stuck' }),
    metrics: async () => ({ contentType: 'text/plain; version=0.0.4', body: 'sysray_x 1\n' }),
  });
  try {
    const base = `http://${server.address}`;
    let r = await fetch(`${base}/healthz`);
    assert.equal(r.status, 200);
    assert.equal(await r.text(), 'OK');
    healthy = false;
    r = await fetch(`${base}/healthz`);
    assert.equal(r.status, 503);
    assert.equal(await r.text(), 'the poll thread is stuck\n');
    r = await fetch(`${base}/metrics`);
    assert.equal(r.status, 200);
    assert.equal(r.headers.get('content-type'), 'text/plain; version=0.0.4');
    assert.equal(await r.text(), 'sysray_x 1\n');
    r = await fetch(`${base}/debug/pprof/profile?seconds=1`);
    assert.equal(r.status, 404, 'pprof not asked for');
    await r.text();
    r = await fetch(`${base}/metrics`, { method: 'POST' });
    assert.equal(r.status, 405);
    await r.text();
  } finally {
    await server.close();
  }
});

test('pprof: seconds checked, refused while busy, else a V8 CPU profile', async () => {
  let busy: string | undefined = 'the tracer is loading its BPF programs';
  const server = await startHttpServer(config, { profile: { take: (s) => takeCpuProfile(s * 1000), busy: () => busy } });
  try {
    const base = `http://${server.address}/debug/pprof/profile`;
    for (const bad of ['0', '301', 'x', '1.5']) {
      const r = await fetch(`${base}?seconds=${bad}`);
      assert.equal(r.status, 400, bad);
      assert.match(await r.text(), /a whole number of seconds from 1 to 300/);
    }
    let r = await fetch(`${base}?seconds=1`);
    assert.equal(r.status, 503);
    assert.match(await r.text(), /loading its BPF programs/);
    busy = undefined;
    r = await fetch(`${base}?seconds=1`);
    assert.equal(r.status, 200);
    const profile = (await r.json()) as { nodes: unknown[]; startTime: number; endTime: number; samples: number[] };
    assert.ok(Array.isArray(profile.nodes) && profile.nodes.length > 0, 'nodes');
    // V8 times are µs: the profile spans the second asked for
    assert.ok(profile.endTime - profile.startTime >= 900_000, `${profile.endTime - profile.startTime} µs`);
  } finally {
    await server.close();
  }
});

test('a port in use: one line naming the address, exit code 1', async () => {
  const first = await startHttpServer(config, {});
  try {
    const port = Number(first.address.split(':').pop());
    await assert.rejects(startHttpServer({ ...config, port }, {}), (e: Error) =>
      e instanceof EnvironmentError && e.message === `cannot listen on 127.0.0.1:${port} (--server http-address): the address is in use (another sysray?); choose another port`);
  } finally {
    await first.close();
  }
});
