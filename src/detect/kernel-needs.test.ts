import { test } from 'node:test';
import assert from 'node:assert/strict';
import { selectorNeeds } from './kernel-needs.js';
import { SignatureRegistry } from './signature-registry.js';
import { eventByName } from '../events/catalog.js';
import type { Signature } from './signature.js';

const none = () => undefined;
const id = (name: string) => eventByName(name)!.id;

test('integer sets and bits on registers, path prefixes on captured strings', () => {
  assert.deepEqual(selectorNeeds({ event: 'ptrace', where: { request: { in: [4, 5] } } }, none), [
    { sourceId: id('ptrace'), test: 'always', prefilter: { int: { arg: 0, bits: 64, in: [4n, 5n] } } },
  ]);
  assert.deepEqual(selectorNeeds({ event: 'openat', where: { pathname: { prefix: ['/proc/'] }, flags: { anyBits: 3 } } }, none), [
    { sourceId: id('openat'), test: 'always', prefilter: { int: { arg: 2, bits: 32, anyBits: 3n }, path: { arg: 1, prefixes: ['/proc/'] } } },
  ]);
  assert.deepEqual(selectorNeeds({ event: 'kill' }, none), [{ sourceId: id('kill'), test: 'always' }]);
});

test('entryFault on arguments captured at entry (strings, sockaddrs), with the other conditions; not on registers or exit captures', () => {
  assert.deepEqual(selectorNeeds({ event: 'openat', where: { pathname: { entryFault: true } } }, none), [
    { sourceId: id('openat'), test: 'always', prefilter: { entryFault: { arg: 1 } } },
  ]);
  assert.deepEqual(selectorNeeds({ event: 'openat', where: { pathname: { prefix: ['/etc/'], entryFault: true } } }, none), [
    { sourceId: id('openat'), test: 'always', prefilter: { path: { arg: 1, prefixes: ['/etc/'] }, entryFault: { arg: 1 } } },
  ]);
  assert.deepEqual(selectorNeeds({ event: 'connect', where: { addr: { entryFault: true } } }, none), [
    { sourceId: id('connect'), test: 'always', prefilter: { entryFault: { arg: 1 } } },
  ]);
  assert.deepEqual(selectorNeeds({ event: 'openat', where: { flags: { entryFault: true } } }, none), [{ sourceId: id('openat'), test: 'always' }], 'a register cannot fault');
  assert.deepEqual(selectorNeeds({ event: 'accept', where: { addr: { entryFault: true } } }, none), [{ sourceId: id('accept'), test: 'always' }], 'read at exit only');
});

test('derived events: conditions go to the registers of each source; tracepoints are always sent', () => {
  const SET_BPF = 0x40042408;
  assert.deepEqual(selectorNeeds({ event: 'perf_event_ioctl', where: { request: { in: [SET_BPF] } } }, none), [
    { sourceId: id('ioctl'), test: 'perfFd', prefilter: { int: { arg: 1, bits: 64, in: [BigInt(SET_BPF)] } } },
    { sourceId: id('prctl'), test: 'perfPrctl', prefilter: { int: { arg: 0, bits: 32, in: [BigInt(SET_BPF)] } } },
  ]);
  assert.deepEqual(selectorNeeds({ event: 'sched_process_exec', where: { pathname: { prefix: ['/dev/shm/'] } } }, none), [
    { sourceId: id('sched_process_exec'), test: 'always' },
  ]);
  assert.throws(() => selectorNeeds({ event: 'nosuch' }, none), /selects unknown event "nosuch"/);
});

test('a signature selecting findings needs what their signature needs', () => {
  const reg = new SignatureRegistry();
  const m = (id: string, eventName: string) => ({ id, name: id, eventName, version: '1', description: 'd', properties: { Severity: 1, Category: 'c', Technique: '', external_id: '' } });
  const [a, b] = reg.add([
    { signature: { metadata: m('A', 'needs_a'), selects: [{ event: 'kill' }], onEvent: () => undefined }, origin: 'built-in' },
    { signature: { metadata: m('B', 'needs_b'), selects: [{ event: 'needs_a' }, { event: 'tkill' }], onEvent: () => undefined }, origin: 'built-in' },
  ]);
  assert.deepEqual(reg.kernelNeeds(a.id), [{ sourceId: id('kill'), test: 'always' }]);
  assert.deepEqual(reg.kernelNeeds(b.id), [{ sourceId: id('kill'), test: 'always' }, { sourceId: id('tkill'), test: 'always' }]);
  assert.equal(reg.kernelNeeds(id('kill')), undefined);
});

test('env: a sched_process_exec need carries the names; the registry and the schema refuse env elsewhere and bad names', async () => {
  assert.deepEqual(selectorNeeds({ event: 'sched_process_exec', env: ['LD_PRELOAD'] }, none), [
    { sourceId: id('sched_process_exec'), test: 'always', env: ['LD_PRELOAD'] },
  ]);
  const sig = (selects: Signature['selects']): Signature => ({
    metadata: { id: 'TEST-env', name: 'env test', eventName: 'kn_test_env', version: '1', description: 'an env test signature', properties: { Severity: 1, Category: 'test', Technique: 't', external_id: 'T1000' } },
    selects, onEvent: () => undefined,
  });
  const reg = new SignatureRegistry();
  assert.throws(() => reg.add([{ signature: sig([{ event: 'openat', env: ['X'] }]), origin: 'test' }]), /env is only for sched_process_exec \(selects openat\)/);
  assert.throws(() => reg.add([{ signature: sig([{ event: 'sched_process_exec', env: ['BAD-NAME'] }]), origin: 'test' }]), /env name "BAD-NAME"/);
  const { checkSignature } = await import('./signature-schema.js');
  assert.throws(() => checkSignature(sig([{ event: 'openat', env: ['X'] }]), 'm.js'), /m\.js: selects\.0\.env: env is only for sched_process_exec/);
  assert.throws(() => checkSignature(sig([{ event: 'sched_process_exec', env: ['A'.repeat(32)] }]), 'm.js'), /selects\.0\.env\.0: environment variable names/);
  assert.doesNotThrow(() => checkSignature(sig([{ event: 'sched_process_exec', env: ['LD_PRELOAD'] }]), 'm.js'));
});
