/**
 * Watching named files and directory trees, for the signatures that are
 * Tracee's security_file_open and security_inode_rename checks: which paths
 * are watched, the selectors (with kernel prefilters) that bring their opens,
 * renames and links (by the new name, or for files taken away by the old
 * one), and what such an event touched. Built on predicates.ts
 * (openedPath, openFlags, newNamePath), so that what the kernel adds there
 * (cwd, dirfd descriptions, openat2's `how`) reaches every signature.
 */
import { readFileSync, readlinkSync } from 'node:fs';
import type { TraceEvent } from '../decode/trace-event.js';
import type { ArgCondition, EventOrigin, EventSelector, FindingField, SignatureContext } from './signature.js';
import {
  LINK_SYSCALLS, OPEN_SYSCALLS, OPEN_WRITE_BITS, RENAME_SYSCALLS, baseName, hostThreadGroup, inHostPidNamespace, isFileWrite, newNamePath, openFlags, openedPath,
  procMemPid, processData, processNamed, resolvedPath, strArg,
} from './predicates.js';
import { PACKAGE_MGMT_BINARIES } from './falco-lists.js';

/** What a signature watches: exact files, and directories with everything under them. Absolute paths. */
export interface WatchedPaths {
  readonly files?: readonly string[];
  readonly dirs?: readonly string[];
}

/** `path` is one of the files, or one of the directories or inside it. */
export function isWatchedPath(path: string, watch: WatchedPaths): boolean {
  if (watch.files?.includes(path)) return true;
  return watch.dirs?.some((d) => path === d || path.startsWith(d.endsWith('/') ? d : d + '/')) ?? false;
}

/**
 * Prefixes for the kernel's path prefilter: the parent directory of each
 * watched path (so `/etc//sudoers` and `/etc/./sudoers` pass too; for one at
 * the root, the path itself), the shortest covering ones only, and `//` and
 * `/.` for spellings of the root.
 */
export function watchPrefixes(watch: WatchedPaths): string[] {
  const parent = (p: string, dir: boolean): string => {
    const trimmed = p.replace(/\/+$/, '');
    const up = trimmed.replace(/[^/]*$/, '');
    return up !== '/' ? up : dir ? trimmed + '/' : trimmed;
  };
  const parents = [...(watch.files ?? []).map((p) => parent(p, false)), ...(watch.dirs ?? []).map((p) => parent(p, true))];
  const unique = [...new Set(parents)].sort((a, b) => a.length - b.length);
  const covering = unique.filter((p, i) => !unique.slice(0, i).some((q) => p.startsWith(q)));
  return [...covering, '//', '/.'];
}

/**
 * Selectors for the open syscalls of paths under `prefixes` (undefined: any
 * path, for base names and suffixes that can be anywhere): open and openat
 * with write access bits when `access` is 'write' (reads have no bit to
 * test: path only), openat2 (flags in memory) and creat by path only.
 */
export function openSelectors(prefixes: readonly string[] | undefined, access: 'read' | 'write', origin: EventOrigin = 'any'): EventSelector[] {
  return OPEN_SYSCALLS.map((event): EventSelector => {
    const where: Record<string, ArgCondition> = {};
    if (access === 'write' && (event === 'open' || event === 'openat')) where.flags = { anyBits: OPEN_WRITE_BITS };
    if (prefixes) where.pathname = { prefix: prefixes };
    return Object.keys(where).length > 0 ? { event, origin, where } : { event, origin };
  });
}

/** Selectors for renames, links and symlinks whose new name is under `prefixes` (undefined: any). */
export function newNameSelectors(prefixes: readonly string[] | undefined, origin: EventOrigin = 'any'): EventSelector[] {
  return [...RENAME_SYSCALLS, ...LINK_SYSCALLS].map((event) => (prefixes ? {
    event,
    origin,
    where: { [event.startsWith('symlink') ? 'linkpath' : 'newpath']: { prefix: prefixes } },
  } : { event, origin }));
}

/**
 * Selectors for renames and hard links whose old name is under `prefixes`
 * (undefined: any): a watched file moved away or given another name. Not
 * symlinks: their target is only a string, and a read through one is an
 * open of the real file.
 */
export function oldNameSelectors(prefixes: readonly string[] | undefined, origin: EventOrigin = 'any'): EventSelector[] {
  return [...RENAME_SYSCALLS, 'link', 'linkat'].map((event) => (prefixes ? { event, origin, where: { oldpath: { prefix: prefixes } } } : { event, origin }));
}

const O_PATH = 0o10000000;

/** Tracee's IsFileRead: access mode O_RDONLY (0) or O_RDWR (2). */
export function isFileRead(flags: number): boolean {
  const mode = flags & 3;
  return mode === 0 || mode === 2;
}

/** The flags of `hostPid`'s fd `fd` from /proc, while it is still that file; else undefined. */
function _fdinfoFlags(hostPid: number, fd: number, path: string): number | undefined {
  try {
    if (readlinkSync(`/proc/${hostPid}/fd/${fd}`) !== path) return undefined;
    const m = /^flags:\s+([0-7]+)$/m.exec(readFileSync(`/proc/${hostPid}/fdinfo/${fd}`, 'latin1'));
    return m ? parseInt(m[1], 8) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A successful open's file and flags: the kernel's path of the returned fd
 * (openedPath) and openFlags; for openat2 whose `how` could not be read,
 * the fd's flags from /proc/<pid>/fdinfo, undefined once it is closed.
 * Undefined for failed opens, O_PATH ones and other events.
 */
export function openedFile(event: TraceEvent): { path: string; flags: number | undefined } | undefined {
  if (!(OPEN_SYSCALLS as readonly string[]).includes(event.eventName) || Number(event.returnValue) < 0) return undefined;
  const path = openedPath(event);
  const how = event.args.find((a) => a.spec.name === 'how')?.value;
  const decoded = event.eventName !== 'openat2' || (how !== null && typeof how === 'object');
  const flags = decoded ? openFlags(event) : _fdinfoFlags(event.hostProcessId, Number(event.returnValue), path);
  if (flags !== undefined && (flags & O_PATH) !== 0) return undefined; // no access: the kernel skips security_file_open
  return { path, flags };
}

/**
 * A successful open for reading (Tracee's IsFileRead: O_RDONLY or O_RDWR) or
 * for writing (IsFileWrite: O_WRONLY or O_RDWR): openedFile when its flags
 * say so or are not known (openat2, its fd closed), else undefined.
 */
export function openedFor(event: TraceEvent, access: 'read' | 'write'): { path: string; flags: number | undefined } | undefined {
  const open = openedFile(event);
  if (!open || open.flags === undefined) return open;
  return (access === 'read' ? isFileRead(open.flags) : isFileWrite(open.flags)) ? open : undefined;
}

/**
 * What a successful rename, link or symlink made: the new name (newNamePath)
 * and what it names (the old path, or a symlink's target as written).
 * Undefined for failed calls and other events.
 */
export function newName(event: TraceEvent): { path: string; from: string } | undefined {
  const path = newNamePath(event);
  if (path === '' || Number(event.returnValue) !== 0) return undefined;
  if (event.eventName.startsWith('symlink')) return { path, from: strArg(event, 'target') };
  return { path, from: _oldPath(event) };
}

/**
 * What a successful rename or hard link took: the old name (resolved, see
 * resolvedPath) and the name it got. Undefined for symlinks, failed calls
 * and other events.
 */
export function oldName(event: TraceEvent): { path: string; to: string } | undefined {
  if (!(RENAME_SYSCALLS as readonly string[]).includes(event.eventName) && event.eventName !== 'link' && event.eventName !== 'linkat') return undefined;
  if (Number(event.returnValue) !== 0) return undefined;
  return { path: _oldPath(event), to: newNamePath(event) };
}

function _oldPath(event: TraceEvent): string {
  return resolvedPath(event, 'oldpath', event.eventName === 'rename' || event.eventName === 'link' ? undefined : 'olddirfd');
}

/**
 * The data of a finding for a successful write open (O_WRONLY or O_RDWR;
 * unknown openat2 flags count), rename, link or symlink of a watched path:
 * `pathname` the watched path, `flags` for opens, `oldpath` for the others.
 * Undefined for anything else.
 */
export function watchedWrite(event: TraceEvent, watch: WatchedPaths): { pathname: string; flags?: number; oldpath?: string } | undefined {
  if ((OPEN_SYSCALLS as readonly string[]).includes(event.eventName)) {
    const open = openedFor(event, 'write');
    return open && isWatchedPath(open.path, watch) ? { pathname: open.path, flags: open.flags } : undefined;
  }
  const made = newName(event);
  return made && isWatchedPath(made.path, watch) ? { pathname: made.path, oldpath: made.from } : undefined;
}

/**
 * The finding field `pathname` of a successful open (openedFile's path);
 * `example`, what the kernel names the file for this signature.
 * @example openedPathField('/proc/sys/kernel/sysrq or /proc/sysrq-trigger')
 */
export function openedPathField(example?: string): FindingField {
  return { name: 'pathname', type: 'const char *', doc: `The file opened, as the kernel names the returned fd${example ? ` (${example})` : ''}; the path passed is in detectedFrom.` };
}

/**
 * The finding field `flags` of a successful open (openedFor's flags, of
 * `access`); `withRenames` when renames or links make findings too, which
 * have none.
 * @example openFlagsField('write', { withRenames: true })
 */
export function openFlagsField(access: 'read' | 'write', options: { withRenames?: boolean } = {}): FindingField {
  const mode = access === 'read' ? 'O_RDONLY or O_RDWR' : 'O_WRONLY or O_RDWR';
  const creat = access === 'write' ? 'O_CREAT|O_WRONLY|O_TRUNC for creat, ' : '';
  return {
    name: 'flags',
    type: 'int',
    doc: `${options.withRenames ? 'Opens: the' : 'The'} open's flags, access mode ${mode}: open's and openat's \`flags\`, ${creat}openat2's \`how.flags\` (from /proc/<pid>/fdinfo when \`how\` could not be read; absent when its fd was closed first).`,
  };
}

/**
 * The finding field `pathname` of watchedWrite (or openedFor and newName):
 * `what` the file is; `opened`, an example of the kernel's name of an
 * opened one; `orElse`, what it is for the signature's other events.
 * @example watchedWritePathField('The sudoers file written or named')
 */
export function watchedWritePathField(what: string, more: { opened?: string; orElse?: string } = {}): FindingField {
  return {
    name: 'pathname',
    type: 'const char *',
    doc: `${what}: for opens as the kernel names the returned fd${more.opened ? ` (${more.opened})` : ''}, for renames, links and symlinks the new name (as passed, made absolute)${more.orElse ? `; ${more.orElse}` : ''}.`,
  };
}

/**
 * The finding field `oldpath` of watchedWrite (newName's `from`); `example`,
 * a symlink target.
 * @example watchedWriteOldPathField('../init.d/NAME')
 */
export function watchedWriteOldPathField(example?: string): FindingField {
  return { name: 'oldpath', type: 'const char *', doc: `Renames and links: the file moved or linked there, by its old name made absolute (a symlink's target as written${example ? `, such as ${example}` : ''}).` };
}

/**
 * The program a sched_process_exec ran, as Tracee's `path.Base(pathname)`
 * checks see it: the executed file; for a script (whose executed file is its
 * interpreter) the path it was run by.
 */
export function executedProgram(event: TraceEvent): { path: string; name: string } {
  const path = strArg(event, 'interp') !== '' ? strArg(event, 'cmdpath') : strArg(event, 'pathname');
  return { path, name: baseName(path) };
}

/**
 * The file-watch signatures' `package_managers` parameter: package managers
 * (Falco's package_mgmt_binaries) install and upgrade the files they watch
 * (cron's and init's directories, the loader, sudoers) as their trade.
 */
export const PACKAGE_MANAGERS_PARAM = {
  default: PACKAGE_MGMT_BINARIES,
  doc: 'Package managers (comm or executable base name: Falco\'s package_mgmt_binaries): what they or their descendants (maintainer scripts, update-rc.d run by dpkg) do is not reported. Empty: report them too, as Tracee does.',
} as const;

/** The event's process, or one of its ancestors, is a package manager of the `package_managers` parameter. */
export function byPackageManager(event: TraceEvent, ctx: SignatureContext): boolean {
  const managers = ctx.param('package_managers');
  if (managers.length === 0) return false;
  if (processNamed(managers, event.processName, event.executablePath)) return true;
  return ctx.ancestors(event.hostProcessId).some((a) => processNamed(managers, a.comm, a.exePath));
}

/** proc_mem_access's and proc_mem_code_injection's data fields beside the path and flags: the pid in the path, and its process. */
export const PROC_MEM_FIELDS: readonly FindingField[] = [
  { name: 'pid', type: 'int', doc: 'The pid in the path: a pid of the pid namespace of that /proc mount (the caller\'s, normally).' },
  { name: 'target', type: 'unknown', doc: 'The process whose memory it is, {hostProcessId, processName, executable: {path}, processEntityId}, when the caller is in the host\'s pid namespace (its /proc pids are host pids); absent otherwise.' },
];

/**
 * A successful open of /proc/<pid>/mem (or .../task/<tid>/mem) for `access`,
 * as the kernel opened it (the returned fd's path): the data of
 * proc_mem_access (read) and proc_mem_code_injection (write); undefined otherwise.
 */
export function procMemOpen(event: TraceEvent, ctx: SignatureContext, access: 'read' | 'write'): { pathname: string; flags: number | undefined; pid: number; target: ReturnType<typeof processData> | undefined } | undefined {
  const open = event.returnedFd?.kind === 'file' ? openedFor(event, access) : undefined;
  const pid = open ? procMemPid(open.path) : undefined;
  if (!open || pid === undefined) return undefined;
  const target = inHostPidNamespace(event) ? hostThreadGroup(ctx, pid) : undefined;
  return { pathname: open.path, flags: open.flags, pid, target: target !== undefined ? processData(ctx, target) : undefined };
}
