/**
 * syscall_hooking (TRC-1030) cannot be rebuilt from syscalls: it is
 * registered `unavailable`, selects nothing and never fires. Checked: its
 * man page (also under Tracee's file name, syscall_table_hooking) says so
 * and names kernel_hooking_precondition; `list` marks it; `-e` naming it
 * warns in one line. Benign twin (and the replacement at work): a kernel
 * module load attempt (test/triggers/hooking_trigger.c) traced with both
 * makes a kernel_hooking_precondition finding and no syscall_hooking one.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileTrigger, keyValues, run, traceDuring, unbuiltSyscalls } from '../../../test/helpers/trace.js';
import { SIGNATURES } from '../signature-registry.js';
import { registerBuiltinSignatures } from '../load-signatures.js';
import { renderMan } from '../../cli/man.js';
import { listedEvents, renderList } from '../../cli/list.js';
import { syscallHooking } from './syscall-hooking.js';

registerBuiltinSignatures(SIGNATURES);

test('man syscall_hooking and man syscall_table_hooking: the same page, saying it never fires and what to use', () => {
  const page = renderMan('syscall_hooking');
  assert.equal(renderMan('syscall_table_hooking'), page);
  assert.ok(page.includes('**Never fires in sysray.** Tracee reads the kernel\'s syscall table from kernel memory'), page);
  assert.ok(page.includes('select kernel_hooking_precondition'));
  assert.ok(page.includes('## Hooks\nNone: it selects no event'));
  assert.ok(page.includes('also `sysray man syscall_table_hooking`'));
  const listed = listedEvents().find((e) => e.name === 'syscall_hooking');
  assert.equal(listed?.summary, 'Syscall table hooking detected (never fires in sysray: see man)');
  assert.deepEqual(listed?.signature?.selects, []);
  assert.match(renderList({ json: false }), /syscall_hooking +TRC-1030 .*\(never fires in sysray: see man\)\n/);
  assert.deepEqual(SIGNATURES.unavailableWarnings(['syscall_hooking', 'openat', 'syscall_hooking']), [`syscall_hooking never fires in sysray: ${syscallHooking.unavailable}`]);
});

test('benign twin: -e syscall_hooking warns once; a module load attempt makes kernel_hooking_precondition findings, never syscall_hooking', async () => {
  const bin = compileTrigger('hooking_trigger');
  let kv: Record<string, string> = {};
  const r = await traceDuring(['-e', ['syscall_hooking', 'kernel_hooking_precondition', ...unbuiltSyscalls(['init_module', 'finit_module'])].join(','), '-s', 'comm=hooking_trigger'], async () => {
    const out = await run(bin, ['module']);
    assert.equal(out.code, 0, out.stdout);
    kv = keyValues(out.stdout);
  });
  assert.equal(r.exitCode, 0, r.stderr);
  const warnings = r.stderr.split('\n').filter((l) => l.includes('never fires'));
  assert.deepEqual(warnings, [`sysray: syscall_hooking never fires in sysray: ${syscallHooking.unavailable}`]);
  assert.deepEqual(r.events.filter((e) => e.eventName === 'kernel_hooking_precondition').map((e) => [e.hostProcessId, e.args[0].value]), [[Number(kv.pid), 'module_load']]);
  assert.deepEqual(r.events.filter((e) => e.eventName === 'syscall_hooking'), []);
});
