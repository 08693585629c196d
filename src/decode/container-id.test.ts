import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ContainerResolver, containerIdFromCgroupPath } from './container-id.js';

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

test('resolver: cgroup ids are the directory inodes of the hierarchy, sub-cgroups included, new ones found on a miss', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'sysray-cgroups-'));
  try {
    const scope = path.join(root, 'system.slice', `docker-${id}.scope`);
    mkdirSync(path.join(scope, 'init.scope'), { recursive: true });
    const ino = (dir: string): bigint => statSync(dir, { bigint: true }).ino;
    const resolver = new ContainerResolver(root);
    assert.equal(resolver.containerId(ino(scope)), id);
    assert.equal(resolver.containerId(ino(path.join(scope, 'init.scope'))), id);
    assert.equal(resolver.containerId(ino(path.join(root, 'system.slice'))), '');
    const later = path.join(root, id.replace(/a/g, 'c'));
    mkdirSync(later);
    const deadline = Date.now() + 20;
    while (Date.now() < deadline); // past the 10 ms between walks
    assert.equal(resolver.containerId(ino(later)), id.replace(/a/g, 'c'));
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
