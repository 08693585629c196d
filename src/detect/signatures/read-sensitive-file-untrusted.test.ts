/**
 * read_sensitive_file_untrusted (SYSRAY-6, Falco's "Read sensitive file
 * untrusted") on the real kernel: a copy of cat named `shadowcat` reads
 * /etc/shadow by its absolute name and by a relative one, and
 * /etc/pam.d/common-auth: one finding each, with the file the kernel
 * opened. Benign twins: the same cat named `sshd` (in Falco's trusted list)
 * reading /etc/shadow, and shadowcat reading /etc/passwd: none.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { run, traceDuring, traceeArgs, type JsonEvent } from '../../../test/helpers/trace.js';
import { renamedProgram } from '../../../test/helpers/renamed-program.js';
import { BUILTIN_SIGNATURES } from './index.js';
import { readSensitiveFileUntrusted } from './read-sensitive-file-untrusted.js';

const EVENT_ID = 6000 + BUILTIN_SIGNATURES.indexOf(readSensitiveFileUntrusted);
const EVENTS = 'read_sensitive_file_untrusted,openat';

/** Runs `comm`'s copy of cat on each of `files` (a `cd DIR && ` prefix allowed) under one tracer. */
async function catFiles(comm: string, files: string[]) {
  const cat = renamedProgram('/bin/cat', comm);
  const pids: number[] = [];
  const r = await traceDuring(['-e', EVENTS, '-s', `comm=${comm}`], async () => {
    for (const f of files) {
      const [dir, file] = f.includes(' ') ? f.split(' ') : ['/', f];
      const out = await run('/bin/sh', ['-c', `cd ${dir} && exec ${cat} ${file} > /dev/null`]);
      assert.equal(out.code, 0, f);
      pids.push(out.pid);
    }
  });
  assert.equal(r.exitCode, 0, r.stderr);
  assert.equal(r.lost, 0, r.stderr);
  const opens = (pid: number, name: string): JsonEvent[] => r.events.filter((e) => e.hostProcessId === pid && e.eventName === 'openat' && e.args[1].value === name);
  return { r, pids, cat, opens };
}

const METADATA = {
  Version: '1',
  Description: 'A sensitive file (user, password or authentication data: /etc/shadow, /etc/sudoers, PAM configuration) was opened for reading by a program that is not known to read it. Falco\'s rule "Read sensitive file untrusted".',
  Tags: ['linux', 'falco'],
  Properties: {
    Severity: 2, Category: 'credential-access', Technique: 'Credentials from Password Stores', Kubernetes_Technique: '',
    id: 'attack-pattern--3fc9b85a-2862-4363-a64d-d692e3ffbee0', external_id: 'T1555', falco_rule: 'Read sensitive file untrusted',
    signatureID: 'SYSRAY-6', signatureName: 'Read sensitive file untrusted',
  },
};

test('shadowcat reads /etc/shadow (absolute and relative name) and a PAM file: one finding each, the opened file', async () => {
  const { r, pids, cat, opens } = await catFiles('shadowcat', ['/etc/shadow', '/etc shadow', '/etc/pam.d/common-auth']);
  const named = ['/etc/shadow', 'shadow', '/etc/pam.d/common-auth'];
  const opened = ['/etc/shadow', '/etc/shadow', '/etc/pam.d/common-auth'];
  pids.forEach((pid, i) => {
    const open = opens(pid, named[i]);
    assert.equal(open.length, 1, JSON.stringify(r.events.filter((e) => e.hostProcessId === pid)));
    const findings = r.events.filter((e) => e.eventName === 'read_sensitive_file_untrusted' && e.hostProcessId === pid);
    assert.equal(findings.length, 1, JSON.stringify(r.events.filter((e) => e.hostProcessId === pid)));
    const f = findings[0];
    assert.deepEqual([f.eventId, f.processName, f.executable, f.timestamp], [EVENT_ID, 'shadowcat', { path: cat }, open[0].timestamp]);
    assert.deepEqual(f.args, [
      { name: 'pathname', type: 'const char *', value: opened[i] },
      { name: 'flags', type: 'int', value: open[0].args[2].value },
      { name: 'detectedFrom', type: 'unknown', value: { id: 257, name: 'openat', args: traceeArgs(open[0].args), returnValue: open[0].returnValue } },
    ]);
    assert.equal(open[0].args[2].value & 3, 0, 'O_RDONLY');
    assert.deepEqual(f.metadata, METADATA);
  });
  assert.equal(r.events.filter((e) => e.eventName === 'read_sensitive_file_untrusted').length, 3);
});

test('benign twin: the same cat named sshd (Falco trusts sshd by name) reading /etc/shadow, and shadowcat reading /etc/passwd: none', async () => {
  for (const [comm, file] of [['sshd', '/etc/shadow'], ['shadowcat', '/etc/passwd']]) {
    const { r, pids, opens } = await catFiles(comm, [file]);
    assert.equal(opens(pids[0], file).length, 1, `${comm} ${file}: the open was seen`);
    assert.deepEqual(r.events.filter((e) => e.eventName === 'read_sensitive_file_untrusted'), [], `${comm} ${file}`);
  }
});

test('a symlink in /tmp to /etc/shadow: the finding names /etc/shadow', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'sysray-sens-'));
  try {
    symlinkSync('/etc/shadow', path.join(dir, 'l'));
    const { r } = await catFiles('shadowcat', [path.join(dir, 'l')]);
    const findings = r.events.filter((e) => e.eventName === 'read_sensitive_file_untrusted');
    assert.equal(findings.length, 1);
    assert.equal(findings[0].args[0].value, '/etc/shadow');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
