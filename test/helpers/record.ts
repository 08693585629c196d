/**
 * `sysray record` and `sysray analyze` as a user runs them: the recorder
 * runs while an action does, then stops on SIGTERM; analyze writes JSON to a
 * file that is read back.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseJsonLines, SYSRAY, type JsonEvent } from './trace.js';

export interface RecordResult {
  stderr: string;
  exitCode: number | null;
  /** From the stop line. */
  records: number;
  lost: number;
  files: number;
}

/** Records with `args` (-w included) while `action` runs; `env` adds to the environment. */
export async function recordDuring(args: string[], action: (recorder: { process: import('node:child_process').ChildProcess; stderr: () => string }) => Promise<void> | void, env: NodeJS.ProcessEnv = {}, prefix: string[] = []): Promise<RecordResult> {
  const child = spawn('bash', ['-c', `${prefix.join(' ')} exec "$@"`, 'record', process.execPath, SYSRAY, 'record', ...args], { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, ...env } });
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  const closed = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`sysray record not ready: ${stderr}`)), 20000);
      child.stderr!.on('data', () => {
        if (stderr.includes('ready')) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        if (!stderr.includes('ready')) reject(new Error(`sysray record exited (${code}) before ready: ${stderr}`));
      });
    });
    await action({ process: child, stderr: () => stderr });
    if (child.exitCode === null) child.kill('SIGTERM');
    const exitCode = await closed;
    const m = /(\d+) records recorded in (\d+) files?.*?\), (\d+) lost/.exec(stderr);
    return { stderr, exitCode, records: m ? Number(m[1]) : NaN, files: m ? Number(m[2]) : NaN, lost: m ? Number(m[3]) : NaN };
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
  }
}

export interface AnalyzeResult {
  events: JsonEvent[];
  /** The JSON lines as written. */
  lines: string[];
  stderr: string;
  exitCode: number | null;
}

/** `sysray analyze ...inputs -o json:FILE ...args`. */
export async function analyze(inputs: string[], args: string[] = [], env: NodeJS.ProcessEnv = {}): Promise<AnalyzeResult> {
  const dir = mkdtempSync(path.join(tmpdir(), 'sysray-analyze-'));
  const out = path.join(dir, 'events.jsonl');
  try {
    const child = spawn(process.execPath, [SYSRAY, 'analyze', ...inputs, '-o', `json:${out}`, ...args], { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, ...env } });
    let stderr = '';
    child.stderr!.on('data', (d) => (stderr += d));
    const exitCode = await new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
    let text = '';
    try {
      text = readFileSync(out, 'utf8');
    } catch {
      // none written
    }
    return { events: parseJsonLines(text), lines: text.split('\n').filter((l) => l !== ''), stderr, exitCode };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
