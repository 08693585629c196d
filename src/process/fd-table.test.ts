import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { FdDescription } from './fd-description.js';
import { FdTable } from './fd-table.js';

const passwd: FdDescription = { kind: 'file', path: '/etc/passwd' };
const sock: FdDescription = { kind: 'socket', family: 'AF_INET', type: 'SOCK_STREAM', inode: 0 };

/** The fds the table holds for a process, sorted. */
function fdsOf(table: FdTable, pid: number, upTo = 64): number[] {
  const out: number[] = [];
  for (let fd = 0; fd <= upTo; fd++) if (table.get(pid, fd)) out.push(fd);
  return out;
}

test('set, get, close; counts', () => {
  const t = new FdTable();
  assert.equal(t.has(1), false);
  t.set(1, 3, passwd, false);
  t.set(1, 4, sock, true);
  t.seed(2, 0, passwd, false);
  assert.deepEqual(t.get(1, 3), passwd);
  assert.deepEqual(t.get(1, 4), sock);
  assert.equal(t.get(1, 5), undefined);
  assert.equal(t.get(3, 3), undefined);
  assert.equal(t.has(1), true);
  assert.equal(t.processes, 2);
  assert.equal(t.fds, 3);
  t.set(1, 3, sock, false); // replaces
  assert.deepEqual(t.get(1, 3), sock);
  assert.equal(t.fds, 3);
  t.close(1, 3);
  t.close(1, 3);
  t.close(9, 3);
  assert.equal(t.get(1, 3), undefined);
  assert.equal(t.fds, 2);
});

test('dup copies the description with its own cloexec; an unknown source gives unknown', () => {
  const t = new FdTable();
  t.set(1, 3, passwd, true);
  t.set(1, 7, sock, false);
  t.dup(1, 3, 7, false);
  assert.deepEqual(t.get(1, 7), passwd);
  t.exec(1);
  assert.deepEqual(fdsOf(t, 1), [7]);
  t.dup(1, 40, 7, false);
  assert.deepEqual(t.get(1, 7), { kind: 'unknown' });
  assert.equal(t.fds, 1);
});

test('close-on-exec: set per fd and per range; exec drops those fds only', () => {
  const t = new FdTable();
  for (let fd = 0; fd < 10; fd++) t.set(1, fd, passwd, false);
  t.setCloexec(1, 0, true);
  t.setCloexec(1, 1, true);
  t.setCloexec(1, 1, false);
  t.setCloexecRange(1, 5, 4294967295);
  t.setCloexec(1, 99, true); // unknown fd: nothing
  t.exec(1);
  assert.deepEqual(fdsOf(t, 1), [1, 2, 3, 4]);
  assert.equal(t.fds, 4);
});

test('closeRange closes [first, last] with last up to ~0U', () => {
  const t = new FdTable();
  for (let fd = 0; fd < 10; fd++) t.set(1, fd, passwd, false);
  t.closeRange(1, 2, 4);
  assert.deepEqual(fdsOf(t, 1), [0, 1, 5, 6, 7, 8, 9]);
  t.closeRange(1, 7, 4294967295);
  assert.deepEqual(fdsOf(t, 1), [0, 1, 5, 6]);
  assert.equal(t.fds, 4);
  t.closeRange(2, 0, 10); // unknown process: nothing
  assert.equal(t.has(2), false);
});

test('fork copies (independently), exit drops, a reused child pid starts fresh', () => {
  const t = new FdTable();
  t.set(1, 3, passwd, true);
  t.set(1, 4, sock, false);
  t.set(2, 9, sock, false); // stale table of a pid about to be reused
  t.fork(1, 2);
  assert.deepEqual(fdsOf(t, 2), [3, 4]);
  t.close(2, 4);
  t.setCloexec(2, 3, false);
  t.exec(1);
  assert.deepEqual(fdsOf(t, 1), [4]);
  assert.deepEqual(fdsOf(t, 2), [3]);
  assert.equal(t.fds, 2);
  t.exit(1);
  assert.equal(t.has(1), false);
  assert.equal(t.fds, 1);
  t.fork(77, 2); // parent unknown: the child's table is dropped, none made
  assert.equal(t.has(2), false);
  assert.equal(t.fds, 0);
  assert.equal(t.processes, 0);
});

test('copyFrom takes another process\'s entry (pidfd_getfd)', () => {
  const t = new FdTable();
  t.set(10, 5, sock, false);
  t.copyFrom(10, 5, 20, 3, true);
  assert.deepEqual(t.get(20, 3), sock);
  t.exec(20);
  assert.equal(t.get(20, 3), undefined);
  t.copyFrom(10, 6, 20, 4, true);
  assert.deepEqual(t.get(20, 4), { kind: 'unknown' });
  assert.deepEqual(t.get(10, 5), sock);
});

test('bound on processes: the least recently used goes', () => {
  const t = new FdTable({ maxProcesses: 3 });
  t.set(1, 0, passwd, false);
  t.set(2, 0, passwd, false);
  t.set(3, 0, passwd, false);
  t.get(1, 0); // 1 used: 2 is now the least recently used
  t.set(4, 0, passwd, false);
  assert.deepEqual([1, 2, 3, 4].map((p) => t.has(p)), [true, false, true, true]);
  t.close(3, 7); // a use too
  t.set(5, 0, passwd, false);
  assert.deepEqual([1, 3, 4, 5].map((p) => t.has(p)), [false, true, true, true]);
  assert.equal(t.processes, 3);
  assert.equal(t.fds, 3);
});

test('bound on fds per process: the oldest set goes', () => {
  const t = new FdTable({ maxFdsPerProcess: 3 });
  t.set(1, 0, passwd, false);
  t.set(1, 1, passwd, false);
  t.set(1, 2, passwd, false);
  t.set(1, 0, sock, false); // re-set: now the newest
  t.setCloexec(1, 1, true); // not a set: keeps its age
  t.set(1, 3, passwd, false);
  assert.deepEqual(fdsOf(t, 1), [0, 2, 3]);
  t.dup(1, 0, 9, false);
  assert.deepEqual(fdsOf(t, 1), [0, 3, 9]);
  assert.equal(t.fds, 3);
});

test('options are checked', () => {
  assert.throws(() => new FdTable({ maxProcesses: 0 }), RangeError);
  assert.throws(() => new FdTable({ maxFdsPerProcess: 1.5 }), RangeError);
});
