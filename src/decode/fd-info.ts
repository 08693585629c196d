/**
 * Decodes an FD_INFO blob (struct sysray_fd_info then path, name or socket
 * bytes, bpf/sysray.h) into what the fd refers to.
 *
 * A SOCKET blob (sysray_fd_info.target: family, .type: socket type) may go on
 * after the struct (at FdInfo.bytes) with its struct sock's view, packed:
 *
 *   +0   struct sysray_fd_socket (12 bytes)
 *          u16 protocol, u8 state, u8 local_len,
 *          u16 local_port, u16 remote_port (host order), u8 remote_len, 3 pad
 *   +12  local_len bytes: the local address
 *   ...  remote_len bytes: the remote address
 *
 * AF_INET: 4 bytes each, AF_INET6: 16, network order (a SOCK_RAW socket's
 * local "port" is its protocol number, as the kernel keeps it: dropped);
 * AF_UNIX: the sun_path bytes of the bound name (abstract: a leading NUL),
 * the remote one the peer's; 0 bytes: none. Without that part (a blob of
 * only FdInfo.bytes) the socket's addresses, protocol and state are unknown.
 */
import type { FdDescription, SocketAddress } from '../process/fd-description.js';
import { AF_INET, AF_INET6, AF_UNIX, formatIPv4, formatIPv6, formatUnixPath } from './sockaddr.js';
import { FdInfo, FdKind, FdSocket } from './record-layout.js';
import { addressFamilyName } from './symbols/index.js';
import { ipProtocolName, renderSocketType, socketStateName } from './symbols/socket.js';
import { decodeUserString } from './user-string.js';

const DELETED = ' (deleted)';
const PERF_TYPE_SOFTWARE = 1;
const SOFTWARE_CLOCK_PMUS = new Set(['task_clock', 'cpu_clock']);

function cString(buf: Buffer, start: number, max: number): string {
  let end = start;
  while (end < start + max && buf[end] !== 0) end++;
  return buf.toString('latin1', start, end);
}

/** A u64 as a number when exact, else the bigint. */
function exactU64(v: bigint): number | bigint {
  return v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;
}

/** The device (kernel dev_t) and inode of a FILE description; undefined for other kinds. */
export function decodeFdFile(buf: Buffer, start: number, len: number): { dev: number; inode: number } | undefined {
  if (len < FdInfo.bytes || buf[start + FdInfo.kind] !== FdKind.file) return undefined;
  return { dev: buf.readUInt32LE(start + FdInfo.dev), inode: Number(buf.readBigUInt64LE(start + FdInfo.ino)) };
}

/**
 * An fd's kernel name, as /proc/PID/fd links read ('' when unknown).
 * @example fdKernelName({ kind: 'pipe', inode: 7 }) // 'pipe:[7]'
 */
export function fdKernelName(fd: FdDescription | undefined): string {
  switch (fd?.kind) {
    case 'file': return fd.path;
    case 'pipe': return `pipe:[${fd.inode}]`;
    case 'socket': return `socket:[${fd.inode}]`;
    case 'anon': return fd.name;
    case 'memfd': return `/memfd:${fd.name} (deleted)`;
    default: return '';
  }
}

export function decodeFdInfo(buf: Buffer, start: number, len: number): FdDescription {
  if (len < FdInfo.bytes) return { kind: 'unknown' };
  switch (buf[start + FdInfo.kind]) {
    case FdKind.file: {
      const path = decodeUserString(buf, start + FdInfo.bytes, start + len);
      // memfd_create files live on an internal shmem mount, named memfd:NAME
      if (path.startsWith('/memfd:')) {
        const name = path.slice('/memfd:'.length);
        return { kind: 'memfd', name: name.endsWith(DELETED) ? name.slice(0, -DELETED.length) : name };
      }
      return { kind: 'file', path };
    }
    case FdKind.socket:
      return decodeSocket(buf, start, len);
    case FdKind.pipe:
      return { kind: 'pipe', inode: Number(buf.readBigUInt64LE(start + FdInfo.ino)) };
    case FdKind.pidfd:
      return {
        kind: 'pidfd',
        hostPid: buf.readInt32LE(start + FdInfo.target),
        comm: cString(buf, start + FdInfo.comm, 16),
        startTime: buf.readBigUInt64LE(start + FdInfo.startTime),
      };
    case FdKind.perf: {
      const config = buf.readBigUInt64LE(start + FdInfo.config);
      const pmu = cString(buf, start + FdInfo.comm, 16);
      const type = buf.readUInt32LE(start + FdInfo.type);
      return {
        kind: 'perf_event',
        // since 6.15 task-clock and cpu-clock run on PMUs of their own, with dynamic type numbers:
        // report the type perf_event_open was given
        type: SOFTWARE_CLOCK_PMUS.has(pmu) ? PERF_TYPE_SOFTWARE : type,
        pmu,
        config: exactU64(config),
        cpu: buf.readInt32LE(start + FdInfo.cpu),
        targetTid: buf.readInt32LE(start + FdInfo.target),
        id: exactU64(buf.readBigUInt64LE(start + FdInfo.startTime)),
      };
    }
    case FdKind.anon:
      return { kind: 'anon', name: decodeUserString(buf, start + FdInfo.bytes, start + len) };
    default:
      return { kind: 'unknown' };
  }
}

type SocketDescription = Extract<FdDescription, { kind: 'socket' }>;

const SOCK_RAW = 3;

function decodeSocket(buf: Buffer, start: number, len: number): SocketDescription {
  const family = buf.readInt32LE(start + FdInfo.target);
  const type = buf.readUInt32LE(start + FdInfo.type);
  const d: { -readonly [K in keyof SocketDescription]: SocketDescription[K] } = {
    kind: 'socket',
    family: addressFamilyName(family) ?? String(family),
    type: renderSocketType(BigInt(type)),
    inode: Number(buf.readBigUInt64LE(start + FdInfo.ino)),
  };
  const so = start + FdInfo.bytes;
  if (len < FdInfo.bytes + FdSocket.bytes) return d;
  const localLen = buf[so + FdSocket.localLen];
  const remoteLen = buf[so + FdSocket.remoteLen];
  const at = so + FdSocket.bytes;
  if (len < FdInfo.bytes + FdSocket.bytes + localLen + remoteLen) return d; // cut short: trust none of it
  const protocol = buf.readUInt16LE(so + FdSocket.protocol);
  const state = buf[so + FdSocket.state];
  if (family === AF_INET || family === AF_INET6) {
    const size = family === AF_INET ? 4 : 16;
    // a raw socket's skc_num is its protocol, no port
    const localPort = (type & 0xf) === SOCK_RAW ? 0 : buf.readUInt16LE(so + FdSocket.localPort);
    const local = localLen === size ? inetAddress(buf, at, size, localPort) : undefined;
    const remote = remoteLen === size ? inetAddress(buf, at + localLen, size, buf.readUInt16LE(so + FdSocket.remotePort)) : undefined;
    if (local !== undefined) d.local = local;
    if (remote !== undefined) d.remote = remote;
    d.protocol = ipProtocolName(protocol);
  } else if (family === AF_UNIX) {
    const local = formatUnixPath(buf, at, at + localLen);
    const remote = formatUnixPath(buf, at + localLen, at + localLen + remoteLen);
    if (local !== '') d.local = { path: local };
    if (remote !== '') d.remote = { path: remote };
  }
  // other families keep their own meanings in these fields (netlink: connected is 1)
  if ((family === AF_INET || family === AF_INET6 || family === AF_UNIX) && state !== 0) d.state = socketStateName(state);
  return d;
}

/** An IP end (4 or 16 address bytes); undefined when it is the unbound 0.0.0.0:0 or [::]:0. */
function inetAddress(buf: Buffer, at: number, size: number, port: number): SocketAddress | undefined {
  let zero = port === 0;
  for (let i = 0; zero && i < size; i++) zero = buf[at + i] === 0;
  if (zero) return undefined;
  return { address: size === 4 ? formatIPv4(buf, at) : formatIPv6(buf, at), port };
}
