/**
 * Tracee's scope language (-s), field by field and operator by operator, on
 * the real tracer and real processes: uid, pid (and pid=new, thread ids),
 * mntns, pidns, uts, comm, executable, container (any, new, by id, not),
 * tree, follow; several -s (AND) and value lists (OR).
 *
 * Every process here is a copy of test/triggers/scope_trigger.c, which makes
 * getpriority(PRIO_PROCESS, MARK) calls: each run traces only getpriority,
 * and events are picked out by the host pid of our own processes (and by
 * MARK, which no other program passes), so whatever else runs on the machine
 * meanwhile cannot change the counts. Each test says which of its processes
 * must be traced (exactly so many events, with the expected context) and
 * which must not be (none at all).
 *
 * Processes that must exist before sysray is ready (for pid, namespace and
 * tree values, pid=new) are started first and block on a pipe (`wait:FD`);
 * the test writes a byte once sysray is ready. Everything made here —
 * processes, namespaces (they go with their processes), cgroups, files — is
 * removed after each test, passed or failed.
 */
import { after, afterEach, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, rmdirSync, statSync, symlinkSync,
} from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import type { Writable } from 'node:stream';
import { SYSRAY, arg, compileTrigger, run, traceDuring, type JsonEvent, type RunningTracer, type TraceResult } from '../helpers/trace.js';

// ---------------------------------------------------------------------------
// Binaries: copies of the trigger under names of our own

/** getpriority's `who` for our calls: above PID_MAX_LIMIT, so each fails with ESRCH and is ours. */
const MARK = 71_000_000;
const ESRCH = -3;

let dir = '';
/** comm "sysray-scope-a" */
let A = '';
/** comm "sysray-scope-b" */
let B = '';
/** comm "sysray-other-c" */
let C = '';
/** comm "sysray-scope-rt", the root of the follow test */
let RT = '';
/** comm "sysray-scope-m", the process that moves itself into a container */
let M = '';
/** Two files named sysray-scope-a (same comm, same bytes, different inodes) and a symlink to the first. */
let D1 = '';
let D2 = '';
let LINK = '';

before(() => {
  const trigger = compileTrigger('scope_trigger');
  dir = mkdtempSync('/tmp/sysray-scope-');
  chmodSync(dir, 0o755); // uids 4242 and 65534 run binaries from here
  const copy = (rel: string): string => {
    const to = path.join(dir, rel);
    mkdirSync(path.dirname(to), { recursive: true, mode: 0o755 });
    copyFileSync(trigger, to);
    chmodSync(to, 0o755);
    return to;
  };
  A = copy('sysray-scope-a');
  B = copy('sysray-scope-b');
  C = copy('sysray-other-c');
  RT = copy('sysray-scope-rt');
  M = copy('sysray-scope-m');
  D1 = copy('d1/sysray-scope-a');
  D2 = copy('d2/sysray-scope-a');
  LINK = path.join(dir, 'd1', 'link-to-a');
  symlinkSync('sysray-scope-a', LINK);
});

after(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

// ---------------------------------------------------------------------------
// Processes

/** A trigger started by the test that runs until the test lets it go on. */
interface Held {
  child: ChildProcess;
  /** The pid of the process spawned (for unshare -f: unshare's). */
  pid: number;
  out(): string;
  /** Resolves with the match once stdout matches. */
  waitOut(pattern: RegExp, timeoutMs?: number): Promise<RegExpExecArray>;
  /** Writes one byte to the child's fd `fd` (0, or an extra pipe 3...). */
  release(fd?: number): void;
  exited: Promise<number | null>;
}

const held = new Set<Held>();

/** Starts `file args` with stdin, stdout and `extraPipes` more fds (3...) as pipes from the test. */
function hold(file: string, args: string[], extraPipes = 0): Held {
  const child = spawn(file, args, { stdio: ['pipe', 'pipe', 'inherit', ...Array<'pipe'>(extraPipes).fill('pipe')] });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  for (const s of child.stdio) (s as Writable | null)?.on('error', () => undefined); // EPIPE once it is gone
  const exited = new Promise<number | null>((resolve) => {
    child.once('exit', (code) => resolve(code));
    child.once('error', () => resolve(null));
  });
  const h: Held = {
    child,
    pid: child.pid!,
    out: () => out,
    waitOut: (pattern, timeoutMs = 10000) =>
      new Promise((resolve, reject) => {
        const deadline = Date.now() + timeoutMs;
        const poll = (): void => {
          const m = pattern.exec(out);
          if (m) resolve(m);
          else if (Date.now() > deadline) reject(new Error(`${path.basename(file)} ${args.join(' ')} never printed ${pattern}: ${JSON.stringify(out)}`));
          else setTimeout(poll, 10);
        };
        poll();
      }),
    release: (fd = 0) => {
      (child.stdio[fd] as Writable).write('x');
    },
    exited,
  };
  held.add(h);
  return h;
}

/** Closes a held process's pipes (a trigger waiting on one then exits), and kills it if that was not enough. */
async function stop(h: Held): Promise<void> {
  for (const s of h.child.stdio) (s as Writable | null)?.destroy();
  const timeout = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), 3000).unref());
  if ((await Promise.race([h.exited, timeout])) === 'timeout') {
    h.child.kill('SIGKILL');
    await h.exited;
  }
  held.delete(h);
}

/** Runs a program to its end; it must succeed. */
async function fire(file: string, args: string[]): Promise<number> {
  const r = await run(file, args);
  assert.equal(r.code, 0, `${file} ${args.join(' ')} exited ${r.code}: ${r.stdout}`);
  return r.pid;
}

/** Lets a held trigger make its calls and waits for it to finish. */
async function releaseAndWait(h: Held, fd = 0): Promise<void> {
  h.release(fd);
  const code = await h.exited;
  assert.equal(code, 0, `held process ${h.pid} exited ${code}: ${h.out()}`);
}

// ---------------------------------------------------------------------------
// Cgroups that look like containers (src/tracer/container-hierarchy.ts: the
// memory controller's hierarchy on a v1/hybrid system, else the v2 one)

function containerCgroupRoot(): string {
  const mounts = readFileSync('/proc/mounts', 'utf8').split('\n').map((l) => l.split(' '));
  const memory = mounts.find(([, , type, opts]) => type === 'cgroup' && (opts ?? '').split(',').includes('memory'));
  if (memory) return memory[1];
  return mounts.find(([, , type]) => type === 'cgroup2')?.[1] ?? '';
}
const CGROUP_ROOT = containerCgroupRoot();
const cgroupsMade: string[] = [];

interface FakeContainer {
  id: string;
  dir: string;
  /** `join:` step of the trigger: moves it into the container. */
  join: string;
}

/** Makes a cgroup named as a runtime names a container's, with a fresh 64-hex id. */
function makeContainer(style: 'docker' | 'bare' | 'crio'): FakeContainer {
  const id = randomBytes(32).toString('hex');
  const name = style === 'docker' ? `docker-${id}.scope` : style === 'crio' ? `crio-${id}` : id;
  const cg = path.join(CGROUP_ROOT, name);
  mkdirSync(cg);
  cgroupsMade.push(cg);
  return { id, dir: cg, join: `join:${path.join(cg, 'cgroup.procs')}` };
}

/** A child cgroup of container `c` (as systemd inside a container makes: docker-ID.scope/init.scope); its `join:` step. */
function subCgroup(c: FakeContainer, name: string): string {
  const cg = path.join(c.dir, name);
  mkdirSync(cg);
  cgroupsMade.push(cg);
  return `join:${path.join(cg, 'cgroup.procs')}`;
}

async function removeCgroups(): Promise<void> {
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
  for (const cg of cgroupsMade.splice(0).reverse()) {
    for (let attempt = 0; existsSync(cg); attempt++) {
      try {
        rmdirSync(cg);
      } catch (err) {
        if (attempt >= 50) throw err;
        // only our triggers ever join these cgroups
        for (const pid of readFileSync(path.join(cg, 'cgroup.procs'), 'utf8').split('\n').filter(Boolean)) {
          try {
            process.kill(Number(pid), 'SIGKILL');
          } catch {
            // gone meanwhile
          }
        }
        await sleep(50);
      }
    }
  }
}

afterEach(async () => {
  await Promise.all([...held].map(stop));
  await removeCgroups();
});

// ---------------------------------------------------------------------------
// Tracing and assertions

/**
 * sysray says "ready" a moment before it handles SIGTERM: stopped within that
 * moment it dies of the signal, without draining or its summary (see the
 * last test). Every trace here lasts at least this long, so that the scope
 * tests test scopes.
 */
const SETTLE_MS = 100;
const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, SETTLE_MS));

/** Traces getpriority with the given -s values around `action`. */
async function traceScope(scope: string[], action: (tracer: RunningTracer) => Promise<void>): Promise<TraceResult> {
  const r = await traceDuring(['-e', 'getpriority', ...scope.flatMap((s) => ['-s', s])], async (tracer) => {
    await settle();
    await action(tracer);
  });
  assert.equal(r.exitCode, 0, r.stderr);
  assert.equal(r.lost, 0, `nothing lost: ${r.stderr}`);
  return r;
}

const mine = (e: JsonEvent): boolean => e.eventName === 'getpriority' && arg(e, 'who') >= MARK && arg(e, 'who') < MARK + 1000;
const eventsOf = (r: TraceResult, pid: number): JsonEvent[] => r.events.filter((e) => e.hostProcessId === pid && e.eventName === 'getpriority');
const withMark = (r: TraceResult, mark: number): JsonEvent[] => r.events.filter((e) => mine(e) && arg(e, 'who') === mark);
const times = (mark: number, n: number): number[] => Array<number>(n).fill(mark);

function seen(r: TraceResult): string {
  const ours = r.events.filter(mine).map((e) => `${e.hostProcessId}/${e.hostThreadId} ${e.processName} uid=${e.userId} who=${arg(e, 'who')}`);
  return `our events: [${ours.join('; ')}]; ${r.stderr.trim()}`;
}

/**
 * The getpriority events of host pid `pid` are exactly `marks`, in order;
 * each failed with ESRCH and has the context fields in `context`.
 */
function expectTraced(r: TraceResult, pid: number, marks: number[], context: Record<string, unknown> = {}, what = ''): JsonEvent[] {
  const evs = eventsOf(r, pid);
  assert.deepEqual(evs.map((e) => arg(e, 'who')), marks, `${what} (pid ${pid}) must be traced: ${seen(r)}`);
  for (const e of evs) {
    assert.equal(e.returnValue, ESRCH);
    assert.equal(arg(e, 'which'), 0, 'PRIO_PROCESS');
    assert.deepEqual(e.matchedPolicies, ['']);
    for (const [field, value] of Object.entries(context)) assert.deepEqual(e[field], value, `${what} (pid ${pid}): ${field}`);
  }
  return evs;
}

function expectUntraced(r: TraceResult, pid: number, what = ''): void {
  const evs = eventsOf(r, pid);
  assert.equal(evs.length, 0, `${what} (pid ${pid}) must not be traced: ${seen(r)}`);
}

const HOST_MNTNS = statSync('/proc/self/ns/mnt').ino;
const HOST_PIDNS = statSync('/proc/self/ns/pid').ino;

// ---------------------------------------------------------------------------
// uid

const UIDS = [0, 4242, 65534];
/** Runs A as `uid` (setpriv: real and effective uid and gid, no groups), making three calls with `mark`. */
async function fireAsUid(uid: number, mark: number): Promise<number> {
  return fire('/usr/bin/setpriv', [`--reuid=${uid}`, `--regid=${uid}`, '--clear-groups', A, `call:${mark}:3`]);
}

describe('uid', () => {
  const cases: [string, number[]][] = [
    ['uid=4242', [4242]],
    ['uid!=4242', [0, 65534]],
    ['uid<4242', [0]],
    ['uid<=4242', [0, 4242]],
    ['uid>4242', [65534]],
    ['uid>=4242', [4242, 65534]],
    ['uid=0,65534', [0, 65534]],
    ['uid!=0,65534', [4242]],
  ];
  for (const [expr, traced] of cases) {
    test(`-s ${expr}: uids ${traced.join(', ')} traced, ${UIDS.filter((u) => !traced.includes(u)).join(', ')} not`, async () => {
      const pids = new Map<number, number>();
      const r = await traceScope([expr], async () => {
        for (const [i, uid] of UIDS.entries()) pids.set(uid, await fireAsUid(uid, MARK + 1 + i));
      });
      for (const [i, uid] of UIDS.entries()) {
        if (traced.includes(uid)) {
          expectTraced(r, pids.get(uid)!, times(MARK + 1 + i, 3), { userId: uid, processName: 'sysray-scope-a' }, `uid ${uid}`);
        } else {
          expectUntraced(r, pids.get(uid)!, `uid ${uid}`);
        }
      }
    });
  }
});

// ---------------------------------------------------------------------------
// pid

/** Two triggers that exist before sysray is ready, each waiting to make two calls; lower pid first. */
async function twoWaiting(): Promise<[Held, Held]> {
  const p = hold(A, ['wait:0', `call:${MARK + 11}:2`]);
  const q = hold(A, ['wait:0', `call:${MARK + 12}:2`]);
  await p.waitOut(/waiting/);
  await q.waitOut(/waiting/);
  return p.pid < q.pid ? [p, q] : [q, p];
}

const markOf = (h: Held): number => Number(/call:(\d+)/.exec(h.child.spawnargs.join(' '))![1]);

describe('pid', () => {
  // LO < HI: two processes that exist before sysray; a third is started later
  const cases: [string, (lo: number, hi: number) => string, 'lo' | 'hi' | 'both'][] = [
    ['pid=LO', (lo) => `pid=${lo}`, 'lo'],
    ['pid!=LO', (lo) => `pid!=${lo}`, 'hi'],
    ['pid<HI', (_lo, hi) => `pid<${hi}`, 'lo'],
    ['pid<=LO', (lo) => `pid<=${lo}`, 'lo'],
    ['pid>LO', (lo) => `pid>${lo}`, 'hi'],
    ['pid>=HI', (_lo, hi) => `pid>=${hi}`, 'hi'],
    ['pid=LO,HI', (lo, hi) => `pid=${lo},${hi}`, 'both'],
  ];
  for (const [name, expr, traced] of cases) {
    test(`-s ${name}: ${traced === 'both' ? 'LO and HI' : traced.toUpperCase()} traced (bounds exact), ${traced === 'both' ? 'a third process' : traced === 'lo' ? 'HI' : 'LO'} not`, async () => {
      const [lo, hi] = await twoWaiting();
      let later = 0;
      const scope = expr(lo.pid, hi.pid);
      const r = await traceScope([scope], async () => {
        await releaseAndWait(lo);
        await releaseAndWait(hi);
        later = await fire(B, [`call:${MARK + 13}:2`]); // pid above both (or wrapped: checked below)
      });
      const want = { lo: traced !== 'hi', hi: traced !== 'lo' };
      for (const [h, key] of [[lo, 'lo'], [hi, 'hi']] as const) {
        if (want[key]) expectTraced(r, h.pid, times(markOf(h), 2), { processName: 'sysray-scope-a', processId: h.pid }, `-s ${scope}: pid ${h.pid}`);
        else expectUntraced(r, h.pid, `-s ${scope}: pid ${h.pid}`);
      }
      // the process started later: in scope exactly when its pid satisfies the expression
      const [, op, v] = /^pid(!=|<=|>=|=|<|>)(.*)$/.exec(scope)!;
      const values = v.split(',').map(Number);
      const inScope = { '=': values.includes(later), '!=': !values.includes(later), '<': later < values[0], '<=': later <= values[0], '>': later > values[0], '>=': later >= values[0] }[op];
      if (inScope) expectTraced(r, later, times(MARK + 13, 2), { processName: 'sysray-scope-b' }, `-s ${scope}: later pid ${later}`);
      else expectUntraced(r, later, `-s ${scope}: later pid ${later}`);
    });
  }

  /** A process whose second thread exists before sysray is ready; the main thread calls MARK+21, the thread MARK+22. */
  async function threaded(): Promise<{ h: Held; tid: number }> {
    const h = hold(A, [`thread:${MARK + 22}:2`, 'wait:0', `call:${MARK + 21}:2`, 'release']);
    const tid = Number((await h.waitOut(/tid=(\d+)/))[1]);
    await h.waitOut(/waiting/);
    return { h, tid };
  }

  test('pid=PID: every thread of the process', async () => {
    const { h, tid } = await threaded();
    let other = 0;
    const r = await traceScope([`pid=${h.pid}`], async () => {
      await releaseAndWait(h);
      other = await fire(A, [`call:${MARK + 23}:2`]);
    });
    const evs = expectTraced(r, h.pid, [MARK + 21, MARK + 21, MARK + 22, MARK + 22], { processName: 'sysray-scope-a' }, 'threaded process');
    assert.deepEqual(evs.map((e) => e.hostThreadId), [h.pid, h.pid, tid, tid]);
    assert.deepEqual(evs.map((e) => e.threadId), [h.pid, h.pid, tid, tid]);
    expectUntraced(r, other, 'another process');
  });

  test('pid=TID of a thread: that thread, not the rest of its process', async () => {
    const { h, tid } = await threaded();
    const r = await traceScope([`pid=${tid}`], async () => {
      await releaseAndWait(h);
    });
    const evs = expectTraced(r, h.pid, [MARK + 22, MARK + 22], { processName: 'sysray-scope-a', processId: h.pid }, 'the listed thread only');
    assert.deepEqual(evs.map((e) => e.hostThreadId), [tid, tid]);
  });

  test('pid=new: a process older than sysray is not traced, its new child and a new process are', async () => {
    // old: waits, calls MARK+31 twice, then forks a child (new) that execs A and calls MARK+32 twice
    const old = hold(A, ['wait:0', `call:${MARK + 31}:2`, 'exec', A, `call:${MARK + 32}:2`]);
    await old.waitOut(/waiting/);
    let fresh = 0;
    const r = await traceScope(['pid=new'], async () => {
      await releaseAndWait(old);
      fresh = await fire(B, [`call:${MARK + 33}:3`]);
    });
    expectUntraced(r, old.pid, 'the process started before sysray');
    const childPid = Number(/pid=(\d+)\n(?:.*\n)*?pid=(\d+)/.exec(old.out())![2]);
    expectTraced(r, childPid, times(MARK + 32, 2), { processName: 'sysray-scope-a', hostParentProcessId: old.pid }, 'its child, forked after sysray started');
    expectTraced(r, fresh, times(MARK + 33, 3), { processName: 'sysray-scope-b' }, 'a process started after sysray');
  });
});

// ---------------------------------------------------------------------------
// mntns, pidns

describe('mntns and pidns', () => {
  /** A trigger in a new mount namespace (unshare -m execs it: same pid), waiting; and its namespace. */
  async function inNewMntns(mark: number): Promise<{ h: Held; ns: number }> {
    const h = hold('/usr/bin/unshare', ['-m', A, 'wait:0', `call:${mark}:3`]);
    await h.waitOut(/waiting/);
    const ns = statSync(`/proc/${h.pid}/ns/mnt`).ino;
    assert.notEqual(ns, HOST_MNTNS);
    return { h, ns };
  }

  for (const [expr, label] of [[(ns: number) => `mntns=${ns}`, 'mntns=NEW'], [() => `mntns!=${HOST_MNTNS}`, 'mntns!=HOST']] as const) {
    test(`${label}: the process in the new mount namespace, not one on the host`, async () => {
      const { h, ns } = await inNewMntns(MARK + 41);
      let host = 0;
      const r = await traceScope([expr(ns)], async () => {
        await releaseAndWait(h);
        host = await fire(A, [`call:${MARK + 42}:3`]);
      });
      expectTraced(r, h.pid, times(MARK + 41, 3), { mountNamespace: ns, pidNamespace: HOST_PIDNS, processName: 'sysray-scope-a' }, 'unshare -m');
      expectUntraced(r, host, 'host process');
    });
  }

  /** A trigger as pid 1 of a new pid namespace (unshare -pf --mount-proc: a child of unshare), waiting. */
  async function inNewPidns(mark: number): Promise<{ h: Held; hostPid: number; ns: number }> {
    const h = hold('/usr/bin/unshare', ['-pf', '--mount-proc', A, 'wait:0', `call:${mark}:3`]);
    await h.waitOut(/pid=1\nwaiting/);
    const hostPid = Number(readFileSync(`/proc/${h.pid}/task/${h.pid}/children`, 'utf8').trim());
    assert.ok(hostPid > 0);
    const ns = statSync(`/proc/${hostPid}/ns/pid`).ino;
    assert.notEqual(ns, HOST_PIDNS);
    return { h, hostPid, ns };
  }

  test('pid= is the host pid: pid=1 is not pid 1 of another pid namespace; pid=HOSTPID is that process', async () => {
    const p = await inNewPidns(MARK + 45);
    const q = await inNewPidns(MARK + 46);
    const r = await traceScope([`pid=1,${q.hostPid}`], async () => {
      await releaseAndWait(p.h);
      await releaseAndWait(q.h);
    });
    expectTraced(r, q.hostPid, times(MARK + 46, 3), { processId: 1, pidNamespace: q.ns }, 'listed by its host pid');
    expectUntraced(r, p.hostPid, 'pid 1 of its own namespace only');
  });

  for (const [expr, label] of [[(ns: number) => `pidns=${ns}`, 'pidns=NEW'], [() => `pidns!=${HOST_PIDNS}`, 'pidns!=HOST']] as const) {
    test(`${label}: pid 1 of the new pid namespace, not a process on the host`, async () => {
      const { h, hostPid, ns } = await inNewPidns(MARK + 43);
      let host = 0;
      const r = await traceScope([expr(ns)], async () => {
        await releaseAndWait(h);
        host = await fire(A, [`call:${MARK + 44}:3`]);
      });
      expectTraced(r, hostPid, times(MARK + 43, 3), { pidNamespace: ns, processId: 1, threadId: 1, hostThreadId: hostPid, processName: 'sysray-scope-a' }, 'unshare -pf');
      expectUntraced(r, host, 'host process');
    });
  }
});

// ---------------------------------------------------------------------------
// uts

describe('uts', () => {
  /** A in a new UTS namespace named `name`; unshare and sh exec, so the pid is the one spawned. */
  const inUts = (name: string, mark: number): Promise<number> =>
    fire('/usr/bin/unshare', ['-u', '/bin/sh', '-c', `hostname ${name} && exec ${A} call:${mark}:3`]);

  const cases: [string, ('x' | 'y' | 'host')[]][] = [
    ['uts=sysray-uts-x', ['x']],
    ['uts!=sysray-uts-x', ['y', 'host']],
    ['uts=sysray-uts-*', ['x', 'y']],
    ['uts=*-x,*-z', ['x']],
  ];
  for (const [expr, traced] of cases) {
    test(`-s ${expr}: ${traced.join(', ')} traced, the others not`, async () => {
      const pids: Record<string, number> = {};
      const r = await traceScope([expr], async () => {
        pids.x = await inUts('sysray-uts-x', MARK + 51);
        pids.y = await inUts('sysray-uts-y', MARK + 52);
        pids.host = await fire(A, [`call:${MARK + 53}:3`]);
      });
      const names = { x: 'sysray-uts-x', y: 'sysray-uts-y', host: hostname() };
      for (const [i, who] of (['x', 'y', 'host'] as const).entries()) {
        if (traced.includes(who)) expectTraced(r, pids[who], times(MARK + 51 + i, 3), { hostName: names[who], processName: 'sysray-scope-a' }, `uts ${names[who]}`);
        else expectUntraced(r, pids[who], `uts ${names[who]}`);
      }
    });
  }

  test('uts=NAME of 64 bytes (the longest host name): exact, and the events carry it whole', async () => {
    const long = 'sysray-uts-'.padEnd(63, 'l');
    const [b, c] = [`${long}b`, `${long}c`];
    assert.equal(Buffer.byteLength(b), 64);
    const pids: number[] = [];
    const r = await traceScope([`uts=${b}`], async () => {
      pids.push(await inUts(b, MARK + 54));
      pids.push(await inUts(c, MARK + 55));
    });
    expectUntraced(r, pids[1], `uts ${c} (differs in the 64th byte)`);
    expectTraced(r, pids[0], times(MARK + 54, 3), { hostName: b, processName: 'sysray-scope-a' }, `uts ${b}`);
  });
});

// ---------------------------------------------------------------------------
// comm

describe('comm', () => {
  const cases: [string, ('a' | 'b' | 'c')[]][] = [
    ['comm=sysray-scope-a', ['a']],
    ['comm=sysray-scope-a,sysray-scope-b', ['a', 'b']],
    ['comm!=sysray-scope-a', ['b', 'c']],
    ['comm=sysray-scope-*', ['a', 'b']],
    ['comm=*-scope-b,*other*', ['b', 'c']],
    ['comm!=*-scope-a,sysray-other-c', ['b']],
  ];
  for (const [expr, traced] of cases) {
    test(`-s ${expr}: ${traced.join(', ')} traced, the others not`, async () => {
      const bins = { a: A, b: B, c: C };
      const pids: Record<string, number> = {};
      const r = await traceScope([expr], async () => {
        for (const [i, k] of (['a', 'b', 'c'] as const).entries()) pids[k] = await fire(bins[k], [`call:${MARK + 61 + i}:3`]);
      });
      for (const [i, k] of (['a', 'b', 'c'] as const).entries()) {
        const comm = path.basename(bins[k]);
        if (traced.includes(k)) expectTraced(r, pids[k], times(MARK + 61 + i, 3), { processName: comm }, comm);
        else expectUntraced(r, pids[k], comm);
      }
    });
  }
});

describe('comm, renamed', () => {
  // the kernel keeps a comm-only scope's answer per thread (task_state.scope_key): a new comm must be judged again
  test('-s comm=sysray-scope-a: a thread that renames itself away and back is traced only while it has the name', async () => {
    let pid = 0;
    const r = await traceScope(['comm=sysray-scope-a'], async () => {
      pid = await fire(A, [`call:${MARK + 71}:3`, 'name:sysray-other-x', `call:${MARK + 72}:3`, 'name:sysray-scope-a', `call:${MARK + 73}:3`]);
    });
    expectTraced(r, pid, [...times(MARK + 71, 3), ...times(MARK + 73, 3)], { processName: 'sysray-scope-a' }, 'renamed A');
  });
  test('-s comm=sysray-other-x: the same thread is traced only once renamed to it', async () => {
    let pid = 0;
    const r = await traceScope(['comm=sysray-other-x'], async () => {
      pid = await fire(A, [`call:${MARK + 74}:3`, 'name:sysray-other-x', `call:${MARK + 75}:3`, 'name:sysray-scope-a', `call:${MARK + 76}:3`]);
    });
    expectTraced(r, pid, times(MARK + 75, 3), { processName: 'sysray-other-x' }, 'renamed A');
  });
});

describe('comm, exact and pattern', () => {
  // Known limitation (issue #3 note): the kernel judges comm at syscall entry (before the exec
  // renames the process), user space judges patterns on the event (after it).
  test('-e execve: comm=NAME and comm=NAME* select the same exec of NAME', { todo: 'scope is judged at entry, patterns after exit' }, async () => {
    // sh execs A: the exec is made by a process called sh that is called sysray-scope-a once it returns
    const eventsWith = async (scope: string): Promise<string[]> => {
      let pid = 0;
      const r = await traceDuring(['-e', 'execve,getpriority', '-s', scope], async () => {
        await settle();
        pid = await fire('/bin/sh', ['-c', `exec ${A} call:${MARK + 65}:1`]);
      });
      assert.equal(r.exitCode, 0, r.stderr);
      const evs = r.events.filter((e) => e.hostProcessId === pid).map((e) => `${e.processName} ${e.eventName} ${e.args[e.eventName === 'execve' ? 0 : 1].value}`);
      // the process is in scope once it is sysray-scope-a, whichever way the name is written
      assert.ok(evs.includes(`sysray-scope-a getpriority ${MARK + 65}`), `-s ${scope}: ${JSON.stringify(evs)}`);
      return evs;
    };
    const exact = await eventsWith('comm=sysray-scope-a');
    const pattern = await eventsWith('comm=sysray-scope-*');
    assert.deepEqual(exact, pattern, 'comm=sysray-scope-a and comm=sysray-scope-* disagree on the same exec');
  });
});

// ---------------------------------------------------------------------------
// executable

describe('executable', () => {
  test('exe=PATH: that file; a copy with the same name elsewhere is not it', async () => {
    const pids: number[] = [];
    const r = await traceScope([`exe=${D1}`], async () => {
      pids.push(await fire(D1, [`call:${MARK + 71}:3`]));
      pids.push(await fire(D2, [`call:${MARK + 72}:3`]));
    });
    expectTraced(r, pids[0], times(MARK + 71, 3), { processName: 'sysray-scope-a' }, D1);
    expectUntraced(r, pids[1], D2);
  });

  test('executable!=PATH: everything but that file, however it is started', async () => {
    const pids: number[] = [];
    const r = await traceScope([`executable!=${D1}`], async () => {
      pids.push(await fire(D1, [`call:${MARK + 71}:3`]));
      pids.push(await fire(LINK, [`call:${MARK + 72}:3`]));
      pids.push(await fire(D2, [`call:${MARK + 73}:3`]));
    });
    expectUntraced(r, pids[0], D1);
    expectUntraced(r, pids[1], `${LINK} (-> ${D1})`);
    expectTraced(r, pids[2], times(MARK + 73, 3), { processName: 'sysray-scope-a' }, D2);
  });

  test('bin=SYMLINK,PATH: the file the link points to, by either path; a list is any of them', async () => {
    const pids: number[] = [];
    const r = await traceScope([`bin=${LINK},${C}`], async () => {
      pids.push(await fire(D1, [`call:${MARK + 71}:3`]));
      pids.push(await fire(LINK, [`call:${MARK + 72}:3`]));
      pids.push(await fire(C, [`call:${MARK + 73}:3`]));
      pids.push(await fire(D2, [`call:${MARK + 74}:3`]));
    });
    expectTraced(r, pids[0], times(MARK + 71, 3), { processName: 'sysray-scope-a' }, `${D1} started by its path`);
    expectTraced(r, pids[1], times(MARK + 72, 3), { processName: 'link-to-a' }, `${D1} started through ${LINK}`);
    expectTraced(r, pids[2], times(MARK + 73, 3), { processName: 'sysray-other-c' }, C);
    expectUntraced(r, pids[3], D2);
  });

  test('binary=PATH of a file made after sysray started, and binary=DIR/* (prefix): both matched by path', async () => {
    const laterDir = path.join(dir, 'later');
    const later = path.join(laterDir, 'sysray-scope-a');
    const d2dir = path.dirname(D2);
    // these stay alive until sysray has exited, so their /proc/PID/exe can be read
    let a: Held | undefined, b: Held | undefined;
    const pids: number[] = [];
    try {
      const r = await traceScope([`binary=${later},${d2dir}/*`], async () => {
        mkdirSync(laterDir, { mode: 0o755 });
        copyFileSync(D1, later);
        chmodSync(later, 0o755);
        a = hold(later, [`call:${MARK + 71}:3`, 'wait:0']);
        b = hold(D2, [`call:${MARK + 72}:3`, 'wait:0']);
        await a.waitOut(/waiting/);
        await b.waitOut(/waiting/);
        pids.push(await fire(D1, [`call:${MARK + 73}:3`]));
      });
      expectTraced(r, a!.pid, times(MARK + 71, 3), { processName: 'sysray-scope-a' }, later);
      expectTraced(r, b!.pid, times(MARK + 72, 3), { processName: 'sysray-scope-a' }, `${D2} (prefix ${d2dir}/*)`);
      expectUntraced(r, pids[0], D1);
    } finally {
      rmSync(laterDir, { recursive: true, force: true });
    }
  });

  // Executable patterns are checked in user space against the process tree's path,
  // which outlives the process (/proc/PID/exe does not).
  test('exec=*/SUFFIX (wildcard): a process that has already exited when its events are read is still matched', async () => {
    let running: Held | undefined;
    const pids: number[] = [];
    const r = await traceScope(['exec=*/d1/sysray-scope-a'], async () => {
      running = hold(D1, [`call:${MARK + 71}:3`, 'wait:0']);
      await running.waitOut(/waiting/);
      pids.push(await fire(D2, [`call:${MARK + 72}:3`]));
      pids.push(await fire(D1, [`call:${MARK + 73}:3`])); // exits at once, as most programs do
    });
    expectTraced(r, running!.pid, times(MARK + 71, 3), { processName: 'sysray-scope-a' }, `${D1}, still running`);
    expectUntraced(r, pids[0], D2);
    expectTraced(r, pids[1], times(MARK + 73, 3), { processName: 'sysray-scope-a' }, `${D1}, exited before sysray read its events`);
  });
});

// ---------------------------------------------------------------------------
// container

describe('container', { skip: !CGROUP_ROOT && 'no cgroup hierarchy for containers' }, () => {
  /**
   * A trigger that moves itself into container `c`, makes three calls and
   * stays there until the test lets it go (after sysray has exited), so that
   * its /proc/PID/cgroup can be read while its events are decoded.
   */
  async function inContainer(c: FakeContainer, mark: number, bin = A): Promise<Held> {
    const h = hold(bin, [c.join, `call:${mark}:3`, 'wait:0']);
    await h.waitOut(/waiting/);
    return h;
  }

  test('container: processes in any container (made before or after sysray started), none on the host', async () => {
    const old = makeContainer('docker');
    let fresh: FakeContainer | undefined;
    let inOld: Held | undefined, inNew: Held | undefined;
    let host = 0;
    const r = await traceScope(['container'], async () => {
      fresh = makeContainer('bare');
      inOld = await inContainer(old, MARK + 81);
      inNew = await inContainer(fresh, MARK + 82);
      host = await fire(A, [`call:${MARK + 83}:3`]);
    });
    expectTraced(r, inOld!.pid, times(MARK + 81, 3), { containerId: old.id, processName: 'sysray-scope-a' }, 'in docker-ID.scope made before sysray');
    expectTraced(r, inNew!.pid, times(MARK + 82, 3), { containerId: fresh!.id }, 'in ID made after sysray');
    expectUntraced(r, host, 'host process');
  });

  test('container=new: only containers made after sysray started', async () => {
    const old = makeContainer('docker');
    let fresh: FakeContainer | undefined;
    let inOld: Held | undefined, inNew: Held | undefined;
    let host = 0;
    const r = await traceScope(['container=new'], async () => {
      fresh = makeContainer('docker');
      inOld = await inContainer(old, MARK + 81);
      inNew = await inContainer(fresh, MARK + 82);
      host = await fire(A, [`call:${MARK + 83}:3`]);
    });
    expectTraced(r, inNew!.pid, times(MARK + 82, 3), { containerId: fresh!.id, processName: 'sysray-scope-a' }, 'container made after sysray');
    expectUntraced(r, inOld!.pid, 'container made before sysray');
    expectUntraced(r, host, 'host process');
  });

  test('not-container: host processes only', async () => {
    const old = makeContainer('crio');
    let fresh: FakeContainer | undefined;
    let inOld: Held | undefined, inNew: Held | undefined;
    let host = 0;
    const r = await traceScope(['not-container'], async () => {
      fresh = makeContainer('docker');
      inOld = await inContainer(old, MARK + 81);
      inNew = await inContainer(fresh, MARK + 82);
      host = await fire(A, [`call:${MARK + 83}:3`]);
    });
    expectTraced(r, host, times(MARK + 83, 3), { containerId: '', processName: 'sysray-scope-a' }, 'host process');
    expectUntraced(r, inOld!.pid, 'in crio-ID made before sysray');
    expectUntraced(r, inNew!.pid, 'in docker-ID.scope made after sysray');
  });

  test('container=ID (12-digit prefix, and a full id in a list): those containers only', async () => {
    const one = makeContainer('docker');
    const two = makeContainer('docker');
    const three = makeContainer('bare');
    let h1: Held | undefined, h2: Held | undefined, h3: Held | undefined;
    let host = 0;
    const r = await traceScope([`container=${one.id.slice(0, 12)},${three.id}`], async () => {
      h1 = await inContainer(one, MARK + 81);
      h2 = await inContainer(two, MARK + 82);
      h3 = await inContainer(three, MARK + 83);
      host = await fire(A, [`call:${MARK + 84}:3`]);
    });
    expectTraced(r, h1!.pid, times(MARK + 81, 3), { containerId: one.id }, 'container listed by prefix');
    expectTraced(r, h3!.pid, times(MARK + 83, 3), { containerId: three.id }, 'container listed by full id');
    expectUntraced(r, h2!.pid, 'another container');
    expectUntraced(r, host, 'host process');
  });

  test('container!=ID: not that container; another container is traced', async () => {
    const one = makeContainer('docker');
    const two = makeContainer('docker');
    let h1: Held | undefined, h2: Held | undefined;
    const r = await traceScope([`container!=${one.id.slice(0, 12)}`], async () => {
      h1 = await inContainer(one, MARK + 81);
      h2 = await inContainer(two, MARK + 82);
    });
    expectTraced(r, h2!.pid, times(MARK + 82, 3), { containerId: two.id, processName: 'sysray-scope-a' }, 'another container');
    expectUntraced(r, h1!.pid, 'the container excluded');
  });

  test('container: a process in a child cgroup of a container\'s (systemd inside it: docker-ID.scope/init.scope) is in that container', async () => {
    const old = makeContainer('docker');
    const oldSub = subCgroup(old, 'init.scope');
    let fresh: FakeContainer | undefined;
    let inOld: Held | undefined, inNew: Held | undefined, direct: Held | undefined;
    let host = 0;
    const r = await traceScope(['container'], async () => {
      fresh = makeContainer('docker');
      direct = await inContainer(fresh, MARK + 85);
      inNew = hold(A, [subCgroup(fresh, 'system.slice'), `call:${MARK + 86}:3`, 'wait:0']);
      inOld = hold(A, [oldSub, `call:${MARK + 87}:3`, 'wait:0']);
      await inNew.waitOut(/waiting/);
      await inOld.waitOut(/waiting/);
      host = await fire(A, [`call:${MARK + 88}:3`]);
    });
    expectUntraced(r, host, 'host process');
    expectTraced(r, direct!.pid, times(MARK + 85, 3), { containerId: fresh!.id }, 'in the container\'s own cgroup');
    expectTraced(r, inNew!.pid, times(MARK + 86, 3), { containerId: fresh!.id }, 'in docker-ID.scope/system.slice, made after sysray started');
    expectTraced(r, inOld!.pid, times(MARK + 87, 3), { containerId: old.id }, 'in docker-ID.scope/init.scope, made before sysray started');
  });

  test('container=ID: a container process that exits at once keeps its events and its containerId', async () => {
    const one = makeContainer('docker');
    const two = makeContainer('docker');
    const pids: number[] = [];
    const r = await traceScope([`container=${one.id.slice(0, 12)}`], async () => {
      // short-lived, as `docker run IMAGE true` or `docker exec ID cmd`
      pids.push(await fire(A, [one.join, `call:${MARK + 81}:3`]));
      pids.push(await fire(A, [two.join, `call:${MARK + 82}:3`]));
    });
    expectUntraced(r, pids[1], 'another container');
    expectTraced(r, pids[0], times(MARK + 81, 3), { containerId: one.id }, 'exited container process');
  });

  test('containerId is that of the cgroup the event was made in: a process moving into a container marks no host process', async () => {
    const c = makeContainer('docker');
    let mover: Held | undefined, host: Held | undefined;
    const r = await traceScope(['not-container'], async () => {
      // calls on the host, joins the container (as a runtime's init does), calls there, stays
      mover = hold(M, [`call:${MARK + 91}:2`, c.join, `call:${MARK + 92}:2`, 'wait:0']);
      await mover.waitOut(/waiting/);
      // a host process in the cgroup the mover came from (the test's own)
      host = hold(A, [`call:${MARK + 93}:2`, 'wait:0']);
      await host.waitOut(/waiting/);
    });
    // not-container is decided in the kernel, when each call is made
    expectTraced(r, mover!.pid, [MARK + 91, MARK + 91], { processName: 'sysray-scope-m', containerId: '' }, 'calls made on the host, before joining');
    expectTraced(r, host!.pid, [MARK + 93, MARK + 93], { processName: 'sysray-scope-a', containerId: '' }, 'a host process afterwards');
  });
});

// ---------------------------------------------------------------------------
// tree, follow

describe('tree and follow', () => {
  /**
   * A root shell that exists before sysray: it has a child already (A,
   * waiting on fd 3, then MARK+101 twice); once it reads a line it runs
   * sh -c "exec B ..." (MARK+102 once), and B forks and execs C (MARK+103
   * twice).
   */
  async function treeRoot(): Promise<{ root: Held; preChild: number }> {
    const script = `${A} wait:3 call:${MARK + 101}:2 & read x; sh -c "exec ${B} call:${MARK + 102}:1 exec ${C} call:${MARK + 103}:2"; wait`;
    const root = hold('/bin/sh', ['-c', script], 1);
    await root.waitOut(/waiting/);
    const preChild = Number(/pid=(\d+)/.exec(root.out())![1]);
    return { root, preChild };
  }

  async function runTree(root: Held): Promise<void> {
    root.release(3); // the child that existed before sysray
    (root.child.stdin as Writable).write('go\n');
    const code = await root.exited;
    assert.equal(code, 0, root.out());
  }

  test('tree=PID: the root\'s descendants, old and new, through fork and exec; not an unrelated process', async () => {
    const { root, preChild } = await treeRoot();
    let unrelated = 0;
    const r = await traceScope([`tree=${root.pid}`], async () => {
      await runTree(root);
      unrelated = await fire(B, [`call:${MARK + 104}:3`]);
    });
    expectTraced(r, preChild, times(MARK + 101, 2), { processName: 'sysray-scope-a', hostParentProcessId: root.pid }, 'child that existed before sysray');
    const child = withMark(r, MARK + 102);
    assert.equal(child.length, 1, `the new child: ${seen(r)}`);
    assert.equal(child[0].hostParentProcessId, root.pid);
    assert.equal(child[0].processName, 'sysray-scope-b');
    const grandchild = withMark(r, MARK + 103);
    assert.equal(grandchild.length, 2, `the grandchild: ${seen(r)}`);
    for (const e of grandchild) {
      assert.equal(e.hostParentProcessId, child[0].hostProcessId);
      assert.equal(e.processName, 'sysray-other-c');
    }
    expectUntraced(r, unrelated, 'unrelated process');
  });

  test('tree!=PID: everything but the root\'s descendants', async () => {
    const { root, preChild } = await treeRoot();
    let unrelated = 0;
    const r = await traceScope([`tree!=${root.pid}`], async () => {
      await runTree(root);
      unrelated = await fire(B, [`call:${MARK + 104}:3`]);
    });
    expectUntraced(r, preChild, 'child that existed before sysray');
    assert.deepEqual(withMark(r, MARK + 102), [], `the new child: ${seen(r)}`);
    assert.deepEqual(withMark(r, MARK + 103), [], `the grandchild: ${seen(r)}`);
    expectTraced(r, unrelated, times(MARK + 104, 3), { processName: 'sysray-scope-b' }, 'unrelated process');
  });

  test('comm=X with follow: X and what it starts (other programs), not another process', async () => {
    let root = 0;
    let unrelated = 0;
    const r = await traceScope(['comm=sysray-scope-rt', 'follow'], async () => {
      root = await fire(RT, [`call:${MARK + 111}:1`, 'exec', B, `call:${MARK + 112}:2`, 'exec', C, `call:${MARK + 113}:3`]);
      unrelated = await fire(B, [`call:${MARK + 114}:2`]);
    });
    expectTraced(r, root, [MARK + 111], { processName: 'sysray-scope-rt' }, 'the process named in comm=');
    const child = withMark(r, MARK + 112);
    assert.equal(child.length, 2, `its child: ${seen(r)}`);
    for (const e of child) {
      assert.equal(e.hostParentProcessId, root);
      assert.equal(e.processName, 'sysray-scope-b');
    }
    const grandchild = withMark(r, MARK + 113);
    assert.equal(grandchild.length, 3, `its grandchild: ${seen(r)}`);
    for (const e of grandchild) {
      assert.equal(e.hostParentProcessId, child[0].hostProcessId);
      assert.equal(e.processName, 'sysray-other-c');
    }
    expectUntraced(r, unrelated, 'unrelated sysray-scope-b');
  });

  // Known limitation (issue #3 note): the kernel cannot judge patterns, so follow marks every
  // child and user space re-checks the pattern on the child itself.
  test('comm=X* (a pattern) with follow: what X starts is followed too', { todo: 'patterns are judged in user space' }, async () => {
    let root = 0;
    let unrelated = 0;
    const r = await traceScope(['comm=sysray-scope-r*', 'follow'], async () => {
      root = await fire(RT, [`call:${MARK + 115}:1`, 'exec', B, `call:${MARK + 116}:2`]);
      unrelated = await fire(B, [`call:${MARK + 117}:2`]);
    });
    expectTraced(r, root, [MARK + 115], { processName: 'sysray-scope-rt' }, 'the process the pattern matches');
    expectUntraced(r, unrelated, 'unrelated sysray-scope-b');
    const child = withMark(r, MARK + 116);
    assert.equal(child.length, 2, `its child: ${seen(r)}`);
    for (const e of child) {
      assert.equal(e.hostParentProcessId, root);
      assert.equal(e.processName, 'sysray-scope-b');
    }
  });
});

// ---------------------------------------------------------------------------
// Several -s: AND

describe('several -s', () => {
  test('-s comm=A -s uid=4242: both must hold', async () => {
    const pids: number[] = [];
    const r = await traceScope(['comm=sysray-scope-a', 'uid=4242'], async () => {
      pids.push(await fire('/usr/bin/setpriv', ['--reuid=4242', '--regid=4242', '--clear-groups', A, `call:${MARK + 121}:3`]));
      pids.push(await fire(A, [`call:${MARK + 122}:3`]));
      pids.push(await fire('/usr/bin/setpriv', ['--reuid=4242', '--regid=4242', '--clear-groups', B, `call:${MARK + 123}:3`]));
    });
    expectTraced(r, pids[0], times(MARK + 121, 3), { processName: 'sysray-scope-a', userId: 4242 }, 'A as 4242');
    expectUntraced(r, pids[1], 'A as root');
    expectUntraced(r, pids[2], 'B as 4242');
  });

  test('-s uid>=1000 -s uid<65534: a range, both bounds hold', async () => {
    const pids = new Map<number, number>();
    const r = await traceScope(['uid>=1000', 'uid<65534'], async () => {
      for (const [i, uid] of UIDS.entries()) pids.set(uid, await fireAsUid(uid, MARK + 131 + i));
    });
    expectTraced(r, pids.get(4242)!, times(MARK + 132, 3), { userId: 4242 }, 'uid 4242');
    expectUntraced(r, pids.get(0)!, 'uid 0');
    expectUntraced(r, pids.get(65534)!, 'uid 65534');
  });

  test('-s exe=PATH -s pid!=P -s !container: three fields at once', async () => {
    const p = hold(D1, ['wait:0', `call:${MARK + 141}:2`]);
    await p.waitOut(/waiting/);
    const pids: number[] = [];
    const r = await traceScope([`exe=${D1}`, `pid!=${p.pid}`, '!container'], async () => {
      await releaseAndWait(p);
      pids.push(await fire(D1, [`call:${MARK + 142}:2`]));
      pids.push(await fire(D2, [`call:${MARK + 143}:2`]));
    });
    expectUntraced(r, p.pid, 'the excluded pid');
    expectTraced(r, pids[0], times(MARK + 142, 2), { processName: 'sysray-scope-a', containerId: '' }, 'another process of that file');
    expectUntraced(r, pids[1], 'another file');
  });
});

// ---------------------------------------------------------------------------
// Found on the way: stopping right after "ready"

describe('stopping', () => {
  test('SIGTERM as soon as sysray says ready: it still drains, writes its summary and exits 0', async () => {
    for (let round = 0; round < 3; round++) {
      const child = spawn(process.execPath, [SYSRAY, '-e', 'getpriority', '-s', 'comm=sysray-scope-a', '-o', `json:${path.join(dir, 'stopped.jsonl')}`], {
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      let stderr = '';
      let sent = false;
      const exited = new Promise<[number | null, string | null]>((resolve) => child.once('exit', (code, signal) => resolve([code, signal])));
      child.stderr!.on('data', (d) => {
        stderr += d;
        // once: a second SIGTERM while draining ends sysray at once, by design
        if (/ready/.test(stderr) && !sent) {
          sent = true;
          child.kill('SIGTERM');
        }
      });
      const [code, signal] = await exited;
      assert.deepEqual({ code, signal }, { code: 0, signal: null }, `round ${round}: ${JSON.stringify(stderr)}`);
      assert.match(stderr, /0 events written, 0 lost/);
    }
  });
});
