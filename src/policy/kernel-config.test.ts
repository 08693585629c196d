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

// Signatures: their needs go into the signature masks, their prefilters merged per entry (bpf/sysray.h struct sysray_prefilter).

import { entryNeeds, mergePrefilters, prefixKey } from './kernel-config.js';
import { Prefilter, PrefilterKind, PrefilterNeed, PrefilterNeedFlag, PrefixKey, PREFILTER_NEEDS } from '../decode/record-layout.js';
import type { KernelPrefilter } from '../detect/kernel-needs.js';
import { SIGNATURES } from '../detect/signature-registry.js';
import { registerBuiltinSignatures } from '../detect/load-signatures.js';
import type { Signature } from '../detect/signature.js';

/** What the kernel decides for a register value / an entry string under prefilter `p` (sysray.bpf.c), written plainly. */
function kernelPassesInt(p: KernelPrefilter | undefined, arg: number, value: bigint): boolean {
  if (!p?.int || p.int.arg !== arg) return true;
  const v = BigInt.asUintN(p.int.bits, value);
  return (p.int.in ?? []).includes(v) || (v & (p.int.anyBits ?? 0n)) !== 0n;
}
function kernelPassesPath(p: KernelPrefilter | undefined, arg: number, value: string): boolean {
  if (!p?.path || p.path.arg !== arg || !value.startsWith('/')) return true;
  const bytes = Buffer.from(value);
  return p.path.prefixes.some((x) => { const b = Buffer.from(x, 'latin1'); return bytes.subarray(0, b.length).equals(b); });
}
/** What one need wants (kernel-needs.ts semantics): in the set or any bit; absolute paths with a prefix. */
function needWants(p: KernelPrefilter | undefined, intArg: number, value: bigint, pathArg: number, path: string): boolean {
  if (!p) return true;
  if (p.int && p.int.arg === intArg) {
    const v = BigInt.asUintN(p.int.bits, value);
    if (!((p.int.in ?? []).map((x) => BigInt.asUintN(p.int!.bits, x)).includes(v) || (v & BigInt.asUintN(p.int.bits, p.int.anyBits ?? 0n)) !== 0n)) return false;
  }
  if (p.path && p.path.arg === pathArg && path.startsWith('/') && !p.path.prefixes.some((x) => path.startsWith(x))) return false;
  return true;
}

test('prefilter merge: integer sets join on the same register; anything else widens to no condition', () => {
  const a: KernelPrefilter = { int: { arg: 0, bits: 64, in: [4n] } };
  const b: KernelPrefilter = { int: { arg: 0, bits: 64, in: [5n, 4n] } };
  assert.deepEqual(mergePrefilters([a, b]), { int: { arg: 0, bits: 64, in: [4n, 5n] } });
  assert.deepEqual(mergePrefilters([a, { int: { arg: 0, bits: 64, anyBits: 0x40n } }]), { int: { arg: 0, bits: 64, in: [4n], anyBits: 0x40n } });
  assert.equal(mergePrefilters([a, undefined]), undefined, 'a need wanting every record');
  assert.equal(mergePrefilters([a, { int: { arg: 1, bits: 64, in: [4n] } }]), undefined, 'another register');
  assert.equal(mergePrefilters([a, { int: { arg: 0, bits: 32, in: [4n] } }]), undefined, 'another width');
  assert.equal(mergePrefilters([a, { path: { arg: 1, prefixes: ['/proc/'] } }]), undefined, 'one has no int condition, the other no path');
  assert.equal(mergePrefilters([]), undefined);
  const many = Array.from({ length: 5 }, (_, i): KernelPrefilter => ({ int: { arg: 0, bits: 64, in: [BigInt(i)] } }));
  assert.equal(mergePrefilters(many), undefined, 'more values than the kernel holds');
  assert.deepEqual(mergePrefilters(many.slice(0, 4))?.int?.in?.length, 4);
  assert.deepEqual(mergePrefilters([{ int: { arg: 2, bits: 32, in: [-1n] } }]), { int: { arg: 2, bits: 32, in: [0xffffffffn] } }, 'values in the register width');
});

test('prefilter merge: path prefixes join (the kernel trie holds any number); origin survives when all share it', () => {
  const p = (prefixes: string[], arg = 1): KernelPrefilter => ({ path: { arg, prefixes } });
  assert.deepEqual(mergePrefilters([p(['/proc/']), p(['/etc/shadow', '/proc/'])]), { path: { arg: 1, prefixes: ['/proc/', '/etc/shadow'] } });
  assert.equal(mergePrefilters([p(['/proc/']), p(['/proc/'], 2)]), undefined, 'another argument');
  assert.deepEqual(mergePrefilters([{ ...p(['/a/']), origin: 'container' }, { ...p(['/b/']), origin: 'container' }])?.origin, 'container');
  assert.equal(mergePrefilters([{ ...p(['/a/']), origin: 'container' }, p(['/b/'])])?.origin, undefined);
  const both = mergePrefilters([{ int: { arg: 2, bits: 32, anyBits: 3n }, path: { arg: 1, prefixes: ['/proc/'] } }, { int: { arg: 2, bits: 32, in: [0n] }, path: { arg: 1, prefixes: ['/dev/'] } }]);
  assert.deepEqual(both?.int, { arg: 2, bits: 32, in: [0n], anyBits: 3n });
  assert.deepEqual([...both!.path!.prefixes].sort(), ['/dev/', '/proc/']);
});

test('entry needs: a disjunction of at most PREFILTER_NEEDS; relative prefixes, long ones and other path args widen soundly', () => {
  const p = (prefixes: string[], arg = 1): KernelPrefilter => ({ path: { arg, prefixes } });
  assert.equal(entryNeeds([p(['/a/']), undefined]), undefined, 'a need wanting every record');
  assert.equal(entryNeeds([p(['relative'])]), undefined, 'a relative prefix: left to user space');
  assert.deepEqual(entryNeeds([p(['/x'.repeat(40)])])![0].path!.prefixes, ['/x'.repeat(32)], 'cut to 64 bytes');
  assert.equal(entryNeeds([p(['/a/']), p(['/b/'], 2)]), undefined, 'a path on another argument loses it: nothing left');
  const mixed = entryNeeds([{ int: { arg: 2, bits: 32, anyBits: 512n } }, p(['/etc/shadow']), { origin: 'container', ...p(['/proc/']) }, p(['/etc/shadow'])])!;
  assert.equal(mixed.length, 3, 'duplicates go');
  const many = Array.from({ length: 20 }, (_, i): KernelPrefilter => (i % 2 ? p([`/p${i}/`]) : { int: { arg: 2, bits: 32, anyBits: BigInt(1 << i) } }));
  const fit = entryNeeds(many)!;
  assert.equal(fit.length, PREFILTER_NEEDS);
  assert.ok(fit.every((n) => n.int || n.path), 'the closest merge without losing every condition');
  assert.equal(new Set(fit.flatMap((n) => n.path?.prefixes ?? [])).size, 10, 'every prefix kept');
});

test('entry-fault needs: kept, merged only on the same argument, written as SYSRAY_NEED_ENTRY_FAULT with fault_arg', () => {
  const f = (arg: number): KernelPrefilter => ({ entryFault: { arg } });
  assert.deepEqual(mergePrefilters([f(1), { ...f(1), path: { arg: 1, prefixes: ['/etc/'] } }]), f(1));
  assert.equal(mergePrefilters([f(1), f(2)]), undefined, 'another argument');
  assert.equal(mergePrefilters([f(1), { path: { arg: 1, prefixes: ['/etc/'] } }]), undefined, 'one has no entry-fault condition');
  assert.deepEqual(entryNeeds([f(1), { path: { arg: 1, prefixes: ['/etc/shadow'] } }]), [f(1), { path: { arg: 1, prefixes: ['/etc/shadow'] } }], 'a disjunction: either');
  SIGNATURES.add([{
    signature: {
      metadata: { id: 'TEST-kc-fault', name: 'kc fault', eventName: 'kc_test_faulted_open', version: '1', description: 'test', properties: { Severity: 1, Category: 'test', Technique: '', external_id: '' } },
      selects: [{ event: 'openat', where: { pathname: { entryFault: true } } }, { event: 'openat', where: { pathname: { prefix: ['/etc/shadow'] } } }],
      onEvent: () => undefined,
    } satisfies Signature,
    origin: 'test',
  }]);
  const kc = compileKernelConfig([policy(1, [], [SIGNATURES.byName('kc_test_faulted_open')!.id])], OPTS);
  assert.equal(kc.selection.readUInt32LE(257 * Selection.bytes + Selection.prefilter), PrefilterKind.path | PrefilterKind.entryFault);
  const pf = kc.prefilters.find((p) => p.index === 257)!.value;
  assert.equal(pf.readUInt8(Prefilter.nrNeeds), 2);
  assert.equal(pf.readUInt8(Prefilter.needs + PrefilterNeed.flags), PrefilterNeedFlag.entryFault);
  assert.equal(pf.readUInt8(Prefilter.needs + PrefilterNeed.faultArg), 1, 'pathname is register 1 of openat');
  assert.equal(pf.readUInt8(Prefilter.needs + PrefilterNeed.bytes + PrefilterNeed.flags), PrefilterNeedFlag.path);
});

/** What the kernel decides for a record under an entry's needs (sysray.bpf.c prefilter_entry_needs + the trie), written plainly. */
function kernelPassesNeeds(needs: readonly KernelPrefilter[] | undefined, intArg: number, value: bigint, path: string, container: boolean): boolean {
  if (!needs) return true;
  return needs.some((n) => {
    if (n.int && n.int.arg === intArg) {
      const v = BigInt.asUintN(n.int.bits, value);
      if (!((n.int.in ?? []).map((x) => BigInt.asUintN(n.int!.bits, x)).includes(v) || (v & BigInt.asUintN(n.int.bits, n.int.anyBits ?? 0n)) !== 0n)) return false;
    }
    if (n.origin === 'container' && !container) return false;
    if (n.origin === 'host' && container) return false;
    if (n.path && path.startsWith('/') && !n.path.prefixes.some((x) => path.startsWith(x))) return false;
    return true;
  });
}

test('entry needs are sound: whatever any need wants passes the kernel\'s disjunction (random needs, up to 20)', () => {
  let seed = 777;
  const rnd = (n: number): number => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) % n);
  const words = ['/proc/', '/proc/self/mem', '/etc/', '/etc/shadow', '/dev/shm/', '/tmp/', '/var/log/', '/sys/kernel/'];
  const values = [0n, 1n, 2n, 3n, 512n, 0x241n];
  for (let round = 0; round < 300; round++) {
    const needs: KernelPrefilter[] = Array.from({ length: 1 + rnd(20) }, () => {
      const out: { int?: KernelPrefilter['int']; path?: KernelPrefilter['path']; origin?: KernelPrefilter['origin'] } = {};
      if (rnd(2)) out.int = { arg: 2, bits: 32, ...(rnd(2) ? { in: [values[rnd(values.length)]] } : { anyBits: values[rnd(values.length)] || 1n }) };
      if (rnd(2)) out.path = { arg: 1, prefixes: [words[rnd(words.length)]] };
      if (rnd(3) === 0) out.origin = rnd(2) ? 'container' : 'host';
      if (!out.int && !out.path && !out.origin) out.path = { arg: 1, prefixes: ['/etc/'] };
      return out;
    });
    const kernel = entryNeeds(needs);
    for (let k = 0; k < 30; k++) {
      const value = values[rnd(values.length)], path = words[rnd(words.length)] + 'x', container = rnd(2) === 0;
      if (!kernelPassesNeeds(needs, 2, value, path, container)) continue;
      assert.ok(kernelPassesNeeds(kernel, 2, value, path, container), `round ${round}: dropped (${value}, ${path}, ${container})`);
    }
  }
});

test('prefilter merge is sound: whatever any need wants passes the merged prefilter (random needs)', () => {
  let seed = 12345;
  const rnd = (n: number): number => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) % n);
  const words = ['/proc/', '/proc/self/mem', '/proc/1/mem', '/etc/', '/etc/shadow', '/dev/shm/', '/tmp/', '/var/lib/docker/overlay2/', '/sys/kernel/'];
  const values = [0n, 1n, 2n, 4n, 5n, 16n, 0x4206n, 0x1_0000_0004n, -1n, 0x80n];
  for (let round = 0; round < 500; round++) {
    const needs: (KernelPrefilter | undefined)[] = Array.from({ length: 1 + rnd(4) }, () => {
      if (rnd(6) === 0) return undefined;
      const out: { int?: KernelPrefilter['int']; path?: KernelPrefilter['path'] } = {};
      if (rnd(3) > 0) out.int = { arg: rnd(2), bits: rnd(2) ? 64 : 32, ...(rnd(2) ? { in: Array.from({ length: 1 + rnd(4) }, () => values[rnd(values.length)]) } : { anyBits: values[rnd(values.length)] }) };
      if (rnd(3) > 0) out.path = { arg: 1 + rnd(2), prefixes: Array.from({ length: 1 + rnd(3) }, () => words[rnd(words.length)]) };
      return out.int || out.path ? out : undefined;
    });
    const merged = mergePrefilters(needs);
    for (let k = 0; k < 40; k++) {
      const intArg = rnd(2), value = values[rnd(values.length)], pathArg = 1 + rnd(2);
      const path = rnd(5) === 0 ? 'relative/x' : words[rnd(words.length)] + (rnd(2) ? 'x' : '');
      if (!needs.some((n) => needWants(n, intArg, value, pathArg, path))) continue;
      assert.ok(kernelPassesInt(merged, intArg, value) && kernelPassesPath(merged, pathArg, path),
        `round ${round}: ${JSON.stringify(needs, (_, v) => typeof v === 'bigint' ? String(v) : v)} want (${intArg}=${value}, ${pathArg}=${path}) but ${JSON.stringify(merged, (_, v) => typeof v === 'bigint' ? String(v) : v)} drops it`);
    }
  }
});

test('a signature selects its needs in the signature masks, prefiltered; a direct selection stays apart', () => {
  registerBuiltinSignatures(SIGNATURES);
  const injection = SIGNATURES.byName('ptrace_code_injection')!.id;
  const kc = compileKernelConfig([policy(0, [], [injection]), policy(3, [], [101])], OPTS);
  const at = (i: number, f: number): bigint => kc.selection.readBigUInt64LE(i * Selection.bytes + f);
  assert.equal(at(101, Selection.signature), 1n, 'ptrace: policy 0 for its signature');
  assert.equal(at(101, Selection.policies), 0b1000n, 'ptrace: policy 3 directly');
  assert.equal(kc.selection.readUInt32LE(101 * Selection.bytes + Selection.prefilter), PrefilterKind.int);
  const pf = kc.prefilters.find((p) => p.index === 101)!.value;
  assert.equal(pf.readUInt8(Prefilter.nrNeeds), 1);
  assert.equal(pf.readUInt8(Prefilter.needs + PrefilterNeed.flags), PrefilterNeedFlag.int);
  assert.equal(pf.readUInt8(Prefilter.needs + PrefilterNeed.intArg), 0, 'request is register 0');
  assert.equal(pf.readUInt8(Prefilter.needs + PrefilterNeed.nrValues), 2);
  assert.deepEqual([pf.readBigUInt64LE(Prefilter.needs + PrefilterNeed.values), pf.readBigUInt64LE(Prefilter.needs + PrefilterNeed.values + 8)].sort(), [4n, 5n]);
  assert.equal(kc.prefilters.length, 1, 'no prefilter entry where no signature needs one');
});

test('signature needs of two policies merge into one prefilter; a need on a tracepoint is sent whole', () => {
  const sig = (eventName: string, selects: Signature['selects']): Signature => ({
    metadata: { id: `TEST-${eventName}`, name: eventName, eventName, version: '1', description: 'test', properties: { Severity: 1, Category: 'test', Technique: '', external_id: '' } },
    selects, onEvent: () => undefined,
  });
  SIGNATURES.add([
    { signature: sig('kc_test_proc_open', [{ event: 'openat', where: { pathname: { prefix: ['/proc/'] } } }, { event: 'sched_process_exec' }]), origin: 'test' },
    { signature: sig('kc_test_shadow_open', [{ event: 'openat', where: { pathname: { prefix: ['/etc/shadow'] } } }]), origin: 'test' },
    { signature: sig('kc_test_any_open', [{ event: 'openat' }]), origin: 'test' },
  ]);
  const id = (n: string): number => SIGNATURES.byName(n)!.id;
  const kc = compileKernelConfig([policy(1, [], [id('kc_test_proc_open')]), policy(2, [], [id('kc_test_shadow_open')])], OPTS);
  const flags = (i: number): number => kc.selection.readUInt32LE(i * Selection.bytes + Selection.prefilter);
  assert.equal(kc.selection.readBigUInt64LE(257 * Selection.bytes + Selection.signature), 0b110n);
  assert.equal(flags(257), PrefilterKind.path);
  const pf = kc.prefilters.find((p) => p.index === 257)!.value;
  assert.equal(pf.readUInt8(Prefilter.pathArg), 1, 'pathname is register 1 of openat');
  assert.equal(pf.readUInt8(Prefilter.nrNeeds), 2, 'one need per signature');
  const trie = kc.entries.filter((e) => e.map === 'prefilter_prefixes');
  assert.deepEqual(trie.map((e) => e.key.readUInt32LE(PrefixKey.index)), [257, 257].map((i) => OPTS.slot * 528 + i), 'the whole selection index, slot included');
  const prefixes = trie.map((e) => [e.key.subarray(PrefixKey.path, PrefixKey.path + (e.key.readUInt32LE(PrefixKey.prefixlen) - 32) / 8).toString(), e.value.readUInt32LE()] as const);
  assert.deepEqual(Object.fromEntries(prefixes), { '/proc/': 0b01, '/etc/shadow': 0b10 });
  assert.deepEqual(prefixKey(3, '/a'), Buffer.concat([Buffer.from([48, 0, 0, 0, 3, 0, 0, 0, 0x2f, 0x61]), Buffer.alloc(62)]), 'prefixlen counts the index bits');
  assert.equal(kc.selection.readBigUInt64LE(TracepointSelectIndex.schedProcessExec * Selection.bytes + Selection.signature), 0b10n);
  assert.equal(flags(TracepointSelectIndex.schedProcessExec), 0);
  // a third policy wanting every openat: no condition left
  const wide = compileKernelConfig([policy(1, [], [id('kc_test_proc_open')]), policy(4, [], [id('kc_test_any_open')])], OPTS);
  assert.equal(wide.selection.readUInt32LE(257 * Selection.bytes + Selection.prefilter), 0);
  assert.equal(wide.prefilters.length, 0);
});

test('a signature needing a derived event: its sources get signature_derived bits (the derive test then gates them), with the register prefilter', () => {
  SIGNATURES.add([{
    signature: {
      metadata: { id: 'TEST-kc-ioctl', name: 'kc ioctl', eventName: 'kc_test_perf_ioctl', version: '1', description: 'test', properties: { Severity: 1, Category: 'test', Technique: '', external_id: '' } },
      selects: [{ event: 'perf_event_ioctl', where: { request: { in: [0x2400] } } }],
      onEvent: () => undefined,
    } satisfies Signature,
    origin: 'test',
  }]);
  const kc = compileKernelConfig([policy(2, [], [SIGNATURES.byName('kc_test_perf_ioctl')!.id])], OPTS);
  const at = (i: number, f: number): bigint => kc.selection.readBigUInt64LE(i * Selection.bytes + f);
  assert.equal(at(16, Selection.signatureDerived), 0b100n, 'ioctl, when its fd is a perf event');
  assert.equal(at(16, Selection.signature) | at(16, Selection.policies) | at(16, Selection.derived), 0n);
  assert.equal(kc.selection.readUInt32LE(16 * Selection.bytes + Selection.prefilter), PrefilterKind.int);
  const pf = kc.prefilters.find((p) => p.index === 16)!.value;
  assert.deepEqual([pf.readUInt8(PrefilterNeed.intArg), pf.readUInt8(PrefilterNeed.nrValues), pf.readBigUInt64LE(PrefilterNeed.values)], [1, 1, 0x2400n]);
});

// Exec environment: the names selected signatures declare (selects[].env) become map exec_env's entry for the slot.
import { ExecEnv, EXEC_ENV_NAME_LEN } from '../decode/record-layout.js';
import { execEnvValue } from './kernel-config.js';

test('exec env: each name as NAME= with its mask; the slot\'s exec_env entry only when a selected signature declares env', () => {
  const v = execEnvValue(['LD_PRELOAD', 'K'], 0b110n);
  assert.equal(v.readBigUInt64LE(ExecEnv.policies), 0b110n);
  assert.equal(v.length, ExecEnv.bytes);
  assert.deepEqual([v.readUInt32LE(ExecEnv.count), v[ExecEnv.len], v[ExecEnv.len + 1], v[ExecEnv.len + 2]], [2, 11, 2, 0]);
  assert.equal(v.subarray(ExecEnv.name, ExecEnv.name + EXEC_ENV_NAME_LEN).toString('latin1'), 'LD_PRELOAD='.padEnd(EXEC_ENV_NAME_LEN, '\0'));
  assert.equal(v.subarray(ExecEnv.name + EXEC_ENV_NAME_LEN, ExecEnv.name + EXEC_ENV_NAME_LEN + 3).toString('latin1'), 'K=\0');
  assert.deepEqual([...v.subarray(ExecEnv.mask, ExecEnv.mask + 12)], [...Array(11).fill(0xff), 0]);
  assert.throws(() => execEnvValue(['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'I'], 1n), (e: Error) => e instanceof KernelConfigError && /9 environment variables.*at most 8/.test(e.message));

  registerBuiltinSignatures(SIGNATURES);
  const ld = SIGNATURES.byName('ld_preload')!.id;
  const k8s = SIGNATURES.byName('k8s_api_connection')!.id;
  const kc = compileKernelConfig([policy(1, [], [ld]), policy(2, [], [k8s, ld])], { ...OPTS, slot: 1 });
  const envEntries = kc.entries.filter((e) => e.map === 'exec_env');
  assert.equal(envEntries.length, 1);
  assert.equal(envEntries[0].key.readUInt32LE(0), 1, 'keyed by slot');
  assert.equal(envEntries[0].value.readUInt32LE(ExecEnv.count), 3, 'LD_PRELOAD, LD_LIBRARY_PATH, KUBERNETES_SERVICE_HOST once each');
  assert.equal(envEntries[0].value.readBigUInt64LE(ExecEnv.policies), 0b110n, 'policies 1 and 2');
  const none = compileKernelConfig([policy(1, [], [SIGNATURES.byName('fileless_execution')!.id])], OPTS);
  assert.equal(none.entries.filter((e) => e.map === 'exec_env').length, 0, 'no env declared: no entry, no capture');
});
