import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { taskEntityId } from './entity-id.js';
import { clockTicksPerSecond } from './proc-reader.js';
import { ProcessTree } from './process-tree.js';

const S = 1_000_000_000n;
const MS = 1_000_000n;

function forkProcess(tree: ProcessTree, parent: number, child: number, start: bigint, comm = ''): void {
  tree.fork({ parentHostPid: parent, childHostPid: child, childHostTid: child, childPid: child, childStartTime: start, comm, time: start });
}

function execProcess(tree: ProcessTree, pid: number, start: bigint, exePath: string, argv: string[], time: bigint, interpreter = ''): void {
  const comm = exePath.slice(exePath.lastIndexOf('/') + 1);
  tree.exec({ hostPid: pid, startTime: start, comm, exePath, argv, interpreter, time });
}

function exitProcess(tree: ProcessTree, pid: number, time: bigint, exitCode = 0, exitSignal = 0, groupExit = true): void {
  tree.exit({ hostPid: pid, groupExit, exitCode, exitSignal, time });
}

/** A process directory under a fake proc root (stat, status, cmdline, exe). */
function writeFakeProcess(root: string, pid: number, ppid: number, comm: string, startTicks: number, exe: string): void {
  const dir = join(root, String(pid));
  mkdirSync(dir);
  const stat = Array.from({ length: 52 }, () => '0');
  [stat[0], stat[1], stat[2], stat[3], stat[21]] = [String(pid), `(${comm})`, 'S', String(ppid), String(startTicks)];
  writeFileSync(join(dir, 'stat'), stat.join(' ') + '\n');
  writeFileSync(join(dir, 'status'), `Name:\t${comm}\nTgid:\t${pid}\nPid:\t${pid}\nPPid:\t${ppid}\nNSpid:\t${pid}\n`);
  writeFileSync(join(dir, 'cmdline'), `${exe}\0`);
  symlinkSync(exe, join(dir, 'exe'));
}

describe('ProcessTree: fork, exec, exit', () => {
  it('keeps the comm a process had before its last exec (Tracee\'s prev_comm)', () => {
    const tree = new ProcessTree();
    forkProcess(tree, 1, 100, 1n * S, 'nginx');
    assert.equal(tree.get(100)?.previousComm, undefined, 'no exec yet');
    execProcess(tree, 100, 1n * S, '/bin/sh', ['sh'], 2n * S);
    assert.deepEqual([tree.get(100)?.comm, tree.get(100)?.previousComm], ['sh', 'nginx']);
    execProcess(tree, 100, 1n * S, '/usr/bin/id', ['id'], 3n * S);
    assert.deepEqual([tree.get(100)?.comm, tree.get(100)?.previousComm], ['id', 'sh']);
  });

  it('follows a fork/exec chain with ancestry and entity ids', () => {
    const tree = new ProcessTree();
    const t1 = 1n * S, t100 = 10n * S + 5n * MS, t200 = 20n * S + 123n;
    execProcess(tree, 1, t1, '/sbin/init', ['/sbin/init'], t1);
    forkProcess(tree, 1, 100, t100, 'init');
    execProcess(tree, 100, t100, '/bin/bash', ['bash', '-l'], t100 + MS);
    forkProcess(tree, 100, 200, t200, 'bash');

    const init = tree.get(1), bash = tree.get(100), child = tree.get(200);
    assert.ok(init && bash && child);
    assert.equal(tree.size, 3);
    // fork without exec: the parent's program
    assert.equal(child.exePath, '/bin/bash');
    assert.deepEqual(child.argv, ['bash', '-l']);
    assert.equal(child.comm, 'bash');

    execProcess(tree, 200, t200, '/usr/bin/python3', ['python3', 'x.py'], t200 + MS, '/usr/bin/python3');
    assert.equal(child.exePath, '/usr/bin/python3');
    assert.equal(child.comm, 'python3');
    assert.equal(child.interpreter, '/usr/bin/python3');
    assert.equal(bash.exePath, '/bin/bash');

    assert.equal(child.hostPpid, 100);
    assert.equal(child.pid, 200);
    assert.equal(init.entityId, taskEntityId(1, t1));
    assert.equal(bash.entityId, taskEntityId(100, t100));
    assert.equal(child.entityId, taskEntityId(200, t200));
    assert.equal(child.parentEntityId, bash.entityId);
    assert.equal(bash.parentEntityId, init.entityId);
    assert.equal(init.parentEntityId, 0);
    assert.deepEqual(tree.ancestors(200).map((r) => r.hostPid), [100, 1]);
    assert.deepEqual(tree.ancestors(200, 1).map((r) => r.hostPid), [100]);
    assert.deepEqual(tree.ancestors(1), []);
    assert.deepEqual(tree.ancestors(999), []);

    exitProcess(tree, 200, t200 + S, 0, 9);
    assert.equal(child.exitTime, t200 + S);
    assert.equal(child.exitCode, 0);
    assert.equal(child.exitSignal, 9);
    assert.equal(bash.exitTime, undefined);
    assert.equal(tree.get(200), child); // kept for late events
  });

  it('adds no record for a new thread, and a thread exit ends nothing', () => {
    const tree = new ProcessTree();
    forkProcess(tree, 0, 100, 5n * S, 'app');
    tree.fork({ parentHostPid: 100, childHostPid: 100, childHostTid: 101, childPid: 100, childStartTime: 6n * S, comm: 'worker', time: 6n * S });
    assert.equal(tree.size, 1);
    assert.equal(tree.get(101), undefined);
    assert.equal(tree.get(100)?.comm, 'app');
    exitProcess(tree, 100, 7n * S, 0, 0, false);
    assert.equal(tree.get(100)?.exitTime, undefined);
  });

  it('creates the record on exec of an unknown process', () => {
    const tree = new ProcessTree();
    execProcess(tree, 42, 3n * S, '/usr/bin/env', ['env'], 4n * S);
    const rec = tree.get(42);
    assert.ok(rec);
    assert.equal(rec.comm, 'env');
    assert.equal(rec.entityId, taskEntityId(42, 3n * S));
    assert.equal(rec.hostPpid, 0);
    assert.equal(rec.parentEntityId, 0);
  });

  it('replaces a record when its pid is reused', () => {
    const tree = new ProcessTree();
    forkProcess(tree, 0, 10, 1n * S, 'parent');
    forkProcess(tree, 10, 300, 2n * S, 'old');
    const old = tree.get(300);
    assert.ok(old);
    exitProcess(tree, 300, 3n * S);

    forkProcess(tree, 10, 300, 4n * S, 'new');
    const reused = tree.get(300);
    assert.ok(reused && reused !== old);
    assert.equal(reused.comm, 'new');
    assert.equal(reused.exitTime, undefined);
    assert.notEqual(reused.entityId, old.entityId);
    assert.equal(tree.size, 2);

    // exec with another start time: reused again
    execProcess(tree, 300, 9n * S, '/bin/true', ['true'], 9n * S);
    const third = tree.get(300);
    assert.ok(third && third !== reused);
    assert.equal(third.entityId, taskEntityId(300, 9n * S));
    // exec within the same 100 ms as the record's start: the same process
    execProcess(tree, 300, 9n * S + 50n * MS, '/bin/false', ['false'], 10n * S);
    assert.equal(tree.get(300), third);
    assert.equal(third.exePath, '/bin/false');

    // the old record's exit expiry must not drop the new one
    tree.exec({ hostPid: 10, startTime: 1n * S, comm: 'p', exePath: '/p', argv: [], interpreter: '', time: 100n * S });
    assert.equal(tree.get(300), third);
  });

  it("stops ancestry where the parent's pid was reused", () => {
    const tree = new ProcessTree();
    forkProcess(tree, 0, 10, 1n * S, 'a');
    forkProcess(tree, 10, 20, 2n * S, 'b');
    exitProcess(tree, 10, 3n * S);
    forkProcess(tree, 0, 10, 4n * S, 'reuser'); // another process gets pid 10
    assert.deepEqual(tree.ancestors(20), []);
  });

  it('keeps an exited process for keepExitedNs of event time, then drops it', () => {
    const tree = new ProcessTree({ keepExitedNs: S });
    forkProcess(tree, 0, 100, 1n * S, 'a');
    forkProcess(tree, 0, 200, 1n * S, 'b');
    exitProcess(tree, 100, 10n * S, 3);

    forkProcess(tree, 0, 300, 10n * S + 999n * MS, 'c'); // 999 ms later
    assert.equal(tree.get(100)?.exitCode, 3);
    assert.equal(tree.size, 3);

    forkProcess(tree, 0, 400, 11n * S, 'd'); // 1 s later
    assert.equal(tree.get(100), undefined);
    assert.equal(tree.size, 3);
    assert.ok(tree.get(200)); // never exited: stays
  });

  it('evicts exited records first, then the least recently used', () => {
    const tree = new ProcessTree({ maxProcesses: 3, keepExitedNs: 1000n * S });
    forkProcess(tree, 0, 1, 1n * S, 'a');
    forkProcess(tree, 0, 2, 2n * S, 'b');
    forkProcess(tree, 0, 3, 3n * S, 'c');
    exitProcess(tree, 2, 4n * S);
    forkProcess(tree, 0, 4, 5n * S, 'd');
    assert.deepEqual([1, 2, 3, 4].map((p) => tree.get(p) !== undefined), [true, false, true, true]);

    tree.get(1); // 3 is now the least recently used
    forkProcess(tree, 0, 5, 6n * S, 'e');
    assert.deepEqual([1, 3, 4, 5].map((p) => tree.get(p) !== undefined), [true, false, true, true]);
    assert.equal(tree.size, 3);
  });

  it('holds maxProcesses under 100k forks and exits', () => {
    const max = 1000;
    const tree = new ProcessTree({ maxProcesses: max, keepExitedNs: 60n * S });
    let largest = 0;
    for (let i = 0; i < 100_000; i++) {
      const pid = 2 + (i % 30_000); // pids wrap: reuse too
      const t = 1_000n * S + BigInt(i) * MS;
      forkProcess(tree, 1 + ((i * 7) % 3000), pid, t, 'w');
      if (tree.size > largest) largest = tree.size;
      if (i % 10 !== 0) exitProcess(tree, pid, t + MS, 0); // one in ten lives on
      if (tree.size > largest) largest = tree.size;
    }
    assert.ok(largest <= max, `largest ${largest}`);
    assert.equal(tree.size, max);
    const fifo = (tree as unknown as { exited: unknown[]; exitedHead: number });
    assert.ok(fifo.exited.length - fifo.exitedHead <= 2 * max);
  });

  it('expires exits at amortized constant cost', () => {
    const tree = new ProcessTree({ maxProcesses: 1_000_000, keepExitedNs: 10n * MS });
    for (let i = 0; i < 200_000; i++) {
      const t = BigInt(i) * MS;
      forkProcess(tree, 1, 2 + i, t, 'w');
      exitProcess(tree, 2 + i, t);
    }
    assert.ok(tree.size <= 12, `size ${tree.size}`);
  });
});

describe('ProcessTree.seedFromProc', () => {
  it('finds this process on the real /proc', () => {
    const tree = new ProcessTree();
    const n = tree.seedFromProc();
    assert.ok(n >= 2);
    const me = tree.get(process.pid);
    assert.ok(me);
    assert.equal(me.hostPpid, process.ppid);
    assert.equal(me.exePath, realpathSync(process.execPath));
    assert.equal(me.entityId, taskEntityId(process.pid, me.startTime));
    const parent = tree.get(process.ppid);
    assert.ok(parent);
    assert.equal(me.parentEntityId, parent.entityId);
    assert.equal(tree.ancestors(process.pid)[0], parent);
  });

  describe('on a fake proc root', () => {
    let root = '';
    const hz = BigInt(clockTicksPerSecond());
    before(() => {
      root = mkdtempSync(join(tmpdir(), 'sysray-tree-'));
      // children before parents in pid order
      writeFakeProcess(root, 100, 200, 'child', 900, '/usr/bin/child');
      writeFakeProcess(root, 200, 300, 'parent', 500, '/usr/bin/parent');
      writeFakeProcess(root, 300, 0, 'init', 1, '/sbin/init');
      // a cycle, as a torn read could show
      writeFakeProcess(root, 50, 51, 'x', 700, '/x');
      writeFakeProcess(root, 51, 50, 'y', 700, '/y');
    });
    after(() => rmSync(root, { recursive: true, force: true }));

    it('links parents listed after their children', () => {
      const tree = new ProcessTree();
      assert.equal(tree.seedFromProc(root), 5);
      const child = tree.get(100), parent = tree.get(200), init = tree.get(300);
      assert.ok(child && parent && init);
      assert.equal(child.startTime, (900n * S) / hz);
      assert.equal(child.exePath, '/usr/bin/child');
      assert.deepEqual(child.argv, ['/usr/bin/child']);
      assert.equal(child.parentEntityId, parent.entityId);
      assert.equal(parent.parentEntityId, init.entityId);
      assert.equal(init.parentEntityId, 0);
      assert.deepEqual(tree.ancestors(100).map((r) => r.comm), ['parent', 'init']);
    });

    it('stops ancestry at a cycle', () => {
      const tree = new ProcessTree();
      tree.seedFromProc(root);
      assert.deepEqual(tree.ancestors(50).map((r) => r.hostPid), [51]);
    });

    it('keeps what events said about a process, and events match seeded processes', () => {
      const tree = new ProcessTree();
      const start = (900n * S) / hz;
      execProcess(tree, 100, start + 3n * MS, '/usr/bin/newer', ['newer'], start + S);
      tree.seedFromProc(root);
      const child = tree.get(100);
      assert.ok(child);
      assert.equal(child.exePath, '/usr/bin/newer'); // not replaced by /proc's
      assert.equal(child.hostPpid, 200); // filled in
      assert.equal(child.parentEntityId, tree.get(200)?.entityId);

      // a later exec event, with the exact start time, finds the seeded parent
      const parent = tree.get(200);
      execProcess(tree, 200, (500n * S) / hz + 7n * MS, '/bin/sh', ['sh'], 100n * S);
      assert.equal(tree.get(200), parent);
    });
  });
});
