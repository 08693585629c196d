/**
 * sudoers_modification (TRC-1028) on the real kernel: test/triggers/fs_ops.c,
 * in its own mount namespace with a host temp directory bound over /etc (the
 * host's /etc is never touched), writes a rule into /etc/sudoers.d, renames a
 * new file over /etc/sudoers as visudo does, hard-links and symlinks files
 * into /etc/sudoers.d, and opens /etc/sudoers for writing by a relative
 * symlink and with openat2: one finding each. Benign twin: reading /etc/sudoers (as sudo
 * does), writing /etc/sudoers.bak, renaming a file out of /etc/sudoers.d and
 * a failed open: none.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { BUILTIN_SIGNATURES } from './index.js';
import { sudoersModification } from './sudoers-modification.js';
import { cleanUp, findingArgs, hostTree, oneCall, traceFsOps } from '../../../test/helpers/fs-ops.js';

const EVENT_ID = 6000 + BUILTIN_SIGNATURES.indexOf(sudoersModification);
const O_WRONLY = 1, O_RDWR = 2, O_CREAT_WRONLY_TRUNC = 0o1101;
const EVENTS = 'sudoers_modification,openat,openat2,rename,link,symlink';
after(cleanUp);

const etc = () => hostTree({ sudoers: 'root ALL=(ALL:ALL) ALL\n', 'sudoers.d/README': '#\n', 'new-sudoers': 'evil ALL=(ALL) NOPASSWD: ALL\n' });

test('writes, renames and links onto the sudoers files: one sudoers_modification finding each', async () => {
  const links = hostTree({ 'to-sudoers': { symlink: '/etc/sudoers' } });
  const { r, runs, of } = await traceFsOps(EVENTS, [
    ['ns', `bind:${etc()}:/etc`, 'put:/etc/sudoers.d/90-backdoor'],
    ['ns', `bind:${etc()}:/etc`, 'rename:/etc/new-sudoers:/etc/sudoers'],
    ['ns', `bind:${etc()}:/etc`, 'link:/etc/new-sudoers:/etc/sudoers.d/91-linked'],
    ['ns', `bind:${etc()}:/etc`, 'symlink:/etc/new-sudoers:/etc/sudoers.d/92-symlinked'],
    ['ns', `bind:${etc()}:/etc`, `chdir:${links}`, 'open:openat:w:to-sudoers'],
    // openat2: its flags from its decoded struct open_how
    ['ns', `bind:${etc()}:/etc`, 'open:openat2:rw:/etc/sudoers'],
  ]);
  // [syscall, argument holding the path as passed, its value, finding's data]
  const expected: [string, string, string, Record<string, unknown>][] = [
    ['openat', 'pathname', '/etc/sudoers.d/90-backdoor', { pathname: '/etc/sudoers.d/90-backdoor', flags: O_CREAT_WRONLY_TRUNC }],
    ['rename', 'newpath', '/etc/sudoers', { pathname: '/etc/sudoers', oldpath: '/etc/new-sudoers' }],
    ['link', 'newpath', '/etc/sudoers.d/91-linked', { pathname: '/etc/sudoers.d/91-linked', oldpath: '/etc/new-sudoers' }],
    ['symlink', 'linkpath', '/etc/sudoers.d/92-symlinked', { pathname: '/etc/sudoers.d/92-symlinked', oldpath: '/etc/new-sudoers' }],
    ['openat', 'pathname', 'to-sudoers', { pathname: '/etc/sudoers', flags: O_WRONLY }],
    ['openat2', 'pathname', '/etc/sudoers', { pathname: '/etc/sudoers', flags: O_RDWR }],
  ];
  runs.forEach(({ ops, pid, kv }, i) => {
    const last = ops.filter((o) => !o.startsWith('sleep')).length;
    assert.ok(kv[`${last}.ret`] !== undefined, `${ops.join(' ')}: ${JSON.stringify(kv)}`);
    const [syscall, argName, passed, data] = expected[i];
    const source = oneCall(of(pid, syscall), argName, passed);
    const findings = of(pid, 'sudoers_modification');
    assert.equal(findings.length, 1, `${ops.join(' ')}: ${JSON.stringify(r.events.filter((e) => e.hostProcessId === pid))}`);
    const f = findings[0];
    assert.deepEqual([f.eventId, f.processName, f.timestamp], [EVENT_ID, 'fs_ops', source.timestamp], ops.join(' '));
    assert.deepEqual(f.args, findingArgs(data, source), ops.join(' '));
    assert.deepEqual(f.metadata, {
      Version: '1',
      Description: 'The sudoers file was modified. The sudoers file is a configuration file which controls the permissions and options of the sudo feature. Adversaries may alter the sudoers file to elevate privileges, execute commands as other users or spawn processes with higher privileges.',
      Tags: null,
      Properties: {
        Severity: 2, Category: 'privilege-escalation', Technique: 'Sudo and Sudo Caching', Kubernetes_Technique: '',
        id: 'attack-pattern--1365fe3b-0f50-455d-b4da-266ce31c23b0', external_id: 'T1548.003',
        signatureID: 'TRC-1028', signatureName: 'Sudoers file modification detected',
      },
    });
  });
});

test('benign twin: reading sudoers, writing a backup, renaming out of sudoers.d, a failed open: none', async () => {
  const { runs, of } = await traceFsOps(EVENTS, [
    ['ns', `bind:${etc()}:/etc`, 'open:openat:r:/etc/sudoers', 'put:/etc/sudoers.bak', 'rename:/etc/sudoers.d/README:/etc/README.old', 'put:/etc/sudoers.d/missing/x'],
  ]);
  const { pid, kv } = runs[0];
  assert.deepEqual([kv['3.read'], kv['4.wrote'], kv['5.ret'], kv['6.errno']], ['23', '8', '0', '2'], JSON.stringify(kv));
  const opened = of(pid, 'openat').map((e) => [e.args[1].value, e.returnValue]).filter(([p]) => String(p).startsWith('/etc/sudoers'));
  assert.deepEqual(opened, [['/etc/sudoers', 3], ['/etc/sudoers.bak', 4], ['/etc/sudoers.d/missing/x', -2]], 'the opens were seen');
  assert.equal(of(pid, 'rename').length, 1, 'the rename was seen');
  assert.deepEqual(of(pid, 'sudoers_modification'), []);
});
