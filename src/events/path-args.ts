/**
 * Which string arguments of a syscall are paths the kernel resolves against
 * a directory, and which: a dirfd argument, or the caller's working
 * directory. The kernel describes that directory at entry when the path is
 * relative (bpf/path_dirs.h), and a path prefilter on such an argument of an
 * fd-returning syscall is decided on the fd's path (bpf/sysray.h, struct
 * sysray_prefilter). Bit masks over argument indexes, as the kernel's
 * sysray_syscall_desc.dirfd_paths and cwd_paths hold them.
 */
import type { SyscallSpec } from './catalog-types.js';

const MAX_ARGS = 6;

/**
 * Bit i: args[i] is a dirfd (format `dirfd`) for the path string args[i + 1]
 * (openat's dirfd and pathname, renameat's olddirfd/oldpath and
 * newdirfd/newpath, symlinkat's newdirfd/linkpath...): the kernel describes it
 * at entry when that path is relative, or sends the cwd for AT_FDCWD.
 */
export function dirfdPaths(sc: SyscallSpec): number {
  let bits = 0;
  sc.args.forEach((arg, i) => {
    if (i + 1 < MAX_ARGS && arg.format === 'dirfd' && sc.args[i + 1]?.capture === 'string') bits |= 1 << i;
  });
  return bits;
}

/** String arguments that are paths, by name; in a syscall without a dirfd they are resolved against the cwd. */
const PATH_ARG_NAMES: ReadonlySet<string> = new Set([
  'pathname', 'path', 'oldpath', 'newpath', 'linkpath', 'filename', 'library', 'new_root', 'put_old', 'target',
]);

/**
 * Bit i: the path string args[i] of a syscall with no dirfd (rename, link,
 * open, mkdir, chmod, execve, mount's target...) is resolved against the
 * cwd: the kernel sends it when the path is relative. Not symlink's target:
 * the link's content, resolved later against the link's own directory.
 */
export function cwdPaths(sc: SyscallSpec): number {
  if (sc.args.some((a) => a.format === 'dirfd')) return 0;
  let bits = 0;
  sc.args.forEach((arg, i) => {
    if (i >= MAX_ARGS || arg.capture !== 'string' || !PATH_ARG_NAMES.has(arg.name)) return;
    if (sc.name === 'symlink' && arg.name === 'target') return;
    bits |= 1 << i;
  });
  return bits;
}

/**
 * Argument `index` of `sc` is a path resolved against a dirfd or the cwd
 * (so, on success of an fd-returning syscall, the returned fd's path is
 * what it named).
 * @example isResolvedPathArg(eventByName('openat')!, 1) // true (pathname)
 * @example isResolvedPathArg(eventByName('memfd_create')!, 0) // false (a name)
 */
export function isResolvedPathArg(sc: SyscallSpec, index: number): boolean {
  return index >= 0 && index < MAX_ARGS && (((cwdPaths(sc) >> index) & 1) === 1 || (index > 0 && ((dirfdPaths(sc) >> (index - 1)) & 1) === 1));
}
