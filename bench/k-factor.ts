/**
 * K (issue 18): how fast user space drains against how fast one core of
 * syscalls fills the ring. K = replay events/s on one core × the floor's ns
 * per traced syscall: below 1, a sustained storm on one core loses, however
 * big the ring. Per workload (the getppid storm, P2's busy process), in one
 * run: the workload recorded (bench/replay.ts), replayed `rounds` times,
 * and run under the floor (bench/floor) in the same rounds; then replays
 * under V8's profiler (started after a first, warming pass), whose self
 * time by function says where user space spends it.
 */
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
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

/** Replays of `file` under V8's profiler, in a process of their own, the profile only around them: where the time goes. */
function profileReplay(file: string, workload: KWorkload): { fn: string; share: number }[] {
  const out = execFileSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'bench', 'replay.ts'), 'profile', file, '3', workload.comm, workload.events.join(',')], { cwd: ROOT, encoding: 'utf8' });
  return JSON.parse(out.trim().split('\n').pop()!) as { fn: string; share: number }[];
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
    const top = profileReplay(file, w);
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
