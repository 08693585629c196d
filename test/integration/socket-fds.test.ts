/**
 * A socket's ends as the kernel reads them from its struct sock (bpf/fd_info.h
 * write_socket): test/triggers/socket_trigger.c makes TCP sockets over
 * 127.0.0.1 and ::1 (listener, client, accepted), a connected UDP socket and
 * unix sockets (bound to a path, its client and accepted end, abstract, a
 * socketpair), prints what getsockname/getpeername say of each, and a child
 * steals every one with pidfd_getfd. Each stolen fd renders, in `targetFd`
 * and in the child's fcntl on the copy, with exactly those ends. The JSON
 * shows no protocol or state: the second test reads them from the tracer's
 * own events, in this process.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileTrigger, keyValues, run, traceDuring, type JsonEvent } from '../helpers/trace.js';
import type { TraceEvent } from '../../src/decode/trace-event.js';
import { policyFromFlags } from '../../src/policy/policy-set.js';
import { Tracer } from '../../src/tracer/tracer.js';

interface Socket {
  fd: number;
  local: string;
  remote: string;
}

/** `FD LOCAL REMOTE` as the trigger prints it. */
function socketOf(kv: Record<string, string>, name: string): Socket {
  const [fd, local, remote] = kv[name].split(' ');
  return { fd: Number(fd), local, remote };
}

/** An inet end `ADDR,PORT` as sysray writes it: `ADDR:PORT`, IPv6 in brackets. */
function inet(end: string): string {
  const [address, port] = end.split(',');
  return address.includes(':') ? `[${address}]:${port}` : `${address}:${port}`;
}

test('socket fds: local and remote address and port (inet, inet6), bound names (unix), from the kernel', async () => {
  const bin = compileTrigger('socket_trigger');
  let out = { pid: 0, stdout: '', code: null as number | null };
  const r = await traceDuring(['-e', 'pidfd_getfd,fcntl', '-s', 'comm=socket_trigger', '-o', 'option:parse-arguments-fds'], async () => {
    out = await run(bin);
  });
  assert.equal(out.code, 0, out.stdout);
  assert.equal(r.exitCode, 0, r.stderr);
  assert.equal(r.lost, 0, r.stderr);
  const kv = keyValues(out.stdout);
  assert.equal(kv.childexit, '0');
  const s = (name: string) => socketOf(kv, name);

  // what the trigger saw, so that the renderings below hold for the right reasons
  const tcpPort = s('tcp_listen').local.split(',')[1];
  assert.deepEqual([s('tcp_listen').local, s('tcp_client').remote, s('tcp_accepted').local], Array(3).fill(`127.0.0.1,${tcpPort}`));
  assert.equal(s('tcp_accepted').remote, s('tcp_client').local);
  assert.match(s('tcp6_client').remote, /^::1,\d+$/);
  assert.equal(s('tcp6_accepted').remote, s('tcp6_client').local);
  assert.equal(s('udp').remote, `127.0.0.1,${tcpPort}`);
  assert.equal(s('unix_listen').local, `${kv.dir}/listen.sock`);
  assert.equal(s('unix_abstract').local, `@sysray-test-${out.pid}`);

  const expected: Record<string, string> = {
    tcp_listen: `AF_INET ${inet(s('tcp_listen').local)}`,
    tcp_client: `AF_INET ${inet(s('tcp_client').local)}->${inet(s('tcp_client').remote)}`,
    tcp_accepted: `AF_INET ${inet(s('tcp_accepted').local)}->${inet(s('tcp_accepted').remote)}`,
    tcp6_listen: `AF_INET6 ${inet(s('tcp6_listen').local)}`,
    tcp6_client: `AF_INET6 ${inet(s('tcp6_client').local)}->${inet(s('tcp6_client').remote)}`,
    tcp6_accepted: `AF_INET6 ${inet(s('tcp6_accepted').local)}->${inet(s('tcp6_accepted').remote)}`,
    udp: `AF_INET ${inet(s('udp').local)}->${inet(s('udp').remote)}`,
    unix_listen: `AF_UNIX ${kv.dir}/listen.sock`,
    // unnamed; its peer (the accepted end) carries the listener's name
    unix_client: `AF_UNIX ->${kv.dir}/listen.sock`,
    // named as the listener; its peer, the client, is unnamed
    unix_accepted: `AF_UNIX ${kv.dir}/listen.sock`,
    unix_abstract: `AF_UNIX @sysray-test-${out.pid}`,
    unix_pair: 'AF_UNIX',
  };
  assert.equal(expected.tcp6_client.startsWith('AF_INET6 [::1]:'), true);

  const mine = (pid: number, name: string): JsonEvent[] => r.events.filter((e) => e.hostProcessId === pid && e.eventName === name);
  const getfds = r.events.filter((e) => e.eventName === 'pidfd_getfd');
  assert.equal(getfds.length, Object.keys(expected).length, JSON.stringify(getfds));
  const child = getfds[0].hostProcessId;
  assert.notEqual(child, out.pid);
  const probes = new Map(mine(child, 'fcntl').map((e) => [String(e.args[0].value).split('=')[0], e.args[0].value]));
  for (const [name, text] of Object.entries(expected)) {
    const { fd } = s(name);
    const stolen = Number(kv[`stolen${fd}`]);
    const e = getfds.find((g) => g.returnValue === stolen);
    assert.ok(e, `pidfd_getfd of ${name}`);
    assert.equal(e.targetFd, `${fd}=socket:[${text}]`, `${name}: targetFd`);
    assert.equal(probes.get(String(stolen)), `${stolen}=socket:[${text}]`, `${name}: the copy in the child's fd table`);
  }

  // accept's new fds are described as accept returned them
  assert.deepEqual(mine(out.pid, 'fcntl').map((e) => e.args[0].value), [
    `${s('tcp_accepted').fd}=socket:[${expected.tcp_accepted}]`,
    `${s('tcp6_accepted').fd}=socket:[${expected.tcp6_accepted}]`,
    `${s('unix_accepted').fd}=socket:[${expected.unix_accepted}]`,
  ]);
});

test('socket fds: protocol and state, and the ends as structured fields (pidfd_getfd in process)', async () => {
  const bin = compileTrigger('socket_trigger');
  const policies = [policyFromFlags(['comm=socket_trigger'], ['pidfd_getfd'])];
  const tracer = new Tracer({ ringBufferBytes: 1 << 22, captureEnv: false, symbolic: false, initialPolicies: policies });
  const events: TraceEvent[] = [];
  let out = { pid: 0, stdout: '', code: null as number | null };
  try {
    tracer.setPolicies(policies);
    tracer.start((e) => events.push(e));
    out = await run(bin);
    await new Promise((resolve) => setTimeout(resolve, 300)); // the poller's timeout is 20 ms
  } finally {
    const summary = await tracer.stop();
    assert.equal(summary.lost, 0n);
  }
  assert.equal(out.code, 0, out.stdout);
  const kv = keyValues(out.stdout);
  const described = (name: string) => {
    const stolen = Number(kv[`stolen${socketOf(kv, name).fd}`]);
    const e = events.find((x) => x.eventName === 'pidfd_getfd' && x.returnValue === stolen);
    assert.ok(e, name);
    return e.targetFd;
  };
  const end = (text: string) => {
    const [address, port] = text.split(',');
    return { address, port: Number(port) };
  };
  const c = socketOf(kv, 'tcp_client');
  const client = described('tcp_client') as { inode: number };
  assert.ok(client.inode > 0);
  assert.deepEqual(client, {
    kind: 'socket', family: 'AF_INET', type: 'SOCK_STREAM', inode: client.inode,
    local: end(c.local), remote: end(c.remote), protocol: 'IPPROTO_TCP', state: 'TCP_ESTABLISHED',
  });
  const pick = (name: string) => {
    const d = described(name) as { protocol?: string; state?: string; local?: unknown; remote?: unknown };
    return [d.protocol, d.state, d.local, d.remote];
  };
  const l6 = socketOf(kv, 'tcp6_listen');
  assert.deepEqual(pick('tcp_listen'), ['IPPROTO_TCP', 'TCP_LISTEN', end(socketOf(kv, 'tcp_listen').local), undefined]);
  assert.deepEqual(pick('tcp6_listen'), ['IPPROTO_TCP', 'TCP_LISTEN', end(l6.local), undefined]);
  assert.deepEqual(pick('tcp6_accepted'), ['IPPROTO_TCP', 'TCP_ESTABLISHED', end(socketOf(kv, 'tcp6_accepted').local), end(socketOf(kv, 'tcp6_accepted').remote)]);
  // a connected UDP socket is TCP_ESTABLISHED too (ss: ESTAB)
  assert.deepEqual(pick('udp'), ['IPPROTO_UDP', 'TCP_ESTABLISHED', end(socketOf(kv, 'udp').local), end(socketOf(kv, 'udp').remote)]);
  // unix sockets have no IP protocol; their states are TCP's
  assert.deepEqual(pick('unix_listen'), [undefined, 'TCP_LISTEN', { path: `${kv.dir}/listen.sock` }, undefined]);
  assert.deepEqual(pick('unix_client'), [undefined, 'TCP_ESTABLISHED', undefined, { path: `${kv.dir}/listen.sock` }]);
  assert.deepEqual(pick('unix_abstract'), [undefined, 'TCP_CLOSE', { path: `@sysray-test-${out.pid}` }, undefined]);
  assert.deepEqual(pick('unix_pair'), [undefined, 'TCP_ESTABLISHED', undefined, undefined]);
});
