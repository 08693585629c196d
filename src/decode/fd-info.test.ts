import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeFdFile, decodeFdInfo, fdKernelName } from './fd-info.js';
import { FdInfo, FdKind, FdSocket } from './record-layout.js';

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

test('a file\'s device and inode beside its description (decodeFdFile); none for other kinds', () => {
  const f = info(FdKind.file, (b) => {
    b.writeUInt32LE((8 << 20) | 1, FdInfo.dev);
    b.writeBigUInt64LE(123456789n, FdInfo.ino);
  }, '/etc/hostname');
  assert.deepEqual(decodeFdFile(f, 0, f.length), { dev: (8 << 20) | 1, inode: 123456789 });
  assert.deepEqual(decodeFdInfo(f, 0, f.length), { kind: 'file', path: '/etc/hostname' }, 'the description itself as before');
  const p = info(FdKind.pipe, (b) => b.writeBigUInt64LE(42n, FdInfo.ino));
  assert.equal(decodeFdFile(p, 0, p.length), undefined);
  assert.equal(decodeFdFile(f, 0, FdInfo.bytes - 1), undefined, 'cut short');
});

test('fdKernelName: what /proc/PID/fd shows', () => {
  assert.deepEqual(
    [fdKernelName({ kind: 'file', path: '/x' }), fdKernelName({ kind: 'pipe', inode: 7 }), fdKernelName({ kind: 'socket', family: '', type: '', inode: 9 }),
      fdKernelName({ kind: 'anon', name: '[eventfd]' }), fdKernelName({ kind: 'memfd', name: 'jit' }), fdKernelName(undefined)],
    ['/x', 'pipe:[7]', 'socket:[9]', '[eventfd]', '/memfd:jit (deleted)', ''],
  );
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

/** A SOCKET blob as capture_fd_info lays it out: fd_info, sysray_fd_socket, local then remote bytes. */
function sock(
  family: number, type: number,
  so: { protocol?: number; state?: number; localPort?: number; remotePort?: number; local?: Buffer; remote?: Buffer },
): Buffer {
  const local = so.local ?? Buffer.alloc(0);
  const remote = so.remote ?? Buffer.alloc(0);
  const b = Buffer.alloc(FdInfo.bytes + FdSocket.bytes + local.length + remote.length);
  b[FdInfo.kind] = FdKind.socket;
  b.writeInt32LE(family, FdInfo.target);
  b.writeUInt32LE(type, FdInfo.type);
  b.writeBigUInt64LE(555n, FdInfo.ino);
  const at = FdInfo.bytes;
  b.writeUInt16LE(so.protocol ?? 0, at + FdSocket.protocol);
  b[at + FdSocket.state] = so.state ?? 0;
  b[at + FdSocket.localLen] = local.length;
  b.writeUInt16LE(so.localPort ?? 0, at + FdSocket.localPort);
  b.writeUInt16LE(so.remotePort ?? 0, at + FdSocket.remotePort);
  b[at + FdSocket.remoteLen] = remote.length;
  local.copy(b, at + FdSocket.bytes);
  remote.copy(b, at + FdSocket.bytes + local.length);
  return b;
}
const ip4 = (text: string): Buffer => Buffer.from(text.split('.').map(Number));
const hex = (h: string): Buffer => Buffer.from(h, 'hex');
const AF_UNIX = 1, AF_INET = 2, AF_INET6 = 10, AF_NETLINK = 16;
const SOCK_STREAM = 1, SOCK_DGRAM = 2;
const TCP = 6, UDP = 17, TCP_ESTABLISHED = 1, TCP_CLOSE = 7, TCP_LISTEN = 10;

test('inet sockets: both ends, protocol and state from the struct sock', () => {
  const conn = sock(AF_INET, SOCK_STREAM, {
    protocol: TCP, state: TCP_ESTABLISHED, localPort: 40000, remotePort: 8080, local: ip4('127.0.0.1'), remote: ip4('10.1.2.3'),
  });
  assert.deepEqual(decodeFdInfo(conn, 0, conn.length), {
    kind: 'socket', family: 'AF_INET', type: 'SOCK_STREAM', inode: 555,
    local: { address: '127.0.0.1', port: 40000 }, remote: { address: '10.1.2.3', port: 8080 },
    protocol: 'IPPROTO_TCP', state: 'TCP_ESTABLISHED',
  });
  // listening on any address: the local end is 0.0.0.0:port; the remote 0.0.0.0:0 is no end
  const listener = sock(AF_INET, SOCK_STREAM, { protocol: TCP, state: TCP_LISTEN, localPort: 8080, local: ip4('0.0.0.0'), remote: ip4('0.0.0.0') });
  assert.deepEqual(decodeFdInfo(listener, 0, listener.length), {
    kind: 'socket', family: 'AF_INET', type: 'SOCK_STREAM', inode: 555, local: { address: '0.0.0.0', port: 8080 }, protocol: 'IPPROTO_TCP', state: 'TCP_LISTEN',
  });
  // fresh from socket(2): neither end
  const fresh = sock(AF_INET, SOCK_DGRAM, { protocol: UDP, state: TCP_CLOSE, local: ip4('0.0.0.0'), remote: ip4('0.0.0.0') });
  assert.deepEqual(decodeFdInfo(fresh, 0, fresh.length), {
    kind: 'socket', family: 'AF_INET', type: 'SOCK_DGRAM', inode: 555, protocol: 'IPPROTO_UDP', state: 'TCP_CLOSE',
  });
  const v6 = sock(AF_INET6, SOCK_STREAM, {
    protocol: TCP, state: TCP_ESTABLISHED, localPort: 443, remotePort: 50000,
    local: hex('00000000000000000000000000000001'), remote: hex('00000000000000000000ffff7f000001'),
  });
  assert.deepEqual(decodeFdInfo(v6, 0, v6.length), {
    kind: 'socket', family: 'AF_INET6', type: 'SOCK_STREAM', inode: 555,
    local: { address: '::1', port: 443 }, remote: { address: '::ffff:127.0.0.1', port: 50000 }, protocol: 'IPPROTO_TCP', state: 'TCP_ESTABLISHED',
  });
  // an IPv6 socket on a kernel without IPv6 fields: no address bytes
  const noV6 = sock(AF_INET6, SOCK_STREAM, { protocol: TCP, state: TCP_CLOSE, localPort: 1 });
  assert.deepEqual(decodeFdInfo(noV6, 0, noV6.length), {
    kind: 'socket', family: 'AF_INET6', type: 'SOCK_STREAM', inode: 555, protocol: 'IPPROTO_TCP', state: 'TCP_CLOSE',
  });
  // raw: skc_num is the protocol, not a port
  const odd = sock(AF_INET, 3, { protocol: 200, state: 42, localPort: 200, local: ip4('0.0.0.0'), remote: ip4('0.0.0.0') });
  assert.deepEqual(decodeFdInfo(odd, 0, odd.length), { kind: 'socket', family: 'AF_INET', type: 'SOCK_RAW', inode: 555, protocol: '200', state: '42' });
});

test('unix sockets: its bound name and its peer\'s, paths up to their NUL, abstract names as @name', () => {
  const client = sock(AF_UNIX, SOCK_STREAM, { state: TCP_ESTABLISHED, remote: Buffer.from('/run/x.sock\0', 'latin1') });
  assert.deepEqual(decodeFdInfo(client, 0, client.length), {
    kind: 'socket', family: 'AF_UNIX', type: 'SOCK_STREAM', inode: 555, remote: { path: '/run/x.sock' }, state: 'TCP_ESTABLISHED',
  });
  const server = sock(AF_UNIX, SOCK_DGRAM, { state: TCP_CLOSE, local: Buffer.from('\0sysray\0x', 'latin1') });
  assert.deepEqual(decodeFdInfo(server, 0, server.length), {
    kind: 'socket', family: 'AF_UNIX', type: 'SOCK_DGRAM', inode: 555, local: { path: '@sysray@x' }, state: 'TCP_CLOSE',
  });
  const both = sock(AF_UNIX, SOCK_STREAM, { state: TCP_ESTABLISHED, local: Buffer.from('/a\0', 'latin1'), remote: Buffer.from('\0b', 'latin1') });
  const d = decodeFdInfo(both, 0, both.length) as { local?: unknown; remote?: unknown };
  assert.deepEqual([d.local, d.remote], [{ path: '/a' }, { path: '@b' }]);
});

test('sockets of other families, and SOCKET blobs without (or with a cut) struct sock part', () => {
  // netlink keeps its own meanings in sk_state and sk_protocol: neither is named
  const nl = sock(AF_NETLINK, 3, { protocol: 9, state: 1 });
  assert.deepEqual(decodeFdInfo(nl, 0, nl.length), { kind: 'socket', family: 'AF_NETLINK', type: 'SOCK_RAW', inode: 555 });
  const bare = sock(AF_INET, SOCK_STREAM, {}).subarray(0, FdInfo.bytes);
  assert.deepEqual(decodeFdInfo(bare, 0, bare.length), { kind: 'socket', family: 'AF_INET', type: 'SOCK_STREAM', inode: 555 });
  const full = sock(AF_INET, SOCK_STREAM, { protocol: TCP, state: TCP_ESTABLISHED, localPort: 1, remotePort: 2, local: ip4('1.1.1.1'), remote: ip4('2.2.2.2') });
  assert.deepEqual(decodeFdInfo(full, 0, full.length - 1), { kind: 'socket', family: 'AF_INET', type: 'SOCK_STREAM', inode: 555 });
  // at an offset in a bigger buffer, as in a record
  const rec = Buffer.concat([Buffer.alloc(24, 0xee), full, Buffer.alloc(8, 0xee)]);
  assert.deepEqual((decodeFdInfo(rec, 24, full.length) as { remote?: unknown }).remote, { address: '2.2.2.2', port: 2 });
});

test('perf counters: the type perf_event_open was given, also for PMUs of their own', () => {
  const counter = (type: number, pmu: string): Buffer =>
    info(FdKind.perf, (b) => {
      b.writeUInt32LE(type, FdInfo.type);
      b.writeBigUInt64LE(1n, FdInfo.config);
      b.writeInt32LE(-1, FdInfo.cpu);
      b.writeInt32LE(99, FdInfo.target);
      b.write(pmu, FdInfo.comm, 'latin1');
      b.writeBigUInt64LE(4242n, FdInfo.startTime); // perf_event.id
    });
  const taskClock = counter(7, 'task_clock');
  assert.deepEqual(decodeFdInfo(taskClock, 0, taskClock.length), {
    kind: 'perf_event', type: 1, pmu: 'task_clock', config: 1, cpu: -1, targetTid: 99, id: 4242,
  });
  const uprobe = counter(8, 'uprobe');
  assert.equal((decodeFdInfo(uprobe, 0, uprobe.length) as { type: number }).type, 8, 'other dynamic PMUs keep their number');
});

test('no file at that fd, and a blob too short to hold the header', () => {
  const none = info(FdKind.none, () => {});
  assert.deepEqual(decodeFdInfo(none, 0, none.length), { kind: 'unknown' });
  assert.deepEqual(decodeFdInfo(Buffer.alloc(8), 0, 8), { kind: 'unknown' });
});
