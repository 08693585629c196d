/**
 * Replay scaling (issue 18, part 3): the recorded batches of several busy
 * processes split among N worker threads, each decoding and encoding its
 * share to JSON (/dev/null) with a pipeline of its own. Events/s of the
 * whole against one worker, on the same batches.
 *
 * The split is what a native poller would do before handing batches on:
 * records go by their thread (host tid, which ENTRY and EVENT records both
 * carry: a thread's records stay in order, in one worker). Process
 * lifecycle records (fork, exec, exit, cgroups) go to every worker, so each
 * one's process tree is whole; all but one get them with the policy bits
 * cleared, so they update state and are not shown twice. Not covered: the
 * fd table across threads of one process (trackFds is off here).
 *
 *   npx tsx bench/replay-workers.ts FILE WORKERS [COMM EVENTS]   (FILE: a recording, or bench/replay.ts record's format)
 */
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { loadBatches } from './replay.js';
import { EventRecord, EntryRecord, Head, RecordType, RingHeader, TracepointEventId } from '../src/decode/record-layout.js';

const LIFECYCLE = new Set<number>([TracepointEventId.schedProcessFork, TracepointEventId.schedProcessExec, TracepointEventId.schedProcessExit, TracepointEventId.cgroupMkdir, TracepointEventId.cgroupRmdir]);

interface Batch { b: Uint8Array; ring: number }

/** Each batch cut into `n` batches by thread; lifecycle records to all (state only but in their thread's). */
export function splitBatches(batches: readonly Batch[], n: number): Batch[][] {
  const shares: Batch[][] = Array.from({ length: n }, () => []);
  for (const { b, ring } of batches) {
    const buf = Buffer.from(b.buffer, b.byteOffset, b.byteLength);
    const parts: Buffer[][] = Array.from({ length: n }, () => []);
    for (let at = 0; at + RingHeader.bytes <= buf.length; ) {
      const len = buf.readUInt32LE(at) & RingHeader.lenMask;
      const next = at + ((RingHeader.bytes + len + 7) & ~7);
      const off = at + RingHeader.bytes;
      const type = buf.readUInt16LE(off + Head.type);
      const tid = buf.readUInt32LE(off + (type === RecordType.entry ? EntryRecord.hostTid : EventRecord.hostTid));
      const owner = tid % n;
      const rec = buf.subarray(at, next);
      if (type === RecordType.event && LIFECYCLE.has(buf.readUInt32LE(off + EventRecord.eventId))) {
        for (let w = 0; w < n; w++) {
          if (w === owner) parts[w].push(rec);
          else {
            const copy = Buffer.from(rec);
            copy.fill(0, RingHeader.bytes + EventRecord.policies, RingHeader.bytes + EventRecord.policies + 8);
            parts[w].push(copy);
          }
        }
      } else parts[owner].push(rec);
      at = next;
    }
    for (let w = 0; w < n; w++) if (parts[w].length) shares[w].push({ b: Buffer.concat(parts[w]), ring });
  }
  return shares;
}

/** Replays `file` with `n` workers at once: events/s of the whole (from one start to the last worker's end). */
export async function playWorkers(file: string, n: number, comm: string, events: string[]): Promise<{ events: number; eventsPerSecond: number }> {
  const shares = splitBatches(loadBatches(file), n);
  // a worker does not inherit tsx's loader: it registers it, then loads this file
  const boot = `import('tsx/esm/api').then((t) => t.register()).then(() => import(${JSON.stringify(import.meta.url)}))`;
  const workers = shares.map((share) => new Worker(boot, { eval: true, workerData: { share, comm, events } }));
  await Promise.all(workers.map((w) => new Promise((resolve) => w.once('message', resolve)))); // ready
  const t0 = process.hrtime.bigint();
  const done = workers.map((w) => new Promise<number>((resolve) => w.once('message', (m: { events: number }) => resolve(m.events))));
  for (const w of workers) w.postMessage('go');
  const counts = await Promise.all(done);
  const ns = Number(process.hrtime.bigint() - t0);
  await Promise.all(workers.map((w) => w.terminate()));
  const total = counts.reduce((a, b) => a + b, 0);
  return { events: total, eventsPerSecond: total / (ns / 1e9) };
}

async function worker(): Promise<void> {
  const { share, comm, events } = workerData as { share: Batch[]; comm: string; events: string[] };
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
  const batches = share.map((s) => ({ b: Buffer.from(s.b.buffer, s.b.byteOffset, s.b.byteLength), ring: s.ring }));
  parentPort!.postMessage('ready');
  parentPort!.once('message', () => {
    for (const { b, ring } of batches) pipeline.push(b, ring);
    out.close();
    parentPort!.postMessage({ events: pipeline.counters.written });
  });
}

if (!isMainThread) void worker();
else if (import.meta.url === `file://${process.argv[1]}`) {
  const [file, n, comm, events] = process.argv.slice(2);
  const r = await playWorkers(file, Number(n ?? 2), comm ?? 'replaybusy', (events ?? 'syscalls').split(','));
  console.log(`events=${r.events}\nevents_per_second=${r.eventsPerSecond.toFixed(0)}`);
}
