/**
 * W1 (issue 18): the whole machine traced while a real program of no one
 * here walks it: `find / -xdev` and a tar of /usr/include and /usr/share to
 * a pipe. sysray traces every syscall of every process (`-e syscalls`, no
 * scope) to a JSON file; perf trace traces that one command; the floor
 * takes every syscall system-wide and only counts. The workload's wall time
 * against untraced, in the same rounds, and what sysray lost.
 */
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import path from 'node:path';
import type { BenchScenario } from './bench-results.js';
import { has, sysraySummary, type RunningTool } from './bench-process.js';
import { RowSet } from './row-set.js';

const SCRIPT = 'find / -xdev >/dev/null 2>&1; tar cf - /usr/include /usr/share 2>/dev/null | cat >/dev/null';

/** The workload's wall time, ms (optionally under a wrapper: perf trace). */
function timed(wrapper: string[] = []): Promise<number> {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const child = spawn(wrapper[0] ?? 'sh', wrapper.length ? [...wrapper.slice(1), 'sh', '-c', SCRIPT] : ['-c', SCRIPT], { stdio: 'ignore' });
    child.once('error', reject);
    child.once('close', () => resolve(Number(process.hrtime.bigint() - t0) / 1e6));
  });
}

export async function wholeMachine(o: {
  rounds: number; work: string;
  sysray: (args: string[]) => Promise<RunningTool>;
  floor?: (args: string[]) => Promise<RunningTool>;
}): Promise<BenchScenario> {
  const set = new RowSet();
  // the page cache warm for every tool alike
  await timed();
  for (let r = 0; r < o.rounds; r++) {
    set.add('untraced', await timed());
    if (o.floor) {
      const f = await o.floor(['--all']);
      const ms = await timed();
      await f.stop();
      set.add('floor', ms, { note: 'every syscall of every process, counted' });
    }
    const out = path.join(o.work, 'w1.json');
    const s = await o.sysray(['-e', 'syscalls', '-o', `json:${out}`]);
    const ms = await timed();
    const sum = sysraySummary((await s.stop()).stderr);
    rmSync(out, { force: true });
    set.add('sysray', ms, { written: sum.written, lost: sum.lost, note: '-e syscalls -o json:FILE, every process' });
    const rec = path.join(o.work, 'w1.rec');
    const sr = await o.sysray(['record', '-w', rec, '-e', 'syscalls']);
    const rms = await timed();
    const stop = /(\d+) records recorded.*?\), (\d+) lost/.exec((await sr.stop()).stderr);
    rmSync(rec, { force: true });
    set.add('sysray record', rms, { written: Number(stop?.[1] ?? NaN), lost: Number(stop?.[2] ?? NaN), note: 'record -w FILE -e syscalls, every process (written: records)' });
    if (has('perf')) {
      const perfOut = path.join(o.work, 'w1.perf');
      set.add('perf trace', await timed(['perf', 'trace', '-o', perfOut, '--']), { note: 'perf trace -o FILE -- the workload (that command only)' });
      rmSync(perfOut, { force: true });
    } else set.skip('perf trace', 'not installed (apt-get install linux-perf)');
  }
  return {
    id: 'W1', title: 'whole machine: every syscall of every process while find / and a tar of /usr run', unit: 'ms', lowerIsBetter: true,
    workload: `sh -c '${SCRIPT}': wall time, ms`,
    target: { kind: 'lost', value: 0 },
    rows: set.list(['untraced', 'floor', 'sysray', 'sysray record', 'perf trace']),
  };
}
