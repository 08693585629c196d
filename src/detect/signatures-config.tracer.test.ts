/**
 * --signatures-config on the real tracer: an allowlist by comm silences
 * anti_debugging for test/triggers/ptrace_trigger.c (counted on the stop
 * line), a severity override re-rates dynamic_code_loading's finding for
 * test/triggers/jit_trigger.c, and a disabled signature gives none (its
 * events not even asked of the kernel). The benign twin of the allowlist: a
 * comm not on it is still reported. A mistake in the file stops sysray with
 * one line (exit 2).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { SYSRAY, compileTrigger, keyValues, run, traceDuring } from '../../test/helpers/trace.js';

async function traceWithConfig(config: string, events: string, runs: [string, string][]) {
  const dir = mkdtempSync(path.join(tmpdir(), 'sysray-sigcfg-'));
  const file = path.join(dir, 'tune.yaml');
  writeFileSync(file, config);
  const pids: Record<string, { pid: number; kv: Record<string, string> }> = {};
  try {
    const r = await traceDuring(['--signatures-config', file, '-e', events, '-s', 'comm=ptrace_trigger,jit_trigger'], async () => {
      for (const [trigger, mode] of runs) {
        const out = await run(compileTrigger(trigger), [mode]);
        assert.equal(out.code, 0, out.stdout);
        pids[`${trigger} ${mode}`] = { pid: out.pid, kv: keyValues(out.stdout) };
      }
    });
    assert.equal(r.exitCode, 0, r.stderr);
    assert.equal(r.lost, 0, r.stderr);
    return { r, pids };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('allowlisted comm: no anti_debugging finding, "1 allowlisted"; severity 0: dynamic_code_loading re-rated', async () => {
  const config = 'anti_debugging:\n  allow:\n    comm: [ptrace_trigger]\ndynamic_code_loading:\n  severity: 0\n';
  const { r, pids } = await traceWithConfig(config, 'anti_debugging,dynamic_code_loading', [['ptrace_trigger', 'traceme'], ['jit_trigger', 'jit']]);
  assert.equal(pids['ptrace_trigger traceme'].kv.traceme, '0', 'PTRACE_TRACEME was done');
  assert.deepEqual(r.events.filter((e) => e.eventName === 'anti_debugging'), []);
  assert.match(r.stderr, /, 1 findings, 1 allowlisted/);
  const findings = r.events.filter((e) => e.eventName === 'dynamic_code_loading');
  assert.deepEqual(findings.map((f) => [f.hostProcessId, f.metadata.Properties.Severity, f.metadata.Properties.signatureID]), [[pids['jit_trigger jit'].pid, 0, 'TRC-104']]);
});

test('benign twin of the allowlist: another comm on it leaves ptrace_trigger reported; a disabled signature gives none', async () => {
  const config = 'anti_debugging:\n  allow:\n    comm: [gdb]\n    executable: [/usr/bin/*]\ndynamic_code_loading:\n  enabled: false\n';
  const { r, pids } = await traceWithConfig(config, 'anti_debugging,dynamic_code_loading', [['ptrace_trigger', 'traceme'], ['jit_trigger', 'jit']]);
  const findings = r.events.filter((e) => e.eventName === 'anti_debugging');
  assert.deepEqual(findings.map((f) => [f.hostParentProcessId, f.metadata.Properties.Severity]), [[pids['ptrace_trigger traceme'].pid, 1]]);
  assert.deepEqual(r.events.filter((e) => e.eventName === 'dynamic_code_loading'), []);
  assert.doesNotMatch(r.stderr, /allowlisted/);
  assert.match(r.stderr, /ready: tracing anti_debugging\n/, 'the disabled signature is not selected');
});

test('a mistake in the file: one line naming FILE:LINE:COL, exit 2, before anything is traced', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'sysray-sigcfg-'));
  try {
    const file = path.join(dir, 'tune.yaml');
    writeFileSync(file, 'anti_debugging:\n  allow:\n    comm: [gdb]\n  severity: high\n');
    const r = spawnSync(process.execPath, [SYSRAY, '--signatures-config', file, '-e', 'anti_debugging'], { encoding: 'utf8' });
    assert.equal(r.status, 2);
    assert.equal(r.stderr, `sysray: ${file}:4:13: anti_debugging.severity must be 0, 1, 2 or 3 (info, low, medium, high), found "high"; write a number from 0 to 3\n`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
