/**
 * symlink_hardlink_over_sensitive_files (SYSRAY-7, Falco's "Create
 * Symlink/Hardlink Over Sensitive Files") on the real kernel, with a copy of
 * ln named `lnsens`: symlinks in /tmp to /etc/shadow (absolute and
 * relative target) and to /etc; a hard link of /etc/shadow, made in a
 * private mount namespace where /etc is a tmpfs holding a fake shadow (the
 * host's file gains no link). One finding each. Benign twin: a symlink to
 * /etc/hostname and a hard link of a file in /tmp: none.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { run, traceDuring } from '../../../test/helpers/trace.js';
import { renamedProgram } from '../../../test/helpers/renamed-program.js';
import { BUILTIN_SIGNATURES } from './index.js';
import { symlinkHardlinkOverSensitiveFiles } from './symlink-hardlink-over-sensitive-files.js';

const EVENT_ID = 6000 + BUILTIN_SIGNATURES.indexOf(symlinkHardlinkOverSensitiveFiles);
const EVENTS = 'symlink_hardlink_over_sensitive_files,symlinkat,linkat,symlink,link';

/** Runs each shell command (with $LN the renamed ln) under one tracer; returns their pids (the shell execs lnsens last). */
async function traceLinks(commands: string[]) {
  const ln = renamedProgram('/bin/ln', 'lnsens');
  const pids: number[] = [];
  const r = await traceDuring(['-e', EVENTS, '-s', 'comm=lnsens'], async () => {
    for (const c of commands) {
      const out = await run('/bin/sh', ['-c', c], { env: { ...process.env, LN: ln } });
      assert.equal(out.code, 0, c);
      pids.push(out.pid);
    }
  });
  assert.equal(r.exitCode, 0, r.stderr);
  assert.equal(r.lost, 0, r.stderr);
  return { r, pids };
}

const METADATA = {
  Version: '1',
  Description: 'A symbolic link to a sensitive file or directory (/etc/shadow, /etc/sudoers, PAM configuration, /, /etc, /root), or a hard link to a sensitive file, was created. Falco\'s rules "Create Symlink Over Sensitive Files" and "Create Hardlink Over Sensitive Files".',
  Tags: ['linux', 'falco'],
  Properties: {
    Severity: 2, Category: 'credential-access', Technique: 'Credentials from Password Stores', Kubernetes_Technique: '',
    id: 'attack-pattern--3fc9b85a-2862-4363-a64d-d692e3ffbee0', external_id: 'T1555',
    falco_rule: 'Create Symlink Over Sensitive Files; Create Hardlink Over Sensitive Files',
    signatureID: 'SYSRAY-7', signatureName: 'Create Symlink or Hardlink Over Sensitive Files',
  },
};

test('symlinks to /etc/shadow (absolute, relative) and /etc, a hard link of /etc/shadow: one finding each', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'sysray-links-'));
  try {
    const { r, pids } = await traceLinks([
      `exec "$LN" -s /etc/shadow ${dir}/l`,
      `exec "$LN" -s ../../etc/shadow ${dir}/r`,
      `exec "$LN" -s /etc/ ${dir}/d`,
      // a private mount namespace: /etc is a tmpfs there, its shadow a fake one
      'exec unshare -m /bin/sh -c \'mount -t tmpfs tmpfs /etc && echo fake > /etc/shadow && exec "$LN" /etc/shadow /etc/.sysray-h\'',
    ]);
    const expected = [
      ['symlinkat', 'symlink', '/etc/shadow', `${dir}/l`],
      ['symlinkat', 'symlink', '/etc/shadow', `${dir}/r`],
      ['symlinkat', 'symlink', '/etc', `${dir}/d`],
      ['linkat', 'hardlink', '/etc/shadow', '/etc/.sysray-h'],
    ];
    pids.forEach((pid, i) => {
      const [syscall, linkType, target, linkpath] = expected[i];
      const mine = r.events.filter((e) => e.hostProcessId === pid);
      const calls = mine.filter((e) => e.eventName === syscall);
      assert.equal(calls.length, 1, JSON.stringify(mine));
      assert.equal(calls[0].returnValue, 0, 'the link was made');
      const findings = mine.filter((e) => e.eventName === 'symlink_hardlink_over_sensitive_files');
      assert.equal(findings.length, 1, JSON.stringify(mine));
      const f = findings[0];
      assert.deepEqual([f.eventId, f.processName, f.timestamp], [EVENT_ID, 'lnsens', calls[0].timestamp]);
      assert.deepEqual(f.args, [
        { name: 'linkType', type: 'const char *', value: linkType },
        { name: 'target', type: 'const char *', value: target },
        { name: 'linkpath', type: 'const char *', value: linkpath },
        { name: 'detectedFrom', type: 'unknown', value: { id: syscall === 'linkat' ? 265 : 266, name: syscall, args: calls[0].args, returnValue: 0 } },
      ]);
      assert.deepEqual(f.metadata, METADATA);
    });
    assert.equal(r.events.filter((e) => e.eventName === 'symlink_hardlink_over_sensitive_files').length, 4);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('benign twin: a symlink to /etc/hostname and a hard link of a file in /tmp: none', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'sysray-links-'));
  try {
    writeFileSync(path.join(dir, 'f'), 'x');
    const { r, pids } = await traceLinks([`exec "$LN" -s /etc/hostname ${dir}/t`, `exec "$LN" ${dir}/f ${dir}/h`]);
    assert.deepEqual(pids.map((pid) => r.events.filter((e) => e.hostProcessId === pid && /^(symlinkat|linkat)$/.test(e.eventName)).length), [1, 1], 'the links were seen');
    assert.deepEqual(r.events.filter((e) => e.eventName === 'symlink_hardlink_over_sensitive_files'), []);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
