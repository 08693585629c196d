import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cgroupPathFromProcFile, containerIdFromCgroupPath } from './container-id.js';

const id = 'a'.repeat(12) + '0123456789abcdef'.repeat(3) + 'b'.repeat(4);

test('runtime layouts give the 64-hex id', () => {
  for (const p of [
    `/system.slice/docker-${id}.scope`,
    `/kubepods.slice/kubepods-burstable.slice/cri-containerd-${id}.scope`,
    `/kubepods.slice/crio-${id}.scope`,
    `/machine.slice/libpod-${id}.scope/container`,
    `/docker/${id}`,
    `/kubepods/besteffort/pod1234/${id}`,
  ]) {
    assert.equal(containerIdFromCgroupPath(p), id, p);
  }
});

test('host cgroups give no id', () => {
  assert.equal(containerIdFromCgroupPath('/user.slice/user-0.slice/session-1.scope'), '');
  assert.equal(containerIdFromCgroupPath('/'), '');
});

test('/proc/PID/cgroup: v2 line, or a v1 line naming a container', () => {
  assert.equal(cgroupPathFromProcFile('0::/init.scope\n'), '/init.scope');
  assert.equal(cgroupPathFromProcFile(`12:pids:/docker/${id}\n1:name=systemd:/docker/${id}\n0::/\n`), `/docker/${id}`);
});
