/**
 * Replay scaling (issue 18, part 3): the recorded batches of several busy
 * processes split among N worker threads by thread (thread-split.ts: what a
 * native poller would do), each worker decoding and encoding its share to
 * JSON (/dev/null) with a pipeline of its own, written from the records'
 * bytes as the live tracer writes them (EventPipeline.printRecordsWith). Events/s of the whole against
 * one worker, over the same records.
 *
 * What is timed is the steady state a long-running tracer is in:
 * - Each worker replays its share through one pipeline: PASSES times
 *   untimed (V8 optimizes the decoder's functions only after some thousand
 *   batches), then, once the process is idle, PASSES times more, timed. Each later
 *   pass finds the one before's process tree (its processes exited) and
 *   forks them again, as with reused pids; it writes the same events. Measured: without a
 *   warm-up, V8's background threads compile optimized code inside the timed
 *   region (300 ms of CPU with one worker, 450–560 ms with two): one worker
 *   leaves them the second core, two compete with them for it. A fresh
 *   pipeline after a warm-up is no cure: its first records deoptimize much
 *   of what was compiled (about 50 optimizations in the timed region against
 *   5–8 this way). Timing only what follows a warm prefix of the recording
 *   leaves the threads' shares of the rest uneven (5–10% apart with four).
 * - The workers start together on a shared flag, not a message each. The
 *   clock runs from that flag to the last worker's end (its own clock, not
 *   the message's arrival).
 * One worker gets the same warm-up, start and V8 settings (the defaults) as
 * N, and times the same records: the events written must be equal.
 *
 * Also reported, from /proc: the CPU time of each worker's thread, of this
 * process's other threads (V8's compiler and GC helpers, the main thread),
 * and of every other process on the host (another bench, say: a run where
 * they took much is disturbed, see othersShare).
 *
 *   npx tsx bench/replay-workers.ts FILE WORKERS [COMM EVENTS] [--json]   (FILE: a recording, or bench/replay.ts record's format)
 */
import { readFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { loadBatches } from './replay.js';
import { splitByThread, type Batch } from './thread-split.js';

/**
 * Timed passes over the recording: one pass of the P2-sized recording is
 * about 0.1 s with one worker, where a thread's start and the 10 ms CPU
 * clock tick weigh in the ratio.
 */
const PASSES = Number(process.env.REPLAY_PASSES ?? 8);

/** The process counts as idle (background compiles done) when it uses less CPU than this in a 50 ms window. */
const IDLE_CPU_MS = 5;

export interface WorkersResult {
  events: number;
  /** Events written by each worker. */
  perWorker: number[];
  eventsPerSecond: number;
  wallMs: number;
  /** CPU time of each worker's own thread in the timed region. */
  workerCpuMs: number[];
  /** CPU time of this process's other threads meanwhile (V8 helpers, the main thread). */
  helperCpuMs: number;
  /** CPU time of everything else on the host meanwhile: a run with much is disturbed. */
  othersCpuMs: number;
}

interface Done { events: number; endNs: string; cpuMs: number }

/** The share of the host's CPU time (all cores, while the run took) that other processes used. */
export function othersShare(r: WorkersResult, cpus = availableParallelism()): number {
  return r.othersCpuMs / (r.wallMs * cpus);
}

/** USER_HZ is 100 on Linux. */
const TICK_MS = 10;
function threadCpuMs(): number {
  const stat = readFileSync('/proc/thread-self/stat', 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(f[11]) + Number(f[12])) * TICK_MS; // utime, stime
}
/** Busy CPU time of the whole host (user, nice, system, irq, softirq, steal). */
function hostBusyMs(): number {
  const f = readFileSync('/proc/stat', 'utf8').slice(0, 200).split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  return (f[0] + f[1] + f[2] + f[5] + f[6] + f[7]) * TICK_MS;
}
const processCpuMs = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Replays `file` with `n` workers at once: events/s of the whole, from the common start to the last worker's end. */
export async function playWorkers(file: string, n: number, comm: string, events: string[], passes = PASSES): Promise<WorkersResult> {
  const shares = splitByThread(loadBatches(file), n);
  const go = new Int32Array(new SharedArrayBuffer(4));
  // a worker does not inherit tsx's loader: it registers it, then loads this file
  const boot = `import('tsx/esm/api').then((t) => t.register()).then(() => import(${JSON.stringify(import.meta.url)}))`;
  const workers = shares.map((share) => new Worker(boot, { eval: true, workerData: { share, comm, events, go, passes } }));
  const ready: Promise<void>[] = [];
  const done = workers.map((w) => new Promise<Done>((resolve, reject) => {
    ready.push(new Promise((isReady) => w.on('message', (m: 'ready' | Done) => (m === 'ready' ? isReady() : resolve(m)))));
    w.once('error', reject);
  }));
  await Promise.race([Promise.all(ready), Promise.all(done)]); // a worker's error ends the wait
  for (let i = 0; i < 40; i++) {
    const c = processCpuMs();
    await sleep(50);
    if (processCpuMs() - c < IDLE_CPU_MS) break;
  }
  const [cpu0, host0] = [processCpuMs(), hostBusyMs()];
  const t0 = process.hrtime.bigint();
  Atomics.store(go, 0, 1);
  Atomics.notify(go, 0);
  const results = await Promise.all(done);
  const wallMs = Number(results.reduce((m, r) => (BigInt(r.endNs) > m ? BigInt(r.endNs) : m), t0) - t0) / 1e6;
  const [cpu1, host1] = [processCpuMs(), hostBusyMs()];
  await Promise.all(workers.map((w) => w.terminate()));
  const perWorker = results.map((r) => r.events);
  const sum = perWorker.reduce((a, b) => a + b, 0);
  const workerCpuMs = results.map((r) => r.cpuMs);
  const helperCpuMs = Math.max(0, Math.round(cpu1 - cpu0 - workerCpuMs.reduce((a, b) => a + b, 0)));
  return { events: sum, perWorker, eventsPerSecond: sum / (wallMs / 1e3), wallMs, workerCpuMs, helperCpuMs, othersCpuMs: Math.max(0, Math.round(host1 - host0 - (cpu1 - cpu0))) };
}

/** A full collection, as global.gc() with --expose-gc (which workers started by eval would need passed on). */
function collectGarbage(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

async function worker(): Promise<void> {
  const { share, comm, events, go, passes } = workerData as { share: Batch[]; comm: string; events: string[]; go: Int32Array; passes: number };
  const { EventPipeline } = await import('../src/tracer/event-pipeline.js');
  const { policyFromFlags } = await import('../src/policy/policy-set.js');
  const { compileKernelConfig } = await import('../src/policy/kernel-config.js');
  const { JsonPrinter } = await import('../src/output/json-printer.js');
  const { OutputStream } = await import('../src/output/output-stream.js');
  const policies = [policyFromFlags([`comm=${comm}`], events)];
  const kc = compileKernelConfig(policies, { slot: 0, generation: 1, startNs: 0n, trackFds: false });
  const out = new OutputStream('/dev/null');
  const printer = new JsonPrinter(out, { parseArguments: false, parseArgumentsFds: false });
  const pipeline = new EventPipeline({ clockOffset: 0n, symbolic: false, trackFds: false, containerCgroupMount: '' }, (e) => printer.print(e));
  pipeline.addPolicies(1, policies, kc);
  pipeline.printRecordsWith(printer); // as the live tracer with one -o json: lines from the records' bytes
  const batches = share.map((s) => ({ b: Buffer.from(s.b.buffer, s.b.byteOffset, s.b.byteLength), ring: s.ring }));
  for (let p = 0; p < passes; p++) for (const { b, ring } of batches) pipeline.push(b, ring);
  // The first full collection after the warm-up frees what setting up left, and V8 throws away the
  // optimized decode and encode that referred to it ("weak objects") and compiles them again:
  // measured, 130–230 ms of its compiler threads inside the timed region, once, not again in 24
  // passes. A tracer that has run a while is past it: here it is done before timing, then one pass more.
  collectGarbage();
  for (const { b, ring } of batches) pipeline.push(b, ring);
  out.flush();
  const warmEvents = pipeline.counters.written;
  parentPort!.postMessage('ready');
  Atomics.wait(go, 0, 0);
  const cpu0 = threadCpuMs();
  for (let p = 0; p < passes; p++) for (const { b, ring } of batches) pipeline.push(b, ring);
  out.close();
  const endNs = process.hrtime.bigint();
  parentPort!.postMessage({ events: pipeline.counters.written - warmEvents, endNs: endNs.toString(), cpuMs: threadCpuMs() - cpu0 } satisfies Done);
}

/**
 * playWorkers in a process of its own, as a tracer starts its workers once.
 * Measured (2026-12-04): one process running 2, 2, 1, 2 workers in turn
 * wrote 12.7, 9.3, 6.0, 7.7 M events/s, the workers' CPU time for the same
 * events growing from 410 to 740 ms, while fresh processes gave 14–15 M
 * each time: what the runs before left (their workers' heaps, the copies
 * of the batches) slowed the ones after, by more the more workers they had.
 */
export async function playWorkersApart(file: string, n: number, comm: string, events: string[], passes = PASSES): Promise<WorkersResult> {
  const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), file, String(n), comm, events.join(','), '--json'], {
    env: { ...process.env, REPLAY_PASSES: String(passes) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d));
  child.stderr.on('data', (d: Buffer) => (stderr += d));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  if (code !== 0) throw new Error(`replay-workers.ts ${n} workers exited (${code}): ${stderr.trim().slice(-400)}`);
  return JSON.parse(stdout) as WorkersResult;
}

if (!isMainThread) void worker();
else if (import.meta.url === `file://${process.argv[1]}`) {
  const json = process.argv.includes('--json');
  const [file, n, comm, events] = process.argv.slice(2).filter((a) => a !== '--json');
  const r = await playWorkers(file, Number(n ?? 2), comm ?? 'replaybusy', (events ?? 'syscalls').split(','));
  if (json) console.log(JSON.stringify(r));
  else console.log(`events=${r.events}\nothers_share=${othersShare(r).toFixed(3)}\nper_worker=${r.perWorker.join(',')}\nevents_per_second=${r.eventsPerSecond.toFixed(0)}\nworker_cpu_ms=${r.workerCpuMs.join(',')}\nhelper_cpu_ms=${r.helperCpuMs}\nothers_cpu_ms=${r.othersCpuMs}`);
}
