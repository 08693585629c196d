/**
 * D1: what a network output costs sysray per event, against a file output,
 * in the same run: P2's busy process traced with `-o json:FILE`,
 * `-o webhook:` (a local HTTP server in this process) and `-o nats:` (a
 * local nats-server with JetStream). The figure is sysray's own CPU time
 * (user + system, /proc/PID/stat) from ready to exit per event delivered,
 * including what the sink does after SIGTERM to deliver what it still holds
 * (the start, mostly the kernel verifying the programs, is left out).
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { BenchRow, BenchScenario } from './bench-results.js';
import { median, runWorkload, sysraySummary, type RunningTool } from './bench-process.js';

export const FILE_TOOL = 'sysray -o json:FILE';
export const WEBHOOK_TOOL = 'sysray -o webhook';
export const NATS_TOOL = 'sysray -o nats';

/** "; webhook http://…: 12 delivered, 0 undelivered, 3 dropped": the stop line's part for one sink. */
export function sinkDelivered(stderr: string, kind: 'webhook' | 'nats'): { delivered: number; dropped: number } {
  // the name is a URL: no spaces, colons in it
  const m = new RegExp(`; ${kind} \\S+: (\\d+) delivered, \\d+ undelivered, (\\d+) dropped`).exec(stderr);
  if (!m) throw new Error(`no ${kind} counts in sysray's stop line: ${stderr.trim().slice(-300)}`);
  return { delivered: Number(m[1]), dropped: Number(m[2]) };
}

/** A webhook that answers 200 at once and counts the ndjson lines it got. */
async function countingWebhook(): Promise<{ server: Server; url: string; received: () => number }> {
  let lines = 0;
  const server = createServer((req, res) => {
    let last = 10;
    req.on('data', (chunk: Buffer) => {
      for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) lines++;
      if (chunk.length > 0) last = chunk[chunk.length - 1];
    });
    req.on('end', () => {
      if (last !== 10) lines++; // a last line with no newline after it
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return { server, url: `http://127.0.0.1:${port}/events?format=ndjson`, received: () => lines };
}

function hasNatsServer(): boolean {
  try {
    execFileSync('sh', ['-c', 'command -v nats-server'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

async function startNats(): Promise<{ child: ChildProcess; port: number; dir: string }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'sysray-bench-nats-'));
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const port = (probe.address() as AddressInfo).port;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  const child = spawn('nats-server', ['-js', '-sd', dir, '-a', '127.0.0.1', '-p', String(port)], { stdio: ['ignore', 'ignore', 'pipe'] });
  await new Promise<void>((resolve, reject) => {
    let err = '';
    child.stderr!.on('data', (d: Buffer) => {
      err += d;
      if (/Server is ready/.test(err)) resolve();
    });
    child.once('exit', (code) => reject(new Error(`nats-server exited (${code}): ${err.slice(-300)}`)));
  });
  return { child, port, dir };
}

export async function delivery(options: {
  rounds: number;
  busy: string;
  busyRounds: number;
  sysray: (args: string[]) => Promise<RunningTool>;
  work: string;
}): Promise<BenchScenario> {
  const { rounds, busy, busyRounds, work } = options;
  // four of the eight syscalls of each busy round: a rate the file output keeps up with here
  const events = ['-e', 'openat,read,write,close', '-s', 'comm=p2busy'];
  const rows = new Map<string, { runs: number[]; delivered: number; lost: number; dropped: number; workNs: number[] }>();
  const add = (tool: string, cpuMs: number, delivered: number, lost: number, dropped: number, workNs: number): void => {
    let r = rows.get(tool);
    if (!r) rows.set(tool, (r = { runs: [], delivered: 0, lost: 0, dropped: 0, workNs: [] }));
    r.runs.push(delivered > 0 ? (cpuMs * 1e6) / delivered : NaN);
    r.delivered += delivered;
    r.lost += lost;
    r.dropped += dropped;
    r.workNs.push(workNs);
  };
  const hook = await countingWebhook();
  const nats = hasNatsServer() ? await startNats() : undefined;
  try {
    for (let round = 0; round < rounds; round++) {
      const out = path.join(work, 'd1.json');
      rmSync(out, { force: true });
      let s = await options.sysray([...events, '-o', `json:${out}`]);
      let w = await runWorkload(busy, [busyRounds]);
      let stopped = await s.stop();
      let sum = sysraySummary(stopped.stderr);
      add(FILE_TOOL, stopped.cpuMs - s.cpuAtReadyMs, sum.written, sum.lost, 0, Number(w.ns_per_call));

      s = await options.sysray([...events, '-o', `webhook:${hook.url}`]);
      w = await runWorkload(busy, [busyRounds]);
      stopped = await s.stop();
      sum = sysraySummary(stopped.stderr);
      let sink = sinkDelivered(stopped.stderr, 'webhook');
      add(WEBHOOK_TOOL, stopped.cpuMs - s.cpuAtReadyMs, sink.delivered, sum.lost, sink.dropped, Number(w.ns_per_call));

      if (nats) {
        // a stream of its own per run: a stream's subjects are fixed at its creation
        s = await options.sysray([...events, '-o', `nats:nats://127.0.0.1:${nats.port}/bench${round}?stream=BENCH${round}`]);
        w = await runWorkload(busy, [busyRounds]);
        stopped = await s.stop();
        sum = sysraySummary(stopped.stderr);
        sink = sinkDelivered(stopped.stderr, 'nats');
        add(NATS_TOOL, stopped.cpuMs - s.cpuAtReadyMs, sink.delivered, sum.lost, sink.dropped, Number(w.ns_per_call));
      }
    }
  } finally {
    hook.server.close();
    if (nats) {
      nats.child.kill('SIGTERM');
      rmSync(nats.dir, { recursive: true, force: true });
    }
  }
  const row = (tool: string, how: string): BenchRow => {
    const r = rows.get(tool);
    if (!r) return { tool, median: null, runs: [], skipped: 'nats-server not installed (scripts/setup.sh installs it)' };
    return {
      tool, median: median(r.runs), runs: r.runs, written: r.delivered, lost: r.lost + r.dropped,
      note: `${how}; delivered ${r.delivered.toLocaleString('en-US')} over ${rounds} runs, ${r.lost} lost in the kernel ring, ${r.dropped} dropped by the sink; the traced workload ran at ${Math.round(median(r.workNs))} ns per syscall`,
    };
  };
  return {
    id: 'D1', title: 'delivery: sysray CPU per event with a network output, against a file', unit: 'ns/event', lowerIsBetter: true,
    workload: `P2's busy process, ${(busyRounds * 8).toLocaleString('en-US')} syscalls, of which openat, read, write, close traced (${(busyRounds * 4).toLocaleString('en-US')} events); sysray's user + system CPU time from ready to exit per event delivered`,
    rows: [
      row(FILE_TOOL, 'a file, written by the addon\'s writer thread'),
      row(WEBHOOK_TOOL, `ndjson POSTs to a local HTTP server (it got ${hook.received().toLocaleString('en-US')} lines)`),
      row(NATS_TOOL, 'JetStream publishes to a local nats-server -js, acked'),
    ],
  };
}
