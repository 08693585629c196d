/**
 * Named predicates and lists that signatures share, as Falco's macros and
 * lists are: one definition each, reused instead of re-written.
 */
import { closeSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import type { TraceEvent } from '../decode/trace-event.js';
import type { SignatureContext } from './signature.js';

/** ptrace(2) requests signatures look at. */
export const PTRACE = { TRACEME: 0, PEEKTEXT: 1, PEEKDATA: 2, POKETEXT: 4, POKEDATA: 5, ATTACH: 16, SEIZE: 0x4206 } as const;

/** O_ACCMODE bits that mean writing: O_WRONLY (1) or O_RDWR (2). */
export const OPEN_WRITE_BITS = 3;

/** Open flags ask for write access (Tracee's IsFileWrite). */
export function isFileWrite(flags: number | bigint): boolean {
  const mode = Number(BigInt(flags) & 3n);
  return mode === 1 || mode === 2;
}

/**
 * A path in memory, not on a file system (Tracee's IsMemoryPath): a memfd
 * (Tracee's `memfd:NAME`; sysray's kernel path is the kernel's own name,
 * `/memfd:NAME (deleted)`, as /proc/PID/exe shows it) or a file under
 * /dev/shm or /run/shm.
 */
export function isMemoryPath(path: string): boolean {
  return path.startsWith('memfd:') || path.startsWith('/memfd:') || path.startsWith('/run/shm/') || path.startsWith('/dev/shm/');
}

/** A path in a user's home directory: under /root or /home/<user>. */
export function isUserHomePath(path: string): boolean {
  return path === '/root' || path.startsWith('/root/') || /^\/home\/[^/]+(?:\/|$)/.test(path);
}

/**
 * The kernel's initial pid namespace has this inode number on every kernel
 * (PROC_PID_INIT_INO): an event with it comes from the host's pid namespace,
 * where pid arguments (kill, ptrace, /proc/PID) are host pids.
 */
export const HOST_PID_NAMESPACE = 0xeffffffc;

/** The event's process is in the host's pid namespace: its pid arguments are host pids. */
export function inHostPidNamespace(event: TraceEvent): boolean {
  return event.pidNamespace === HOST_PID_NAMESPACE;
}

/** Security agents whose processes a signal, ptrace or fd theft must not reach (by comm or executable's base name). */
export const KNOWN_AGENTS: readonly string[] = ['falco', 'tracee', 'tetragon', 'auditd', 'osqueryd', 'osquery', 'wazuh-agentd', 'wazuh', 'sysray'];

/** Programs that open system-wide perf counters for a living. */
export const KNOWN_PROFILERS: readonly string[] = ['perf', 'bpftrace'];

/** A `/proc/<pid>/mem` path: the pid, or undefined. */
export function procMemPid(path: string): number | undefined {
  const m = /^\/proc\/(\d+)\/(?:task\/\d+\/)?mem$/.exec(path);
  return m ? Number(m[1]) : undefined;
}

/** The base name of a path. */
export function baseName(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? path : path.slice(i + 1);
}

/** The event's process is one of `names` by comm or by its executable's base name. */
export function processNamed(names: readonly string[], comm: string, exePath: string): boolean {
  return names.includes(comm) || (exePath !== '' && names.includes(baseName(exePath)));
}

/**
 * The process (host pid) of host thread `tid`: `tid` itself for a process the
 * tree knows, else the Tgid of /proc/<tid>/status (the tree has no threads).
 * Undefined when it is gone; read when the event is handled, so a tid that
 * exited and was reused since then names the new one.
 */
export function hostThreadGroup(ctx: SignatureContext, tid: number): number | undefined {
  if (tid <= 0) return undefined;
  if (tid === ctx.self.pid || ctx.process(tid)) return tid;
  try {
    const m = /^Tgid:\s+(\d+)$/m.exec(readFileSync(`/proc/${tid}/status`, 'latin1'));
    return m ? Number(m[1]) : undefined;
  } catch {
    return undefined;
  }
}

/** A process as findings name it, in the JSON shape of events' `target`: {hostProcessId, processName, executable: {path}, processEntityId} ('' and 0 when the tree does not know it). */
export function processData(ctx: SignatureContext, hostPid: number): { hostProcessId: number; processName: string; executable: { path: string }; processEntityId: number } {
  const p = ctx.process(hostPid);
  return { hostProcessId: hostPid, processName: p?.comm ?? '', executable: { path: p?.exePath ?? '' }, processEntityId: p?.entityId ?? 0 };
}

/** The value of the event's numeric argument `name` as a number (0 when absent). */
export function numArg(event: TraceEvent, name: string): number {
  for (const a of event.args) {
    if (a.spec.name !== name) continue;
    return typeof a.value === 'number' ? a.value : typeof a.value === 'bigint' ? Number(a.value) : 0;
  }
  return 0;
}

/** The value of the event's string argument `name` ('' when absent or unreadable). */
export function strArg(event: TraceEvent, name: string): string {
  for (const a of event.args) if (a.spec.name === name) return typeof a.value === 'string' ? a.value : '';
  return '';
}

/** The `dirfd` value meaning "the current working directory". */
export const AT_FDCWD = -100;

/** What a path argument names, made absolute: the argument itself when absolute; else joined to the directory it is resolved against. */
function joinPath(dir: string, rel: string): string {
  if (rel === '' || rel === '.') return dir;
  return dir.endsWith('/') ? dir + rel : `${dir}/${rel}`;
}

/**
 * Path argument `pathArg` made absolute, as the kernel resolved it: an
 * absolute value as it is; a relative one joined to the directory its
 * `dirfdArg` refers to (the kernel's description of that fd at entry, or of
 * the working directory for AT_FDCWD and for syscalls without a dirfd,
 * `event.cwd`). The relative value as it is when the directory is not known.
 * No `..` or symlink folding: this is the name, not the file (for opens, use
 * openedPath).
 */
export function resolvedPath(event: TraceEvent, pathArg: string, dirfdArg?: string): string {
  const value = strArg(event, pathArg);
  if (value === '' || value.startsWith('/')) return value;
  let dir: string | undefined;
  const dirfd = dirfdArg === undefined ? AT_FDCWD : numArg(event, dirfdArg);
  if (dirfd === AT_FDCWD) dir = event.cwd;
  else {
    const fd = dirfdArg === undefined ? undefined : event.args.find((a) => a.spec.name === dirfdArg)?.fd;
    if (fd?.kind === 'file') dir = fd.path;
  }
  return dir === undefined || dir === '' ? value : joinPath(dir, value);
}

/**
 * The file an open (`open`, `openat`, `openat2`, `creat`) reached: on success
 * the returned fd's path as the kernel holds it (symlinks and `..` resolved,
 * the real file and not what the argument said); on failure the argument
 * resolved against its dirfd.
 */
export function openedPath(event: TraceEvent): string {
  const fd = event.returnedFd;
  if (fd?.kind === 'file') return fd.path;
  return resolvedPath(event, 'pathname', event.args.some((a) => a.spec.name === 'dirfd') ? 'dirfd' : undefined);
}

/** O_CREAT | O_WRONLY | O_TRUNC: what creat(2) means. */
const CREAT_FLAGS = 0o1101;

/** An open's flags: `flags`, openat2's `how.flags`, creat's implied O_CREAT|O_WRONLY|O_TRUNC. */
export function openFlags(event: TraceEvent): number {
  if (event.eventName === 'creat') return CREAT_FLAGS;
  for (const a of event.args) {
    if (a.spec.name === 'flags') return numArg(event, 'flags');
    if (a.spec.name === 'how' && a.value !== null && typeof a.value === 'object' && !Array.isArray(a.value)) {
      const f = (a.value as { flags?: unknown }).flags;
      return typeof f === 'number' ? f : typeof f === 'bigint' ? Number(f) : 0;
    }
  }
  return 0;
}

/** The syscalls that open a file by name, and rename, link and symlink ones: for `selects`. */
export const OPEN_SYSCALLS = ['open', 'openat', 'openat2', 'creat'] as const;
export const RENAME_SYSCALLS = ['rename', 'renameat', 'renameat2'] as const;
export const LINK_SYSCALLS = ['link', 'linkat', 'symlink', 'symlinkat'] as const;

/**
 * The new name a rename, link or symlink gives (resolved, see resolvedPath),
 * or '' for other events: where Tracee's security_inode_rename and Falco's
 * link rules look.
 */
export function newNamePath(event: TraceEvent): string {
  switch (event.eventName) {
    case 'rename': case 'link': return resolvedPath(event, 'newpath');
    case 'renameat': case 'renameat2': case 'linkat': return resolvedPath(event, 'newpath', 'newdirfd');
    case 'symlink': return resolvedPath(event, 'linkpath');
    case 'symlinkat': return resolvedPath(event, 'linkpath', 'newdirfd');
    default: return '';
  }
}

/**
 * Names (comm or executable basename) of container runtimes' own processes:
 * what sets a container up before its entrypoint runs (runc and its init
 * stages, crun, youki, gVisor's runsc, conmon, containerd's shims;
 * `containerd-shim-runc-v2` is `containerd-shim` as a comm).
 */
export const CONTAINER_RUNTIME_PROCESSES: readonly string[] = [
  'runc', 'runc:[0:PARENT]', 'runc:[1:CHILD]', 'runc:[2:INIT]', 'crun', 'youki', 'runsc', 'runsc-gofer', 'runsc-sandbox',
  'conmon', 'containerd-shim', 'containerd-shim-runc-v1', 'containerd-shim-runc-v2',
];

/**
 * A program that is a container runtime's own: by name, or runc's copy of
 * itself in a memfd (`/memfd:runc_cloned:/proc/self/exe (deleted)`, its
 * CVE-2019-5736 fix) that it runs as the container's init.
 */
export function isContainerRuntime(comm: string, exePath: string): boolean {
  return processNamed(CONTAINER_RUNTIME_PROCESSES, comm, exePath) || exePath.startsWith('/memfd:runc');
}


/** The value of the event's `[]byte` argument `name` (magic_write's `bytes`: base64 in events, as Tracee prints Go's []byte); empty when absent. */
export function bytesArg(event: TraceEvent, name: string): Buffer {
  return Buffer.from(strArg(event, name), 'base64');
}

/**
 * The first bytes a magic_write put into its file: the captured `bytes`;
 * when the kernel copied them from another file (sendfile, copy_file_range:
 * `content_unknown`, as `cp` on coreutils 9 does), the file's first 32 bytes
 * read back now through the writer's root (/proc/PID/root/PATH; once the
 * writer has exited, PATH itself when it wrote in sysray's mount namespace),
 * so that a copied binary is seen too. That read is later than the write:
 * empty when the file is gone, and what the file holds by then.
 */
export function writtenBytes(event: TraceEvent): Buffer {
  const captured = bytesArg(event, 'bytes');
  if (captured.length > 0 || !event.args.some((a) => a.spec.name === 'content_unknown' && a.value === true)) return captured;
  const path = strArg(event, 'pathname');
  if (!path.startsWith('/')) return captured;
  // the writer's root while it lives; once it is gone, the same path when it wrote in sysray's own mount namespace
  const roots = [`/proc/${event.hostProcessId}/root${path}`];
  if (event.mountNamespace === ownMountNamespace()) roots.push(path);
  for (const file of roots) {
    let fd: number | undefined;
    try {
      fd = openSync(file, 'r');
      const buf = Buffer.alloc(32);
      return buf.subarray(0, readSync(fd, buf, 0, buf.length, 0));
    } catch {
      // gone: the next way, or nothing
    } finally {
      if (fd !== undefined) closeSync(fd);
    }
  }
  return captured;
}

let ownMntNs: number | undefined;
function ownMountNamespace(): number {
  if (ownMntNs === undefined) {
    try {
      ownMntNs = statSync('/proc/self/ns/mnt').ino;
    } catch {
      ownMntNs = 0;
    }
  }
  return ownMntNs;
}

/** The bytes start with the ELF magic `\x7fELF` (Tracee's elf.IsElf). */
export function isElf(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x7f && bytes[1] === 0x45 && bytes[2] === 0x4c && bytes[3] === 0x46;
}

/** -EINPROGRESS: a non-blocking connect that is under way. */
export const EINPROGRESS = -115;

/** connect(2) went through, or is going on (non-blocking): returned 0 or -EINPROGRESS. */
export function connectSucceeded(event: TraceEvent): boolean {
  const ret = Number(event.returnValue);
  return ret === 0 || ret === EINPROGRESS;
}

/** A decoded `struct sockaddr` argument (connect's, bind's `addr`): its family and address, or undefined. */
export function sockaddrArg(event: TraceEvent, name = 'addr'): { family: string; address?: string; port?: number; path?: string } | undefined {
  const v = event.args.find((a) => a.spec.name === name)?.value;
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return undefined;
  const sa = v as Record<string, unknown>;
  const family = String(sa.sa_family ?? '');
  if (family === 'AF_UNIX') return { family, path: String(sa.sun_path ?? '') };
  if (family === 'AF_INET') return { family, address: String(sa.sin_addr ?? ''), port: Number(sa.sin_port ?? 0) };
  if (family === 'AF_INET6') return { family, address: String(sa.sin6_addr ?? ''), port: Number(sa.sin6_port ?? 0) };
  return { family };
}

/** The file behind fd argument `name` as the kernel described it at entry (finit_module's fd...); '' when it is not a file or not described. */
export function fdArgPath(event: TraceEvent, name: string): string {
  const fd = event.args.find((a) => a.spec.name === name)?.fd;
  return fd?.kind === 'file' ? fd.path : '';
}
