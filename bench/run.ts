/**
 * The performance harness (`npm run bench`): every scenario, every tool, in
 * one run on the same workloads, rounds interleaved so that ratios hold on
 * a noisy machine. Writes bench/results/bench.json and docs/bench.svg, and
 * prints the table the README shows.
 *
 *   npx tsx bench/run.ts [--rounds N] [--quick]
 *
 * Tools: untraced; the floor (bench/floor: sysray's kernel path, records only
 * counted); sysray; bpftrace; perf trace; strace where it applies. Tools not
 * installed are reported as skipped, never silently left out.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import path from 'node:path';
import { ROOT, SYSRAY, keyValues } from '../test/helpers/trace.js';
import type { BenchResults, BenchRow, BenchScenario } from './bench-results.js';
import { compileWorkload, median, runWorkload, startTool, sysraySummary, type RunningTool } from './bench-process.js';
import { record, play } from './replay.js';
import { renderMarkdown, renderSvg, targetMet } from './report.js';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const rounds = Number(args[args.indexOf('--rounds') + 1]) || (quick ? 1 : 3);
const SEEDS = ['perf_event_open', 'pidfd_open', 'pidfd_getfd', 'pidfd_send_signal'];
const FLOOR = path.join(ROOT, 'build', 'floor', 'floor');
const work = mkdtempSync(path.join(tmpdir(), 'sysray-bench-'));

function has(command: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

function lines(file: string): number {
  if (!existsSync(file)) return 0;
  const text = readFileSync(file, 'latin1');
  let n = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/** Rows gathered over rounds, by tool. */
class RowSet {
  readonly rows = new Map<string, BenchRow>();
  add(tool: string, value: number, extra: Partial<BenchRow> = {}): void {
    let row = this.rows.get(tool);
    if (!row) this.rows.set(tool, (row = { tool, median: null, runs: [] }));
    row.runs.push(value);
    row.median = median(row.runs);
    for (const [k, v] of Object.entries(extra)) {
      if (typeof v === 'number' && (k === 'lost' || k === 'written' || k === 'generated')) {
        (row as unknown as Record<string, number>)[k] = ((row as unknown as Record<string, number>)[k] ?? 0) + v;
      } else if (typeof v === 'number' && k === 'peakRssMiB') {
        row.peakRssMiB = Math.max(row.peakRssMiB ?? 0, v);
      } else {
        (row as unknown as Record<string, unknown>)[k] = v;
      }
    }
  }
  skip(tool: string, why: string): void {
    this.rows.set(tool, { tool, median: null, runs: [], skipped: why });
  }
  list(order: string[]): BenchRow[] {
    return order.filter((t) => this.rows.has(t)).map((t) => this.rows.get(t)!);
  }
}

const sysrayStarts: number[] = [];
const floorStarts: number[] = [];
const bpftraceStarts: number[] = [];
const rss = new RowSet();

async function sysray(extraArgs: string[], env: NodeJS.ProcessEnv = {}): Promise<RunningTool> {
  const t = await startTool(process.execPath, [SYSRAY, ...extraArgs], { ready: /sysray: ready/, env });
  sysrayStarts.push(t.startMs);
  return t;
}

async function floor(extraArgs: string[]): Promise<RunningTool> {
  const t = await startTool(FLOOR, extraArgs, { ready: /^ready/m });
  floorStarts.push(t.startMs);
  return t;
}

async function bpftrace(program: string, out: string): Promise<RunningTool> {
  const launched = Date.now();
  const t = await startTool('bpftrace', ['-o', out, '-e', program], { settleMs: 0 });
  // bpftrace writes "Attaching N probes..." into its output file once attached
  const deadline = launched + 30_000;
  while (!(existsSync(out) && readFileSync(out, 'latin1').includes('Attaching')) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
  bpftraceStarts.push(Date.now() - launched);
  // it writes that line before attaching, not after: runs that began at once were sometimes untraced
  await new Promise((r) => setTimeout(r, 1000));
  return t;
}

function floorCounts(stdout: string): { records: number; lost: number } {
  const kv = keyValues(stdout);
  return { records: Number(kv.records ?? 0), lost: Number(kv.lost ?? 0) };
}

/** P1: the seed syscalls traced system-wide; what an unrelated getppid storm pays. */
async function p1(): Promise<BenchScenario> {
  const calls = quick ? 500_000 : 2_000_000;
  const storm = compileWorkload('storm', 'p1storm');
  const set = new RowSet();
  const ns = async (): Promise<number> => Number((await runWorkload(storm, [calls])).ns_per_call);
  const bt = SEEDS.map((s) => `tracepoint:syscalls:sys_enter_${s},tracepoint:syscalls:sys_exit_${s}`).join(',');
  for (let r = 0; r < rounds; r++) {
    set.add('untraced', await ns());
    if (existsSync(FLOOR)) {
      const f = await floor(['--syscalls', SEEDS.join(',')]);
      set.add('floor', await ns(), { note: 'per-syscall tracepoints of the four, records counted' });
      await f.stop();
    }
    const out = path.join(work, 'p1.json');
    let s = await sysray(['-e', SEEDS.join(','), '-o', `json:${out}`]);
    set.add('sysray', await ns(), { note: 'auto: per-syscall tracepoints (4 selected)' });
    await s.stop();
    s = await sysray(['-e', SEEDS.join(','), '-o', `json:${out}`], { SYSRAY_SYSCALL_HOOKS: 'raw' });
    set.add('sysray, raw hooks', await ns(), { note: 'SYSRAY_SYSCALL_HOOKS=raw: what the generic sys_enter/sys_exit pair costs' });
    await s.stop();
    if (has('bpftrace')) {
      const b = await bpftrace(`${bt} { @[probe] = count(); }`, path.join(work, 'p1.bt'));
      set.add('bpftrace', await ns(), { note: 'enter and exit tracepoints of the four, counting' });
      await b.stop('SIGINT');
    } else set.skip('bpftrace', 'not installed (apt-get install bpftrace)');
    if (has('perf')) {
      const p = await startTool('perf', ['trace', '-a', '-e', SEEDS.join(','), '-o', path.join(work, 'p1.perf')], { settleMs: 3000 });
      set.add('perf trace', await ns(), { note: 'perf trace -a -e <the four>' });
      await p.stop('SIGINT');
    } else set.skip('perf trace', 'not installed (apt-get install linux-perf)');
  }
  set.skip('strace', 'does not apply: strace follows chosen processes, not the whole system');
  return {
    id: 'P1', title: 'narrow: the four seed syscalls, system-wide', unit: 'ns/syscall', lowerIsBetter: true,
    workload: `an unrelated process calls getppid ${calls.toLocaleString('en-US')} times; ns per getppid`,
    target: { kind: 'overhead', value: 20 },
    rows: set.list(['untraced', 'floor', 'sysray', 'sysray, raw hooks', 'bpftrace', 'perf trace', 'strace']),
  };
}

/** P2: every syscall of one busy process, decoded, JSON to a file. */
async function p2(): Promise<BenchScenario> {
  const roundsBusy = quick ? 25_000 : 50_000; // 8 syscalls each
  const slowRounds = Math.max(2_500, roundsBusy / 10); // strace, perf trace: ~100× slower
  const busy = compileWorkload('busy', 'p2busy');
  const set = new RowSet();
  const run = async (n: number): Promise<{ ns: number; syscalls: number }> => {
    const kv = await runWorkload(busy, [n]);
    return { ns: Number(kv.ns_per_call), syscalls: Number(kv.syscalls) };
  };
  for (let r = 0; r < rounds; r++) {
    set.add('untraced', (await run(roundsBusy)).ns);
    if (existsSync(FLOOR)) {
      const f = await floor(['--all', '--comm', 'p2busy']);
      const w = await run(roundsBusy);
      const stopped = await f.stop();
      const c = floorCounts(stopped.stdout);
      set.add('floor', w.ns, { generated: w.syscalls, written: c.records, lost: c.lost, note: 'raw sys_enter/sys_exit, same record as sysray, counted' });
      rss.add('floor', stopped.peakRssMiB, { peakRssMiB: stopped.peakRssMiB });
    }
    const out = path.join(work, 'p2.json');
    const s = await sysray(['-e', 'syscalls', '-s', 'comm=p2busy', '-o', `json:${out}`]);
    const w = await run(roundsBusy);
    const stopped = await s.stop();
    const sum = sysraySummary(stopped.stderr);
    set.add('sysray', w.ns, { generated: w.syscalls, written: sum.written, lost: sum.lost, note: `-e syscalls -s comm=p2busy -o json:FILE (${(statSync(out).size / sum.written).toFixed(0)} bytes per event)` });
    rss.add('sysray', stopped.peakRssMiB, { peakRssMiB: stopped.peakRssMiB, note: 'peak of P2 and P3 runs' });
    if (has('bpftrace')) {
      const btOut = path.join(work, 'p2.bt');
      const b = await bpftrace(
        'tracepoint:raw_syscalls:sys_enter /comm == "p2busy"/ { printf("%d %d %lx %lx %lx\\n", tid, args->id, args->args[0], args->args[1], args->args[2]); } ' +
          'tracepoint:raw_syscalls:sys_exit /comm == "p2busy"/ { printf("%d %d %d\\n", tid, args->id, args->ret); }',
        btOut,
      );
      const wb = await run(slowRounds);
      const bs = await b.stop('SIGINT');
      set.add('bpftrace', wb.ns, { note: `printf of raw_syscalls enter+exit for comm p2busy to a file (${slowRounds * 8} syscalls; ${lines(btOut)} lines)` });
      rss.add('bpftrace', bs.peakRssMiB, { peakRssMiB: bs.peakRssMiB });
    } else set.skip('bpftrace', 'not installed (apt-get install bpftrace)');
    if (has('perf')) {
      const perfOut = path.join(work, 'p2.perf');
      const kv = execFileSync('perf', ['trace', '-o', perfOut, '--', busy, String(slowRounds)], { encoding: 'utf8' });
      set.add('perf trace', Number(/ns_per_call=([\d.]+)/.exec(kv)![1]), { note: `perf trace -o FILE -- busy (${slowRounds * 8} syscalls)` });
    } else set.skip('perf trace', 'not installed (apt-get install linux-perf)');
    if (has('strace')) {
      const kv = execFileSync('strace', ['-f', '-o', path.join(work, 'p2.strace'), busy, String(slowRounds)], { encoding: 'utf8' });
      set.add('strace', Number(/ns_per_call=([\d.]+)/.exec(kv)![1]), { note: `strace -f -o FILE busy (${slowRounds * 8} syscalls)` });
    } else set.skip('strace', 'not installed (apt-get install strace)');
  }
  return {
    id: 'P2', title: 'full: every syscall of one busy process, JSON to a file', unit: 'ns/syscall', lowerIsBetter: true,
    workload: `a process making ${(roundsBusy * 8).toLocaleString('en-US')} syscalls (openat, fstat, read, lseek, pread64, close, write, getppid in a loop); ns per syscall`,
    target: { kind: 'overhead', value: 1000, noLoss: true },
    rows: set.list(['untraced', 'floor', 'sysray', 'bpftrace', 'perf trace', 'strace']),
  };
}

/** P3: a generator raises its rate step by step; the highest rate written with 0 lost. */
async function p3(): Promise<BenchScenario> {
  const steps = quick ? [250_000, 500_000, 1_000_000] : [250_000, 500_000, 750_000, 1_000_000, 1_250_000, 1_500_000];
  const gen = compileWorkload('rate_storm', 'p3rate');
  const set = new RowSet();
  const stepsTaken: string[] = [];
  for (let r = 0; r < rounds; r++) {
    let best = 0;
    for (const rate of steps) {
      const out = path.join(work, 'p3.json');
      const s = await sysray(['-e', 'getppid', '-s', 'comm=p3rate', '-o', `json:${out}`]);
      const kv = await runWorkload(gen, [rate, Math.round(rate * 2)]); // two seconds at that rate
      const stopped = await s.stop();
      const sum = sysraySummary(stopped.stderr);
      rss.add('sysray', stopped.peakRssMiB, { peakRssMiB: stopped.peakRssMiB });
      const reached = Number(kv.rate);
      stepsTaken.push(`${rate / 1000}k→${Math.round(reached / 1000)}k/s lost ${sum.lost}`);
      // the generator itself could not go faster (each traced syscall costs it more): the step is not reached
      if (sum.lost > 0 || reached < rate * 0.97) break;
      best = reached;
    }
    set.add('sysray', best, { lost: 0, note: `-e getppid -s comm=p3rate -o json:FILE; steps: ${stepsTaken.splice(0).join(', ')}` });
  }
  return {
    id: 'P3', title: 'sustained: the highest event rate written with 0 lost', unit: 'events/s', lowerIsBetter: false,
    workload: `getppid at ${steps.map((s) => s / 1000 + 'k').join(', ')} calls/s, 2 s per step, one tracer run per step`,
    target: { kind: 'atLeast', value: 1_000_000, noLoss: true },
    rows: set.list(['sysray']),
  };
}

async function replay(): Promise<BenchScenario> {
  const file = path.join(work, 'replay.bin');
  const events = await record(file, quick ? 20_000 : 50_000);
  const set = new RowSet();
  for (let r = 0; r < rounds; r++) set.add('sysray', play(file, 1).eventsPerSecond, { note: `${events} recorded events (busy workload, every syscall) → decode → JSON to /dev/null` });
  return {
    id: 'replay', title: 'user space alone: recorded batches through decode + JSON, one core', unit: 'events/s', lowerIsBetter: false,
    workload: `${events.toLocaleString('en-US')} events of the P2 workload, recorded, replayed ${rounds} times`,
    rows: set.list(['sysray']),
  };
}

const results: BenchResults = {
  date: new Date().toISOString().slice(0, 10),
  machine: { cpus: cpus().length, model: cpus()[0]?.model ?? 'cpu', kernel: readFileSync('/proc/sys/kernel/osrelease', 'utf8').trim(), node: process.version },
  rounds,
  scenarios: [],
};
try {
  results.scenarios.push(await p1());
  results.scenarios.push(await p2());
  results.scenarios.push(await p3());
  results.scenarios.push({
    id: 'P4', title: 'memory: peak RSS during P2 and P3', unit: 'MiB', lowerIsBetter: true,
    workload: 'VmHWM of the tracer process, sampled every 100 ms and at stop',
    target: { kind: 'atMost', value: 150 },
    rows: rss.list(['sysray', 'floor', 'bpftrace']).map((r) => ({ ...r, median: r.peakRssMiB ?? null, runs: r.peakRssMiB ? [r.peakRssMiB] : [] })),
  });
  const start = (tool: string, xs: number[], note: string): BenchRow => ({ tool, median: xs.length ? median(xs) : null, runs: xs, note, ...(xs.length ? {} : { skipped: 'not run' }) });
  results.scenarios.push({
    id: 'P5', title: 'start: launch to ready', unit: 'ms', lowerIsBetter: true,
    workload: 'every tracer start of this run (P1–P3)',
    target: { kind: 'atMost', value: 1000 },
    rows: [start('sysray', sysrayStarts, 'until "sysray: ready"'), start('floor', floorStarts, 'until "ready"'), start('bpftrace', bpftraceStarts, 'until "Attaching N probes"')],
  });
  results.scenarios.push(await replay());
} finally {
  rmSync(work, { recursive: true, force: true });
}
for (const s of results.scenarios) s.met = targetMet(s);
writeFileSync(path.join(ROOT, 'bench', 'results', 'bench.json'), JSON.stringify(results, null, 2) + '\n');
writeFileSync(path.join(ROOT, 'docs', 'bench.svg'), renderSvg(results) + '\n');
process.stdout.write(renderMarkdown(results));
