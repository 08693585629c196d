/**
 * userfaultfd_by_non_root (SYSRAY-11, Falco's "Unprivileged Delegation of
 * Page Faults Handling to a Userspace Process") on the real kernel:
 * test/triggers/uffd_trigger.c drops to nobody (65534) and calls
 * userfaultfd(O_CLOEXEC) (this host has vm.unprivileged_userfaultfd=0:
 * what the kernel returned is asserted, and reported either way),
 * userfaultfd(O_CLOEXEC|UFFD_USER_MODE_ONLY) (allowed), and
 * ioctl(USERFAULTFD_IOC_NEW) on a world-openable copy of /dev/userfaultfd's
 * node made in a private mount namespace's tmpfs (the host's node keeps its
 * 0600). One finding per call, severities 1, 2 and 3. Benign twin: the
 * same userfaultfd(O_CLOEXEC) as root: none.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { compileTrigger, keyValues, run, traceDuring } from '../../../test/helpers/trace.js';
import { BUILTIN_SIGNATURES } from './index.js';
import { userfaultfdByNonRoot } from './userfaultfd-by-non-root.js';

const EVENT_ID = 6000 + BUILTIN_SIGNATURES.indexOf(userfaultfdByNonRoot);
const O_CLOEXEC = 0o2000000, UFFD_USER_MODE_ONLY = 1, USERFAULTFD_IOC_NEW = 0xaa00, EPERM = 1;

async function traceTrigger(command: string) {
  const bin = compileTrigger('uffd_trigger');
  let out = { pid: 0, stdout: '', code: null as number | null };
  const r = await traceDuring(['-e', 'userfaultfd_by_non_root,userfaultfd,ioctl', '-s', 'comm=uffd_trigger'], async () => {
    out = await run('/bin/sh', ['-c', command], { env: { ...process.env, TRIGGER: bin } });
  });
  assert.equal(out.code, 0, out.stdout);
  assert.equal(r.exitCode, 0, r.stderr);
  assert.equal(r.lost, 0, r.stderr);
  const calls = r.events.filter((e) => e.hostProcessId === out.pid && (e.eventName === 'userfaultfd' || (e.eventName === 'ioctl' && e.args[1].value === USERFAULTFD_IOC_NEW)));
  return { r, kv: keyValues(out.stdout), pid: out.pid, calls };
}

test('nobody: userfaultfd (refused here), user-mode-only userfaultfd, ioctl(USERFAULTFD_IOC_NEW): one finding each', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'sysray-uffd-'));
  const rdev = statSync('/dev/userfaultfd').rdev;
  const [major, minor] = [(rdev >> 8) & 0xfff, (rdev & 0xff) | ((rdev >> 12) & 0xfff00)];
  try {
    const { r, kv, pid, calls } = await traceTrigger(
      `exec unshare -m /bin/sh -c 'mount -t tmpfs -o mode=0755 tmpfs ${dir} && mknod -m 0666 ${dir}/uffd c ${major} ${minor} && exec "$TRIGGER" nobody ${dir}/uffd'`);
    assert.equal(kv.uid, '65534');
    const sysctl = readFileSync('/proc/sys/vm/unprivileged_userfaultfd', 'utf8').trim();
    // what the kernel said: EPERM under vm.unprivileged_userfaultfd=0; user-mode-only and the device node are allowed
    assert.deepEqual([kv.uffd_errno, kv.uffd_user_errno, kv.ioctl_errno], [sysctl === '0' ? String(EPERM) : '0', '0', '0']);
    assert.deepEqual(calls.map((e) => [e.eventName, Number(e.returnValue)]), [
      ['userfaultfd', Number(kv.uffd) < 0 ? -EPERM : Number(kv.uffd)], ['userfaultfd', Number(kv.uffd_user)], ['ioctl', Number(kv.ioctl)],
    ]);
    const findings = r.events.filter((e) => e.eventName === 'userfaultfd_by_non_root');
    assert.equal(findings.length, 3, JSON.stringify(r.events));
    const refused = sysctl === '0';
    const expected = [
      ['userfaultfd', O_CLOEXEC, false, !refused, refused ? 1 : 3],
      ['userfaultfd', O_CLOEXEC | UFFD_USER_MODE_ONLY, true, true, 2],
      ['ioctl', O_CLOEXEC, false, true, 3],
    ] as const;
    findings.forEach((f, i) => {
      const [via, flags, userModeOnly, allowed, severity] = expected[i];
      const call = calls[i];
      assert.deepEqual([f.eventId, f.hostProcessId, f.processName, f.userId, f.timestamp], [EVENT_ID, pid, 'uffd_trigger', 65534, call.timestamp]);
      assert.deepEqual(f.args, [
        { name: 'via', type: 'const char *', value: via },
        { name: 'flags', type: 'int', value: flags },
        { name: 'userModeOnly', type: 'bool', value: userModeOnly },
        { name: 'allowed', type: 'bool', value: allowed },
        { name: 'detectedFrom', type: 'unknown', value: { id: via === 'ioctl' ? 16 : 323, name: via, args: call.args, returnValue: call.returnValue } },
      ], `call ${i}`);
      assert.deepEqual(f.metadata, {
        Version: '1',
        Description: 'A user other than root created (or tried to create) a userfaultfd, which hands the handling of its page faults to user space: a primitive to stall the kernel in the middle of a copy, used to win races in kernel exploits and to change syscall arguments after a monitor has read them. Falco\'s rule "Unprivileged Delegation of Page Faults Handling to a Userspace Process".',
        Tags: ['linux', 'falco'],
        Properties: {
          Severity: severity, Category: 'defense-evasion', Technique: 'Exploitation for Defense Evasion', Kubernetes_Technique: '',
          id: 'attack-pattern--fe926152-f431-4baf-956c-4ad3cb0bf23b', external_id: 'T1211',
          falco_rule: 'Unprivileged Delegation of Page Faults Handling to a Userspace Process',
          signatureID: 'SYSRAY-11', signatureName: 'Unprivileged Delegation of Page Faults Handling to a Userspace Process',
        },
      }, `call ${i}`);
    });
  } finally {
    rmdirSync(dir);
  }
});

test('benign twin: userfaultfd(O_CLOEXEC) as root: none', async () => {
  const { r, kv, calls } = await traceTrigger('exec "$TRIGGER" root');
  assert.deepEqual([kv.uid, kv.uffd_errno], ['0', '0'], 'root may');
  assert.deepEqual(calls.map((e) => [e.eventName, e.userId, Number(e.returnValue)]), [['userfaultfd', 0, Number(kv.uffd)]], 'the call was seen');
  assert.deepEqual(r.events.filter((e) => e.eventName === 'userfaultfd_by_non_root'), []);
});
