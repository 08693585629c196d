/**
 * User space alone: batches recorded from the real tracer (every syscall of
 * the busy workload) replayed through decode → process context → policies →
 * JSON, on one core, with no kernel in the loop. Events per second.
 *
 *   npx tsx bench/replay.ts record FILE [rounds [N]]  trace the busy workload (N at once), keep its batches
 *   npx tsx bench/replay.ts play FILE [passes [COMM EVENTS]]  replay them; prints events and events/s
 *   npx tsx bench/replay.ts profile FILE [passes [COMM EVENTS]]  one pass, then `passes` under V8's profiler: self time by function (JSON)
 *
 * `play` loads no BPF, so it can run under `node --cpu-prof` (a profiler's
 * signals abort the kernel's verifier, so the tracer itself cannot).
 */
import { readFileSync, openSync, closeSync, writeSync } from 'node:fs';
import { Tracer } from '../src/tracer/tracer.js';
import { EventPipeline } from '../src/tracer/event-pipeline.js';
import { policyFromFlags } from '../src/policy/policy-set.js';
import { compileKernelConfig } from '../src/policy/kernel-config.js';
import { JsonPrinter } from '../src/output/json-printer.js';
import { OutputStream } from '../src/output/output-stream.js';
import { compileWorkload, runWorkload } from './bench-process.js';
import { RecordingReader } from '../src/record/recording-reader.js';
import { ChunkKind } from '../src/record/recording-format.js';
import { Session } from 'node:inspector';
import { topSelfTime } from './self-time.js';

const COMM = 'replaybusy';
const EVENTS = ['syscalls'];

/** What to record: a workload (bench/workloads or test/triggers), its argument, the events. */
export interface ReplayWorkload {
  name: string;
  comm: string;
  events: string[];
}

const BUSY: ReplayWorkload = { name: 'busy', comm: COMM, events: EVENTS };

/** File format: u32 length (top bit: from the security ring) + batch, repeated. */
export async function record(file: string, rounds: number, workload: ReplayWorkload = BUSY, parallel = 1): Promise<number> {
  const busy = compileWorkload(workload.name, workload.comm);
  const batches: { b: Buffer; ring: number }[] = [];
  const tracer = new Tracer({
    ringBufferBytes: 64 << 20, captureEnv: false, symbolic: false, containerRuntimes: false,
    onBatch: (b, ring) => batches.push({ b: Buffer.from(b), ring }),
  });
  tracer.setPolicies([policyFromFlags([`comm=${workload.comm}`], workload.events)]);
  tracer.start(() => undefined);
  // `parallel` processes at once: a recording several threads share (bench/replay-workers.ts)
  await Promise.all(Array.from({ length: parallel }, () => runWorkload(busy, [rounds])));
  const summary = await tracer.stop();
  const fd = openSync(file, 'w');
  const len = Buffer.alloc(4);
  for (const { b, ring } of batches) {
    len.writeUInt32LE((b.length | (ring << 31)) >>> 0);
    writeSync(fd, len);
    writeSync(fd, b);
  }
  closeSync(fd);
  // the replay is of what was recorded: say what the recording missed
  if (summary.lost > 0n) process.stderr.write(`bench: replay recording of ${workload.name}: ${summary.lost} events lost while recording (the replay has ${summary.written})\n`);
  return summary.written;
}

/** The batches of a recording of `sysray record` (its record chunks), or of this file's own format. */
export function loadBatches(file: string): { b: Buffer; ring: number }[] {
  const data = readFileSync(file);
  const out: { b: Buffer; ring: number }[] = [];
  if (data.subarray(0, 8).toString('latin1') === 'SYSRAYRC') {
    const reader = new RecordingReader({ onProblem: (line) => process.stderr.write(`${line}\n`) });
    reader.open(file);
    for (const c of reader.chunks()) {
      if (c.kind === ChunkKind.recordsBulk || c.kind === ChunkKind.recordsSecurity) out.push({ b: c.payload, ring: c.kind === ChunkKind.recordsSecurity ? 1 : 0 });
    }
    reader.close();
    return out;
  }
  for (let at = 0; at + 4 <= data.length; ) {
    const word = data.readUInt32LE(at);
    const n = word & 0x7fffffff;
    out.push({ b: data.subarray(at + 4, at + 4 + n), ring: word >>> 31 });
    at += 4 + n;
  }
  return out;
}

/** Replays the batches `passes` times through a fresh pipeline each; JSON to /dev/null. */
export function play(file: string | readonly { b: Buffer; ring: number }[], passes: number, workload: ReplayWorkload = BUSY, o: { out?: string; fromBytes?: boolean; native?: boolean } = {}): { events: number; eventsPerSecond: number } {
  const batches = typeof file === 'string' ? loadBatches(file) : file;
  const policies = [policyFromFlags([`comm=${workload.comm}`], workload.events)];
  const kc = compileKernelConfig(policies, { slot: 0, generation: 1, startNs: 0n, trackFds: false });
  let events = 0;
  let ns = 0n;
  for (let p = 0; p < passes; p++) {
    const out = new OutputStream(o.out ?? '/dev/null');
    const printer = new JsonPrinter(out, { parseArguments: false, parseArgumentsFds: false });
    const pipeline = new EventPipeline(
      { clockOffset: 0n, symbolic: false, trackFds: false, containerCgroupMount: '' },
      (e) => printer.print(e),
    );
    pipeline.addPolicies(1, policies, kc);
    if (o.fromBytes !== false) pipeline.printRecordsWith(printer, o.native !== false);
    const t0 = process.hrtime.bigint();
    for (const { b, ring } of batches) pipeline.push(b, ring);
    out.close();
    ns += process.hrtime.bigint() - t0;
    events += pipeline.counters.written;
  }
  return { events, eventsPerSecond: events / (Number(ns) / 1e9) };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [mode, file, n, comm, events] = process.argv.slice(2);
  if (mode === 'record' && file) {
    console.log(`recorded ${await record(file, Number(n ?? 100000), undefined, Number(comm ?? 1))} events`);
  } else if (mode === 'profile' && file) {
    const w = comm && events ? { name: '', comm, events: events.split(',') } : undefined;
    const batches = loadBatches(file);
    play(batches, 1, w); // compiled and warm: the profile is of the replay, not of start-up or the file's read
    const session = new Session();
    session.connect();
    const post = <T>(method: string, params: object = {}): Promise<T> =>
      new Promise((resolve, reject) => session.post(method, params, (err, r) => (err ? reject(err) : resolve(r as T))));
    await post('Profiler.enable');
    await post('Profiler.start');
    play(batches, Number(n ?? 3), w);
    const { profile } = await post<{ profile: Parameters<typeof topSelfTime>[0] }>('Profiler.stop');
    console.log(JSON.stringify(topSelfTime(profile, 8)));
  } else if (mode === 'play' && file) {
    const r = play(file, Number(n ?? 3), comm && events ? { name: '', comm, events: events.split(',') } : undefined,
      { out: process.env.REPLAY_OUT, fromBytes: process.env.REPLAY_FROM_BYTES !== '0', native: process.env.REPLAY_NATIVE !== '0' });
    console.log(`events=${r.events}\nevents_per_second=${r.eventsPerSecond.toFixed(0)}`);
  } else {
    console.error('usage: replay.ts record FILE [rounds] | play FILE [passes]');
    process.exitCode = 2;
  }
}

