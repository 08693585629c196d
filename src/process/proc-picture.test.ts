import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, constants, mkdirSync, mkdtempSync, openSync, readFileSync, readlinkSync, rmSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ProcessContext } from './process-context.js';
import { ProcessTree } from './process-tree.js';
import { FdTable } from './fd-table.js';
import { procPids, seedFdTable } from './proc-fds.js';
import { ContainerResolver, HOST_CGROUP } from './container-id.js';
import { parseProcPicture, pictureContainers, takeProcPicture, type ProcPicture } from './proc-picture.js';

const roundTrip = (p: ProcPicture): ProcPicture => parseProcPicture(JSON.parse(JSON.stringify(p)));

/** A pipe(2) of our own: `sh` makes one for `sleep | sleep`; we open the writer's end through /proc. */
async function openPipe(): Promise<{ fd: number; child: ChildProcess }> {
  const child = spawn('sh', ['-c', 'sleep 30 | sleep 30'], { stdio: 'ignore' });
  const deadline = Date.now() + 5000;
  while (Date.now() < deadline) {
    let kids: string[] = [];
    try {
      kids = readFileSync(`/proc/${child.pid}/task/${child.pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean);
    } catch {
      // not started yet
    }
    for (const kid of kids) {
      try {
        if (readlinkSync(`/proc/${kid}/fd/1`).startsWith('pipe:')) {
          return { fd: openSync(`/proc/${kid}/fd/1`, constants.O_RDWR), child };
        }
      } catch {
        // not exec'd yet
      }
    }
    await new Promise((r) => setTimeout(r, 10));
  }
  child.kill();
  throw new Error('no pipe appeared');
}

async function listen(): Promise<{ server: Server; fd: number }> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  // the listening socket's fd: the one whose inode /proc/net/tcp lists at our port
  const port = (server.address() as { port: number }).port;
  const tcp = readFileSync('/proc/self/net/tcp', 'latin1').split('\n');
  const row = tcp.find((l) => l.trim().split(/\s+/)[1]?.endsWith(`:${port.toString(16).toUpperCase().padStart(4, '0')}`));
  assert.ok(row, 'listening socket in /proc/net/tcp');
  const inode = row.trim().split(/\s+/)[9];
  const fd = procFdsOfSelf().find((n) => readlinkSync(`/proc/self/fd/${n}`) === `socket:[${inode}]`);
  assert.ok(fd !== undefined, 'listening socket among our fds');
  return { server, fd };
}

function procFdsOfSelf(): number[] {
  const out: number[] = [];
  for (let n = 0; n < 1024; n++) {
    try {
      readlinkSync(`/proc/self/fd/${n}`);
      out.push(n);
    } catch {
      // not open
    }
  }
  return out;
}

test('a picture of the real /proc round-trips through JSON', () => {
  const picture = takeProcPicture({ fds: true, containerCgroupMount: '' });
  assert.ok(picture.processes.some((p) => p.hostPid === process.pid));
  assert.ok(picture.fds?.some((p) => p.hostPid === process.pid));
  assert.deepEqual(roundTrip(picture), picture);
  const without = takeProcPicture({ fds: false, containerCgroupMount: '' });
  assert.equal('fds' in without, false);
  assert.deepEqual(roundTrip(without), without);
});

test('a ProcessContext seeded from a stored picture equals one seeded from /proc: tree, and fds with a socket and a pipe', async () => {
  const { server, fd: socketFd } = await listen();
  const { fd: pipeFd, child } = await openPipe();
  try {
    const stored = roundTrip(takeProcPicture({ fds: true, containerCgroupMount: '' }));
    const fromPicture = new ProcessContext({ clockOffset: 0n, trackFds: true });
    fromPicture.seedFromPicture(stored);
    const live = new ProcessContext({ clockOffset: 0n, trackFds: true });
    live.seed();
    // and the readers themselves, without any picture in between
    const tree = new ProcessTree();
    tree.seedFromProc();
    const table = new FdTable();
    seedFdTable(table, procPids());

    for (const pid of [process.pid, process.ppid]) {
      const want = tree.get(pid);
      assert.ok(want, `process ${pid}`);
      for (const got of [fromPicture.tree.get(pid), live.tree.get(pid)]) {
        assert.ok(got);
        assert.equal(got.comm, want.comm);
        assert.equal(got.exePath, want.exePath);
        assert.equal(got.startTime, want.startTime);
        assert.deepEqual(got.argv, want.argv);
        assert.equal(got.hostPpid, want.hostPpid);
        assert.equal(got.parentEntityId, want.parentEntityId);
      }
    }
    assert.equal(fromPicture.tree.get(process.pid)?.parentEntityId, tree.get(process.ppid)?.entityId);

    const fds = stored.fds?.find((p) => p.hostPid === process.pid)?.fds.map((f) => f.fd) ?? [];
    for (const fd of [0, 1, 2, socketFd, pipeFd]) assert.ok(fds.includes(fd), `fd ${fd} in the picture`);
    for (const fd of fds) {
      const want = table.get(process.pid, fd);
      if (want === undefined) continue; // a transient fd of the reads themselves (opendir)
      assert.deepEqual(fromPicture.fds?.get(process.pid, fd), want, `fd ${fd}`);
      assert.deepEqual(live.fds?.get(process.pid, fd), want, `fd ${fd}`);
    }
    const socket = fromPicture.fds?.get(process.pid, socketFd);
    assert.equal(socket?.kind, 'socket');
    assert.deepEqual(socket, { ...socket, family: 'AF_INET', type: 'SOCK_STREAM', protocol: 'IPPROTO_TCP', state: 'TCP_LISTEN' });
    assert.equal(fromPicture.fds?.get(process.pid, pipeFd)?.kind, 'pipe');
    assert.deepEqual(fromPicture.fds?.get(process.pid, pipeFd), { kind: 'pipe', inode: statSync(`/proc/self/fd/${pipeFd}`).ino });
  } finally {
    closeSync(pipeFd);
    child.kill();
    server.close();
  }
});

test('a picture without fds seeds no fds; a context without fds ignores the picture\'s', () => {
  const picture = roundTrip(takeProcPicture({ fds: false, containerCgroupMount: '' }));
  const ctx = new ProcessContext({ clockOffset: 0n, trackFds: true });
  ctx.seedFromPicture(picture);
  assert.ok(ctx.tree.get(process.pid));
  assert.equal(ctx.fds?.fds, 0);
  const noFds = new ProcessContext({ clockOffset: 0n, trackFds: false });
  noFds.seedFromPicture(roundTrip(takeProcPicture({ fds: true, containerCgroupMount: '' })));
  assert.equal(noFds.fds, undefined);
});

test('containers: the picture carries what a resolver walking the hierarchy knows; a resolver without a mount answers from it', () => {
  const id = '0123456789abcdef'.repeat(4);
  const root = mkdtempSync(path.join(tmpdir(), 'sysray-picture-cgroups-'));
  try {
    const scope = path.join(root, 'system.slice', `docker-${id}.scope`);
    mkdirSync(path.join(scope, 'init.scope'), { recursive: true });
    const ino = (dir: string): bigint => statSync(dir, { bigint: true }).ino;
    const picture = roundTrip(takeProcPicture({ fds: false, containerCgroupMount: root }));
    assert.deepEqual(
      picture.containers.map((c) => [c.cgroupId, c.id, c.runtime]).sort(),
      [[String(ino(scope)), id, 'docker'], [String(ino(path.join(scope, 'init.scope'))), id, 'docker']].sort(),
    );
    const live = new ContainerResolver(root);
    const cgroups = [ino(root), ino(path.join(root, 'system.slice')), 1n, ...pictureContainers(picture).map(([c]) => c)];
    const liveAnswers = cgroups.map((c) => live.container(c));
    rmSync(root, { recursive: true, force: true }); // analyze runs long after
    const recorded = new ContainerResolver('');
    recorded.seed(pictureContainers(picture));
    assert.deepEqual(cgroups.map((c) => recorded.container(c)), liveAnswers);
    assert.equal(recorded.container(1n), HOST_CGROUP);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('a bad picture: one line naming the field', () => {
  const good = (): Record<string, unknown> => ({
    version: 1,
    processes: [{ hostPid: 1, hostPpid: 0, tgid: 1, pid: 1, startTime: '10000000', comm: 'init', exePath: '/sbin/init', argv: ['/sbin/init'] }],
    fds: [{ hostPid: 1, fds: [{ fd: 3, description: { kind: 'perf_event', type: 1, config: '18446744073709551615', cpu: -1, targetTid: 1 }, cloexec: true }] }],
    containers: [{ cgroupId: '4026531835', id: 'a'.repeat(64), runtime: 'podman' }],
  });
  const parsed = parseProcPicture(good());
  assert.equal(parsed.processes[0].startTime, '10000000');
  const cases: [mutate: (p: any) => void, message: string][] = [ // any: the tests break the shape on purpose
    [(p) => (p.version = 2), 'proc picture: version: expected 1, got 2'],
    [(p) => delete p.processes, 'proc picture: processes: expected an array, got undefined'],
    [(p) => (p.processes[0].startTime = 10000000), 'proc picture: processes[0].startTime: expected a decimal string ≥ 0, got 10000000'],
    [(p) => (p.processes[0].argv = ['a', 2]), 'proc picture: processes[0].argv[1]: expected a string, got 2'],
    [(p) => (p.processes[0].hostPid = 0), 'proc picture: processes[0].hostPid: expected an integer ≥ 1, got 0'],
    [(p) => (p.fds[0].fds[0].description.kind = 'door'), 'proc picture: fds[0].fds[0].description.kind: expected file, socket, pipe, pidfd, perf_event, memfd, anon or unknown, got "door"'],
    [(p) => (p.fds[0].fds[0].description.config = 1.5), 'proc picture: fds[0].fds[0].description.config: expected an integer, got 1.5'],
    [(p) => (p.fds[0].fds[0].cloexec = 1), 'proc picture: fds[0].fds[0].cloexec: expected true or false, got 1'],
    [(p) => (p.containers[0].runtime = 'lxc'), 'proc picture: containers[0].runtime: expected one of docker, containerd, crio, podman, unknown, got "lxc"'],
    [(p) => (p.containers[0].id = 'abc'), 'proc picture: containers[0].id: expected 64 lowercase hex digits, got "abc"'],
  ];
  for (const [mutate, message] of cases) {
    const p = good();
    mutate(p);
    assert.throws(() => parseProcPicture(p), (e: Error) => e.message === message && !e.message.includes('\n'), message);
  }
  assert.throws(() => parseProcPicture(null), /^Error: proc picture: top level: expected an object, got null$/);
  assert.throws(() => parseProcPicture([]), /^Error: proc picture: top level: expected an object, got \[\]$/);
});

test('fd descriptions keep their bigints and numbers through JSON', () => {
  const p = parseProcPicture({
    version: 1,
    processes: [],
    fds: [{
      hostPid: 7,
      fds: [
        { fd: 3, description: { kind: 'perf_event', type: 1, config: '18446744073709551615', cpu: -1, targetTid: 7, pmu: 'software', id: 12 }, cloexec: true },
        { fd: 4, description: { kind: 'pidfd', hostPid: 9, comm: 'sh', startTime: '123456789012345678' }, cloexec: false },
        { fd: 5, description: { kind: 'socket', family: 'AF_UNIX', type: 'SOCK_STREAM', inode: 42, local: { path: '@x' } }, cloexec: false },
      ],
    }],
    containers: [],
  });
  const ctx = new ProcessContext({ clockOffset: 0n, trackFds: true });
  ctx.seedFromPicture(p);
  assert.deepEqual(ctx.fds?.get(7, 3), { kind: 'perf_event', type: 1, config: 18446744073709551615n, cpu: -1, targetTid: 7, pmu: 'software', id: 12 });
  assert.deepEqual(ctx.fds?.get(7, 4), { kind: 'pidfd', hostPid: 9, comm: 'sh', startTime: 123456789012345678n });
  assert.deepEqual(ctx.fds?.get(7, 5), { kind: 'socket', family: 'AF_UNIX', type: 'SOCK_STREAM', inode: 42, local: { path: '@x' } });
});
