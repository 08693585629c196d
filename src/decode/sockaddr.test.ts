import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeSockaddr, formatIPv6 } from './sockaddr.js';

function inet(port: number, addr: number[]): Buffer {
  const b = Buffer.alloc(16);
  b.writeUInt16LE(2, 0);
  b.writeUInt16BE(port, 2);
  Buffer.from(addr).copy(b, 4);
  return b;
}
function inet6(port: number, flowinfo: number, addrHex: string, scope: number): Buffer {
  const b = Buffer.alloc(28);
  b.writeUInt16LE(10, 0);
  b.writeUInt16BE(port, 2);
  b.writeUInt32BE(flowinfo, 4);
  Buffer.from(addrHex, 'hex').copy(b, 8);
  b.writeUInt32LE(scope, 24);
  return b;
}
function unix(path: Buffer): Buffer {
  const b = Buffer.alloc(2 + path.length);
  b.writeUInt16LE(1, 0);
  path.copy(b, 2);
  return b;
}
const v6 = (hex: string) => formatIPv6(Buffer.from(hex.replace(/[^0-9a-f]/g, ''), 'hex'), 0);

describe('decodeSockaddr', () => {
  it('AF_INET', () => {
    const b = inet(443, [127, 0, 0, 1]);
    assert.deepEqual(decodeSockaddr(b, 0, 16, false), { sa_family: 'AF_INET', sin_port: 443, sin_addr: '127.0.0.1' });
    assert.deepEqual(decodeSockaddr(b, 0, 4, false), { sa_family: 'AF_INET', sin_port: 443 });
  });

  it('AF_INET6', () => {
    const b = inet6(8080, 0x12345, 'fe800000000000000000000000000001', 2);
    assert.deepEqual(decodeSockaddr(b, 0, 28, true), {
      sa_family: 'AF_INET6',
      sin6_port: 8080,
      sin6_flowinfo: 0x12345,
      sin6_addr: 'fe80::1',
      sin6_scopeid: 2,
    });
    // The RFC 2133 24-byte form has no scope id.
    assert.equal('sin6_scopeid' in decodeSockaddr(b, 0, 24, false), false);
  });

  it('AF_UNIX: paths, abstract names, unnamed', () => {
    assert.deepEqual(decodeSockaddr(unix(Buffer.from('/run/x.sock\0')), 0, 14, false), {
      sa_family: 'AF_UNIX',
      sun_path: '/run/x.sock',
    });
    assert.equal(decodeSockaddr(unix(Buffer.from('/run/x.sock')), 0, 13, false).sun_path, '/run/x.sock');
    assert.equal(decodeSockaddr(unix(Buffer.from('\0dbus-1\0x')), 0, 11, false).sun_path, '@dbus-1@x');
    assert.equal(decodeSockaddr(unix(Buffer.alloc(0)), 0, 2, false).sun_path, '');
    const full = unix(Buffer.alloc(200, 0x61));
    assert.equal(decodeSockaddr(full, 0, full.length, false).sun_path, 'a'.repeat(108));
  });

  it('other families by name, unknown ones by number, too short as {}', () => {
    const b = Buffer.alloc(12);
    b.writeUInt16LE(16, 0);
    assert.deepEqual(decodeSockaddr(b, 0, 12, false), { sa_family: 'AF_NETLINK' });
    b.writeUInt16LE(999, 0);
    assert.deepEqual(decodeSockaddr(b, 0, 12, false), { sa_family: 999 });
    assert.deepEqual(decodeSockaddr(b, 0, 1, false), {});
  });

  it('reads at an offset', () => {
    const b = Buffer.concat([Buffer.alloc(5, 0xff), inet(53, [8, 8, 8, 8])]);
    assert.deepEqual(decodeSockaddr(b, 5, 16, false), { sa_family: 'AF_INET', sin_port: 53, sin_addr: '8.8.8.8' });
  });
});

describe('formatIPv6 (RFC 5952)', () => {
  it('compresses the first longest zero run, never a single zero group', () => {
    assert.equal(v6('0000 0000 0000 0000 0000 0000 0000 0000'), '::');
    assert.equal(v6('0000 0000 0000 0000 0000 0000 0000 0001'), '::1');
    assert.equal(v6('2001 0db8 0000 0000 0000 0000 0000 0001'), '2001:db8::1');
    assert.equal(v6('2001 0db8 0000 0001 0001 0001 0001 0001'), '2001:db8:0:1:1:1:1:1');
    assert.equal(v6('2001 0000 0000 0001 0000 0000 0000 0001'), '2001:0:0:1::1');
    assert.equal(v6('2001 0db8 0000 0000 0001 0000 0000 0001'), '2001:db8::1:0:0:1');
    assert.equal(v6('2001 0db8 0000 0000 0000 0000 0000 0000'), '2001:db8::');
    assert.equal(v6('abcd ef01 2345 6789 abcd ef01 2345 6789'), 'abcd:ef01:2345:6789:abcd:ef01:2345:6789');
  });

  it('shows IPv4-mapped addresses with a dotted quad', () => {
    assert.equal(v6('0000 0000 0000 0000 0000 ffff 7f00 0001'), '::ffff:127.0.0.1');
  });

  it('agrees with the WHATWG URL serializer on random addresses', () => {
    for (let i = 0; i < 2000; i++) {
      const bytes = Buffer.alloc(16);
      for (let g = 0; g < 8; g++) if (Math.random() < 0.4) bytes.writeUInt16BE(Math.floor(Math.random() * 0x10000), 2 * g);
      if (bytes.subarray(0, 12).equals(Buffer.from('00000000000000000000ffff', 'hex'))) continue;
      const expected = new URL(`http://[${[...Array(8).keys()].map((g) => bytes.readUInt16BE(2 * g).toString(16)).join(':')}]/`).hostname;
      assert.equal(`[${formatIPv6(bytes, 0)}]`, expected);
    }
  });
});
