/**
 * Where the kernel side's time goes, per syscall kind: the BPF programs'
 * own time per run (kernel.bpf_stats_enabled, bpftool's run_time_ns and
 * run_cnt) for one kind of syscall at a time (workloads/one_syscall.c),
 * under the floor (bench/floor) and under sysray with P2's flags. The two
 * rows' difference is what sysray's kernel half adds to that syscall, and
 * P2's mix of eight is the sum of its kinds. What the programs' time
 * leaves out (the ring's memory, the consumer on the other core) is the
 * workload's ns per call beside it.
 *
 *   npx tsx bench/bpf-cost.ts [KIND...]   (as root, with bpftool; built floor and dist/)
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ROOT } from '../test/helpers/trace.js';
import { compileWorkload, runWorkload, startTool, type RunningTool } from './bench-process.js';

export const KINDS = ['getppid', 'close', 'write', 'pread64', 'read+lseek', 'fstat', 'stat', 'access', 'openat+close'] as const;
const COMM = 'bpfcost';
const CALLS = 200_000;

interface ProgStats { name: string; runs: number; ns: number }

/** run_cnt and run_time_ns of every loaded BPF program, by id. */
function progStats(): Map<number, ProgStats> {
  const all = JSON.parse(execFileSync('bpftool', ['prog', 'show', '-j'], { encoding: 'utf8' })) as { id: number; name: string; run_cnt?: number; run_time_ns?: number }[];
  return new Map(all.map((p) => [p.id, { name: p.name, runs: p.run_cnt ?? 0, ns: p.run_time_ns ?? 0 }]));
}

export interface KindCost {
  kind: string;
  /** ns per run of the entry and exit programs (the syscall hooks: the two most run). */
  enterNs: number;
  exitNs: number;
  /** The workload's ns per call meanwhile (bpf_stats on: ~20-40 ns more per program run). */
  callNs: number;
}

/** Each kind's program costs under `tool` (already attached and ready). */
async function measure(bin: string, kinds: readonly string[]): Promise<KindCost[]> {
  const out: KindCost[] = [];
  for (const kind of kinds) {
    await runWorkload(bin, [kind, 20_000]); // warm: page cache, dentries, the consumer's code
    const before = progStats();
    writeFileSync('/proc/sys/kernel/bpf_stats_enabled', '1');
    let kv: Record<string, string>;
    try {
      kv = await runWorkload(bin, [kind, CALLS / 2]);
    } finally {
      writeFileSync('/proc/sys/kernel/bpf_stats_enabled', '0');
    }
    const runs = [...progStats()].map(([id, p]) => ({ name: p.name, runs: p.runs - (before.get(id)?.runs ?? 0), ns: p.ns - (before.get(id)?.ns ?? 0) }))
      .filter((p) => p.runs >= CALLS * 0.9).sort((a, b) => b.runs - a.runs);
    const enter = runs.find((p) => /enter/.test(p.name));
    const exit = runs.find((p) => /exit/.test(p.name));
    out.push({ kind, enterNs: enter ? enter.ns / enter.runs : NaN, exitNs: exit ? exit.ns / exit.runs : NaN, callNs: Number(kv.ns_per_call) });
  }
  return out;
}

export async function bpfCost(kinds: readonly string[] = KINDS): Promise<{ untraced: Map<string, number>; floor: KindCost[]; sysray: KindCost[] }> {
  const bin = compileWorkload('one_syscall', COMM);
  const untraced = new Map<string, number>();
  for (const kind of kinds) untraced.set(kind, Number((await runWorkload(bin, [kind, CALLS / 2])).ns_per_call));
  const under = async (start: () => Promise<RunningTool>): Promise<KindCost[]> => {
    const t = await start();
    try {
      return await measure(bin, kinds);
    } finally {
      await t.stop('SIGINT');
    }
  };
  const floorBin = path.join(ROOT, 'build', 'floor', 'floor');
  if (!existsSync(floorBin)) throw new Error(`${floorBin} is not built: make -C bench/floor`);
  const floor = await under(() => startTool(floorBin, ['--all', '--comm', COMM], { ready: /^ready/m }));
  const dir = mkdtempSync(path.join(tmpdir(), 'sysray-bpf-cost-'));
  try {
    // P2's flags: every syscall of the workload, JSON to a file
    const sysray = await under(() => startTool(process.execPath, [path.join(ROOT, 'bin', 'sysray'), '-e', 'syscalls', '-s', `comm=${COMM}`, '-o', `json:${path.join(dir, 'out.json')}`], { ready: /sysray: ready/ }));
    return { untraced, floor, sysray };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The markdown table: per kind, ns per program run under each and what sysray adds, and the workload's ns per call. */
export function costTable(r: Awaited<ReturnType<typeof bpfCost>>): string {
  const f = (n: number): string => (Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : '—');
  const lines = ['| syscall | untraced ns/call | floor enter + exit ns | sysray enter + exit ns | sysray adds | floor ns/call | sysray ns/call |', '|---|---:|---:|---:|---:|---:|---:|'];
  r.floor.forEach((fl, i) => {
    const s = r.sysray[i];
    lines.push(`| ${fl.kind} | ${f(r.untraced.get(fl.kind) ?? NaN)} | ${f(fl.enterNs)} + ${f(fl.exitNs)} | ${f(s.enterNs)} + ${f(s.exitNs)} | ${f(s.enterNs + s.exitNs - fl.enterNs - fl.exitNs)} | ${f(fl.callNs)} | ${f(s.callNs)} |`);
  });
  return lines.join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const kinds = process.argv.slice(2);
  const r = await bpfCost(kinds.length ? kinds : KINDS);
  console.log(costTable(r));
}
