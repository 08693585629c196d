/**
 * The fork storm: memory of the process tree and the fd table stays bounded.
 *
 * 1. The real tracer, `-e sched_process_exit -o json:/dev/null
 *    -o option:parse-arguments-fds` (every fork, exec, exit and fd syscall
 *    feeds the state; one narrow event keeps the output small), around
 *    bench/fork_storm.c run in rounds (default 5 × 20,000 forks, 64 alive at
 *    once, each child opens /dev/null twice). sysray's VmRSS and VmHWM are
 *    read once it is idle after each round. Fails when the RSS of the last
 *    rounds grows more than 25% over round 2.
 * 2. In this process: ProcessTree and FdTable fed 1,000,000 synthetic
 *    fork / open / open / exit sequences (unique pids, 100 µs apart: the
 *    5 s kept after exit spans 50,000 processes, past the 32768 bound), then
 *    the same with every exit lost. Sizes are checked after every sequence,
 *    heap (after gc) at checkpoints. Fails when a size passes its bound or
 *    the heap grows more than 25% once the tree is full.
 *
 * Wall-clock figures are reported, never asserted.
 *
 *   node --expose-gc --import tsx bench/fork-storm.ts [--forks N] [--rounds R]
 *     [--concurrent K] [--synthetic N] [--pid-max N]
 *
 * --pid-max raises /proc/sys/kernel/pid_max for the run (restored after): at
 * the usual 32768 pids wrap within each round, so the tracer's tree can hold
 * no more than 32768 pids anyway; with 4194304 all forks get new pids and the
 * tracer's own eviction is what bounds it.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { ProcessTree } from '../src/process/process-tree.js';
import { FdTable } from '../src/process/fd-table.js';
import { ROOT, SYSRAY, keyValues, run } from '../test/helpers/trace.js';

// Heap figures need gc(): start again with --expose-gc when run as `npx tsx bench/fork-storm.ts`.
if (typeof globalThis.gc !== 'function') {
  const self = fileURLToPath(import.meta.url);
  const r = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', self, ...process.argv.slice(2)], { stdio: 'inherit', cwd: ROOT });
  process.exit(r.status ?? 1);
}
const gc = globalThis.gc as () => void;

const { values: opts } = parseArgs({
  options: {
    forks: { type: 'string', default: '100000' },
    rounds: { type: 'string', default: '5' },
    concurrent: { type: 'string', default: '64' },
    synthetic: { type: 'string', default: '1000000' },
    'pid-max': { type: 'string' },
  },
});
const forks = Number(opts.forks);
const rounds = Number(opts.rounds);
const perRound = Math.floor(forks / rounds);
const concurrent = Number(opts.concurrent);
const synthetic = Number(opts.synthetic);
/** RSS of the last rounds over round 2, and heap over the second checkpoint: more fails */
const MAX_GROWTH = 0.25;
const MAX_PROCESSES = 32768;
const MAX_FDS_PER_PROCESS = 4096;

const failures: string[] = [];

// ---- 1. the real tracer

interface Memory { rssKb: number; hwmKb: number }

function memoryOf(pid: number): Memory {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rssKb: kb('VmRSS'), hwmKb: kb('VmHWM') };
}

/** utime + stime, clock ticks */
function cpuTicks(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(f[11]) + Number(f[12]);
}

/** Waits until the tracer has drained the ring buffer: under 2 ticks of CPU in 300 ms. Returns how long it took. */
async function idle(pid: number, timeoutMs = 30000): Promise<number> {
  const start = Date.now();
  let last = cpuTicks(pid);
  for (;;) {
    await new Promise((r) => setTimeout(r, 300));
    if (!existsSync(`/proc/${pid}/stat`)) return Date.now() - start;
    const now = cpuTicks(pid);
    if (now - last < 2 || Date.now() - start > timeoutMs) return Date.now() - start;
    last = now;
  }
}

function compileStorm(dir: string): string {
  const out = path.join(dir, 'fork_storm');
  execFileSync('cc', ['-O2', '-Wall', '-o', out, path.join(ROOT, 'bench', 'fork_storm.c')], { stdio: 'inherit' });
  return out;
}

interface Round { round: number; forks: number; totalForks: number; elapsedMs: number; usPerFork: number; drainMs: number; rssKb: number; hwmKb: number }

async function stormRound(bin: string): Promise<{ forks: number; elapsedNs: number }> {
  const out = await run(bin, [String(perRound), String(concurrent)]);
  const kv = keyValues(out.stdout);
  if (out.code !== 0) throw new Error(`fork_storm failed (${out.code}): ${out.stdout}`);
  return { forks: Number(kv.forks), elapsedNs: Number(kv.elapsed_ns) };
}

async function traced(bin: string) {
  const tracer = spawn(
    process.execPath,
    [SYSRAY, '-e', 'sched_process_exit', '-o', 'json:/dev/null', '-o', 'option:parse-arguments-fds'],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  tracer.stderr!.on('data', (d) => (stderr += d));
  try {
    await new Promise<void>((resolve, reject) => {
      tracer.stderr!.on('data', () => stderr.includes('ready') && resolve());
      tracer.once('exit', () => reject(new Error(`sysray exited: ${stderr}`)));
    });
    const pid = tracer.pid!;
    // sysray ends only when told to: say how, should it end on its own
    let ended = '';
    tracer.once('exit', (code, signal) => (ended = signal ? `killed by ${signal}` : `exited with ${code}`));
    const alive = (when: string) => {
      if (ended) throw new Error(`sysray ${ended} ${when}, before the bench stopped it: ${stderr.trim()}`);
    };
    const atReady = memoryOf(pid);
    const result: Round[] = [];
    let total = 0;
    for (let r = 1; r <= rounds; r++) {
      const s = await stormRound(bin);
      total += s.forks;
      alive(`during round ${r}`);
      const drainMs = await idle(pid);
      alive(`after round ${r}`);
      result.push({
        round: r, forks: s.forks, totalForks: total,
        elapsedMs: s.elapsedNs / 1e6, usPerFork: s.elapsedNs / s.forks / 1e3, drainMs, ...memoryOf(pid),
      });
    }
    const exited = new Promise((resolve) => tracer.once('exit', resolve));
    tracer.kill('SIGTERM');
    await exited;
    const m = /(\d+) events written, (\d+) lost.*\((\d+) records from the kernel[,)].*/.exec(stderr);
    if (!m) throw new Error(`no summary from sysray: ${stderr}`);
    const stateOnly = Number(/(\d+) of them only for process state/.exec(m[0])?.[1] ?? 0);
    return { atReady, rounds: result, written: Number(m[1]), lost: Number(m[2]), kernelRecords: Number(m[3]), stateOnly, summary: m[0] };
  } finally {
    if (tracer.exitCode === null && tracer.signalCode === null) tracer.kill('SIGKILL');
  }
}

// ---- 2. in this process

interface Checkpoint { sequences: number; treeSize: number; fdProcesses: number; fds: number; heapUsedKb: number }

function heapKb(): number {
  gc();
  gc();
  return Math.round(process.memoryUsage().heapUsed / 1024);
}

/**
 * Feeds `n` fork / open / open / exit sequences, `concurrent` children alive
 * at once, as ProcessContext would (a tree lookup per event).
 */
function syntheticStorm(n: number, exits: boolean) {
  const tree = new ProcessTree({ maxProcesses: MAX_PROCESSES });
  const fds = new FdTable({ maxProcesses: MAX_PROCESSES, maxFdsPerProcess: MAX_FDS_PER_PROCESS });
  const parent = 999;
  const stepNs = 100_000n; // 100 µs a fork, about what fork_storm does
  let time = 1_000_000_000_000n;
  tree.fork({ parentHostPid: 1, childHostPid: parent, childHostTid: parent, childPid: parent, childStartTime: time, comm: 'fork_storm', time });
  for (let fd = 0; fd < 3; fd++) fds.set(parent, fd, { kind: 'file', path: '/dev/pts/0' }, false);
  const every = Math.max(1, Math.floor(n / 10));
  const checkpoints: Checkpoint[] = [{ sequences: 0, treeSize: tree.size, fdProcesses: fds.processes, fds: fds.fds, heapUsedKb: heapKb() }];
  const peak = { treeSize: 0, fdProcesses: 0, fds: 0 };
  const started = process.hrtime.bigint();
  for (let i = 0; i < n; i++) {
    const pid = 1000 + i; // never reused: the worst case for the bound
    time += stepNs;
    tree.fork({ parentHostPid: parent, childHostPid: pid, childHostTid: pid, childPid: pid, childStartTime: time, comm: 'fork_storm', time });
    fds.fork(parent, pid);
    for (const fd of [3, 4]) {
      tree.get(pid);
      fds.set(pid, fd, { kind: 'file', path: '/dev/null' }, false);
    }
    if (exits && i >= concurrent) {
      const gone = pid - concurrent;
      tree.exit({ hostPid: gone, groupExit: true, exitCode: 0, exitSignal: 0, time });
      fds.exit(gone);
    }
    if (tree.size > peak.treeSize) peak.treeSize = tree.size;
    if (fds.processes > peak.fdProcesses) peak.fdProcesses = fds.processes;
    if (fds.fds > peak.fds) peak.fds = fds.fds;
    if ((i + 1) % every === 0) {
      checkpoints.push({ sequences: i + 1, treeSize: tree.size, fdProcesses: fds.processes, fds: fds.fds, heapUsedKb: heapKb() });
    }
  }
  const nsPerSequence = Number(process.hrtime.bigint() - started) / n; // includes the checkpoints' gc
  return { exits, sequences: n, peak, nsPerSequence, checkpoints, heapGrowthWhenFull: undefined as number | undefined };
}

// ---- run

function setPidMax(value: string): string {
  const file = '/proc/sys/kernel/pid_max';
  const before = readFileSync(file, 'utf8').trim();
  writeFileSync(file, value);
  return before;
}

const dir = mkdtempSync(path.join(tmpdir(), 'sysray-fork-storm-'));
const pidMaxBefore = readFileSync('/proc/sys/kernel/pid_max', 'utf8').trim();
let tracerRun: Awaited<ReturnType<typeof traced>>;
let untracedUsPerFork: number;
try {
  if (opts['pid-max'] !== undefined) setPidMax(opts['pid-max']);
  const bin = compileStorm(dir);
  const base = await stormRound(bin);
  untracedUsPerFork = base.elapsedNs / base.forks / 1e3;
  tracerRun = await traced(bin);
} finally {
  if (opts['pid-max'] !== undefined) setPidMax(pidMaxBefore);
  rmSync(dir, { recursive: true, force: true });
}
const pidMax = Number(opts['pid-max'] ?? pidMaxBefore);

const rss = tracerRun.rounds.map((r) => r.rssKb);
const rssBase = rss[Math.min(1, rss.length - 1)];
const rssLastMax = Math.max(...rss.slice(2));
const rssGrowth = rss.length > 2 ? rssLastMax / rssBase - 1 : 0;
if (rssGrowth > MAX_GROWTH) {
  failures.push(`sysray RSS grew ${(rssGrowth * 100).toFixed(0)}% from round 2 (${rssBase} kB) to ${rssLastMax} kB in rounds 3..${rss.length} (bound ${MAX_GROWTH * 100}%)`);
}
const expectedExits = tracerRun.rounds.reduce((a, r) => a + r.forks, 0);

const inProcess = [syntheticStorm(synthetic, true), syntheticStorm(synthetic, false)];
for (const s of inProcess) {
  const name = s.exits ? 'synthetic storm' : 'synthetic storm, exits lost';
  if (s.peak.treeSize > MAX_PROCESSES) failures.push(`${name}: tree.size reached ${s.peak.treeSize} > ${MAX_PROCESSES}`);
  if (s.peak.fdProcesses > MAX_PROCESSES) failures.push(`${name}: fds.processes reached ${s.peak.fdProcesses} > ${MAX_PROCESSES}`);
  if (s.peak.fds > MAX_PROCESSES * MAX_FDS_PER_PROCESS) failures.push(`${name}: fds.fds reached ${s.peak.fds}`);
  // from the first checkpoint where the tree is full on, the heap must stay flat
  const full = s.checkpoints.findIndex((c) => c.treeSize === MAX_PROCESSES);
  const after = full < 0 ? [] : s.checkpoints.slice(full + 1);
  if (after.length > 0) {
    const base = s.checkpoints[full];
    const top = after.reduce((a, c) => (c.heapUsedKb > a.heapUsedKb ? c : a));
    s.heapGrowthWhenFull = top.heapUsedKb / base.heapUsedKb - 1;
    if (s.heapGrowthWhenFull > MAX_GROWTH) {
      failures.push(`${name}: heap grew from ${base.heapUsedKb} kB (at ${base.sequences}, tree full) to ${top.heapUsedKb} kB (at ${top.sequences}); bound ${MAX_GROWTH * 100}%`);
    }
  }
}

const result = {
  date: new Date().toISOString(),
  machine: `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, kernel ${readFileSync('/proc/sys/kernel/osrelease', 'utf8').trim()}, node ${process.version}`,
  forks: expectedExits,
  rounds,
  concurrent,
  pidMax,
  untracedUsPerFork,
  tracer: tracerRun,
  rssGrowthLastRounds: rssGrowth,
  inProcess,
  bounded: failures.length === 0,
  failures,
};
writeFileSync(path.join(ROOT, 'bench', 'results', 'fork-storm.json'), JSON.stringify(result, null, 2) + '\n');

const mb = (kb: number) => (kb / 1024).toFixed(1).padStart(7);
console.log(`fork storm under sysray (-e sched_process_exit -o option:parse-arguments-fds), ${rounds} × ${perRound} forks, ${concurrent} alive at once, pid_max ${pidMax}`);
console.log(`  untraced ${untracedUsPerFork.toFixed(1)} µs/fork; sysray at ready: RSS ${mb(tracerRun.atReady.rssKb).trim()} MB`);
console.log('  round  forks total   µs/fork  drain ms  RSS MB  HWM MB');
for (const r of tracerRun.rounds) {
  console.log(`  ${String(r.round).padStart(5)}  ${String(r.totalForks).padStart(11)}  ${r.usPerFork.toFixed(1).padStart(8)}  ${String(r.drainMs).padStart(8)} ${mb(r.rssKb)} ${mb(r.hwmKb)}`);
}
console.log(`  RSS rounds 3..${rounds} vs round 2: ${rssGrowth >= 0 ? '+' : ''}${(rssGrowth * 100).toFixed(1)}%`);
console.log(`  ${tracerRun.summary}`);
for (const s of inProcess) {
  console.log(`\nin-process ProcessTree + FdTable, ${s.sequences} fork/open/open/exit sequences${s.exits ? '' : ', every exit lost'} (${s.nsPerSequence.toFixed(0)} ns each)`);
  console.log('   sequences  tree.size  fds.processes      fds.fds  heap MB');
  for (const c of s.checkpoints) {
    console.log(`  ${String(c.sequences).padStart(10)} ${String(c.treeSize).padStart(10)} ${String(c.fdProcesses).padStart(14)} ${String(c.fds).padStart(12)} ${mb(c.heapUsedKb)}`);
  }
  const growth = s.heapGrowthWhenFull === undefined ? 'tree never full: not checked' : `${(s.heapGrowthWhenFull * 100).toFixed(1)}%`;
  console.log(`  heap growth after the tree is full: ${growth}`);
  console.log(`  peak: tree.size ${s.peak.treeSize}, fds.processes ${s.peak.fdProcesses}, fds.fds ${s.peak.fds} (bounds ${MAX_PROCESSES}, ${MAX_PROCESSES}, ${MAX_PROCESSES} × ${MAX_FDS_PER_PROCESS})`);
}
console.log(failures.length ? `\nNOT BOUNDED:\n  ${failures.join('\n  ')}` : '\nbounded: yes');
process.exitCode = failures.length ? 1 : 0;
