/**
 * disk_mount (TRC-1014) on the real kernel, with a loop device over a small
 * ext2 image the test makes. In a fake container (its own mount namespace:
 * the host's mounts are untouched) test/triggers/diskmount_trig.c, exec'd
 * as the container's program, mounts the loop device with mount(2), and
 * with fsopen/fsconfig/fsmount/move_mount: one finding each. The benign
 * twins: the same two mounts done by a process named runc that joined a
 * container's cgroup and has not exec'd the entrypoint yet (as a runtime
 * sets a container up), and tmpfs mounts both ways: none.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { compileTrigger, run, traceDuring, type JsonEvent } from '../../../test/helpers/trace.js';
import { containerCgroupRoot, removeCgroup, runInFakeContainer } from '../../../test/helpers/fake-container.js';
import { BUILTIN_SIGNATURES } from './index.js';
import { diskMount } from './disk-mount.js';

const EVENT_ID = 6000 + BUILTIN_SIGNATURES.indexOf(diskMount);

test('a started container mounts a loop device with mount(2) and with fsmount: one finding each; runc before the entrypoint and tmpfs (twins): none', async () => {
  const bin = compileTrigger('diskmount_trig');
  const dir = mkdtempSync(path.join(tmpdir(), 'sysray-diskmount-'));
  const image = path.join(dir, 'disk.img');
  const mnt = path.join(dir, 'mnt');
  const runc = path.join(dir, 'runc');
  mkdirSync(mnt);
  copyFileSync(bin, runc);
  execFileSync('truncate', ['-s', '2M', image]);
  execFileSync('mkfs.ext2', ['-q', '-F', image]);
  const loop = execFileSync('losetup', ['--find', '--show', image], { encoding: 'utf8' }).trim();
  const cg = path.join(containerCgroupRoot(), `docker-${randomBytes(32).toString('hex')}.scope`);
  try {
    let runcOut = { pid: 0, stdout: '', code: null as number | null };
    let ctr = { id: '', stdout: '', code: null as number | null };
    const r = await traceDuring(['-e', 'disk_mount,mount,fsmount,fsconfig', '-s', 'comm=diskmount_trig,runc'], async () => {
      mkdirSync(cg);
      runcOut = await run(runc, ['runc', cg, loop, mnt, '/bin/true']);
      await removeCgroup(cg);
      ctr = await runInFakeContainer(`${bin} mount ${loop} ${mnt} && ${bin} newapi ${loop} ${mnt} && ${bin} tmpfs ${mnt}`);
    });
    assert.deepEqual([runcOut.code, ctr.code], [0, 0], runcOut.stdout + ctr.stdout);
    assert.equal(r.exitCode, 0, r.stderr);
    assert.equal(r.lost, 0, r.stderr);
    // the twin's mounts happened, in a container, and were not findings
    const runcEvents = r.events.filter((e) => e.hostProcessId === runcOut.pid);
    assert.ok(runcEvents.some((e) => e.eventName === 'mount' && e.returnValue === 0 && e.containerId !== ''), 'runc mounted the device in a container');
    assert.ok(runcEvents.some((e) => e.eventName === 'fsmount' && e.returnValue >= 0 && e.containerId !== ''), 'runc fsmount-ed it');
    assert.equal(runcEvents.filter((e) => e.eventName === 'disk_mount').length, 0, 'runc before the entrypoint: no finding');

    const findings = r.events.filter((e) => e.eventName === 'disk_mount');
    assert.equal(findings.length, 2, JSON.stringify(findings));
    const [viaMount, viaFsmount] = findings;
    for (const f of findings) {
      assert.deepEqual([f.eventId, f.processName, f.containerId], [EVENT_ID, 'diskmount_trig', ctr.id]);
      assert.deepEqual(f.args[0], { name: 'dev_name', type: 'const char *', value: loop });
      assert.deepEqual(f.metadata, {
        Version: '1', Description: diskMount.metadata.description, Tags: null,
        Properties: {
          Severity: 3, Category: 'privilege-escalation', Technique: 'Escape to Host', Kubernetes_Technique: '',
          id: 'attack-pattern--4a5b7ade-8bb5-4853-84ed-23f262002665', external_id: 'T1611',
          signatureID: 'TRC-1014', signatureName: 'Container device mount detected',
        },
      });
    }
    const arg = (e: JsonEvent, name: string) => e.args.find((a: JsonEvent) => a.name === name)?.value;
    const m = viaMount.args[1].value;
    assert.deepEqual([m.name, m.returnValue, arg(m, 'source'), arg(m, 'target'), arg(m, 'filesystemtype')], ['mount', 0, loop, mnt, 'ext2']);
    const fm = viaFsmount.args[1].value;
    assert.deepEqual([fm.name, fm.returnValue >= 0], ['fsmount', true]);
    // fsconfig's value is a string only for the string and path commands: SET_STRING source, then CMD_CREATE's NULL
    const configs = r.events.filter((e) => e.eventName === 'fsconfig' && e.hostProcessId === viaFsmount.hostProcessId);
    assert.deepEqual(configs.map((e) => [arg(e, 'fs_fd'), arg(e, 'cmd'), arg(e, 'key'), arg(e, 'value')]), [
      [arg(fm, 'fsfd'), 1, 'source', loop],
      [arg(fm, 'fsfd'), 6, null, 0],
    ]);
    // the tmpfs twin (the third program): both mounts happened in the container, no finding came of them
    const tmpfs = r.events.find((e) => e.eventName === 'mount' && arg(e, 'filesystemtype') === 'tmpfs');
    assert.ok(tmpfs && tmpfs.returnValue === 0 && tmpfs.containerId === ctr.id, 'the tmpfs mount(2)');
    const tmpfsProcess = r.events.filter((e) => e.hostProcessId === tmpfs.hostProcessId);
    assert.deepEqual(tmpfsProcess.map((e) => e.eventName).filter((n) => n !== 'fsconfig'), ['mount', 'fsmount'], 'tmpfs both ways, no disk_mount');
    assert.equal(ctr.stdout.split('\n').filter((l) => l === 'result=0').length, 3, ctr.stdout);
  } finally {
    await removeCgroup(cg).catch(() => undefined);
    execFileSync('losetup', ['-d', loop]);
    rmSync(dir, { recursive: true, force: true });
  }
});
