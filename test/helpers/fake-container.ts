/**
 * A container as a runtime makes one, without the runtime: a cgroup named
 * `docker-<64 hex>.scope` in the hierarchy sysray takes container ids from
 * (the memory controller's on a v1/hybrid machine, the v2 one elsewhere),
 * and a shell that moves itself into it before running the command, in new
 * pid, mount and uts namespaces (`unshare -p -f -m -u`) as runc would make.
 * Tests of container-only signatures run their trigger this way.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmdirSync } from 'node:fs';
import path from 'node:path';
import { run } from './trace.js';

/** The containers' hierarchy, as src/tracer/container-hierarchy.ts picks it: memory controller on v1, else v2. */
export function containerCgroupRoot(): string {
  const mounts = readFileSync('/proc/mounts', 'utf8').split('\n').map((l) => l.split(' '));
  const memory = mounts.find(([, , type, opts]) => type === 'cgroup' && (opts ?? '').split(',').includes('memory'));
  if (memory) return memory[1];
  return mounts.find(([, , type]) => type === 'cgroup2')?.[1] ?? '';
}

/** Removes a cgroup directory once its last task is reaped. */
export async function removeCgroup(cg: string): Promise<void> {
  for (let attempt = 0; existsSync(cg); attempt++) {
    try {
      rmdirSync(cg);
    } catch (err) {
      if (attempt >= 50) throw err;
      await new Promise((resolve) => setTimeout(resolve, 20)); // the last task is still being reaped
    }
  }
}

/** A new container cgroup, `docker-<64 hex>.scope`, as a runtime makes it; a process joins it by writing its pid to `dir`/cgroup.procs. Remove it with removeCgroup. */
export function newContainerCgroup(): { dir: string; id: string } {
  const root = containerCgroupRoot();
  assert.ok(root, 'a cgroup hierarchy for containers');
  const id = randomBytes(32).toString('hex');
  const dir = path.join(root, `docker-${id}.scope`);
  mkdirSync(dir);
  return { dir, id };
}

export interface FakeContainerRun {
  /** the 64-hex container id */
  id: string;
  /** host pid of the shell that joins the cgroup and execs unshare */
  shell: number;
  code: number | null;
  stdout: string;
}

/**
 * Runs `/bin/sh -c SCRIPT` as the first process of a fresh fake container
 * (pid 1 of its pid namespace, hostname `hostname`), waits for it and removes
 * the cgroup. SCRIPT runs after the shell has joined the cgroup: every
 * process it starts is in the container.
 */
export async function runInFakeContainer(script: string, hostname = 'ctr1'): Promise<FakeContainerRun> {
  const { dir: cg, id } = newContainerCgroup();
  try {
    const inner = `hostname ${hostname} && ${script}`.replaceAll("'", "'\\''");
    const out = await run('/bin/sh', ['-c', `echo $$ > ${cg}/cgroup.procs && exec unshare -p -f -m -u /bin/sh -c '${inner}'`]);
    return { id, shell: out.pid, code: out.code, stdout: out.stdout };
  } finally {
    await removeCgroup(cg);
  }
}
