/**
 * For the tests of the file watching signatures: runs test/triggers/fs_ops.c
 * (its operations given per run) under one tracer, makes host directories
 * a run binds over a system path in its own mount namespace (so the host's
 * files are never touched), and a container's cgroup for signatures that
 * only look at containers. Everything made is removed by `cleanUp`.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { compileTrigger, keyValues, run, traceDuring, type JsonEvent, type TraceResult } from './trace.js';

/** The trigger's comm. */
export const FS_OPS_COMM = 'fs_ops';

const madeDirs: string[] = [];
const madeCgroups: string[] = [];

/**
 * A host directory holding `files` (relative name → content; a value
 * `{ symlink: TARGET }` makes a symlink): to bind over /etc and the like
 * inside a run's private mount namespace.
 */
export function hostTree(files: Record<string, string | { symlink: string }>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'sysray-fw-'));
  madeDirs.push(dir);
  for (const [name, content] of Object.entries(files)) {
    const p = path.join(dir, name);
    mkdirSync(path.dirname(p), { recursive: true });
    if (typeof content === 'string') {
      if (name.endsWith('/')) mkdirSync(p, { recursive: true });
      else writeFileSync(p, content);
    } else symlinkSync(content.symlink, p);
  }
  return dir;
}

/** The containers' cgroup hierarchy as sysray picks it: memory controller on v1, else v2. */
function containerCgroupRoot(): string {
  const mounts = readFileSync('/proc/mounts', 'utf8').split('\n').map((l) => l.split(' '));
  const memory = mounts.find(([, , type, opts]) => type === 'cgroup' && (opts ?? '').split(',').includes('memory'));
  return memory?.[1] ?? mounts.find(([, , type]) => type === 'cgroup2')?.[1] ?? '';
}

/** A docker container's cgroup (`docker-<id>.scope`), as its runtime makes it; a run joins it with `join:DIR`. */
export function containerCgroup(): { dir: string; id: string } {
  const root = containerCgroupRoot();
  assert.ok(root, 'a cgroup hierarchy for containers');
  const id = randomBytes(32).toString('hex');
  const dir = path.join(root, `docker-${id}.scope`);
  mkdirSync(dir);
  madeCgroups.push(dir);
  return { dir, id };
}

/** Removes what hostTree and containerCgroup made (call from `after`). */
export async function cleanUp(): Promise<void> {
  for (const dir of madeDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  for (const cg of madeCgroups.splice(0)) {
    for (let attempt = 0; existsSync(cg); attempt++) {
      try {
        rmdirSync(cg);
      } catch (err) {
        if (attempt >= 50) throw err;
        await new Promise((resolve) => setTimeout(resolve, 20)); // its last task is still being reaped
      }
    }
  }
}

export interface FsOpsRun {
  ops: string[];
  pid: number;
  /** What it printed: `pid`, `N.ret`, `N.errno`... for operation N (from 1). */
  kv: Record<string, string>;
}

/**
 * Traces `events` (with `-s comm=fs_ops -s follow`) while the trigger
 * runs once per entry of `runs`; each must exit 0. `of(pid, name)` gives a
 * run's events of one name.
 */
export async function traceFsOps(events: string, runs: string[][]): Promise<{ r: TraceResult; bin: string; runs: FsOpsRun[]; of: (pid: number, name: string) => JsonEvent[] }> {
  const bin = compileTrigger('fs_ops');
  const done: FsOpsRun[] = [];
  const r = await traceDuring(['-e', events, '-s', `comm=${FS_OPS_COMM}`, '-s', 'follow'], async () => {
    for (const ops of runs) {
      const out = await run(bin, ops);
      assert.equal(out.code, 0, out.stdout);
      done.push({ ops, pid: out.pid, kv: keyValues(out.stdout) });
    }
  });
  assert.equal(r.exitCode, 0, r.stderr);
  assert.equal(r.lost, 0, r.stderr);
  const of = (pid: number, name: string): JsonEvent[] => r.events.filter((e) => e.hostProcessId === pid && e.eventName === name);
  return { r, bin, runs: done, of };
}

/** The one event of `pid` named `name` whose argument `argName` is `value` (asserted to be one). */
export function oneCall(events: JsonEvent[], argName: string, value: unknown): JsonEvent {
  const calls = events.filter((e) => e.args.some((a: { name: string; value: unknown }) => a.name === argName && a.value === value));
  assert.equal(calls.length, 1, `one call with ${argName}=${String(value)}: ${JSON.stringify(events)}`);
  return calls[0];
}

/** Syscall ids of the x86-64 calls these tests make (detectedFrom's `id`). */
export const SYSCALL_IDS: Readonly<Record<string, number>> = {
  open: 2, creat: 85, openat: 257, openat2: 437, rename: 82, renameat: 264, renameat2: 316, link: 86, linkat: 265, symlink: 88, symlinkat: 266,
};

/** A finding's expected `args`: its data (typed as findings type them) and detectedFrom naming `source`. */
export function findingArgs(data: Record<string, unknown>, source: JsonEvent): { name: string; type: string; value: unknown }[] {
  const type = (v: unknown) => typeof v === 'number' ? 'int' : typeof v === 'string' ? 'const char *' : 'unknown';
  return [
    ...Object.entries(data).map(([name, value]) => ({ name, type: type(value), value })),
    { name: 'detectedFrom', type: 'unknown', value: { id: SYSCALL_IDS[source.eventName] ?? source.eventId, name: source.eventName, args: source.args, returnValue: source.returnValue } },
  ];
}
