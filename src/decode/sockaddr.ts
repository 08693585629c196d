/**
 * Decodes a `struct sockaddr` captured from user memory, with Tracee's field
 * names: `sa_family` (always by name, as Tracee does even without
 * parse-arguments), then per family
 * - AF_UNIX: `sun_path`; an abstract name (leading NUL) shows as `@name`,
 *   other NULs in it as `@` too (the `ss` convention); unnamed: `''`;
 * - AF_INET: `sin_port` (host-order number), `sin_addr` (dotted quad);
 * - AF_INET6: `sin6_port`, `sin6_flowinfo` (both network order on the wire),
 *   `sin6_addr` (RFC 5952 text), `sin6_scopeid` (host order, an interface index);
 * - other families: `sa_family` only; an unknown family as its number.
 * A field is present only when the captured length covers it (fewer than 2
 * bytes gives `{}`). `symbolic` changes nothing here.
 */
import { addressFamilyName } from './symbols/socket.js';

export type DecodedSockaddr = Record<string, string | number>;

export const AF_UNIX = 1;
export const AF_INET = 2;
export const AF_INET6 = 10;
/** sizeof(sockaddr_un.sun_path). */
const UNIX_PATH_MAX = 108;

/** @example decodeSockaddr(bytes, 0, 16, false) // { sa_family: 'AF_INET', sin_port: 443, sin_addr: '127.0.0.1' } */
export function decodeSockaddr(buf: Buffer, offset: number, length: number, _symbolic: boolean): DecodedSockaddr {
  const end = offset + Math.max(0, Math.min(length, buf.length - offset));
  if (end - offset < 2) return {};
  const family = buf.readUInt16LE(offset);
  const out: DecodedSockaddr = { sa_family: addressFamilyName(family) ?? family };
  switch (family) {
    case AF_UNIX:
      out.sun_path = formatUnixPath(buf, offset + 2, Math.min(end, offset + 2 + UNIX_PATH_MAX));
      break;
    case AF_INET:
      if (end >= offset + 4) out.sin_port = buf.readUInt16BE(offset + 2);
      if (end >= offset + 8) out.sin_addr = formatIPv4(buf, offset + 4);
      break;
    case AF_INET6:
      if (end >= offset + 4) out.sin6_port = buf.readUInt16BE(offset + 2);
      if (end >= offset + 8) out.sin6_flowinfo = buf.readUInt32BE(offset + 4);
      if (end >= offset + 24) out.sin6_addr = formatIPv6(buf, offset + 8);
      if (end >= offset + 28) out.sin6_scopeid = buf.readUInt32LE(offset + 24);
      break;
  }
  return out;
}

/**
 * A unix socket's name from its sun_path bytes [start, end): a path up to its
 * NUL, an abstract name (leading NUL) as `@name`; '' when there are none.
 * @example formatUnixPath(Buffer.from('\0x'), 0, 2) // '@x'
 */
export function formatUnixPath(buf: Buffer, start: number, end: number): string {
  if (start >= end) return '';
  if (buf[start] === 0) {
    // Abstract: the name is exactly the given bytes, NULs included.
    return '@' + buf.toString('utf8', start + 1, end).replace(/\0/g, '@');
  }
  const nul = buf.indexOf(0, start);
  return buf.toString('utf8', start, nul === -1 || nul > end ? end : nul);
}

/** `a.b.c.d` from 4 bytes in network order. */
export function formatIPv4(buf: Buffer, at: number): string {
  return `${buf[at]}.${buf[at + 1]}.${buf[at + 2]}.${buf[at + 3]}`;
}

/**
 * RFC 5952 text of 16 bytes in network order: lower-case hex without leading
 * zeros, the first longest run of two or more zero groups as `::`, and
 * IPv4-mapped addresses as `::ffff:a.b.c.d`.
 * @example formatIPv6(Buffer.from('20010db8000000000000000000000001', 'hex'), 0) // '2001:db8::1'
 */
export function formatIPv6(buf: Buffer, at: number): string {
  let zeroPrefix = true;
  for (let i = 0; i < 10; i++) if (buf[at + i] !== 0) zeroPrefix = false;
  if (zeroPrefix && buf[at + 10] === 0xff && buf[at + 11] === 0xff) {
    return '::ffff:' + formatIPv4(buf, at + 12);
  }
  let bestStart = -1;
  let bestLen = 1; // a single zero group is never compressed
  for (let i = 0; i < 8; ) {
    if (buf.readUInt16BE(at + 2 * i) !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && buf.readUInt16BE(at + 2 * j) === 0) j++;
    if (j - i > bestLen) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  let text = '';
  for (let i = 0; i < 8; i++) {
    if (i === bestStart) {
      text += '::';
      i += bestLen - 1;
      continue;
    }
    if (text !== '' && !text.endsWith(':')) text += ':';
    text += buf.readUInt16BE(at + 2 * i).toString(16);
  }
  return text;
}
