/**
 * Which syscall arguments are fds of the calling process, and how such an
 * argument is shown with what it refers to (Tracee's
 * `-o option:parse-arguments-fds`: `3=/etc/passwd`).
 */
import type { FdDescription, SocketAddress } from './fd-description.js';

/** The shape `fdArgIndexes` needs: a catalog `SyscallSpec` is one. */
export interface FdArgSpec {
  readonly name: string;
  readonly args: readonly { readonly name: string; readonly format?: string }[];
}

/**
 * Argument names that hold an fd of the caller's table, as the catalog names
 * them. Not here: `targetfd` (pidfd_getfd: an fd of the pidfd's process),
 * kcmp's `idx1`/`idx2` (fds of the pids given), fd arrays and sets
 * (`pipefd`, `sv`, `fds`, `readfds`...). `fs_fd` is fsconfig's fd, whatever
 * the `int*` type the catalog gives it (Tracee's) says.
 */
const FD_ARG_NAMES: ReadonlySet<string> = new Set([
  'fd', 'oldfd', 'newfd', 'sockfd', 'pidfd', 'epfd', 'out_fd', 'in_fd', 'fd_in', 'fd_out',
  'group_fd', 'dirfd', 'dfd', 'olddirfd', 'newdirfd', 'from_dfd', 'to_dfd', 'fanotify_fd',
  'fsfd', 'fs_fd', 'mount_fd', 'ruleset_fd', 'kernel_fd', 'initrd_fd',
]);

const cache = new WeakMap<FdArgSpec, readonly number[]>();

/**
 * Indexes of the arguments of `spec` that are fds of the caller; directory
 * fds (format `dirfd`) count, AT_FDCWD is simply never in a table. Computed
 * once per spec object.
 * @example fdArgIndexes(eventByName('openat')!) // [0]
 * @example fdArgIndexes(eventByName('pidfd_getfd')!) // [0] (not targetfd)
 */
export function fdArgIndexes(spec: FdArgSpec): readonly number[] {
  let indexes = cache.get(spec);
  if (indexes === undefined) {
    const found: number[] = [];
    spec.args.forEach((arg, i) => {
      if (FD_ARG_NAMES.has(arg.name) || arg.format === 'dirfd') found.push(i);
    });
    indexes = Object.freeze(found);
    cache.set(spec, indexes);
  }
  return indexes;
}

/**
 * An fd argument with what it refers to; the bare number when that is not known.
 * @example formatFdArg(3, { kind: 'file', path: '/etc/passwd' }) // '3=/etc/passwd'
 * @example formatFdArg(4, { kind: 'socket', family: 'AF_INET', type: 'SOCK_STREAM', inode: 0 }) // '4=socket:[AF_INET]'
 * @example formatFdArg(5, { kind: 'socket', family: 'AF_INET', type: 'SOCK_STREAM', inode: 0,
 *   local: { address: '127.0.0.1', port: 40000 }, remote: { address: '127.0.0.1', port: 8080 } }) // '5=socket:[AF_INET 127.0.0.1:40000->127.0.0.1:8080]'
 * @example formatFdArg(6, { kind: 'socket', family: 'AF_UNIX', type: 'SOCK_STREAM', inode: 0, remote: { path: '/run/x.sock' } }) // '6=socket:[AF_UNIX ->/run/x.sock]'
 * @example formatFdArg(5, undefined) // '5'
 */
export function formatFdArg(fd: number, d: FdDescription | undefined): string {
  if (d === undefined) return String(fd);
  switch (d.kind) {
    case 'file':
      return `${fd}=${d.path}`;
    case 'socket': {
      if (d.family === '') return `${fd}=socket:[${d.inode}]`;
      // the family, then the ends it has: `LOCAL`, `LOCAL->REMOTE`, `->REMOTE`
      if (d.local === undefined && d.remote === undefined) return `${fd}=socket:[${d.family}]`;
      const local = d.local === undefined ? '' : formatSocketAddress(d.local);
      const remote = d.remote === undefined ? '' : `->${formatSocketAddress(d.remote)}`;
      return `${fd}=socket:[${d.family} ${local}${remote}]`;
    }
    case 'pipe':
      return `${fd}=pipe:[${d.inode}]`;
    case 'pidfd':
      return `${fd}=pidfd:[${d.hostPid}]`;
    case 'perf_event':
      return `${fd}=perf_event:[${d.type}/${d.config}]`;
    case 'memfd':
      return `${fd}=memfd:${d.name}`;
    case 'anon':
      return `${fd}=anon_inode:${d.name}`;
    case 'unknown':
      return String(fd);
  }
}

/**
 * One end of a socket as text: `ADDRESS:PORT` (IPv6 in brackets), or a unix name.
 * @example formatSocketAddress({ address: '::1', port: 80 }) // '[::1]:80'
 */
export function formatSocketAddress(a: SocketAddress): string {
  if ('path' in a) return a.path;
  return a.address.includes(':') ? `[${a.address}]:${a.port}` : `${a.address}:${a.port}`;
}
