/**
 * proc_fops_hooking (TRC-1020) cannot be rebuilt from syscalls: it is
 * registered `unavailable`, selects nothing and never fires. Checked: its
 * man page says so and names kernel_hooking_precondition; `list` marks it;
 * `-e` naming it warns in one line. Benign twin (and the replacement at
 * work): a BPF kprobe program load (test/triggers/hooking_trigger.c) traced
 * with both makes a kernel_hooking_precondition finding and no
 * proc_fops_hooking one.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileTrigger, keyValues, run, traceDuring } from '../../../test/helpers/trace.js';
import { SIGNATURES } from '../signature-registry.js';
import { registerBuiltinSignatures } from '../load-signatures.js';
import { renderMan } from '../../cli/man.js';
import { listedEvents } from '../../cli/list.js';
import { procFopsHooking } from './proc-fops-hooking.js';

registerBuiltinSignatures(SIGNATURES);

test('man proc_fops_hooking says it never fires and what to use; list marks it', () => {
  const page = renderMan('proc_fops_hooking');
  assert.ok(page.includes('**Never fires in sysray.** Tracee reads the file operations of /proc from kernel memory'), page);
  assert.ok(page.includes('select kernel_hooking_precondition'));
  assert.ok(page.includes('## Hooks\nNone: it selects no event'));
  const listed = listedEvents().find((e) => e.name === 'proc_fops_hooking');
  assert.equal(listed?.summary, 'File operations hooking on proc filesystem detected (never fires in sysray: see man)');
});

test('benign twin: -e proc_fops_hooking warns once; a kprobe program load makes a kernel_hooking_precondition finding, never proc_fops_hooking', async () => {
  const bin = compileTrigger('hooking_trigger');
  let kv: Record<string, string> = {};
  const r = await traceDuring(['-e', 'proc_fops_hooking', '-e', 'kernel_hooking_precondition', '-s', 'comm=hooking_trigger'], async () => {
    const out = await run(bin, ['bpf']);
    assert.equal(out.code, 0, out.stdout);
    kv = keyValues(out.stdout);
  });
  assert.equal(r.exitCode, 0, r.stderr);
  const warnings = r.stderr.split('\n').filter((l) => l.includes('never fires'));
  assert.deepEqual(warnings, [`sysray: proc_fops_hooking never fires in sysray: ${procFopsHooking.unavailable}`]);
  assert.deepEqual(r.events.filter((e) => e.eventName === 'kernel_hooking_precondition').map((e) => [e.hostProcessId, e.args[0].value]), [[Number(kv.pid), 'kprobe_program']]);
  assert.deepEqual(r.events.filter((e) => e.eventName === 'proc_fops_hooking'), []);
});
