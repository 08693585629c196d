/**
 * clear_log_activities (SYSRAY-9, Falco's "Clear Log Activities") on the
 * real kernel, with a copy of dash named `logclear`: `: > /var/log/x.log`
 * in a private mount namespace where /var/log is a tmpfs (the host's logs
 * are not touched), and `: > /tmp/.../auth.log` (a listed log name
 * anywhere): one finding each. Benign twins: appending to /var/log/x.log
 * (`>>`) and truncating /tmp/.../x.log: none.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { keyValues, run, traceDuring, traceeArgs } from '../../../test/helpers/trace.js';
import { renamedProgram } from '../../../test/helpers/renamed-program.js';
import { BUILTIN_SIGNATURES } from './index.js';
import { clearLogActivities } from './clear-log-activities.js';

const EVENT_ID = 6000 + BUILTIN_SIGNATURES.indexOf(clearLogActivities);
const O_WRONLY = 1, O_CREAT = 0o100, O_TRUNC = 0o1000, O_APPEND = 0o2000;

/** `script` run by logclear in a mount namespace of its own whose /var/log is a tmpfs holding x.log ("old"). */
function inPrivateVarLog(script: string): string {
  return `exec unshare -m /bin/sh -c 'mount -t tmpfs tmpfs /var/log && echo old > /var/log/x.log && exec "$LOGCLEAR" -c "${script.replaceAll('$', '\\$')}"'`;
}

async function traceShells(commands: string[]) {
  const shell = renamedProgram('/bin/dash', 'logclear');
  const runs: { pid: number; stdout: string }[] = [];
  const r = await traceDuring(['-e', 'clear_log_activities,openat', '-s', 'comm=logclear'], async () => {
    for (const c of commands) {
      const out = await run('/bin/sh', ['-c', c], { env: { ...process.env, LOGCLEAR: shell } });
      assert.equal(out.code, 0, c);
      runs.push(out);
    }
  });
  assert.equal(r.exitCode, 0, r.stderr);
  assert.equal(r.lost, 0, r.stderr);
  return { r, runs };
}

test('truncating /var/log/x.log and a file named auth.log: one finding each, from the O_TRUNC open', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'sysray-logs-'));
  try {
    const { r, runs } = await traceShells([
      inPrivateVarLog(': > /var/log/x.log; echo size=$(wc -c < /var/log/x.log)'),
      `exec "$LOGCLEAR" -c ': > ${dir}/auth.log'`,
    ]);
    assert.equal(keyValues(runs[0].stdout).size, '0', 'the log was emptied');
    const files = ['/var/log/x.log', `${dir}/auth.log`];
    runs.forEach(({ pid }, i) => {
      const opens = r.events.filter((e) => e.hostProcessId === pid && e.eventName === 'openat' && (e.args[2].value & O_TRUNC) !== 0);
      assert.equal(opens.length, 1, JSON.stringify(r.events.filter((e) => e.hostProcessId === pid)));
      const open = opens[0];
      assert.equal(open.args[2].value, O_WRONLY | O_CREAT | O_TRUNC);
      const findings = r.events.filter((e) => e.hostProcessId === pid && e.eventName === 'clear_log_activities');
      assert.equal(findings.length, 1, JSON.stringify(r.events.filter((e) => e.hostProcessId === pid)));
      const f = findings[0];
      assert.deepEqual([f.eventId, f.processName, f.timestamp], [EVENT_ID, 'logclear', open.timestamp]);
      assert.deepEqual(f.args, [
        { name: 'pathname', type: 'const char *', value: files[i] },
        { name: 'flags', type: 'int', value: O_WRONLY | O_CREAT | O_TRUNC },
        { name: 'detectedFrom', type: 'unknown', value: { id: 257, name: 'openat', args: traceeArgs(open.args), returnValue: open.returnValue } },
      ]);
      assert.deepEqual(f.metadata, {
        Version: '1',
        Description: 'A log file was opened with O_TRUNC, which empties it: critical access logs are cleared to erase the evidence of an intruder\'s actions. Falco\'s rule "Clear Log Activities".',
        Tags: ['linux', 'falco'],
        Properties: {
          Severity: 2, Category: 'defense-evasion', Technique: 'Indicator Removal', Kubernetes_Technique: '',
          id: 'attack-pattern--799ace7f-e227-4411-baa0-8868704f2a69', external_id: 'T1070', falco_rule: 'Clear Log Activities',
          signatureID: 'SYSRAY-9', signatureName: 'Clear Log Activities',
        },
      });
    });
    assert.equal(r.events.filter((e) => e.eventName === 'clear_log_activities').length, 2);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('benign twin: appending to /var/log/x.log, truncating /tmp/.../x.log: none', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'sysray-logs-'));
  try {
    const { r, runs } = await traceShells([
      inPrivateVarLog('echo more >> /var/log/x.log; echo size=$(wc -c < /var/log/x.log)'),
      `exec "$LOGCLEAR" -c ': > ${dir}/x.log'`,
    ]);
    assert.equal(keyValues(runs[0].stdout).size, '9', 'appended');
    const flags = runs.map(({ pid }) => r.events.filter((e) => e.hostProcessId === pid && e.eventName === 'openat' && (e.args[2].value & O_CREAT) !== 0).map((e) => e.args[2].value));
    assert.deepEqual(flags, [[O_WRONLY | O_CREAT | O_APPEND], [O_WRONLY | O_CREAT | O_TRUNC]], 'the opens were seen');
    assert.deepEqual(r.events.filter((e) => e.eventName === 'clear_log_activities'), []);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
