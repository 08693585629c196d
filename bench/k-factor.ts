/**
 * K (issue 18): how fast user space drains against how fast one core of
 * syscalls fills the ring. K = replay events/s on one core × the floor's ns
 * per traced syscall: below 1, a sustained storm on one core loses, however
 * big the ring. Per workload (the getppid storm, P2's busy process), in one
 * run: the workload recorded (bench/replay.ts), replayed `rounds` times,
 * and run under the floor (bench/floor) in the same rounds; then one
 * replay under V8's profiler, whose self time by function says where
 * user space spends it.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from '../test/helpers/trace.js';
import type { BenchScenario } from './bench-results.js';
import { compileWorkload, runWorkload, type RunningTool } from './bench-process.js';
import { play, record, type ReplayWorkload } from './replay.js';
import { RowSet } from './row-set.js';

interface KWorkload extends ReplayWorkload {
  /** The workload's argument for the replay's recording and for the floor's runs. */
  arg: number;
  /** The floor's flags. */
  floorArgs: string[];
  title: string;
}

/** Self time by function (file:line name), the top `n`, from a .cpuprofile. */
export function topSelfTime(profile: { nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[]; samples: number[]; timeDeltas: number[] }, n = 8): { fn: string; share: number }[] {
  const byId = new Map(profile.nodes.map((x) => [x.id, x]));
  const self = new Map<string, number>();
  let total = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    const node = byId.get(profile.samples[i]);
    const dt = profile.timeDeltas[i] ?? 0;
    if (!node) continue;
    const f = node.callFrame;
    const file = f.url ? path.basename(f.url.replace(/^file:\/\//, '')) : '';
    const key = `${f.functionName || '(anonymous)'}${file ? ` ${file}:${f.lineNumber + 1}` : ''}`;
    self.set(key, (self.get(key) ?? 0) + dt);
    total += dt;
  }
  return [...self].sort((a, b) => b[1] - a[1]).slice(0, n).map(([fn, t]) => ({ fn, share: total ? t / total : 0 }));
}

/** One replay of `file` under --cpu-prof: where the time goes. */
function profileReplay(file: string, workload: KWorkload, work: string): { fn: string; share: number }[] {
  const dir = mkdtempSync(path.join(work, 'prof-'));
  try {
    execFileSync(process.execPath, ['--cpu-prof', `--cpu-prof-dir=${dir}`, '--import', 'tsx', path.join(ROOT, 'bench', 'replay.ts'), 'play', file, '2', workload.comm, workload.events.join(',')], { stdio: 'ignore', cwd: ROOT });
    const f = readdirSync(dir).find((x) => x.endsWith('.cpuprofile'));
    return f ? topSelfTime(JSON.parse(readFileSync(path.join(dir, f), 'utf8'))) : [];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function kFactor(o: { rounds: number; quick: boolean; work: string; floor?: (args: string[]) => Promise<RunningTool> }): Promise<BenchScenario> {
  const workloads: KWorkload[] = [
    { name: 'storm', comm: 'kstorm', events: ['getppid'], arg: o.quick ? 200_000 : 1_000_000, floorArgs: ['--syscalls', 'getppid', '--comm', 'kstorm'], title: 'getppid storm' },
    { name: 'busy', comm: 'kbusy', events: ['syscalls'], arg: o.quick ? 10_000 : 50_000, floorArgs: ['--all', '--comm', 'kbusy'], title: 'busy workload (P2)' },
  ];
  const set = new RowSet();
  const notes: string[] = [];
  for (const w of workloads) {
    const bin = compileWorkload(w.name, w.comm);
    const file = path.join(o.work, `k-${w.name}.bin`);
    const events = await record(file, w.arg, w);
    const eps: number[] = [];
    const floorNs: number[] = [];
    const untracedNs: number[] = [];
    for (let r = 0; r < o.rounds; r++) {
      untracedNs.push(Number((await runWorkload(bin, [w.arg])).ns_per_call));
      eps.push(play(file, 1, w).eventsPerSecond);
      if (o.floor) {
        const f = await o.floor(w.floorArgs);
        floorNs.push(Number((await runWorkload(bin, [w.arg])).ns_per_call));
        await f.stop();
      }
    }
    const med = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    for (let r = 0; r < eps.length; r++) set.add(w.title, floorNs.length ? (eps[r] * floorNs[r]) / 1e9 : NaN, { written: events });
    const row = set.rows.get(w.title)!;
    const top = profileReplay(file, w, o.work);
    row.note = `replay ${Math.round(med(eps)).toLocaleString('en-US')} events/s (${events.toLocaleString('en-US')} events recorded); ` +
      `floor ${floorNs.length ? med(floorNs).toFixed(0) : '—'} ns per syscall; untraced ${med(untracedNs).toFixed(0)} ns; ` +
      `profile (self time): ${top.map((t) => `${t.fn} ${(t.share * 100).toFixed(0)}%`).join(', ')}`;
    notes.push(row.note);
    rmSync(file, { force: true });
  }
  return {
    id: 'K', title: 'K: user space events/s on one core × the floor\'s ns per syscall (≥ 1: one core of JS keeps up with one core of syscalls)', unit: 'K', lowerIsBetter: false,
    workload: 'each workload recorded once, replayed on one core and run under the floor in the same rounds',
    // the busy workload's is the lower K: the one that binds
    target: { kind: 'atLeast', value: 1.5, tool: 'busy workload (P2)' },
    rows: set.list(workloads.map((w) => w.title)),
  };
}
