/**
 * What /proc says about a process, read once per process when sysray starts
 * to seed the process tree (src/process/process-tree.ts). Processes exit while
 * they are read: a process that is gone is `undefined`, never an error.
 *
 * Sources: /proc/PID/stat (ppid, start time, comm), /proc/PID/status (Tgid,
 * NSpid), /proc/PID/exe (readlink), /proc/PID/cmdline (argv).
 */
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { endianness } from 'node:os';

export interface ProcSnapshot {
  /** pid as the proc mount sees it (the host's for the host's /proc) */
  readonly hostPid: number;
  readonly hostPpid: number;
  /** thread group id; equals hostPid for a process */
  readonly tgid: number;
  /** pid in the process's own pid namespace (NSpid's last column; 0 when the kernel has no NSpid) */
  readonly pid: number;
  /** start of the process, boot-clock ns, at clock-tick precision */
  readonly startTime: bigint;
  readonly comm: string;
  /** executable path; '' when unreadable (permissions) or none (kernel threads) */
  readonly exePath: string;
  readonly argv: readonly string[];
}

/**
 * The process `hostPid` as /proc shows it under `procRoot`, or undefined when
 * it is gone, was never there, or is hidden from us.
 *
 * @example
 * readProcess(process.pid)?.hostPpid === process.ppid; // true
 */
export function readProcess(hostPid: number, procRoot = '/proc'): ProcSnapshot | undefined {
  const dir = `${procRoot}/${hostPid}`;
  const statText = _readIfPresent(`${dir}/stat`);
  if (statText === undefined) return undefined;
  const stat = parseProcStat(statText);
  if (!stat) return undefined;
  const statusText = _readIfPresent(`${dir}/status`);
  if (statusText === undefined) return undefined; // exited between the two reads
  const status = _parseStatus(statusText);
  return {
    hostPid,
    hostPpid: stat.ppid,
    tgid: status.tgid || hostPid,
    pid: status.nsPid,
    startTime: (stat.startTicks * 1_000_000_000n) / BigInt(clockTicksPerSecond()),
    comm: stat.comm,
    exePath: _readExe(`${dir}/exe`),
    argv: _readArgv(`${dir}/cmdline`),
  };
}

/**
 * Every process under `procRoot`, in pid order; those gone meanwhile are left out.
 *
 * @example
 * readProcesses().some((s) => s.hostPid === process.pid); // true
 */
export function readProcesses(procRoot = '/proc'): ProcSnapshot[] {
  const out: ProcSnapshot[] = [];
  for (const hostPid of listPids(procRoot)) {
    const s = readProcess(hostPid, procRoot);
    if (s) out.push(s);
  }
  return out;
}

/** The pids (thread group ids) under `procRoot`, ascending. */
export function listPids(procRoot = '/proc'): number[] {
  const pids: number[] = [];
  for (const name of readdirSync(procRoot)) {
    if (/^[0-9]+$/.test(name)) pids.push(Number(name));
  }
  return pids.sort((a, b) => a - b);
}

/** The fields of /proc/PID/stat the tree needs. */
export interface ProcStat {
  readonly comm: string;
  readonly state: string;
  readonly ppid: number;
  /** field 22: start time after boot, in clock ticks */
  readonly startTicks: bigint;
}

/**
 * Parses /proc/PID/stat. comm may hold any byte but NUL and '/', spaces and
 * parentheses included: it runs from after the first '(' to the LAST ')',
 * the fields after it are space-separated. Undefined when malformed.
 */
export function parseProcStat(text: string): ProcStat | undefined {
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  if (open < 0 || close < open) return undefined;
  // fields from 3 (state) on; field N is rest[N - 3]
  const rest = text.slice(close + 2).trimEnd().split(' ');
  if (rest.length < 20) return undefined;
  const ppid = Number(rest[1]);
  if (!Number.isInteger(ppid) || !/^[0-9]+$/.test(rest[19])) return undefined;
  return { comm: text.slice(open + 1, close), state: rest[0], ppid, startTicks: BigInt(rest[19]) };
}

let ticksPerSecond = 0;

/**
 * The kernel's USER_HZ, the unit of /proc/PID/stat times: AT_CLKTCK from our
 * own auxiliary vector (what sysconf(_SC_CLK_TCK) returns), 100 when it
 * cannot be read. Read once.
 */
export function clockTicksPerSecond(): number {
  if (ticksPerSecond === 0) ticksPerSecond = _readAtClkTck() || 100;
  return ticksPerSecond;
}

const AT_NULL = 0;
const AT_CLKTCK = 17;
const ARCH_64 = new Set(['x64', 'arm64', 'ppc64', 's390x', 'riscv64', 'loong64', 'mips64el', 'mips64']);

function _readAtClkTck(): number {
  let auxv: Buffer;
  try {
    auxv = readFileSync('/proc/self/auxv');
  } catch {
    return 0;
  }
  // pairs of unsigned longs (type, value), in the machine's byte order
  const word = ARCH_64.has(process.arch) ? 8 : 4;
  const le = endianness() === 'LE';
  const read = (off: number): number =>
    word === 8
      ? Number(le ? auxv.readBigUInt64LE(off) : auxv.readBigUInt64BE(off))
      : le ? auxv.readUInt32LE(off) : auxv.readUInt32BE(off);
  for (let off = 0; off + 2 * word <= auxv.length; off += 2 * word) {
    const type = read(off);
    if (type === AT_NULL) break;
    if (type === AT_CLKTCK) {
      const hz = read(off + word);
      return hz > 0 && hz <= 1_000_000 ? hz : 0;
    }
  }
  return 0;
}

function _parseStatus(text: string): { tgid: number; nsPid: number } {
  let tgid = 0;
  let nsPid = 0;
  for (const line of text.split('\n')) {
    if (line.startsWith('Tgid:')) {
      tgid = Number(line.slice(5).trim()) || 0;
    } else if (line.startsWith('NSpid:')) {
      const cols = line.slice(6).trim().split(/\s+/);
      nsPid = Number(cols[cols.length - 1]) || 0;
    }
  }
  return { tgid, nsPid };
}

/**
 * A /proc file's text; undefined when the process is gone (ENOENT, ESRCH) or
 * hidden from us (EACCES, EPERM: hidepid, when not root).
 */
function _readIfPresent(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    if (_isGoneOrHidden(err)) return undefined;
    throw err;
  }
}

const DELETED_SUFFIX = ' (deleted)';

function _readExe(path: string): string {
  let target: string;
  try {
    target = readlinkSync(path);
  } catch {
    return ''; // kernel thread (ENOENT), another user's process (EACCES), or gone
  }
  return target.endsWith(DELETED_SUFFIX) ? target.slice(0, -DELETED_SUFFIX.length) : target;
}

function _readArgv(path: string): string[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return [];
  }
  if (text === '') return []; // kernel threads, zombies
  const argv = text.split('\0');
  if (argv[argv.length - 1] === '') argv.pop();
  return argv;
}

function _isGoneOrHidden(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException | null)?.code;
  return code === 'ENOENT' || code === 'ESRCH' || code === 'EACCES' || code === 'EPERM';
}
