/**
 * What /proc says of a socket, by its inode: the tables of a process's network
 * namespace (/proc/PID/net/tcp, tcp6, udp, udp6, unix), read once per
 * namespace and only once some fd asks. For sockets sysray finds open when it
 * starts (src/process/proc-fds.ts); later ones the kernel describes itself.
 *
 * Rows, as the kernel writes them (net/ipv4/tcp_ipv4.c, udp.c, net/unix):
 * - tcp, udp: `sl local rem st ... inode`, an address as the 8 hex digits of
 *   the __be32 loaded as a host-order u32 (`0100007F` is 127.0.0.1 on x86),
 *   the port as 4 hex digits in host order, `st` TCP's state in hex;
 * - tcp6, udp6: the same with 32 hex digits, four such u32 words;
 * - unix: `Num RefCount Protocol Flags Type St Inode Path`, Type in hex
 *   (0001 SOCK_STREAM), Path the bound name (`@` for abstract), absent when
 *   unnamed. The peer is not there, and St is the socket's SS_* state, not
 *   sk_state: a unix socket gets its local name only.
 * Sockets in no table (netlink, packet, raw...) are not found: the caller
 * keeps them as family unknown.
 */
import { readFileSync, readlinkSync } from 'node:fs';
import { endianness } from 'node:os';
import { formatIPv4, formatIPv6 } from '../decode/sockaddr.js';
import { renderSocketType, socketStateName } from '../decode/symbols/socket.js';
import type { FdDescription, SocketAddress } from './fd-description.js';

type SocketDescription = Extract<FdDescription, { kind: 'socket' }>;
type Mutable<T> = { -readonly [K in keyof T]: T[K] };

const INET_TABLES: readonly (readonly [file: string, family: string, type: string, protocol: string])[] = [
  ['tcp', 'AF_INET', 'SOCK_STREAM', 'IPPROTO_TCP'],
  ['tcp6', 'AF_INET6', 'SOCK_STREAM', 'IPPROTO_TCP'],
  ['udp', 'AF_INET', 'SOCK_DGRAM', 'IPPROTO_UDP'],
  ['udp6', 'AF_INET6', 'SOCK_DGRAM', 'IPPROTO_UDP'],
];

const LITTLE_ENDIAN = endianness() === 'LE';

export class ProcSockets {
  /** Network namespace (its /proc link text) → socket inode → description. */
  readonly #byNetns = new Map<string, Map<number, SocketDescription>>();

  constructor(private readonly procRoot = '/proc') {}

  /**
   * The socket `inode` held by process `hostPid`, or undefined when no table
   * of its network namespace lists it.
   * @example new ProcSockets().describe(1234, 56789) // { kind: 'socket', family: 'AF_INET', type: 'SOCK_STREAM', inode: 56789, local: { address: '0.0.0.0', port: 22 }, protocol: 'IPPROTO_TCP', state: 'TCP_LISTEN' }
   */
  describe(hostPid: number, inode: number): SocketDescription | undefined {
    const base = `${this.procRoot}/${hostPid}`;
    let netns: string;
    try {
      netns = readlinkSync(`${base}/ns/net`);
    } catch {
      netns = `pid ${hostPid}`; // unreadable: its own tables, not shared
    }
    let table = this.#byNetns.get(netns);
    if (table === undefined) {
      table = readTables(`${base}/net`);
      this.#byNetns.set(netns, table);
    }
    return table.get(inode);
  }
}

function readText(file: string): string {
  try {
    return readFileSync(file, 'latin1');
  } catch {
    return ''; // no IPv6, or the process is gone
  }
}

/** Every socket the tables in `netDir` list, by inode. */
export function readTables(netDir: string): Map<number, SocketDescription> {
  const out = new Map<number, SocketDescription>();
  for (const [file, family, type, protocol] of INET_TABLES) {
    const lines = readText(`${netDir}/${file}`).split('\n');
    for (let i = 1; i < lines.length; i++) {
      const f = lines[i].trim().split(/\s+/);
      if (f.length < 10) continue;
      const inode = Number(f[9]);
      if (!(inode > 0)) continue; // TIME_WAIT and request sockets have none
      const d: Mutable<SocketDescription> = { kind: 'socket', family, type, inode, protocol, state: socketStateName(parseInt(f[3], 16)) };
      const local = inetEnd(f[1]);
      const remote = inetEnd(f[2]);
      if (local !== undefined) d.local = local;
      if (remote !== undefined) d.remote = remote;
      out.set(inode, d);
    }
  }
  const lines = readText(`${netDir}/unix`).split('\n');
  for (let i = 1; i < lines.length; i++) {
    const m = /^\S+: \S+ \S+ \S+ ([0-9A-Fa-f]+) \S+ +(\d+)(?: (.*))?$/.exec(lines[i]);
    if (m === null) continue;
    const inode = Number(m[2]);
    const d: Mutable<SocketDescription> = { kind: 'socket', family: 'AF_UNIX', type: renderSocketType(BigInt(parseInt(m[1], 16))), inode };
    if (m[3] !== undefined && m[3] !== '') d.local = { path: m[3] };
    out.set(inode, d);
  }
  return out;
}

/** `0100007F:1F90` (or 32 hex digits for IPv6) → its address and port; undefined for the unbound 0.0.0.0:0. */
function inetEnd(text: string): SocketAddress | undefined {
  const colon = text.indexOf(':');
  const hex = text.slice(0, colon);
  const port = parseInt(text.slice(colon + 1), 16);
  if (colon < 0 || (hex.length !== 8 && hex.length !== 32) || !Number.isInteger(port)) return undefined;
  const bytes = Buffer.alloc(hex.length / 2);
  for (let w = 0; w < bytes.length / 4; w++) {
    const word = parseInt(hex.slice(w * 8, w * 8 + 8), 16);
    if (LITTLE_ENDIAN) bytes.writeUInt32LE(word, w * 4);
    else bytes.writeUInt32BE(word, w * 4);
  }
  if (port === 0 && bytes.every((b) => b === 0)) return undefined;
  return { address: bytes.length === 4 ? formatIPv4(bytes, 0) : formatIPv6(bytes, 0), port };
}
