/**
 * Runs the real tracer (./bin/sysray, as a user would) around an action and
 * hands back what it wrote, parsed. No part of the kernel path is mocked.
 */
import assert from 'node:assert/strict';
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, readSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const SYSRAY = path.join(ROOT, 'bin', 'sysray');

/** An event line with 64-bit integers kept as strings (JSON.parse would round them). */
/**
 * The events of a JSON output file, read in chunks: a flood's file can pass
 * the longest string V8 makes (512 MiB). Lines of the `countOnly` events
 * are counted, not parsed.
 */
function readEventFile(file: string, countOnly: readonly string[]): { events: JsonEvent[]; counted: Record<string, number> } {
  const counted: Record<string, number> = Object.fromEntries(countOnly.map((n) => [n, 0]));
  const marks = countOnly.map((n) => [n, `"eventName":${JSON.stringify(n)},`] as const);
  const events: JsonEvent[] = [];
  const fd = openSync(file, 'r');
  const chunk = Buffer.allocUnsafe(16 << 20);
  let carry = '';
  try {
    for (let n; (n = readSync(fd, chunk, 0, chunk.length, null)) > 0; ) {
      const text = carry + chunk.toString('utf8', 0, n);
      const end = text.lastIndexOf('\n');
      carry = text.slice(end + 1);
      for (const line of text.slice(0, end + 1).split('\n')) {
        if (line.length === 0) continue;
        const mark = marks.find(([, m]) => line.includes(m));
        if (mark) counted[mark[0]]++;
        else events.push(...parseJsonLines(line));
      }
    }
    if (carry.length > 0) events.push(...parseJsonLines(carry));
  } finally {
    closeSync(fd);
  }
  return { events, counted };
}

export type JsonEvent = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- parsed JSON

export function parseJsonLines(text: string): JsonEvent[] {
  return text
    .split('\n')
    .filter((l) => l.length > 0)
    .map((l) => JSON.parse(l.replace(/([:\[,])(-?\d{16,})(?=[,}\]])/g, '$1"$2"')));
}

/** Compiles test/triggers/NAME.c (once per content) and returns the binary's path. */
export function compileTrigger(name: string): string {
  const src = path.join(ROOT, 'test', 'triggers', `${name}.c`);
  // the trigger and the headers it may include (phantom.h...)
  const hash = createHash('sha256').update(readFileSync(src));
  for (const h of readdirSync(path.dirname(src)).filter((f) => f.endsWith('.h')).sort()) hash.update(readFileSync(path.join(path.dirname(src), h)));
  const digest = hash.digest('hex').slice(0, 12);
  const dir = path.join(ROOT, 'test', '.bin');
  mkdirSync(dir, { recursive: true });
  const out = path.join(dir, name);
  const stamp = `${out}.${digest}`;
  if (!existsSync(stamp) || !existsSync(out)) {
    execFileSync('cc', ['-O1', '-Wall', '-pthread', '-o', out, src], { stdio: 'inherit' });
    writeFileSync(stamp, '');
  }
  return out;
}

export interface TraceResult {
  events: JsonEvent[];
  /** The JSON lines as written (with `keepLines`). */
  lines?: string[];
  /** Per event name of `countOnly`: lines counted, not parsed (floods: too many to keep). */
  counted: Record<string, number>;
  stderr: string;
  exitCode: number | null;
  /** What sysray reported at exit. */
  written: number;
  lost: number;
  /** Of `lost`, in the bulk ring buffer and in the security one (`(bulk K, security S)`). */
  lostBulk: number;
  lostSecurity: number;
  /** Records the kernel put in the ring buffer (entry and event records). */
  kernelRecords: number;
  /** Of those, records sent only to keep the process tree and fd table (lifecycle of every process). */
  stateRecords: number;
  /** Events dropped in user space by filters. */
  dropped: number;
  /** Wall-clock bounds of the action, ns since the epoch. */
  startNs: bigint;
  endNs: bigint;
}

function nowNs(): bigint {
  return BigInt(Date.now()) * 1_000_000n;
}

function waitForReady(child: ChildProcess, stderr: () => string, timeoutMs = 20000): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`sysray not ready after ${timeoutMs} ms: ${stderr()}`)), timeoutMs);
    const check = () => {
      if (stderr().includes('ready')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stderr!.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`sysray exited (${code}) before ready: ${stderr()}`));
    });
  });
}

/** The running tracer, for actions that signal it (SIGHUP) and read what it says. */
export interface RunningTracer {
  process: ChildProcess;
  /** The JSON output file, as sysray writes it. */
  outputFile: string;
  stderr(): string;
  /** Resolves once stderr has matched `pattern` `count` times in all. */
  waitFor(pattern: RegExp, count?: number, timeoutMs?: number): Promise<void>;
}

/**
 * Traces with `args` (plus -o json:FILE) while `action` runs. Nothing races
 * in a test unless it says so (`allowRaced`): any argument marked `raced`,
 * or a toctou_race finding, fails the test (the false-flag guard of kernel
 * values, src/decode/kernel-truth/).
 */
export async function traceDuring(
  args: string[], action: (tracer: RunningTracer) => Promise<void> | void, options: { allowRaced?: boolean; countOnly?: readonly string[]; keepLines?: boolean } = {},
): Promise<TraceResult> {
  const dir = mkdtempSync(path.join(tmpdir(), 'sysray-test-'));
  const file = path.join(dir, 'events.jsonl');
  const child = spawn(process.execPath, [SYSRAY, ...args, '-o', `json:${file}`], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  try {
    await waitForReady(child, () => stderr);
    const startNs = nowNs();
    const waitFor = (pattern: RegExp, count = 1, timeoutMs = 20000): Promise<void> =>
      new Promise((resolve, reject) => {
        const global = new RegExp(pattern.source, pattern.flags.includes('g') ? pattern.flags : pattern.flags + 'g');
        const deadline = Date.now() + timeoutMs;
        const poll = () => {
          if ((stderr.match(global)?.length ?? 0) >= count) resolve();
          else if (Date.now() > deadline) reject(new Error(`sysray never said ${pattern} (${count}×): ${stderr}`));
          else setTimeout(poll, 20);
        };
        poll();
      });
    await action({ process: child, outputFile: file, stderr: () => stderr, waitFor });
    const endNs = nowNs();
    const exited = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
    child.kill('SIGTERM');
    const exitCode = await exited;
    const m = /(\d+) events written, (\d+) lost/.exec(stderr);
    const paths = /\d+ lost \(bulk (\d+), security (\d+)\)/.exec(stderr);
    const records = /\((\d+) records from the kernel[,)]/.exec(stderr);
    const state = /(\d+) of them only for process state/.exec(stderr);
    const dropped = /(\d+) dropped by filters/.exec(stderr);
    const { events, counted } = readEventFile(file, options.countOnly ?? []);
    const lines = options.keepLines ? readFileSync(file, 'utf8').split('\n').filter((l) => l !== '') : undefined;
    if (!options.allowRaced) assertNothingRaced(events);
    return {
      events,
      lines,
      counted,
      stderr,
      exitCode,
      written: m ? Number(m[1]) : NaN,
      lost: m ? Number(m[2]) : NaN,
      lostBulk: paths ? Number(paths[1]) : NaN,
      lostSecurity: paths ? Number(paths[2]) : NaN,
      kernelRecords: records ? Number(records[1]) : NaN,
      stateRecords: state ? Number(state[1]) : 0,
      dropped: dropped ? Number(dropped[1]) : 0,
      startNs,
      endNs,
    };
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
}

/** An event's JSON args as a finding's detectedFrom carries them (Tracee's shape): name, type, value, without sysray's kernelValue, raced... */
export function traceeArgs(args: readonly { name: string; type: string; value: unknown }[]): { name: string; type: string; value: unknown }[] {
  return args.map(({ name, type, value }) => ({ name, type, value }));
}

/** Fails on any raced argument or toctou_race finding (what traceDuring checks unless allowRaced). */
export function assertNothingRaced(events: readonly JsonEvent[]): void {
  for (const e of events) {
    assert.notEqual(e.eventName, 'toctou_race', `a toctou_race finding where nothing races: ${JSON.stringify(e)}`);
    for (const a of e.args ?? []) {
      assert.ok(!a.raced, `${e.eventName}.${a.name} marked raced where nothing races: ${JSON.stringify(e)}`);
    }
  }
}

/** Runs a program to completion; resolves with its pid and stdout. */
export function run(file: string, args: string[] = [], options: { env?: NodeJS.ProcessEnv } = {}): Promise<{ pid: number; stdout: string; code: number | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { stdio: ['ignore', 'pipe', 'inherit'], env: options.env ?? process.env });
    let stdout = '';
    child.stdout!.on('data', (d) => (stdout += d));
    child.once('error', reject);
    // 'close', not 'exit': exit can come before the last of stdout has been read
    child.once('close', (code) => resolve({ pid: child.pid!, stdout, code }));
  });
}

/** `key=value` lines a trigger printed. */
export function keyValues(stdout: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of stdout.split('\n')) {
    const i = line.indexOf('=');
    if (i > 0) out[line.slice(0, i)] = line.slice(i + 1);
  }
  return out;
}

/** The value of a named argument of an event. */
export function arg(event: JsonEvent, name: string): any { // eslint-disable-line @typescript-eslint/no-explicit-any -- parsed JSON
  const a = (event.args as { name: string; value: unknown }[]).find((x) => x.name === name);
  if (!a) throw new Error(`event ${event.eventName} has no argument ${name}: ${JSON.stringify(event.args)}`);
  return a.value;
}

export function argEntry(event: JsonEvent, name: string): Record<string, unknown> {
  const a = (event.args as { name: string }[]).find((x) => x.name === name);
  if (!a) throw new Error(`event ${event.eventName} has no argument ${name}`);
  return a as Record<string, unknown>;
}

/** The processEntityId of `pid` from its own exit event (which the run must have exactly once). */
export function entityOf(events: JsonEvent[], pid: number): number {
  const exits = events.filter((e) => e.eventName === 'sched_process_exit' && e.hostProcessId === pid);
  assert.equal(exits.length, 1, `exit of ${pid}`);
  return exits[0].processEntityId;
}

/**
 * Those of `names` this kernel has no syscalls tracepoint for (not built in:
 * init_module without module support, kexec_load without kexec). sysray
 * leaves them unhooked when only signatures want them and says so; tests of
 * those signatures select them as events too, so the attempts are hooked.
 */
export function unbuiltSyscalls(names: readonly string[]): string[] {
  const dir = ['/sys/kernel/tracing/events/syscalls', '/sys/kernel/debug/tracing/events/syscalls'].find((d) => existsSync(d));
  return dir ? names.filter((n) => !existsSync(path.join(dir, `sys_enter_${n}`))) : [];
}
