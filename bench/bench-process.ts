/**
 * Processes the benchmarks start: workloads (bench/workloads/*.c, compiled
 * once per content), and tracers run as users run them, each watched for
 * "ready", its peak memory and its closing summary.
 */
import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT, keyValues } from '../test/helpers/trace.js';

/**
 * Compiles bench/workloads/NAME.c (or the tests' trigger of that name, such
 * as the getppid storm); `comm` names the binary (the traced process's comm).
 */
export function compileWorkload(name: string, comm = name): string {
  const own = path.join(ROOT, 'bench', 'workloads', `${name}.c`);
  const src = existsSync(own) ? own : path.join(ROOT, 'test', 'triggers', `${name}.c`);
  const hash = createHash('sha256').update(readFileSync(src)).digest('hex').slice(0, 12);
  const dir = path.join(ROOT, 'build', 'bench');
  mkdirSync(dir, { recursive: true });
  const built = path.join(dir, `${name}.${hash}`);
  if (!existsSync(built)) execFileSync('cc', ['-O1', '-Wall', '-o', built, src], { stdio: 'inherit' });
  const out = path.join(dir, comm);
  copyFileSync(built, out);
  execFileSync('chmod', ['+x', out]);
  return out;
}

/** Runs a program to its end; its stdout's key=value lines. */
export function runWorkload(file: string, args: (string | number)[]): Promise<Record<string, string>> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args.map(String), { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code !== 0) return reject(new Error(`${path.basename(file)} exited with ${code}`));
      resolve(keyValues(out));
    });
  });
}

export interface StoppedTool {
  stdout: string;
  stderr: string;
  /** Peak resident set size (VmHWM) of the tool's own process, MiB. */
  peakRssMiB: number;
  /** From SIGTERM to exit (the drain), ms. */
  drainMs: number;
  /** CPU time (user + system) of the tool's own process, ms, as last sampled before it exited (every 20 ms). */
  cpuMs: number;
}

export interface RunningTool {
  pid: number;
  /** Launch to the ready marker, ms. */
  startMs: number;
  /** CPU time of the tool's process when it was ready, ms. */
  cpuAtReadyMs: number;
  stop(signal?: NodeJS.Signals): Promise<StoppedTool>;
}

/** utime + stime of a process, ms (0 once it is gone). */
function cpuMs(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(f[11]) + Number(f[12])) * 1000) / CLOCK_TICKS;
  } catch {
    return 0;
  }
}

/** USER_HZ: what /proc/PID/stat counts time in (100 on Linux). */
const CLOCK_TICKS = 100;

function peakRssMiB(pid: number): number {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'latin1'));
    return m ? Number(m[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

/**
 * Starts a tracer and resolves once `ready` matches what it has written
 * (stdout or stderr), or after `settleMs` when it prints nothing to wait on.
 */
export function startTool(
  command: string,
  args: string[],
  options: { ready?: RegExp; settleMs?: number; env?: NodeJS.ProcessEnv; stdoutFile?: string } = {},
): Promise<RunningTool> {
  const launched = process.hrtime.bigint();
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...options.env } });
  let stdout = '';
  let stderr = '';
  let peak = 0;
  let cpu = 0;
  child.stdout!.on('data', (d) => (stdout += d));
  child.stderr!.on('data', (d) => (stderr += d));
  // VmHWM is gone with the process: sample it while it lives
  let ticks = 0;
  const sampler = setInterval(() => {
    cpu = Math.max(cpu, cpuMs(child.pid!));
    if (++ticks % 5 === 0) peak = Math.max(peak, peakRssMiB(child.pid!));
  }, 20);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    let done = false;
    const ready = (): void => {
      if (done) return;
      done = true;
      const startMs = Number(process.hrtime.bigint() - launched) / 1e6;
      resolve({
        pid: child.pid!,
        startMs,
        cpuAtReadyMs: cpuMs(child.pid!),
        async stop(signal: NodeJS.Signals = 'SIGTERM') {
          peak = Math.max(peak, peakRssMiB(child.pid!));
          const at = process.hrtime.bigint();
          child.kill(signal);
          await exited;
          clearInterval(sampler);
          if (options.stdoutFile) writeFileSync(options.stdoutFile, stdout);
          return { stdout, stderr, peakRssMiB: peak, drainMs: Number(process.hrtime.bigint() - at) / 1e6, cpuMs: cpu };
        },
      });
    };
    const check = (): void => {
      if (options.ready && options.ready.test(stdout + stderr)) ready();
    };
    child.stdout!.on('data', check);
    child.stderr!.on('data', check);
    if (!options.ready) setTimeout(ready, options.settleMs ?? 1000);
    void exited.then((code) => {
      clearInterval(sampler);
      if (!done) reject(new Error(`${path.basename(command)} ${args.join(' ')} exited (${code}) before it was ready: ${stderr.trim().slice(-400)}`));
    });
  });
}

export interface SysraySummary {
  written: number;
  lost: number;
  /** Findings made (0 when the line names none). */
  findings: number;
  /** Records the kernel sent, and of them those only for process state; events read only for signatures. */
  kernelRecords: number;
  stateOnly: number;
  forSignatures: number;
}

/**
 * sysray's closing line: "N events written, M lost, K findings, … (R records
 * from the kernel, S of them only for process state)". Only the first two
 * are always there; the rest count 0 when absent.
 */
export function sysraySummary(stderr: string): SysraySummary {
  const m = /(\d+) events written, (\d+) lost(.*)/.exec(stderr);
  if (!m) throw new Error(`no summary from sysray: ${stderr.trim().slice(-400)}`);
  const rest = m[3];
  const n = (re: RegExp): number => Number(re.exec(rest)?.[1] ?? 0);
  return {
    written: Number(m[1]),
    lost: Number(m[2]),
    findings: n(/, (\d+) findings/),
    kernelRecords: n(/(\d+) records from the kernel/),
    stateOnly: n(/(\d+) of them only for process state/),
    forSignatures: n(/(\d+) only for signatures/),
  };
}

/** Nearest-rank percentile (p in 0–100) of a non-empty list; NaN for an empty one. */
export function percentile(xs: readonly number[], p: number): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
}

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

/** Whether `command` is on the PATH (peers not installed are reported skipped). */
export function has(command: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
