/**
 * aslr_inspection (TRC-109) on the real kernel: test/triggers/fs_ops.c
 * opens /proc/sys/kernel/randomize_va_space read-only (openat), read-write
 * without writing (the open(2) syscall) and through a symlink to it given
 * by a relative name: one finding each, naming the file. So does an
 * absolute symlink elsewhere (the kernel's prefilter is decided on the new
 * fd's path). Its benign twin opens it write-only and with
 * O_PATH, and reads core_pattern: none. openat2 is checked too.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openArgs, SYSCALL_IDS, traceFsOps } from '../../../test/helpers/fs-ops.js';
import { BUILTIN_SIGNATURES } from './index.js';
import { aslrInspection } from './aslr-inspection.js';

const EVENT_ID = 6000 + BUILTIN_SIGNATURES.indexOf(aslrInspection);
const ASLR = '/proc/sys/kernel/randomize_va_space';
const O_RDWR = 2;
const dir = mkdtempSync(path.join(tmpdir(), 'sysray-aslr-'));
symlinkSync(ASLR, path.join(dir, 'aslr-link'));
after(() => rmSync(dir, { recursive: true, force: true }));

const METADATA = {
  Version: '1',
  Description: 'The ASLR (address space layout randomization) configuration was inspected. ASLR is used by Linux to prevent memory vulnerabilities. An adversary may want to inspect and change the ASLR configuration in order to avoid detection.',
  Tags: null,
  Properties: {
    Severity: 0, Category: 'privilege-escalation', Technique: 'Exploitation for Privilege Escalation', Kubernetes_Technique: '',
    id: 'attack-pattern--b21c3b2d-02e6-45b1-980b-e69051040839', external_id: 'T1068',
    signatureID: 'TRC-109', signatureName: 'ASLR inspection detected',
  },
};

/** Runs the opens; checks one finding per open (`op`: its number), each naming the file. */
async function expectFindings(ops: string[], opens: { syscall: 'openat' | 'open'; passed: string; flags: number; op: number }[]) {
  const { runs: [run], of } = await traceFsOps('aslr_inspection', [ops]);
  const found = of(run.pid, 'aslr_inspection');
  assert.equal(found.length, opens.length, JSON.stringify(found));
  found.forEach((f, i) => {
    const { syscall, passed, flags, op } = opens[i];
    const fd = Number(run.kv[`${op}.ret`]);
    assert.ok(fd >= 3, JSON.stringify(run.kv));
    assert.deepEqual([f.eventId, f.hostProcessId, f.processName, f.executable.path, f.containerId, f.returnValue], [EVENT_ID, run.pid, 'fs_ops', run.bin, '', fd]);
    assert.deepEqual(f.args, [
      { name: 'pathname', type: 'const char *', value: ASLR },
      { name: 'flags', type: 'int', value: flags },
      { name: 'detectedFrom', type: 'unknown', value: { id: SYSCALL_IDS[syscall], name: syscall, args: openArgs(syscall, passed, flags), returnValue: fd } },
    ], `finding ${i}`);
    assert.deepEqual(f.metadata, METADATA);
  });
}

test('reading randomize_va_space (read-only, read-write, by a relative symlink): one aslr_inspection finding each', async () => {
  await expectFindings([`open:openat:r:${ASLR}`, `open:open:rw:${ASLR}`, `chdir:${dir}`, 'open:openat:r:aslr-link'], [
    { syscall: 'openat', passed: ASLR, flags: 0, op: 1 },
    { syscall: 'open', passed: ASLR, flags: O_RDWR, op: 2 },
    { syscall: 'openat', passed: 'aslr-link', flags: 0, op: 4 },
  ]);
});

test('reading it through an absolute symlink in /tmp: one finding', async () => {
  const link = path.join(dir, 'aslr-link');
  await expectFindings([`open:openat:r:${link}`], [{ syscall: 'openat', passed: link, flags: 0, op: 1 }]);
});

test('openat2 read-only (its flags from its decoded `how`): one finding', async () => {
  const { runs: [run], of } = await traceFsOps('aslr_inspection', [[`open:openat2:r:${ASLR}`, 'sleep:500']]);
  const fd = Number(run.kv['1.ret']);
  assert.ok(fd >= 3, JSON.stringify(run.kv));
  const found = of(run.pid, 'aslr_inspection');
  assert.equal(found.length, 1, JSON.stringify(found));
  const [pathname, flags, from] = found[0].args;
  assert.deepEqual(pathname, { name: 'pathname', type: 'const char *', value: ASLR });
  assert.equal(flags.value, 0, 'O_RDONLY, from its decoded how');
  assert.deepEqual([from.value.name, from.value.returnValue, found[0].returnValue], ['openat2', fd, fd]);
  assert.deepEqual(found[0].metadata, METADATA);
});

test('benign twin: write-only, O_PATH and openat2 write-only opens of randomize_va_space, a read of core_pattern: no finding', async () => {
  const { runs: [run], of } = await traceFsOps('aslr_inspection', [[`open:openat:w:${ASLR}`, `open:openat:path:${ASLR}`, 'open:openat:r:/proc/sys/kernel/core_pattern', `open:openat2:w:${ASLR}`, 'sleep:500']]);
  assert.ok(['1.ret', '2.ret', '3.ret', '4.ret'].every((k) => Number(run.kv[k]) >= 3), JSON.stringify(run.kv));
  assert.deepEqual(of(run.pid, 'aslr_inspection'), []);
});
