/**
 * Runs test/triggers/file_ops.c (a list of file operations done by one
 * process) under the tracer, on the host or in a fake container, for the
 * file-watch signatures' tests, and the detectedFrom args of its opens.
 */
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { compileTrigger, keyValues, run, traceDuring, type JsonEvent, type TraceResult } from './trace.js';
import { runInFakeContainer } from './fake-container.js';

export interface FileOpsRun {
  ops: string[];
  /** Run it in a fake container (test/helpers/fake-container.ts: a docker-<id>.scope cgroup, new pid, mount and uts namespaces). */
  container?: boolean;
  /** Run a copy of the trigger by this name (its comm): for allowlists by process name. */
  as?: string;
}

export interface FileOpsResult {
  /** Host pid. */
  pid: number;
  /** `<n>.<op>` → result, as the trigger printed them. */
  kv: Record<string, string>;
  bin: string;
  containerId: string;
}

/** Traces `events` (scope: comm file_ops and the `as` names) while the runs run one after another; `findings` are those of these runs (or of `pid`). */
export async function traceFileOps(events: string, runs: FileOpsRun[]): Promise<{ r: TraceResult; runs: FileOpsResult[]; findings: (eventName: string, pid?: number) => JsonEvent[] }> {
  const trigger = compileTrigger('file_ops');
  const dir = mkdtempSync(path.join(tmpdir(), 'sysray-file-ops-'));
  const comms = ['file_ops', ...runs.flatMap((x) => (x.as ? [x.as] : []))];
  const results: FileOpsResult[] = [];
  try {
    const r = await traceDuring(['-e', events, '-s', `comm=${[...new Set(comms)].join(',')}`], async () => {
      for (const { ops, container, as } of runs) {
        let bin = trigger;
        if (as) copyFileSync(trigger, (bin = path.join(dir, as)));
        let kv: Record<string, string>;
        let containerId = '';
        if (container) {
          // pid 1 of new pid, mount and uts namespaces in a docker-<id>.scope cgroup; it says its host pid
          const out = await runInFakeContainer(['exec', bin, ...ops].map(shellQuote).join(' '));
          assert.equal(out.code, 0, out.stdout);
          kv = keyValues(out.stdout);
          assert.equal(kv.pid, '1', out.stdout);
          containerId = out.id;
        } else {
          const out = await run(bin, ops);
          assert.equal(out.code, 0, out.stdout);
          kv = keyValues(out.stdout);
          assert.equal(Number(kv.pid), out.pid);
        }
        results.push({ pid: Number(kv.hostpid), kv, bin, containerId });
      }
    });
    assert.equal(r.exitCode, 0, r.stderr);
    assert.equal(r.lost, 0, r.stderr);
    // only this trace's runs: another test file's file_ops may run meanwhile
    const pids = new Set(results.map((x) => x.pid));
    const findings = (eventName: string, pid?: number) => r.events.filter((e) => e.eventName === eventName && (pid === undefined ? pids.has(e.hostProcessId) : e.hostProcessId === pid));
    return { r, runs: results, findings };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A word for /bin/sh, quoted. */
function shellQuote(word: string): string {
  return `'${word.replaceAll("'", "'\\''")}'`;
}

const O_CREAT = 0o100;

/** The args of an open the trigger made, as detectedFrom carries them (glibc's openat passes mode only with O_CREAT). */
export function openArgs(syscall: 'openat' | 'open' | 'creat', pathname: string, flags: number): { name: string; type: string; value: unknown }[] {
  const p = { name: 'pathname', type: 'const char*', value: pathname };
  if (syscall === 'creat') return [p, { name: 'mode', type: 'umode_t', value: 0o644 }];
  const mode = { name: 'mode', type: 'umode_t', value: syscall === 'open' || (flags & O_CREAT) !== 0 ? 0o644 : 0 };
  const f = { name: 'flags', type: 'int', value: flags };
  return syscall === 'open' ? [p, f, mode] : [{ name: 'dirfd', type: 'int', value: -100 }, p, f, mode];
}

/** Syscall ids detectedFrom names. */
export const SYSCALL_IDS: Readonly<Record<string, number>> = { open: 2, creat: 85, rename: 82, link: 86, symlink: 88, openat: 257, renameat: 264, linkat: 265, symlinkat: 266, renameat2: 316, openat2: 437 };
