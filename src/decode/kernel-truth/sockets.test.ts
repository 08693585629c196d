import { test } from 'node:test';
import assert from 'node:assert/strict';
import { eventByName } from '../../events/catalog.js';
import type { FdDescription } from '../../process/fd-description.js';
import type { DecodedArg } from '../trace-event.js';
import { traceEventFixture } from '../trace-event.fixture.js';
import { applySocketTruth, kernelSockaddr, sockaddrDiffers } from './sockets.js';

type Socket = Extract<FdDescription, { kind: 'socket' }>;
const v4 = (sin_addr: string, sin_port: number) => ({ sa_family: 'AF_INET', sin_port, sin_addr });
const v6 = (sin6_addr: string, sin6_port: number) => ({ sa_family: 'AF_INET6', sin6_port, sin6_addr });
const unix = (sun_path: string) => ({ sa_family: 'AF_UNIX', sun_path });
const tcp = (over: Partial<Socket>): Socket => ({ kind: 'socket', family: 'AF_INET', type: 'SOCK_STREAM', inode: 7, ...over });

test('kernelSockaddr: the peer (connect) or the bound end (bind), shaped as decodeSockaddr', () => {
  const s = tcp({ local: { address: '127.0.0.1', port: 40000 }, remote: { address: '127.0.0.1', port: 80 } });
  assert.deepEqual(kernelSockaddr(s, 'connect'), v4('127.0.0.1', 80));
  assert.deepEqual(kernelSockaddr(s, 'bind'), v4('127.0.0.1', 40000));
  assert.deepEqual(kernelSockaddr(tcp({ family: 'AF_INET6', remote: { address: '::1', port: 443 } }), 'connect'), v6('::1', 443));
  // not connected: no peer; bound to nothing (a raw socket's any): the unspecified address
  assert.equal(kernelSockaddr(tcp({}), 'connect'), undefined);
  assert.deepEqual(kernelSockaddr(tcp({ type: 'SOCK_RAW' }), 'bind'), { sa_family: 'AF_INET', sin_addr: '0.0.0.0' });
  assert.deepEqual(kernelSockaddr(tcp({ family: 'AF_UNIX', remote: { path: '@x' } }), 'connect'), unix('@x'));
  assert.equal(kernelSockaddr(tcp({ family: 'AF_UNIX' }), 'connect'), undefined, 'an unnamed peer');
  assert.equal(kernelSockaddr(tcp({ family: 'AF_NETLINK' }), 'bind'), undefined);
});

test('sockaddrDiffers: inet, the normalisations that are not races', () => {
  assert.equal(sockaddrDiffers('connect', v4('127.0.0.1', 80), v4('127.0.0.1', 80)), false);
  assert.equal(sockaddrDiffers('connect', v4('127.0.0.1', 81), v4('127.0.0.1', 80)), true, 'another port');
  assert.equal(sockaddrDiffers('connect', v4('10.0.0.1', 80), v4('127.0.0.1', 80)), true, 'another address');
  // 0.0.0.0 and :: go to loopback, or to the socket's own address when bound
  assert.equal(sockaddrDiffers('connect', v4('0.0.0.0', 80), v4('127.0.0.1', 80)), false);
  assert.equal(sockaddrDiffers('connect', v4('0.0.0.0', 80), v4('10.1.2.3', 80), v4('10.1.2.3', 5000)), false);
  assert.equal(sockaddrDiffers('connect', v4('0.0.0.0', 80), v4('10.1.2.3', 80), v4('127.0.0.1', 5000)), true);
  assert.equal(sockaddrDiffers('connect', v6('::', 80), v6('::1', 80)), false);
  assert.equal(sockaddrDiffers('connect', v6('::ffff:0.0.0.0', 80), v6('::ffff:127.0.0.1', 80)), false);
  // IPv4-mapped: an AF_INET6 socket connecting to an AF_INET address (UDP)
  assert.equal(sockaddrDiffers('connect', v4('192.0.2.1', 53), v6('::ffff:192.0.2.1', 53)), false);
  assert.equal(sockaddrDiffers('connect', v6('::ffff:192.0.2.1', 53), v6('::ffff:192.0.2.1', 53)), false);
  assert.equal(sockaddrDiffers('bind', v4('192.0.2.1', 53), v6('::ffff:192.0.2.1', 53)), true, 'bind takes its own family only');
  assert.equal(sockaddrDiffers('connect', v6('::ffff:192.0.2.1', 53), v4('192.0.2.1', 53)), true, 'AF_INET6 on an AF_INET socket');
  // flowinfo and scope id: not kept by the sock, not compared
  assert.equal(sockaddrDiffers('connect', { ...v6('fe80::1', 22), sin6_flowinfo: 5, sin6_scopeid: 2 }, v6('fe80::1', 22)), false);
  // bind: port 0 gets a free one; any other port and the address exactly
  assert.equal(sockaddrDiffers('bind', v4('0.0.0.0', 0), v4('0.0.0.0', 41234)), false);
  assert.equal(sockaddrDiffers('bind', v4('0.0.0.0', 8080), v4('0.0.0.0', 41234)), true);
  assert.equal(sockaddrDiffers('bind', v4('0.0.0.0', 0), v4('127.0.0.1', 41234)), true);
  assert.equal(sockaddrDiffers('connect', v4('0.0.0.0', 0), v4('127.0.0.1', 41234)), true, 'port 0 is bind\'s only');
  // a raw socket: no port to compare
  assert.equal(sockaddrDiffers('bind', v4('127.0.0.1', 99), { sa_family: 'AF_INET', sin_addr: '127.0.0.1' }), false);
  // family changed under the kernel; AF_UNSPEC (a disconnect, bind's "any") and short entries are no evidence
  assert.equal(sockaddrDiffers('connect', unix('/tmp/s'), v4('127.0.0.1', 80)), true);
  assert.equal(sockaddrDiffers('bind', { sa_family: 'AF_UNSPEC' }, v4('0.0.0.0', 80)), false);
  assert.equal(sockaddrDiffers('connect', { sa_family: 'AF_INET' }, v4('127.0.0.1', 80)), false);
});

test('sockaddrDiffers: unix names', () => {
  // bind: the kernel's copy of what was passed, exactly; no name: an abstract one chosen by the kernel
  assert.equal(sockaddrDiffers('bind', unix('/tmp/a.sock'), unix('/tmp/a.sock')), false);
  assert.equal(sockaddrDiffers('bind', unix('/tmp/a.sock'), unix('/tmp/b.sock')), true);
  assert.equal(sockaddrDiffers('bind', unix('a.sock'), unix('/tmp/a.sock')), true, 'bind keeps the relative name');
  assert.equal(sockaddrDiffers('bind', unix(''), unix('@0001f')), false);
  assert.equal(sockaddrDiffers('bind', unix(''), unix('/tmp/x')), true);
  // connect by path: the listener's own string (symlinks, relative names): never flagged
  assert.equal(sockaddrDiffers('connect', unix('./a.sock'), unix('/tmp/a.sock')), false);
  assert.equal(sockaddrDiffers('connect', unix('/tmp/link'), unix('/tmp/a.sock')), false);
  // abstract names compare exactly
  assert.equal(sockaddrDiffers('connect', unix('@svc'), unix('@svc')), false);
  assert.equal(sockaddrDiffers('connect', unix('@svc'), unix('@evil')), true);
  assert.equal(sockaddrDiffers('connect', unix('@svc'), unix('/tmp/a.sock')), true);
  assert.equal(sockaddrDiffers('connect', v4('127.0.0.1', 80), unix('@svc')), true);
});

function socketEvent(name: 'connect' | 'bind', ret: number, addr: Partial<DecodedArg>, fd?: Socket, fdReplaced?: boolean) {
  const specs = eventByName(name)!.args;
  return traceEventFixture(name, {
    returnValue: ret,
    args: [
      { spec: specs[0], value: 3, raw: 3, fd, fdReplaced },
      { spec: specs[1], value: null, raw: 0x7000, ...addr },
      { spec: specs[2], value: 16, raw: 16 },
    ],
  });
}

test('applySocketTruth: kernelValue, and the three ways a race shows', () => {
  const connected = tcp({ local: { address: '127.0.0.1', port: 40000 }, remote: { address: '127.0.0.1', port: 80 } });
  let e = socketEvent('connect', -115, { value: v4('127.0.0.1', 80) }, connected);
  applySocketTruth(e);
  assert.deepEqual(e.args[1].kernelValue, v4('127.0.0.1', 80));
  assert.equal(e.args[1].raced, undefined);

  e = socketEvent('connect', 0, { value: v4('127.0.0.1', 81) }, connected);
  applySocketTruth(e);
  assert.deepEqual([e.args[1].raced, e.args[1].raceTechnique], [true, 'value changed']);

  // read at exit after an entry fault, and different: the phantom attack
  e = socketEvent('connect', 0, { value: v4('127.0.0.1', 81), readAtExit: true, entryFault: true }, connected);
  applySocketTruth(e);
  assert.deepEqual([e.args[1].kernelValue, e.args[1].raceTechnique], [v4('127.0.0.1', 80), 'entry read failed']);
  // ... the same: no race
  e = socketEvent('connect', 0, { value: v4('127.0.0.1', 80), readAtExit: true, entryFault: true }, connected);
  applySocketTruth(e);
  assert.equal(e.args[1].raced, undefined);
  // unreadable both times while the call succeeded
  e = socketEvent('connect', 0, { unreadable: 'fault', address: 0x7000 }, connected);
  applySocketTruth(e);
  assert.deepEqual([e.args[1].kernelValue, e.args[1].raceTechnique], [v4('127.0.0.1', 80), 'entry read failed']);

  // the fd was replaced: no kernel value at all
  e = socketEvent('bind', 0, { value: v4('0.0.0.0', 0) }, undefined, true);
  applySocketTruth(e);
  assert.deepEqual([e.args[1].kernelValue, e.args[1].raced, e.args[1].raceTechnique], [undefined, true, 'fd replaced']);

  // failed calls and AF_UNSPEC connects have no kernel value
  for (const [ret, addr] of [[-111, { value: v4('127.0.0.1', 81) }], [0, { value: { sa_family: 'AF_UNSPEC' } }]] as const) {
    e = socketEvent('connect', ret, addr as Partial<DecodedArg>, connected);
    applySocketTruth(e);
    assert.deepEqual([e.args[1].kernelValue, e.args[1].raced], [undefined, undefined], JSON.stringify(addr));
  }
  // an entry record lost (ring full) is no evidence of anything
  e = socketEvent('connect', 0, { unreadable: 'lost' }, connected);
  applySocketTruth(e);
  assert.deepEqual([e.args[1].kernelValue, e.args[1].raced], [v4('127.0.0.1', 80), undefined]);
  e = socketEvent('bind', 0, { value: v4('0.0.0.0', 0) }, tcp({ local: { address: '0.0.0.0', port: 41234 } }));
  applySocketTruth(e);
  assert.deepEqual([e.args[1].kernelValue, e.args[1].raced], [v4('0.0.0.0', 41234), undefined]);
});
