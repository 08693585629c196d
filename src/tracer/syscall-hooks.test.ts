import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_SYSCALLS, Selection } from '../decode/record-layout.js';
import { planSyscallHooks, selectedSyscalls, syscallsToHook } from './syscall-hooks.js';

function selection(bits: Record<number, { policies?: bigint; derived?: bigint; state?: number }>): Buffer {
  const b = Buffer.alloc((MAX_SYSCALLS + 5) * Selection.bytes);
  for (const [nr, v] of Object.entries(bits)) {
    const at = Number(nr) * Selection.bytes;
    b.writeBigUInt64LE(v.policies ?? 0n, at + Selection.policies);
    b.writeBigUInt64LE(v.derived ?? 0n, at + Selection.derived);
    b.writeUInt32LE(v.state ?? 0, at + Selection.state);
  }
  return b;
}

test('selectedSyscalls: any of policies, derived or state; tracepoint events (past 512) are not syscalls', () => {
  const sel = selection({ 0: { policies: 1n }, 16: { derived: 2n }, 3: { state: 1 }, 434: { policies: 1n << 63n }, 513: { policies: 1n } });
  assert.deepEqual(selectedSyscalls(sel), [0, 3, 16, 434]);
  assert.deepEqual(selectedSyscalls(selection({})), []);
});

test('planSyscallHooks: tracepoints for few, raw past the bound or when one has no tracepoint', () => {
  const names: Record<number, string> = { 0: 'read', 40: 'sendfile64', 434: 'pidfd_open' };
  const of = (nr: number) => names[nr];
  assert.deepEqual(planSyscallHooks([0, 40, 434], of), { kind: 'tracepoints', names: ['read', 'sendfile64', 'pidfd_open'] });
  assert.deepEqual(planSyscallHooks([0, 40, 434], of, 2), { kind: 'raw', why: '3 syscalls selected (more than 2)' });
  assert.deepEqual(planSyscallHooks([0, 175], of), { kind: 'raw', why: 'no tracepoint syscalls:sys_enter_init_module in this kernel' });
  assert.deepEqual(planSyscallHooks([], of), { kind: 'tracepoints', names: [] });
});

test('syscallsToHook: a syscall only signatures want and the kernel lacks is left out; one a policy selects is kept', () => {
  const sel = Buffer.alloc(MAX_SYSCALLS * Selection.bytes);
  const INIT_MODULE = 175, OPENAT = 257, FINIT_MODULE = 313;
  sel.writeBigUInt64LE(1n, INIT_MODULE * Selection.bytes + Selection.signature);
  sel.writeBigUInt64LE(1n, OPENAT * Selection.bytes + Selection.signature);
  sel.writeBigUInt64LE(1n, FINIT_MODULE * Selection.bytes + Selection.policies);
  const tracepoints = (nr: number) => (nr === INIT_MODULE || nr === FINIT_MODULE ? undefined : `sys_enter_${nr}`);
  assert.deepEqual(syscallsToHook(sel, tracepoints), { nrs: [OPENAT, FINIT_MODULE], unbuilt: [INIT_MODULE] });
  // no tracefs: nothing is known to be missing
  assert.deepEqual(syscallsToHook(sel, () => undefined), { nrs: [INIT_MODULE, OPENAT, FINIT_MODULE], unbuilt: [] });
});
