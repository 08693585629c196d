/**
 * A picture of what the process context is seeded from, taken when a run
 * starts: every process (src/process/proc-reader.ts), their open fds
 * (src/process/proc-fds.ts) and the containers of the cgroup hierarchy
 * (src/process/container-id.ts). A live run seeds from a picture it has just
 * taken; `sysray record` stores its picture as JSON so that `sysray analyze`
 * seeds from the same state, long after /proc has moved on.
 *
 * JSON-safe: bigints (boot-clock times, cgroup ids, perf values) are decimal
 * strings. A perf_event's `config` and `id` stay numbers where the decoder made
 * numbers (exact below 2^53) and are strings where it made bigints, so that
 * the round trip gives back the same type.
 *
 * Checked by hand, not with zod: this module is loaded by every live run,
 * and zod costs ~80 ms of start (src/detect/signatures-config.ts).
 */
import { readProcesses, type ProcSnapshot } from './proc-reader.js';
import { procPids, readProcFdsOf, type ProcessFds, type ProcFd } from './proc-fds.js';
import type { FdDescription, SocketAddress } from './fd-description.js';
import { ContainerResolver, type CgroupContainer, type ContainerRuntime } from './container-id.js';

/** `T` with each bigint field as its decimal string (distributes over unions). */
type JsonSafe<T> = { -readonly [K in keyof T]: bigint extends T[K] ? Exclude<T[K], bigint> | string : T[K] };

/** An {@link FdDescription} as JSON. */
export type PictureFdDescription = JsonSafe<FdDescription>;

/** A {@link ProcSnapshot} as JSON. */
export interface PictureProcess {
  hostPid: number;
  hostPpid: number;
  tgid: number;
  pid: number;
  /** boot-clock ns, decimal */
  startTime: string;
  comm: string;
  exePath: string;
  argv: string[];
}

export interface PictureFd {
  fd: number;
  description: PictureFdDescription;
  cloexec: boolean;
}

export interface PictureContainer {
  /** the cgroup's id (its directory's inode), decimal */
  cgroupId: string;
  /** 64 lowercase hex digits */
  id: string;
  runtime: ContainerRuntime;
}

export interface ProcPicture {
  version: 1;
  /** in pid order, as the tree is seeded */
  processes: PictureProcess[];
  /** per process with open fds; absent when taken without fds */
  fds?: { hostPid: number; fds: PictureFd[] }[];
  /** the cgroups of the containers' hierarchy that are a container's (every other one is the host's) */
  containers: PictureContainer[];
}

export interface TakeProcPictureOptions {
  procRoot?: string;
  /** read every process's open fds too */
  fds: boolean;
  /** where the containers' cgroup hierarchy is mounted ('' for none: no containers) */
  containerCgroupMount: string;
}

/**
 * Reads /proc (and the cgroup hierarchy) once.
 *
 * @example
 * const picture = takeProcPicture({ fds: true, containerCgroupMount: '/sys/fs/cgroup' });
 * writeFileSync('start.json', JSON.stringify(picture));
 */
export function takeProcPicture(options: TakeProcPictureOptions): ProcPicture {
  const procRoot = options.procRoot ?? '/proc';
  const processes = readProcesses(procRoot).map(_processToJson);
  let fds: ProcPicture['fds'];
  if (options.fds) {
    // every pid listed now (one read after the processes': one that exited between has no fds left to read)
    fds = readProcFdsOf(procPids(procRoot), procRoot).map(({ hostPid, fds }) => ({
      hostPid,
      fds: fds.map((f) => ({ fd: f.fd, description: _descriptionToJson(f.description), cloexec: f.cloexec })),
    }));
  }
  const resolver = new ContainerResolver(options.containerCgroupMount);
  resolver.walk();
  const containers: PictureContainer[] = [];
  for (const [cgroupId, c] of resolver.entries()) {
    if (c.id !== '' && c.runtime !== '') containers.push({ cgroupId: String(cgroupId), id: c.id, runtime: c.runtime });
  }
  const picture: ProcPicture = { version: 1, processes, containers };
  if (fds !== undefined) picture.fds = fds;
  return picture;
}

/** The picture's processes, as `ProcessTree.seedFromSnapshots` takes them. */
export function pictureSnapshots(p: ProcPicture): ProcSnapshot[] {
  return p.processes.map((s) => ({ ...s, startTime: BigInt(s.startTime) }));
}

/** The picture's fds, as `seedFdTableFrom` takes them (none when it was taken without). */
export function pictureFds(p: ProcPicture): ProcessFds[] {
  return (p.fds ?? []).map(({ hostPid, fds }) => ({
    hostPid,
    fds: fds.map((f): ProcFd => ({ fd: f.fd, description: _descriptionFromJson(f.description), cloexec: f.cloexec })),
  }));
}

/** The picture's containers, as `ContainerResolver.seed` takes them. */
export function pictureContainers(p: ProcPicture): [cgroupId: bigint, container: CgroupContainer][] {
  return p.containers.map((c) => [BigInt(c.cgroupId), { id: c.id, runtime: c.runtime }]);
}

/**
 * `json` (JSON.parse of a stored picture) checked to be a picture. Throws an
 * Error of one line naming the first bad field.
 *
 * @example
 * parseProcPicture(JSON.parse(readFileSync('start.json', 'utf8'))).processes.length; // 412
 * parseProcPicture({ version: 2 }); // throws: proc picture: version: expected 1, got 2
 */
export function parseProcPicture(json: unknown): ProcPicture {
  const top = _object(json, '');
  if (top.version !== 1) _bad('version', 'expected 1', top.version);
  const processes = _array(top.processes, 'processes').map((v, i) => _parseProcess(v, `processes[${i}]`));
  const containers = _array(top.containers, 'containers').map((v, i) => _parseContainer(v, `containers[${i}]`));
  const picture: ProcPicture = { version: 1, processes, containers };
  if (top.fds !== undefined) {
    picture.fds = _array(top.fds, 'fds').map((v, i) => {
      const at = `fds[${i}]`;
      const o = _object(v, at);
      return {
        hostPid: _pid(o.hostPid, `${at}.hostPid`),
        fds: _array(o.fds, `${at}.fds`).map((f, j) => _parseFd(f, `${at}.fds[${j}]`)),
      };
    });
  }
  return picture;
}

function _processToJson(s: ProcSnapshot): PictureProcess {
  return {
    hostPid: s.hostPid, hostPpid: s.hostPpid, tgid: s.tgid, pid: s.pid,
    startTime: String(s.startTime), comm: s.comm, exePath: s.exePath, argv: [...s.argv],
  };
}

/** The few bigint fields there are, by kind (fd-description.ts). */
function _descriptionToJson(d: FdDescription): PictureFdDescription {
  switch (d.kind) {
    case 'pidfd': {
      const { startTime, ...rest } = d;
      return startTime === undefined ? rest : { ...rest, startTime: String(startTime) };
    }
    case 'perf_event': {
      const { config, id, ...rest } = d;
      return id === undefined ? { ...rest, config: _numberToJson(config) } : { ...rest, config: _numberToJson(config), id: _numberToJson(id) };
    }
    default:
      return { ...d };
  }
}

function _descriptionFromJson(d: PictureFdDescription): FdDescription {
  switch (d.kind) {
    case 'pidfd': {
      const { startTime, ...rest } = d;
      return startTime === undefined ? rest : { ...rest, startTime: BigInt(startTime) };
    }
    case 'perf_event': {
      const { config, id, ...rest } = d;
      return id === undefined ? { ...rest, config: _numberFromJson(config) } : { ...rest, config: _numberFromJson(config), id: _numberFromJson(id) };
    }
    default:
      return d;
  }
}

function _numberToJson(v: number | bigint): number | string {
  return typeof v === 'bigint' ? String(v) : v;
}

function _numberFromJson(v: number | string): number | bigint {
  return typeof v === 'string' ? BigInt(v) : v;
}

// --- checks: each names the field, e.g. "processes[3].startTime" ---

type Json = Record<string, unknown>;

function _bad(at: string, expected: string, got: unknown): never {
  let shown: string;
  try {
    shown = JSON.stringify(got) ?? String(got);
  } catch {
    shown = String(got);
  }
  if (shown.length > 40) shown = `${shown.slice(0, 40)}…`;
  throw new Error(`proc picture: ${at || 'top level'}: ${expected}, got ${shown}`);
}

function _object(v: unknown, at: string): Json {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) _bad(at, 'expected an object', v);
  return v as Json;
}

function _array(v: unknown, at: string): unknown[] {
  if (!Array.isArray(v)) _bad(at, 'expected an array', v);
  return v;
}

function _string(v: unknown, at: string): string {
  if (typeof v !== 'string') _bad(at, 'expected a string', v);
  return v;
}

function _boolean(v: unknown, at: string): boolean {
  if (typeof v !== 'boolean') _bad(at, 'expected true or false', v);
  return v;
}

function _int(v: unknown, at: string, min: number): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < min) _bad(at, `expected an integer ≥ ${min}`, v);
  return v;
}

function _pid(v: unknown, at: string): number {
  return _int(v, at, 1);
}

/** A bigint as decimal text: `0`, `123`, `-1` when `signed`. */
function _decimal(v: unknown, at: string, signed = false): string {
  if (typeof v !== 'string' || !(signed ? /^-?(0|[1-9][0-9]*)$/ : /^(0|[1-9][0-9]*)$/).test(v)) {
    _bad(at, `expected a decimal string${signed ? '' : ' ≥ 0'}`, v);
  }
  return v;
}

/** perf's number-or-bigint: an integer, or decimal text beyond 2^53. */
function _wideInt(v: unknown, at: string): number | string {
  if (typeof v === 'number') {
    if (!Number.isSafeInteger(v)) _bad(at, 'expected an integer', v);
    return v;
  }
  return _decimal(v, at, true);
}

function _parseProcess(v: unknown, at: string): PictureProcess {
  const o = _object(v, at);
  return {
    hostPid: _pid(o.hostPid, `${at}.hostPid`),
    hostPpid: _int(o.hostPpid, `${at}.hostPpid`, 0),
    tgid: _int(o.tgid, `${at}.tgid`, 0),
    pid: _int(o.pid, `${at}.pid`, 0),
    startTime: _decimal(o.startTime, `${at}.startTime`),
    comm: _string(o.comm, `${at}.comm`),
    exePath: _string(o.exePath, `${at}.exePath`),
    argv: _array(o.argv, `${at}.argv`).map((a, i) => _string(a, `${at}.argv[${i}]`)),
  };
}

const RUNTIMES: ReadonlySet<string> = new Set<ContainerRuntime>(['docker', 'containerd', 'crio', 'podman', 'unknown']);

function _parseContainer(v: unknown, at: string): PictureContainer {
  const o = _object(v, at);
  const id = _string(o.id, `${at}.id`);
  if (!/^[0-9a-f]{64}$/.test(id)) _bad(`${at}.id`, 'expected 64 lowercase hex digits', id);
  const runtime = _string(o.runtime, `${at}.runtime`);
  if (!RUNTIMES.has(runtime)) _bad(`${at}.runtime`, `expected one of ${[...RUNTIMES].join(', ')}`, runtime);
  return { cgroupId: _decimal(o.cgroupId, `${at}.cgroupId`), id, runtime: runtime as ContainerRuntime };
}

function _parseFd(v: unknown, at: string): PictureFd {
  const o = _object(v, at);
  return {
    fd: _int(o.fd, `${at}.fd`, 0),
    description: _parseDescription(o.description, `${at}.description`),
    cloexec: _boolean(o.cloexec, `${at}.cloexec`),
  };
}

function _optional<T>(v: unknown, check: (v: unknown) => T): T | undefined {
  return v === undefined ? undefined : check(v);
}

function _parseAddress(v: unknown, at: string): SocketAddress {
  const o = _object(v, at);
  if (o.path !== undefined) return { path: _string(o.path, `${at}.path`) };
  return { address: _string(o.address, `${at}.address`), port: _int(o.port, `${at}.port`, 0) };
}

/** Only the fields each kind has (fd-description.ts); absent optional ones stay absent. */
function _parseDescription(v: unknown, at: string): PictureFdDescription {
  const o = _object(v, at);
  const kind = o.kind;
  const str = (name: string): string => _string(o[name], `${at}.${name}`);
  const int = (name: string, min: number): number => _int(o[name], `${at}.${name}`, min);
  const defined = <T extends object>(d: T): T => {
    for (const k of Object.keys(d)) if ((d as Record<string, unknown>)[k] === undefined) delete (d as Record<string, unknown>)[k];
    return d;
  };
  switch (kind) {
    case 'file':
      return { kind, path: str('path') };
    case 'socket':
      return defined({
        kind, family: str('family'), type: str('type'), inode: int('inode', 0),
        local: _optional(o.local, (a) => _parseAddress(a, `${at}.local`)),
        remote: _optional(o.remote, (a) => _parseAddress(a, `${at}.remote`)),
        protocol: _optional(o.protocol, (s) => _string(s, `${at}.protocol`)),
        state: _optional(o.state, (s) => _string(s, `${at}.state`)),
      });
    case 'pipe':
      return { kind, inode: int('inode', 0) };
    case 'pidfd':
      return defined({
        kind, hostPid: int('hostPid', 0),
        comm: _optional(o.comm, (s) => _string(s, `${at}.comm`)),
        startTime: _optional(o.startTime, (s) => _decimal(s, `${at}.startTime`)),
      });
    case 'perf_event':
      return defined({
        kind, type: int('type', -1), config: _wideInt(o.config, `${at}.config`), cpu: int('cpu', -1), targetTid: int('targetTid', -1),
        pmu: _optional(o.pmu, (s) => _string(s, `${at}.pmu`)),
        id: _optional(o.id, (s) => _wideInt(s, `${at}.id`)),
      });
    case 'memfd':
    case 'anon':
      return { kind, name: str('name') };
    case 'unknown':
      return { kind };
    default:
      return _bad(`${at}.kind`, 'expected file, socket, pipe, pidfd, perf_event, memfd, anon or unknown', kind);
  }
}
