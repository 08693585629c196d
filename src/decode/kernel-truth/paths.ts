/**
 * open, openat, openat2, creat: the pathname's kernel value is the file the
 * returned fd holds (its path as the kernel names it, its device and
 * inode), described at exit from the fd's struct file.
 *
 * A name read at entry is not compared with it: a symlink, `..` or a
 * relative name legitimately differ, and the kernel value already says
 * what was opened. Only a name whose entry read failed (the phantom attack:
 * the kernel faulted the page in, sysray could not) and that was read again
 * at exit is: what memory held then, made absolute without the file system,
 * must name the kernel's file, or it is not what the kernel used.
 */
import type { DecodedArg, TraceEvent } from '../trace-event.js';
import { fdKernelName } from '../fd-info.js';
import { markRaced } from './index.js';

const AT_FDCWD = -100;
/** O_TMPFILE's own bit: the name is a directory, the file an unnamed one in it. */
const O_TMPFILE_BIT = 0o20000000;
/** What d_path appends to the name of a file unlinked while open. */
const DELETED = ' (deleted)';

export function applyOpenTruth(event: TraceEvent): void {
  const fd = event.returnedFd;
  if (fd === undefined || Number(event.returnValue) < 0) return;
  const arg = argNamed(event, 'pathname');
  const kernel = fdKernelName(fd);
  if (!arg || kernel === '') return;
  arg.kernelValue = kernel;
  if (event.returnedFile) arg.kernelFile = event.returnedFile;
  if (arg.unreadable === 'fault') {
    // unreadable at entry and at exit, yet the kernel opened something
    markRaced(arg, 'entry read failed');
    return;
  }
  if (!arg.entryFault || typeof arg.value !== 'string' || fd.kind !== 'file' || (openFlags(event) & O_TMPFILE_BIT) !== 0) return;
  const named = absoluteName(event, arg.value);
  if (named !== undefined && named !== withoutDeleted(kernel)) markRaced(arg, 'entry read failed');
}

/**
 * `value` made absolute as the kernel would start resolving it: against the
 * dirfd's description or the cwd (both sent at entry, or at exit with the
 * re-read), `.`, `..` and `//` folded; undefined when that directory is not known.
 */
function absoluteName(event: TraceEvent, value: string): string | undefined {
  if (value.startsWith('/')) return lexicalPath(value);
  const dirfd = argNamed(event, 'dirfd');
  let dir: string | undefined;
  if (dirfd === undefined || dirfd.value === AT_FDCWD) dir = event.cwd;
  else if (dirfd.fd?.kind === 'file') dir = dirfd.fd.path;
  return dir === undefined || !dir.startsWith('/') ? undefined : lexicalPath(`${dir}/${value}`);
}

/**
 * An absolute path with `.` and empty components dropped and `..` taken
 * back (above `/` it stays `/`), as a name, not a file: no symlink followed.
 * @example lexicalPath('/etc//x/../hostname/.') // '/etc/hostname'
 */
export function lexicalPath(path: string): string {
  const out: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') out.pop();
    else out.push(part);
  }
  return '/' + out.join('/');
}

/** The argument named `name` (a loop: this runs for every open). */
function argNamed(event: TraceEvent, name: string): DecodedArg | undefined {
  const args = event.args;
  for (let i = 0; i < args.length; i++) if (args[i].spec.name === name) return args[i];
  return undefined;
}

function withoutDeleted(path: string): string {
  return path.endsWith(DELETED) ? path.slice(0, -DELETED.length) : path;
}

/** flags, openat2's how.flags, or creat's (none of them O_TMPFILE). */
function openFlags(event: TraceEvent): number {
  const flags = argNamed(event, 'flags')?.value;
  if (typeof flags === 'number') return flags;
  const how = argNamed(event, 'how')?.value;
  if (how !== null && typeof how === 'object' && 'flags' in how) return Number((how as { flags: unknown }).flags);
  return 0;
}
