/**
 * An fd's text as `-o json` writes it (`targetFd`: src/process/fd-args.ts
 * formatFdArg) back into the FdDescription it came from, as far as the text
 * tells: a socket keeps its family and ends, not its type, inode, protocol or
 * state; a pipe, pidfd, memfd or anon fd its kind and name. Whatever is made
 * prints the same text again; a text that would not (a perf event, a path
 * that only looks like `socket:[…]`) is a file of that path, which does.
 *
 * @example fdFromText('42=socket:[AF_INET 127.0.0.1:5000]') // { kind: 'socket', family: 'AF_INET', type: '', inode: 0, local: { address: '127.0.0.1', port: 5000 } }
 * @example fdFromText('5=/etc/passwd') // { kind: 'file', path: '/etc/passwd' }
 * @example fdFromText('7') // { kind: 'unknown' }
 */
import type { FdDescription, SocketAddress } from '../process/fd-description.js';
import { formatFdArg } from '../process/fd-args.js';

export function fdFromText(text: string): FdDescription {
  const eq = text.indexOf('=');
  if (eq < 0) return { kind: 'unknown' };
  const fd = Number(text.slice(0, eq));
  const rest = text.slice(eq + 1);
  const made = _described(rest);
  if (made !== undefined && formatFdArg(fd, made) === text) return made;
  return { kind: 'file', path: rest };
}

function _described(rest: string): FdDescription | undefined {
  let m: RegExpExecArray | null;
  if ((m = /^socket:\[(.*)\]$/s.exec(rest))) return _socket(m[1]);
  if ((m = /^pipe:\[(\d+)\]$/.exec(rest))) return { kind: 'pipe', inode: Number(m[1]) };
  if ((m = /^pidfd:\[(\d+)\]$/.exec(rest))) return { kind: 'pidfd', hostPid: Number(m[1]) };
  if (rest.startsWith('memfd:')) return { kind: 'memfd', name: rest.slice('memfd:'.length) };
  if (rest.startsWith('anon_inode:')) return { kind: 'anon', name: rest.slice('anon_inode:'.length) };
  return undefined;
}

/** `INODE`, `FAMILY`, `FAMILY LOCAL`, `FAMILY LOCAL->REMOTE`, `FAMILY ->REMOTE`. */
function _socket(inside: string): FdDescription | undefined {
  if (/^\d+$/.test(inside)) return { kind: 'socket', family: '', type: '', inode: Number(inside) };
  const sp = inside.indexOf(' ');
  const family = sp < 0 ? inside : inside.slice(0, sp);
  if (!/^AF_[A-Z0-9_]+$/.test(family)) return undefined;
  if (sp < 0) return { kind: 'socket', family, type: '', inode: 0 };
  const ends = inside.slice(sp + 1);
  const arrow = ends.indexOf('->');
  const localText = arrow < 0 ? ends : ends.slice(0, arrow);
  const remoteText = arrow < 0 ? '' : ends.slice(arrow + 2);
  const local = localText === '' ? undefined : _address(family, localText);
  const remote = remoteText === '' ? undefined : _address(family, remoteText);
  if ((localText !== '' && !local) || (remoteText !== '' && !remote)) return undefined;
  return { kind: 'socket', family, type: '', inode: 0, ...(local ? { local } : {}), ...(remote ? { remote } : {}) };
}

function _address(family: string, text: string): SocketAddress | undefined {
  if (family !== 'AF_INET' && family !== 'AF_INET6') return { path: text };
  const m = /^(?:\[([0-9a-fA-F:.]+)\]|([0-9.]+)):(\d+)$/.exec(text);
  return m ? { address: m[1] ?? m[2], port: Number(m[3]) } : undefined;
}
