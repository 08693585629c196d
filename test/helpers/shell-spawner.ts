/**
 * test/triggers/shell_spawner.c under a server's name (nginx, redis-server,
 * java...): it forks and execs the program it is given, as a server whose
 * request handler runs a shell would. The shell-signature tests run it
 * under the real tracer, following the spawners' descendants.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { compileTrigger, keyValues, run, traceDuring, type JsonEvent, type TraceResult } from './trace.js';

let dir: string | undefined;

/** The spawner under `name` (a symlink, so its comm is `name`). */
export function spawnerNamed(name: string): string {
  dir ??= mkdtempSync(path.join(tmpdir(), 'sysray-shell-'));
  const link = path.join(dir, name);
  if (!existsSync(link)) symlinkSync(compileTrigger('shell_spawner'), link);
  return link;
}

/** Removes the spawners' directory (call from `after`). */
export function removeSpawners(): void {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
}

/**
 * Runs each [program, args] under `-e EVENTS`, scoped to the programs' names
 * and their descendants; each must report its child ran and exited 0.
 */
export async function traceSpawners(events: string, runs: [string, string[]][]): Promise<{ r: TraceResult; outs: { pid: number; child: number }[]; named: (name: string) => JsonEvent[] }> {
  const outs: { pid: number; child: number }[] = [];
  const comms = [...new Set(runs.map(([p]) => path.basename(p)))].join(',');
  const r = await traceDuring(['-e', events, '-s', `comm=${comms}`, '-s', 'follow'], async () => {
    for (const [prog, args] of runs) {
      const out = await run(prog, args);
      assert.equal(out.code, 0, out.stdout);
      const kv = keyValues(out.stdout);
      assert.deepEqual([Number(kv.pid), kv.status], [out.pid, '0'], `${prog}: the child ran and exited 0`);
      outs.push({ pid: out.pid, child: Number(kv.child) });
    }
  });
  assert.equal(r.exitCode, 0, r.stderr);
  assert.equal(r.lost, 0, r.stderr);
  return { r, outs, named: (name: string) => r.events.filter((e) => e.eventName === name) };
}
