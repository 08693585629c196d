/**
 * cgroup_release_agent (TRC-1010) on the real kernel: in a fake container
 * (a docker-<id>.scope cgroup), test/triggers/fs_ops.c mounts a v1 cgroup
 * hierarchy of its own (no controllers, name=sysraytest) in a private mount
 * namespace and writes its release_agent back with the value it holds
 * (empty: nothing is ever run), then, as Tracee's rename hook does for any
 * file of that name, renames a file in /tmp to release_agent and symlinks
 * another name to it: one finding each. Its benign twins: the same write
 * from the host, and in a container a read of release_agent, a failed
 * rename onto it (cgroupfs renames no files) and a rename to another name:
 * none.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openArgs, traceFsOps } from '../../../test/helpers/fs-ops.js';
import type { JsonEvent } from '../../../test/helpers/trace.js';
import { BUILTIN_SIGNATURES } from './index.js';
import { cgroupReleaseAgent } from './cgroup-release-agent.js';

const EVENT_ID = 6000 + BUILTIN_SIGNATURES.indexOf(cgroupReleaseAgent);
const O_WRONLY = 1;
const ENOTDIR = 20;
const dir = mkdtempSync(path.join(tmpdir(), 'sysray-release-'));
const cg = path.join(dir, 'cgrp');
mkdirSync(cg);
const agent = path.join(cg, 'release_agent');
after(() => rmSync(dir, { recursive: true, force: true }));

const mountOps = ['ns', `mount:cgroup:${cg}:none,name=sysraytest`];
const METADATA = {
  Version: '1',
  Description: 'An attempt to modify Cgroup release agent file was detected. Cgroups are a Linux kernel feature which limits the resource usage of a set of processes. Adversaries may use this feature for container escaping.',
  Tags: null,
  Properties: {
    Severity: 3, Category: 'privilege-escalation', Technique: 'Escape to Host', Kubernetes_Technique: '',
    id: 'attack-pattern--4a5b7ade-8bb5-4853-84ed-23f262002665', external_id: 'T1611',
    signatureID: 'TRC-1010', signatureName: 'Cgroups release agent file modification',
  },
};

const pathArgs = (a: string, b: string, names: [string, string]) => [
  { name: names[0], type: 'const char*', value: a },
  { name: names[1], type: 'const char*', value: b },
];

test('writing release_agent of a v1 hierarchy in a container, renaming and symlinking to that name: one finding each', async () => {
  const src = path.join(dir, 'payload');
  writeFileSync(src, '#!/bin/sh\n');
  const renamed = path.join(dir, 'release_agent');
  const linked = path.join(dir, 'x', 'release_agent');
  mkdirSync(path.dirname(linked));
  const { runs: [run], of } = await traceFsOps('cgroup_release_agent', [{
    container: true,
    ops: [...mountOps, `rewrite:${agent}`, `rename:${src}:${renamed}`, `symlink:${renamed}:${linked}`],
  }]);
  assert.deepEqual([run.kv['4.ret'], run.kv['5.ret']], ['0', '0']);
  const fd = Number(run.kv['3.ret']);
  assert.ok(fd >= 3, JSON.stringify(run.kv));
  const found = of(run.pid, 'cgroup_release_agent');
  assert.equal(found.length, 3, JSON.stringify(found));
  for (const f of found) {
    assert.deepEqual([f.eventId, f.hostProcessId, f.processName, f.containerId], [EVENT_ID, run.pid, 'fs_ops', run.containerId]);
    assert.deepEqual(f.metadata, METADATA);
  }
  const detected = (f: JsonEvent) => f.args[f.args.length - 1];
  assert.deepEqual(found[0].args, [
    { name: 'pathname', type: 'const char *', value: agent },
    { name: 'flags', type: 'int', value: O_WRONLY },
    { name: 'detectedFrom', type: 'unknown', value: { id: 257, name: 'openat', args: openArgs('openat', agent, O_WRONLY), returnValue: fd } },
  ]);
  assert.deepEqual(found[1].args.slice(0, 2), [
    { name: 'pathname', type: 'const char *', value: renamed },
    { name: 'oldpath', type: 'const char *', value: src },
  ]);
  assert.deepEqual(detected(found[1]), { name: 'detectedFrom', type: 'unknown', value: { id: 82, name: 'rename', args: pathArgs(src, renamed, ['oldpath', 'newpath']), returnValue: 0 } });
  assert.deepEqual(found[2].args.slice(0, 2), [
    { name: 'pathname', type: 'const char *', value: linked },
    { name: 'oldpath', type: 'const char *', value: renamed },
  ]);
  assert.deepEqual(detected(found[2]), { name: 'detectedFrom', type: 'unknown', value: { id: 88, name: 'symlink', args: pathArgs(renamed, linked, ['target', 'linkpath']), returnValue: 0 } });
});

test('benign twin: the write from the host; a read, a refused rename onto it, a rename to another name in a container: no finding', async () => {
  const other = path.join(dir, 'other');
  writeFileSync(other, '');
  const { runs, of } = await traceFsOps('cgroup_release_agent,openat', [
    [...mountOps, `rewrite:${agent}`],
    { container: true, ops: [...mountOps, `open:openat:r:${agent}`, `rename:${path.join(cg, 'tasks')}:${agent}`, `rename:${other}:${path.join(dir, 'release_agent.bak')}`] },
  ]);
  assert.ok(Number(runs[0].kv['3.ret']) >= 3, JSON.stringify(runs[0].kv));
  assert.ok(Number(runs[1].kv['3.ret']) >= 3, JSON.stringify(runs[1].kv));
  assert.deepEqual([Number(runs[1].kv['4.errno']), runs[1].kv['5.ret']], [ENOTDIR, '0']);
  const hostWrite = of(runs[0].pid, 'openat').filter((e) => e.args[1].value === agent && e.args[2].value === O_WRONLY);
  assert.equal(hostWrite.length, 1, 'the host\'s write open was seen');
  for (const { pid } of runs) assert.deepEqual(of(pid, 'cgroup_release_agent'), []);
});
