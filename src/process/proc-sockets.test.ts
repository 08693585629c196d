import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { endianness, tmpdir } from 'node:os';
import path from 'node:path';
import { readProcFds } from './proc-fds.js';
import { ProcSockets, readTables } from './proc-sockets.js';

const LE = endianness() === 'LE';

test('fake tables, rows as the kernel writes them', { skip: LE ? false : 'rows below are x86 (little-endian) text' }, () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'sysray-net-'));
  try {
    writeFileSync(path.join(dir, 'tcp'), [
      '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode',
      '   0: 00000000:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 655 1 0000000000000000 100 0 0 10 0',
      '   1: 0100007F:9C40 0300020A:1F90 01 00000000:00000000 00:00000000 00000000  1000        0 700 1 0000000000000000 20 4 30 10 -1',
      '   2: 0100007F:9C41 0100007F:1F90 06 00000000:00000000 03:00000C1C 00000000     0        0 0 3 0000000000000000',
    ].join('\n') + '\n');
    writeFileSync(path.join(dir, 'tcp6'), [
      '  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode',
      '   0: 00000000000000000000000001000000:01BB 0000000000000000FFFF00000100007F:C350 01 00000000:00000000 00:00000000 00000000     0        0 800 1 0000000000000000',
    ].join('\n') + '\n');
    writeFileSync(path.join(dir, 'udp'), [
      '   sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops',
      '  100: 0100007F:A64F 0100007F:AB65 01 00000000:00000000 00:00000000 00000000     0        0 900 2 0000000000000000 0',
    ].join('\n') + '\n');
    // no udp6: a kernel without IPv6
    writeFileSync(path.join(dir, 'unix'), [
      'Num       RefCount Protocol Flags    Type St Inode Path',
      '0000000000000000: 00000002 00000000 00010000 0001 01 10001 /run/x.sock',
      '0000000000000000: 00000002 00000000 00000000 0002 01 10002 @sysray@x',
      '0000000000000000: 00000003 00000000 00000000 0001 03   10003',
    ].join('\n') + '\n');
    const t = readTables(dir);
    assert.deepEqual(t.get(655), {
      kind: 'socket', family: 'AF_INET', type: 'SOCK_STREAM', inode: 655, protocol: 'IPPROTO_TCP', state: 'TCP_LISTEN', local: { address: '0.0.0.0', port: 8080 },
    });
    assert.deepEqual(t.get(700), {
      kind: 'socket', family: 'AF_INET', type: 'SOCK_STREAM', inode: 700, protocol: 'IPPROTO_TCP', state: 'TCP_ESTABLISHED',
      local: { address: '127.0.0.1', port: 40000 }, remote: { address: '10.2.0.3', port: 8080 },
    });
    assert.equal(t.has(0), false, 'TIME_WAIT: no inode');
    assert.deepEqual(t.get(800), {
      kind: 'socket', family: 'AF_INET6', type: 'SOCK_STREAM', inode: 800, protocol: 'IPPROTO_TCP', state: 'TCP_ESTABLISHED',
      local: { address: '::1', port: 443 }, remote: { address: '::ffff:127.0.0.1', port: 50000 },
    });
    assert.deepEqual(t.get(900), {
      kind: 'socket', family: 'AF_INET', type: 'SOCK_DGRAM', inode: 900, protocol: 'IPPROTO_UDP', state: 'TCP_ESTABLISHED',
      local: { address: '127.0.0.1', port: 42575 }, remote: { address: '127.0.0.1', port: 43877 },
    });
    assert.deepEqual(t.get(10001), { kind: 'socket', family: 'AF_UNIX', type: 'SOCK_STREAM', inode: 10001, local: { path: '/run/x.sock' } });
    assert.deepEqual(t.get(10002), { kind: 'socket', family: 'AF_UNIX', type: 'SOCK_DGRAM', inode: 10002, local: { path: '@sysray@x' } });
    assert.deepEqual(t.get(10003), { kind: 'socket', family: 'AF_UNIX', type: 'SOCK_STREAM', inode: 10003 });
    assert.equal(readTables(path.join(dir, 'missing')).size, 0);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('fake /proc: processes of one network namespace share one read of its tables', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'sysray-proc-'));
  try {
    for (const pid of [1, 2]) {
      mkdirSync(path.join(root, String(pid), 'ns'), { recursive: true });
      mkdirSync(path.join(root, String(pid), 'net'));
      symlinkSync('net:[4026531840]', path.join(root, String(pid), 'ns', 'net'));
    }
    writeFileSync(path.join(root, '1', 'net', 'unix'), 'Num       RefCount Protocol Flags    Type St Inode Path\n0000000000000000: 00000002 00000000 00010000 0001 01 77 /a\n');
    // pid 2's copy differs: it is never read, the namespace's tables came from pid 1
    writeFileSync(path.join(root, '2', 'net', 'unix'), 'Num       RefCount Protocol Flags    Type St Inode Path\n0000000000000000: 00000002 00000000 00010000 0001 01 77 /b\n');
    const sockets = new ProcSockets(root);
    assert.deepEqual(sockets.describe(1, 77), { kind: 'socket', family: 'AF_UNIX', type: 'SOCK_STREAM', inode: 77, local: { path: '/a' } });
    assert.deepEqual(sockets.describe(2, 77), sockets.describe(1, 77));
    assert.equal(sockets.describe(2, 78), undefined);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

function listening(server: Server, ...args: unknown[]): Promise<void> {
  return new Promise((resolve) => server.listen(...(args as []), () => resolve()));
}

test('real /proc: this process\'s TCP listener, connection and unix listener, by inode', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'sysray-sock-'));
  const tcp = createServer();
  const unix = createServer();
  let client: Socket | undefined;
  try {
    await listening(tcp, 0, '127.0.0.1');
    await listening(unix, path.join(dir, 's.sock'));
    const port = (tcp.address() as { port: number }).port;
    client = connect(port, '127.0.0.1');
    await new Promise((resolve) => client!.once('connect', resolve));
    const clientPort = client.localPort!;
    const mine = readProcFds(process.pid).map((f) => f.description);
    // [family, type, protocol, state, local, remote] of each socket (absent: null)
    const rows = mine.map((d) => (d.kind === 'socket' ? JSON.stringify([d.family, d.type, d.protocol, d.state, d.local, d.remote]) : ''));
    const has = (row: unknown[]) => assert.ok(rows.includes(JSON.stringify(row)), `${JSON.stringify(row)} in ${rows.join('\n')}`);
    has(['AF_INET', 'SOCK_STREAM', 'IPPROTO_TCP', 'TCP_LISTEN', { address: '127.0.0.1', port }, null]);
    has(['AF_INET', 'SOCK_STREAM', 'IPPROTO_TCP', 'TCP_ESTABLISHED', { address: '127.0.0.1', port: clientPort }, { address: '127.0.0.1', port }]);
    has(['AF_UNIX', 'SOCK_STREAM', null, null, { path: path.join(dir, 's.sock') }, null]);
  } finally {
    client?.destroy();
    await new Promise((resolve) => tcp.close(resolve));
    await new Promise((resolve) => unix.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  }
});
