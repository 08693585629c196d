/**
 * For the tests of the file watching signatures: runs test/triggers/fs_ops.c
 * (its operations given per run) under one tracer, on the host, in a fake
 * container or under another name, makes host directories a run binds over
 * a system path in its own mount namespace (so the host's files are never
 * touched), and a container's cgroup a run can join for signatures that
 * only look at containers. Everything made is removed by `cleanUp`.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { newContainerCgroup, removeCgroup, runInFakeContainer } from './fake-container.js';
import { renamedProgram } from './renamed-program.js';
import { compileTrigger, keyValues, run, traceDuring, traceeArgs, type JsonEvent, type TraceResult } from './trace.js';

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

/** A docker container's cgroup (`docker-<id>.scope`), as its runtime makes it; a run joins it with `join:DIR`. */
export function containerCgroup(): { dir: string; id: string } {
  const cg = newContainerCgroup();
  madeCgroups.push(cg.dir);
  return cg;
}

/** Removes what hostTree and containerCgroup made (call from `after`). */
export async function cleanUp(): Promise<void> {
  for (const dir of madeDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  for (const cg of madeCgroups.splice(0)) await removeCgroup(cg);
}

/** One run of the trigger: its operations, and where it runs. */
export interface FsOpsSpec {
  ops: string[];
  /** As the first process of a fake container (test/helpers/fake-container.ts: its own cgroup, pid, mount and uts namespaces). */
  container?: boolean;
  /** As a copy of the trigger by this name (its comm): for allowlists by process name. */
  as?: string;
}

export interface FsOpsRun {
  ops: string[];
  /** Its pid on the host. */
  pid: number;
  /** What it printed: `pid`, `hostpid`, `N.ret`, `N.errno`... for operation N (from 1). */
  kv: Record<string, string>;
  /** The program run: the trigger, or its copy named `as`. */
  bin: string;
  /** The fake container's id; '' on the host. */
  containerId: string;
}

/**
 * Traces `events` (with `-s comm=fs_ops` and the `as` names, `-s follow`)
 * while the trigger runs once per entry of `runs` (its operations, or a
 * spec), one after another; each must exit 0. `of(pid, name)` gives a run's
 * events of one name.
 */
export async function traceFsOps(events: string, runs: (string[] | FsOpsSpec)[]): Promise<{ r: TraceResult; bin: string; runs: FsOpsRun[]; of: (pid: number, name: string) => JsonEvent[] }> {
  const bin = compileTrigger('fs_ops');
  const specs = runs.map((x): FsOpsSpec => (Array.isArray(x) ? { ops: x } : x));
  const bins = specs.map(({ as }) => (as ? renamedProgram(bin, as, 'fs-ops') : bin));
  const comms = new Set([FS_OPS_COMM, ...specs.flatMap(({ as }) => (as ? [as] : []))]);
  const done: FsOpsRun[] = [];
  const r = await traceDuring(['-e', events, '-s', `comm=${[...comms].join(',')}`, '-s', 'follow'], async () => {
    for (const [i, spec] of specs.entries()) done.push(await runFsOps(bins[i], spec));
  });
  assert.equal(r.exitCode, 0, r.stderr);
  assert.equal(r.lost, 0, r.stderr);
  const of = (pid: number, name: string): JsonEvent[] => r.events.filter((e) => e.hostProcessId === pid && e.eventName === name);
  return { r, bin, runs: done, of };
}

/** Runs `bin` once, on the host or as pid 1 of a fake container (whose host pid it prints as `hostpid`). */
async function runFsOps(bin: string, { ops, container }: FsOpsSpec): Promise<FsOpsRun> {
  if (container) {
    const out = await runInFakeContainer(['exec', bin, ...ops].map(shellQuote).join(' '));
    assert.equal(out.code, 0, out.stdout);
    const kv = keyValues(out.stdout);
    assert.equal(kv.pid, '1', out.stdout);
    return { ops, pid: Number(kv.hostpid), kv, bin, containerId: out.id };
  }
  const out = await run(bin, ops);
  assert.equal(out.code, 0, out.stdout);
  const kv = keyValues(out.stdout);
  assert.deepEqual([kv.pid, kv.hostpid], [String(out.pid), String(out.pid)], out.stdout);
  return { ops, pid: out.pid, kv, bin, containerId: '' };
}

/** A word for /bin/sh, quoted. */
function shellQuote(word: string): string {
  return `'${word.replaceAll("'", "'\\''")}'`;
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

const O_CREAT = 0o100;

/** The args of an open the trigger made, as detectedFrom carries them: mode 0644 where it passes one (open(2), creat, openat with O_CREAT, as glibc). */
export function openArgs(syscall: 'openat' | 'open' | 'creat', pathname: string, flags: number): { name: string; type: string; value: unknown }[] {
  const p = { name: 'pathname', type: 'const char*', value: pathname };
  if (syscall === 'creat') return [p, { name: 'mode', type: 'umode_t', value: 0o644 }];
  const mode = { name: 'mode', type: 'umode_t', value: syscall === 'open' || (flags & O_CREAT) !== 0 ? 0o644 : 0 };
  const f = { name: 'flags', type: 'int', value: flags };
  return syscall === 'open' ? [p, f, mode] : [{ name: 'dirfd', type: 'int', value: -100 }, p, f, mode];
}

/** A finding's expected `args`: its data (typed as findings type them) and detectedFrom naming `source`. */
export function findingArgs(data: Record<string, unknown>, source: JsonEvent): { name: string; type: string; value: unknown }[] {
  const type = (v: unknown) => typeof v === 'number' ? 'int' : typeof v === 'string' ? 'const char *' : 'unknown';
  return [
    ...Object.entries(data).map(([name, value]) => ({ name, type: type(value), value })),
    { name: 'detectedFrom', type: 'unknown', value: { id: SYSCALL_IDS[source.eventName] ?? source.eventId, name: source.eventName, args: traceeArgs(source.args), returnValue: source.returnValue } },
  ];
}
