import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PolicyConfig, ScopeExeKey, ScopeFieldBit, ScopeMatch, ScopeU32Key, Selection, TracepointSelectIndex } from '../decode/record-layout.js';
import { KernelConfigError, compileKernelConfig, kernelDevT } from './kernel-config.js';
import type { Policy, ScopeTerm } from './policy-types.js';
import { parseDocuments } from './policy-file.js';
import { policiesFromDocuments } from './policy-set.js';

const OPTS = { slot: 1, generation: 7, startNs: 123n };

function policy(id: number, scope: ScopeTerm[], events: number[] = [39]): Policy {
  return { id, name: `p${id}`, scope, rules: new Map(events.map((e) => [e, [[]]])) };
}

const mask = (kc: ReturnType<typeof compileKernelConfig>, field: keyof typeof PolicyConfig): bigint =>
  kc.config.readBigUInt64LE(PolicyConfig[field]);

function entry(kc: ReturnType<typeof compileKernelConfig>, map: string, value: number): { eq: bigint; ne: bigint } | undefined {
  const e = kc.entries.find((x) => x.map === map && x.key.readUInt32LE(ScopeU32Key.value) === value);
  return e && { eq: e.value.readBigUInt64LE(ScopeMatch.eq), ne: e.value.readBigUInt64LE(ScopeMatch.ne) };
}

test('masks: one bit per policy; events select by bit; header fields', () => {
  const kc = compileKernelConfig([policy(0, [], [39, 257]), policy(5, [{ field: 'follow' }], [257])], OPTS);
  assert.equal(mask(kc, 'enabled'), 0b100001n);
  const selected = (i: number): bigint => kc.selection.readBigUInt64LE(i * Selection.bytes + Selection.policies);
  assert.equal(selected(39), 1n);
  assert.equal(selected(257), 0b100001n);
  assert.equal(selected(0), 0n);
  assert.equal(mask(kc, 'follow'), 0b100000n);
  assert.equal(kc.config.readUInt32LE(PolicyConfig.generation), 7);
  assert.equal(kc.config.readBigUInt64LE(PolicyConfig.startNs), 123n);
  assert.equal(kc.config.readUInt32LE(PolicyConfig.fields), ScopeFieldBit.proc);
});

test('= lists and != lists share one map entry per value, keyed with the slot', () => {
  const kc = compileKernelConfig([
    policy(0, [{ field: 'uid', op: '=', values: [0, 1000] }]),
    policy(1, [{ field: 'uid', op: '!=', values: [1000] }]),
  ], OPTS);
  assert.equal(mask(kc, 'uidEq'), 1n);
  assert.deepEqual(entry(kc, 'scope_uids', 0), { eq: 1n, ne: 0n });
  assert.deepEqual(entry(kc, 'scope_uids', 1000), { eq: 1n, ne: 2n });
  assert.ok(kc.entries.every((e) => e.key.readUInt32LE(0) === 1), 'slot in every key');
});

test('ranges: inclusive bounds per policy, several bounds intersect, an empty range matches nothing', () => {
  const kc = compileKernelConfig([
    policy(2, [{ field: 'uid', op: '>=', values: [1000] }, { field: 'uid', op: '<', values: [2000] }]),
    policy(3, [{ field: 'pid', op: '<', values: [0] }]),
  ], OPTS);
  assert.equal(mask(kc, 'uidRange'), 0b100n);
  assert.equal(kc.config.readUInt32LE(PolicyConfig.uidMin + 2 * 4), 1000);
  assert.equal(kc.config.readUInt32LE(PolicyConfig.uidMax + 2 * 4), 1999);
  assert.equal(kc.config.readUInt32LE(PolicyConfig.uidMax + 0 * 4), 0xffffffff, 'unbounded policies keep the full range');
  assert.ok(kc.config.readUInt32LE(PolicyConfig.pidMin + 3 * 4) > kc.config.readUInt32LE(PolicyConfig.pidMax + 3 * 4));
});

test('wildcards and container ids are left to user space and do not restrict in the kernel', () => {
  const kc = compileKernelConfig([
    policy(0, [{ field: 'comm', op: '=', values: ['bash', 'py*'] }]),
    policy(1, [{ field: 'comm', op: '!=', values: ['sh', '*d'] }]),
    policy(2, [{ field: 'container', op: '=', values: ['abcdef'] }]),
  ], OPTS);
  assert.equal(mask(kc, 'commEq'), 0n, 'a wildcard in an = list: the whole term is checked in user space');
  assert.deepEqual(kc.userChecks.get(0), [{ field: 'comm', op: '=', values: ['bash', 'py*'] }]);
  assert.deepEqual(kc.userChecks.get(1), [{ field: 'comm', op: '!=', values: ['*d'] }], 'exact != values stay in the kernel');
  assert.equal(kc.entries.filter((e) => e.map === 'scope_comms').length, 1);
  assert.equal(mask(kc, 'container'), 0b100n, 'in a container: kernel; which one: user space');
  assert.deepEqual(kc.userChecks.get(2), [{ field: 'container', op: '=', values: ['abcdef'] }]);
});

test('executables by device and inode, symlinks followed; a missing file is left to user space', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'sysray-kc-'));
  const file = path.join(dir, 'bin');
  writeFileSync(file, '');
  symlinkSync(file, path.join(dir, 'link'));
  const kc = compileKernelConfig([
    policy(0, [{ field: 'executable', op: '=', values: [path.join(dir, 'link')] }]),
    policy(1, [{ field: 'executable', op: '=', values: [path.join(dir, 'missing')] }]),
  ], OPTS);
  const st = statSync(file, { bigint: true });
  const e = kc.entries.find((x) => x.map === 'scope_exes');
  assert.ok(e);
  assert.equal(e.key.readBigUInt64LE(ScopeExeKey.ino), st.ino);
  assert.equal(e.key.readBigUInt64LE(ScopeExeKey.dev), kernelDevT(st.dev));
  assert.equal(mask(kc, 'exeEq'), 1n);
  assert.ok(kc.userChecks.has(1));
});

test('kernel dev_t from glibc st_dev: 8:1, and 259:0x12345 (minor above 8 bits)', () => {
  assert.equal(kernelDevT(0x801n), (8n << 20n) | 1n);
  assert.equal(kernelDevT(0x12310345n), (259n << 20n) | 0x12345n);
});

test('tree terms become roots for the /proc walk', () => {
  const kc = compileKernelConfig([policy(4, [{ field: 'tree', op: '=', values: [1] }, { field: 'tree', op: '!=', values: [77] }])], OPTS);
  assert.deepEqual(kc.treeRoots, [{ policy: 4, pid: 1, exclude: false }, { policy: 4, pid: 77, exclude: true }]);
  assert.equal(mask(kc, 'treeEq'), 0b10000n);
});

test('more values than a scope map holds: one clear error', () => {
  const values = Array.from({ length: 10241 }, (_, i) => i);
  assert.throws(() => compileKernelConfig([policy(0, [{ field: 'pid', op: '=', values }])], OPTS), (err: unknown) =>
    err instanceof KernelConfigError && /too many pid values \(10241\).*at most 10240/.test(err.message));
});

test('derived and tracepoint events select what they come from; fd tracking adds state', () => {
  const policies = policiesFromDocuments(parseDocuments(`
apiVersion: tracee.aquasec.com/v1beta1
kind: Policy
metadata: { name: p }
spec:
  scope: [global]
  rules:
    - event: perf_event_read
    - event: sched_process_exec
    - event: container_create
`, 'p.yaml'));
  const kc = compileKernelConfig(policies, { slot: 0, generation: 1, startNs: 0n, trackFds: true });
  const at = (i: number, f: number): bigint => kc.selection.readBigUInt64LE(i * Selection.bytes + f);
  for (const nr of [0, 19, 17, 295, 327]) {
    assert.equal(at(nr, Selection.derived), 1n, `read-like syscall ${nr} derives perf_event_read`);
    assert.equal(at(nr, Selection.policies), 0n);
  }
  assert.equal(at(16, Selection.derived), 0n, 'ioctl is perf_event_ioctl, not selected');
  assert.equal(at(TracepointSelectIndex.schedProcessExec, Selection.policies), 1n);
  assert.equal(at(TracepointSelectIndex.cgroupMkdir, Selection.policies), 1n, 'container_create comes from cgroup_mkdir');
  assert.equal(at(TracepointSelectIndex.cgroupRmdir, Selection.policies), 0n);
  const state = (nr: number): number => kc.selection.readUInt32LE(nr * Selection.bytes + Selection.state);
  assert.equal(state(257), 1, 'openat feeds the fd table');
  assert.equal(state(3), 1, 'close too');
  assert.equal(state(0), 0, 'read does not');
  const without = compileKernelConfig(policies, { slot: 0, generation: 1, startNs: 0n });
  assert.equal(without.selection.readUInt32LE(257 * Selection.bytes + Selection.state), 0);
});
