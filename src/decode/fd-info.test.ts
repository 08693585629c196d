import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeFdInfo } from './fd-info.js';
import { FdInfo, FdKind } from './record-layout.js';

function info(kind: number, fill: (b: Buffer) => void, text = ''): Buffer {
  const b = Buffer.alloc(FdInfo.bytes + text.length);
  b[FdInfo.kind] = kind;
  fill(b);
  b.write(text, FdInfo.bytes, 'latin1');
  return b;
}

test('files, memfds and anonymous inodes by their path or name', () => {
  const f = info(FdKind.file, () => {}, '/etc/hostname');
  assert.deepEqual(decodeFdInfo(f, 0, f.length), { kind: 'file', path: '/etc/hostname' });
  const m = info(FdKind.file, () => {}, '/memfd:jit (deleted)');
  assert.deepEqual(decodeFdInfo(m, 0, m.length), { kind: 'memfd', name: 'jit' });
  const a = info(FdKind.anon, () => {}, '[eventfd]');
  assert.deepEqual(decodeFdInfo(a, 0, a.length), { kind: 'anon', name: '[eventfd]' });
});

test('sockets, pipes and pidfds', () => {
  const s = info(FdKind.socket, (b) => {
    b.writeInt32LE(2, FdInfo.target);
    b.writeUInt32LE(2, FdInfo.type);
    b.writeBigUInt64LE(777n, FdInfo.ino);
  });
  assert.deepEqual(decodeFdInfo(s, 0, s.length), { kind: 'socket', family: 'AF_INET', type: 'SOCK_DGRAM', inode: 777 });
  const p = info(FdKind.pipe, (b) => b.writeBigUInt64LE(42n, FdInfo.ino));
  assert.deepEqual(decodeFdInfo(p, 0, p.length), { kind: 'pipe', inode: 42 });
  const d = info(FdKind.pidfd, (b) => {
    b.writeInt32LE(4321, FdInfo.target);
    b.writeBigUInt64LE(123456789n, FdInfo.startTime);
    b.write('sleep', FdInfo.comm, 'latin1');
  });
  assert.deepEqual(decodeFdInfo(d, 0, d.length), { kind: 'pidfd', hostPid: 4321, comm: 'sleep', startTime: 123456789n });
});

test('perf counters: the type perf_event_open was given, also for PMUs of their own', () => {
  const counter = (type: number, pmu: string): Buffer =>
    info(FdKind.perf, (b) => {
      b.writeUInt32LE(type, FdInfo.type);
      b.writeBigUInt64LE(1n, FdInfo.config);
      b.writeInt32LE(-1, FdInfo.cpu);
      b.writeInt32LE(99, FdInfo.target);
      b.write(pmu, FdInfo.comm, 'latin1');
    });
  const taskClock = counter(7, 'task_clock');
  assert.deepEqual(decodeFdInfo(taskClock, 0, taskClock.length), {
    kind: 'perf_event', type: 1, pmu: 'task_clock', config: 1, cpu: -1, targetTid: 99,
  });
  const uprobe = counter(8, 'uprobe');
  assert.equal((decodeFdInfo(uprobe, 0, uprobe.length) as { type: number }).type, 8, 'other dynamic PMUs keep their number');
});

test('no file at that fd, and a blob too short to hold the header', () => {
  const none = info(FdKind.none, () => {});
  assert.deepEqual(decodeFdInfo(none, 0, none.length), { kind: 'unknown' });
  assert.deepEqual(decodeFdInfo(Buffer.alloc(8), 0, 8), { kind: 'unknown' });
});
