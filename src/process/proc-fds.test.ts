import { test } from 'node:test';
import assert from 'node:assert/strict';
import { closeSync, mkdirSync, mkdtempSync, openSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FdTable } from './fd-table.js';
import { procPids, readProcFds, seedFdTable } from './proc-fds.js';

test('real /proc: a file this test opens, with close-on-exec as libuv sets it', () => {
  const dir = realpathSync(mkdtempSync(path.join(tmpdir(), 'sysray-fds-'))); // /proc links are real paths
  const file = path.join(dir, 'opened');
  writeFileSync(file, 'x');
  const fd = openSync(file, 'r');
  try {
    const found = readProcFds(process.pid).find((f) => f.fd === fd);
    assert.deepEqual(found, { fd, description: { kind: 'file', path: file }, cloexec: true });
    // Node's own event loop holds an epoll fd.
    assert.ok(readProcFds(process.pid).some((f) => f.description.kind === 'anon' && f.description.name === '[eventpoll]'));
  } finally {
    closeSync(fd);
    rmSync(dir, { recursive: true, force: true });
  }
  assert.ok(procPids().includes(process.pid));
});

test('real /proc: a process that does not exist gives nothing', () => {
  assert.deepEqual(readProcFds(2 ** 30), []);
});

/** A fake /proc: one process with fd links and fdinfo files; fdinfo undefined leaves it out (fd closed meanwhile). */
function fakeProc(root: string, pid: number, fds: Record<number, [link: string, fdinfo: string | undefined]>): void {
  mkdirSync(path.join(root, String(pid), 'fd'), { recursive: true });
  mkdirSync(path.join(root, String(pid), 'fdinfo'), { recursive: true });
  for (const [fd, [link, fdinfo]] of Object.entries(fds)) {
    symlinkSync(link, path.join(root, String(pid), 'fd', fd));
    if (fdinfo !== undefined) writeFileSync(path.join(root, String(pid), 'fdinfo', fd), fdinfo);
  }
}

const info = (flags: string, more = ''): string => `pos:\t0\nflags:\t${flags}\nmnt_id:\t15\nino:\t1\n${more}`;

test('fake /proc: every kind of link text', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'sysray-proc-'));
  try {
    fakeProc(root, 100, {
      0: ['/dev/pts/0', info('02')],
      3: ['/etc/passwd', info('02100000')],
      4: ['/tmp/gone (deleted)', info('0100002')],
      5: ['socket:[123]', info('02000002')],
      6: ['pipe:[456]', info('0')],
      7: ['anon_inode:[perf_event]', info('02000002')],
      8: ['anon_inode:[pidfd]', info('02000002', 'Pid:\t4242\nNSpid:\t4242\n')],
      9: ['pidfd:[7890]', info('02000002', 'Pid:\t777\n')],
      10: ['pidfd:[7891]', info('02000002', 'Pid:\t-1\n')],
      11: ['/memfd:jit-code (deleted)', info('02000002')],
      12: ['anon_inode:[eventfd]', info('02004002')],
      13: ['anon_inode:inotify', info('0')],
      14: ['anon_inode:bpf-map', info('02000002')],
      15: ['/etc/hosts', undefined],
      16: ['net:[4026531840]', info('0')],
    });
    const got = readProcFds(100, root);
    assert.deepEqual(got, [
      { fd: 0, description: { kind: 'file', path: '/dev/pts/0' }, cloexec: false },
      { fd: 3, description: { kind: 'file', path: '/etc/passwd' }, cloexec: true },
      { fd: 4, description: { kind: 'file', path: '/tmp/gone' }, cloexec: false },
      { fd: 5, description: { kind: 'socket', family: '', type: '', inode: 123 }, cloexec: true },
      { fd: 6, description: { kind: 'pipe', inode: 456 }, cloexec: false },
      { fd: 7, description: { kind: 'perf_event', type: -1, config: -1, cpu: -1, targetTid: -1 }, cloexec: true },
      { fd: 8, description: { kind: 'pidfd', hostPid: 4242 }, cloexec: true },
      { fd: 9, description: { kind: 'pidfd', hostPid: 777 }, cloexec: true },
      { fd: 10, description: { kind: 'pidfd', hostPid: 0 }, cloexec: true },
      { fd: 11, description: { kind: 'memfd', name: 'jit-code' }, cloexec: true },
      { fd: 12, description: { kind: 'anon', name: '[eventfd]' }, cloexec: true },
      { fd: 13, description: { kind: 'anon', name: 'inotify' }, cloexec: false },
      { fd: 14, description: { kind: 'anon', name: 'bpf-map' }, cloexec: true },
      { fd: 16, description: { kind: 'unknown' }, cloexec: false },
    ]);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('fake /proc: seedFdTable seeds many, skipping processes that are gone', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'sysray-proc-'));
  try {
    fakeProc(root, 1, { 0: ['/dev/null', info('0')], 3: ['socket:[9]', info('02000002')] });
    fakeProc(root, 2, { 5: ['pipe:[1]', info('01')] });
    mkdirSync(path.join(root, 'self'));
    const table = new FdTable();
    assert.deepEqual(procPids(root).sort(), [1, 2]);
    assert.equal(seedFdTable(table, [1, 2, 3], root), 3);
    assert.deepEqual(table.get(1, 0), { kind: 'file', path: '/dev/null' });
    assert.deepEqual(table.get(2, 5), { kind: 'pipe', inode: 1 });
    assert.equal(table.has(3), false);
    table.exec(1);
    assert.deepEqual(table.get(1, 3), undefined);
    assert.equal(table.fds, 2);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
