/**
 * connect, bind: the addr's kernel value is the socket's peer (connect) or
 * bound address (bind), from the FD_INFO the kernel sent of the socket at
 * exit (args[0].fd, bpf/fd_info.h write_socket), in the shape decodeSockaddr
 * gives `value`. AF_INET6 values have no sin6_flowinfo or sin6_scopeid: a
 * struct sock does not keep what was passed there, so they are not compared.
 *
 * What the kernel normalises is not a race: a connect to 0.0.0.0 or :: goes
 * to loopback (or the socket's own address); an AF_INET address connected
 * by an AF_INET6 socket becomes IPv4-mapped; bind port 0 gets a free port, a
 * unix bind of no name an abstract one; a unix connect by path finds its
 * listener by inode, whose name is the listener's own string (symlinks,
 * relative names: never flagged). An AF_UNSPEC connect disconnects: no
 * kernel value.
 */
import type { FdDescription, SocketAddress } from '../../process/fd-description.js';
import type { DecodedSockaddr } from '../sockaddr.js';
import type { DecodedArg, TraceEvent } from '../trace-event.js';
import { markRaced } from './index.js';

const EINPROGRESS = 115;

type SocketDescription = Extract<FdDescription, { kind: 'socket' }>;
export type SocketCall = 'connect' | 'bind';

export function applySocketTruth(event: TraceEvent): void {
  const call = event.eventName as SocketCall;
  const sock = event.args[0];
  const addr = event.args[1];
  if (!sock || addr?.spec.name !== 'addr') return;
  // the socket the call worked on is not the one the fd holds now: nothing of it is known
  if (sock.fdReplaced) return markRaced(addr, 'fd replaced');
  const ret = Number(event.returnValue);
  if (ret !== 0 && !(call === 'connect' && ret === -EINPROGRESS)) return;
  if (addr.unreadable === 'fault') markRaced(addr, 'entry read failed');
  const fd = sock.fd;
  if (fd?.kind !== 'socket') return;
  const entry = addr.value !== null && typeof addr.value === 'object' ? (addr.value as DecodedSockaddr) : undefined;
  if (entry?.sa_family === 'AF_UNSPEC' && call === 'connect') return;
  const kernel = kernelSockaddr(fd, call);
  if (!kernel) return;
  addr.kernelValue = kernel;
  if (entry && sockaddrDiffers(call, entry, kernel, kernelSockaddr(fd, 'bind'))) markChanged(addr);
}

function markChanged(addr: DecodedArg): void {
  markRaced(addr, addr.entryFault ? 'entry read failed' : 'value changed');
}

/**
 * The socket's peer (connect) or bound address (bind) as decodeSockaddr
 * shapes a sockaddr; undefined when the kernel holds none (not connected,
 * an unnamed unix peer, another family). An inet socket bound to no address
 * and port reads as the unspecified address, port 0; a raw socket's "port"
 * is its protocol, so it has none.
 * @example kernelSockaddr({ kind: 'socket', family: 'AF_INET', type: 'SOCK_STREAM', inode: 1, remote: { address: '127.0.0.1', port: 80 } }, 'connect')
 *   // { sa_family: 'AF_INET', sin_port: 80, sin_addr: '127.0.0.1' }
 */
export function kernelSockaddr(fd: SocketDescription, call: SocketCall): DecodedSockaddr | undefined {
  const end: SocketAddress | undefined = call === 'connect' ? fd.remote : fd.local;
  const raw = fd.type.startsWith('SOCK_RAW');
  if (fd.family === 'AF_UNIX') return end && 'path' in end ? { sa_family: 'AF_UNIX', sun_path: end.path } : undefined;
  if (fd.family !== 'AF_INET' && fd.family !== 'AF_INET6') return undefined;
  let ip = end && 'address' in end ? end : undefined;
  if (!ip && call === 'bind') ip = { address: fd.family === 'AF_INET' ? '0.0.0.0' : '::', port: 0 };
  if (!ip) return undefined;
  const v4 = fd.family === 'AF_INET';
  const out: DecodedSockaddr = { sa_family: fd.family };
  if (!raw) out[v4 ? 'sin_port' : 'sin6_port'] = ip.port;
  out[v4 ? 'sin_addr' : 'sin6_addr'] = ip.address;
  return out;
}

/** An inet end, family-free: IPv4-mapped IPv6 as IPv4 (what an AF_INET6 socket makes of an AF_INET address). */
interface InetEnd {
  readonly address: string;
  readonly port?: number;
}

function inetEnd(a: DecodedSockaddr): InetEnd | undefined {
  const address = a.sa_family === 'AF_INET' ? a.sin_addr : a.sa_family === 'AF_INET6' ? a.sin6_addr : undefined;
  if (typeof address !== 'string') return undefined;
  const port = a.sa_family === 'AF_INET' ? a.sin_port : a.sin6_port;
  return {
    address: address.startsWith('::ffff:') && address.includes('.') ? address.slice('::ffff:'.length) : address,
    port: typeof port === 'number' ? port : undefined,
  };
}

const UNSPECIFIED = new Set(['0.0.0.0', '::']);
const LOOPBACK = new Set(['127.0.0.1', '::1']);

/**
 * Whether what sysray read (`entry`) is not what the kernel used (`kernel`,
 * kernelSockaddr) beyond the kernel's normalisations (module comment).
 * `local`: the socket's bound address at exit (a connect to 0.0.0.0 goes to
 * it when bound). An entry too short to hold the fields compared is not
 * evidence: false.
 * @example sockaddrDiffers('bind', { sa_family: 'AF_INET', sin_port: 0, sin_addr: '0.0.0.0' },
 *   { sa_family: 'AF_INET', sin_port: 40123, sin_addr: '0.0.0.0' }) // false
 */
export function sockaddrDiffers(call: SocketCall, entry: DecodedSockaddr, kernel: DecodedSockaddr, local?: DecodedSockaddr): boolean {
  const family = entry.sa_family;
  if (family === 'AF_UNSPEC') return false; // connect: a disconnect; bind: AF_INET's "any" (not decoded further)
  if (kernel.sa_family === 'AF_UNIX') {
    if (family !== 'AF_UNIX') return true;
    if (typeof entry.sun_path !== 'string') return false;
    const asked = entry.sun_path;
    const got = String(kernel.sun_path);
    if (call === 'bind') return asked === '' ? !got.startsWith('@') : asked !== got;
    // a path names the listener's inode: its name is the listener's string
    return asked.startsWith('@') && asked !== got;
  }
  // an AF_INET6 socket may connect to an AF_INET address (UDP): it keeps it IPv4-mapped
  const familyOk = family === kernel.sa_family || (call === 'connect' && family === 'AF_INET' && kernel.sa_family === 'AF_INET6');
  if (!familyOk) return true;
  const a = inetEnd(entry);
  const k = inetEnd(kernel);
  if (!a || !k) return false;
  if (a.port !== undefined && k.port !== undefined && a.port !== k.port && !(call === 'bind' && a.port === 0)) return true;
  if (a.address === k.address) return false;
  if (call === 'connect' && UNSPECIFIED.has(a.address)) {
    const l = local ? inetEnd(local) : undefined;
    return !(LOOPBACK.has(k.address) || k.address === l?.address);
  }
  return true;
}
