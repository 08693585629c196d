import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  ContainerResolver,
  HOST_CGROUP,
  containerFromCgroupPath,
  containerIdFromCgroupPath,
  runtimeOfCgroupName,
  type CgroupContainer,
} from './container-id.js';

const id = 'a'.repeat(12) + '0123456789abcdef'.repeat(3) + 'b'.repeat(4);
const other = 'f'.repeat(8) + '0123456789abcdef'.repeat(3) + 'e'.repeat(8);
const podUid = '5f1c2b7e_0d2a_4c1e_9a3b_7c6d5e4f3a2b';
const podUidDashes = podUid.replace(/_/g, '-');

const layouts: ReadonlyArray<[path: string, expected: CgroupContainer]> = [
  // docker, systemd driver (v1 per controller, v2 unified)
  [`/system.slice/docker-${id}.scope`, { id, runtime: 'docker' }],
  [`/system.slice/docker-${id}.scope/init.scope`, { id, runtime: 'docker' }],
  [`/user.slice/user-1000.slice/user@1000.service/docker-${id}.scope`, { id, runtime: 'docker' }],
  // docker, cgroupfs driver
  [`/docker/${id}`, { id, runtime: 'docker' }],
  [`/docker/${id}/init.scope`, { id, runtime: 'docker' }],
  [`/sys/fs/cgroup/memory/docker/${id}`, { id, runtime: 'docker' }],
  [`/sys/fs/cgroup/cpu,cpuacct/docker/${id}/`, { id, runtime: 'docker' }],
  [`12:cpu,cpuacct:/docker/${id}`, { id, runtime: 'docker' }],
  [`0::/system.slice/docker-${id}.scope`, { id, runtime: 'docker' }],
  // docker in docker: the inner one
  [`/docker/${other}/docker/${id}`, { id, runtime: 'docker' }],
  // containerd CRI, systemd driver
  [`/system.slice/cri-containerd-${id}.scope`, { id, runtime: 'containerd' }],
  [
    `/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod${podUid}.slice/cri-containerd-${id}.scope`,
    { id, runtime: 'containerd' },
  ],
  [`/kubepods.slice/kubepods-pod${podUid}.slice/cri-containerd-${id}.scope`, { id, runtime: 'containerd' }],
  // kind: a containerd container in a docker container
  [
    `/system.slice/docker-${other}.scope/kubelet.slice/kubelet-kubepods.slice/kubelet-kubepods-burstable.slice/kubelet-kubepods-burstable-pod${podUid}.slice/cri-containerd-${id}.scope`,
    { id, runtime: 'containerd' },
  ],
  // containerd CRI, cgroupfs driver
  [`/kubepods/besteffort/pod${podUidDashes}/${id}`, { id, runtime: 'containerd' }],
  [`/kubepods/pod${podUidDashes}/${id}`, { id, runtime: 'containerd' }],
  [`/sys/fs/cgroup/memory/kubepods/burstable/pod${podUidDashes}/${id}`, { id, runtime: 'containerd' }],
  // plain containerd (ctr, nerdctl): namespace then id; nerdctl with systemd
  [`/default/${id}`, { id, runtime: 'containerd' }],
  [`/k8s.io/${id}`, { id, runtime: 'containerd' }],
  [`/system.slice/nerdctl-${id}.scope`, { id, runtime: 'containerd' }],
  // cri-o
  [`/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod${podUid}.slice/crio-${id}.scope`, { id, runtime: 'crio' }],
  [`/kubepods.slice/crio-${id}.scope/container`, { id, runtime: 'crio' }],
  [`/kubepods/burstable/pod${podUidDashes}/crio-${id}`, { id, runtime: 'crio' }],
  // podman
  [`/machine.slice/libpod-${id}.scope`, { id, runtime: 'podman' }],
  [`/machine.slice/libpod-${id}.scope/container`, { id, runtime: 'podman' }],
  [`/user.slice/user-1000.slice/user@1000.service/user.slice/libpod-${id}.scope`, { id, runtime: 'podman' }],
  [`/machine.slice/machine-libpod_pod_${other}.slice/libpod-${id}.scope`, { id, runtime: 'podman' }],
  [`/libpod_parent/libpod-${id}`, { id, runtime: 'podman' }],
  [`/libpod_parent/libpod-${id}/container`, { id, runtime: 'podman' }],
  // a bare id whose parents say nothing
  [`/${id}`, { id, runtime: 'unknown' }],
  [`/sys/fs/cgroup/unified/custom/${id}`, { id, runtime: 'unknown' }],
];

test('every runtime layout gives the id and the runtime', () => {
  for (const [p, expected] of layouts) {
    assert.deepEqual(containerFromCgroupPath(p), expected, p);
    assert.equal(containerIdFromCgroupPath(p), expected.id, p);
  }
});

test('host cgroups, monitors and near-ids give no container', () => {
  for (const p of [
    '/',
    '',
    '/user.slice/user-1000.slice/session-2.scope',
    '/user.slice/user-0.slice/session-1.scope',
    '/system.slice/docker.service',
    '/system.slice/containerd.service',
    '/init.scope',
    '0::/',
    `/machine.slice/machine-libpod_pod_${id}.slice`, // a podman pod, not a container
    `/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod${podUid}.slice`,
    `/kubepods/besteffort/pod${podUidDashes}`,
    `/system.slice/crio-conmon-${id}.scope`,
    `/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod${podUid}.slice/crio-conmon-${id}.scope`,
    `/machine.slice/libpod-conmon-${id}.scope`,
    `/docker/${id.slice(1)}`, // 63 hex digits
    `/system.slice/docker-${id.slice(1)}.scope`,
    `/docker/${id}0`, // 65
    `/docker/${id.toUpperCase()}`,
    `/system.slice/docker-${id}.service`,
    `/system.slice/podman-${id}.scope`,
  ]) {
    assert.deepEqual(containerFromCgroupPath(p), { id: '', runtime: '' }, p);
    assert.equal(containerIdFromCgroupPath(p), '', p);
  }
});

test('a monitor below a container is in that container', () => {
  assert.deepEqual(containerFromCgroupPath(`/system.slice/docker-${other}.scope/system.slice/crio-conmon-${id}.scope`), {
    id: other,
    runtime: 'docker',
  });
});

test('runtimeOfCgroupName: one directory name', () => {
  assert.equal(runtimeOfCgroupName(`docker-${id}.scope`), 'docker');
  assert.equal(runtimeOfCgroupName(`cri-containerd-${id}.scope`), 'containerd');
  assert.equal(runtimeOfCgroupName(`nerdctl-${id}.scope`), 'containerd');
  assert.equal(runtimeOfCgroupName(`crio-${id}.scope`), 'crio');
  assert.equal(runtimeOfCgroupName(`crio-${id}`), 'crio');
  assert.equal(runtimeOfCgroupName(`libpod-${id}.scope`), 'podman');
  assert.equal(runtimeOfCgroupName(`libpod-${id}`), 'podman');
  assert.equal(runtimeOfCgroupName(id), 'unknown');
  assert.equal(runtimeOfCgroupName(`crio-conmon-${id}.scope`), '');
  assert.equal(runtimeOfCgroupName(`libpod-conmon-${id}.scope`), '');
  assert.equal(runtimeOfCgroupName('docker'), '');
  assert.equal(runtimeOfCgroupName('init.scope'), '');
  assert.equal(runtimeOfCgroupName(id.slice(1)), '');
});

test('resolver: cgroup ids are the directory inodes of the hierarchy, sub-cgroups included, new ones found on a miss', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'sysray-cgroups-'));
  try {
    const scope = path.join(root, 'system.slice', `docker-${id}.scope`);
    mkdirSync(path.join(scope, 'init.scope'), { recursive: true });
    const conmon = path.join(root, 'machine.slice', `libpod-conmon-${other}.scope`);
    const podman = path.join(root, 'machine.slice', `libpod-${other}.scope`, 'container');
    mkdirSync(conmon, { recursive: true });
    mkdirSync(podman, { recursive: true });
    const ino = (dir: string): bigint => statSync(dir, { bigint: true }).ino;
    const resolver = new ContainerResolver(root);
    assert.equal(resolver.containerId(ino(scope)), id);
    assert.deepEqual(resolver.container(ino(scope)), { id, runtime: 'docker' });
    assert.equal(resolver.containerId(ino(path.join(scope, 'init.scope'))), id);
    assert.deepEqual(resolver.container(ino(podman)), { id: other, runtime: 'podman' });
    assert.equal(resolver.container(ino(conmon)), HOST_CGROUP);
    assert.equal(resolver.containerId(ino(path.join(root, 'system.slice'))), '');
    assert.equal(resolver.container(ino(root)), HOST_CGROUP);
    const later = path.join(root, 'default', id.replace(/a/g, 'c'));
    mkdirSync(later, { recursive: true });
    const deadline = Date.now() + 20;
    while (Date.now() < deadline); // past the 10 ms between walks
    assert.deepEqual(resolver.container(ino(later)), { id: id.replace(/a/g, 'c'), runtime: 'containerd' });
    assert.equal(resolver.containerId(ino(later)), id.replace(/a/g, 'c'));
    assert.equal(resolver.container(123456789n), HOST_CGROUP); // not in the hierarchy
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('resolver without a mount: everything is the host', () => {
  const resolver = new ContainerResolver('');
  assert.equal(resolver.container(1n), HOST_CGROUP);
  assert.equal(resolver.containerId(1n), '');
});

test('resolver: entries() carries what it knows to a resolver without a mount, which answers from them and never walks', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'sysray-cgroups-'));
  try {
    const scope = path.join(root, `docker-${id}.scope`);
    mkdirSync(scope, { recursive: true });
    const ino = statSync(scope, { bigint: true }).ino;
    const live = new ContainerResolver(root);
    live.walk();
    const entries = live.entries();
    assert.ok(entries.some(([c, k]) => c === ino && k.id === id && k.runtime === 'docker'));
    const seeded = new ContainerResolver('');
    seeded.seed(entries);
    assert.deepEqual(seeded.container(ino), { id, runtime: 'docker' });
    assert.equal(seeded.container(statSync(root, { bigint: true }).ino), HOST_CGROUP);
    assert.equal(seeded.container(987654321n), HOST_CGROUP);
    assert.equal(seeded.entries().length, entries.length + 1); // the unknown id, remembered as the host's
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
