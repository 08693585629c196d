/**
 * kernel_module_loading (TRC-1017) on the real kernel:
 * test/triggers/module_trigger.c calls finit_module on /bin/true and
 * init_module on bytes that are no module. The kernel refuses both (ENOEXEC;
 * ENOSYS here, where CONFIG_MODULES is off), nothing is loaded, and each
 * attempt is one finding: finit_module's names the file. Its benign twin
 * calls delete_module of a module that does not exist: none.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { realpathSync } from 'node:fs';
import { compileTrigger, keyValues, run, traceDuring, unbuiltSyscalls } from '../../../test/helpers/trace.js';
import { BUILTIN_SIGNATURES } from './index.js';
import { kernelModuleLoading } from './kernel-module-loading.js';

const EVENT_ID = 6000 + BUILTIN_SIGNATURES.indexOf(kernelModuleLoading);

/**
 * A kernel built without modules (this one) has no syscalls tracepoint for
 * them, and sysray leaves them unhooked when only signatures want them
 * (the attempts can only fail with ENOSYS), saying so: the tests then ask
 * for the syscalls themselves too, so that the attempts are hooked anyway.
 */
const UNBUILT = unbuiltSyscalls(['init_module', 'finit_module']);
const MODULES_BUILT = UNBUILT.length === 0;
const WITH_SYSCALLS = UNBUILT.map((n) => `,${n}`).join('');

async function traceTrigger(mode: string, events: string) {
  const bin = compileTrigger('module_trigger');
  let out = { pid: 0, stdout: '', code: null as number | null };
  const r = await traceDuring(['-e', events, '-s', 'comm=module_trigger'], async () => {
    out = await run(bin, [mode]);
  });
  assert.equal(out.code, 0, out.stdout);
  assert.equal(r.exitCode, 0, r.stderr);
  assert.equal(r.lost, 0, r.stderr);
  const kv = keyValues(out.stdout);
  assert.equal(Number(kv.pid), out.pid);
  return { r, kv, pid: out.pid };
}

test('finit_module of /bin/true and init_module of a non-module: one kernel_module_loading finding each, refused or not', async () => {
  const { r, kv, pid } = await traceTrigger('load', `kernel_module_loading${WITH_SYSCALLS}`);
  const refused = Number(kv.finit);
  assert.ok(refused === -38 || refused === -8, `the kernel refused it (ENOSYS or ENOEXEC): ${kv.finit}`);
  assert.ok(['-38', '-8'].includes(kv.init), `init_module refused too: ${kv.init}`);
  const findings = r.events.filter((e) => e.eventName === 'kernel_module_loading');
  assert.equal(findings.length, 2, JSON.stringify(r.events));
  const [f, i] = findings;
  for (const x of findings) assert.deepEqual([x.eventId, x.hostProcessId, x.processName], [EVENT_ID, pid, 'module_trigger']);
  assert.deepEqual(f.args, [
    { name: 'pathname', type: 'const char *', value: realpathSync('/bin/true') },
    {
      name: 'detectedFrom', type: 'unknown',
      value: {
        id: 313, name: 'finit_module', returnValue: refused,
        args: [
          { name: 'fd', type: 'int', value: Number(kv.fd) },
          { name: 'param_values', type: 'const char*', value: '' },
          { name: 'flags', type: 'int', value: 0 },
        ],
      },
    },
  ]);
  assert.equal(i.args[0].value, '', 'init_module: an image in memory, no file');
  assert.deepEqual([i.args[1].value.name, i.args[1].value.returnValue], ['init_module', Number(kv.init)]);
  assert.deepEqual(i.args[1].value.args.map((a: { name: string }) => a.name), ['module_image', 'len', 'param_values']);
  assert.equal(i.args[1].value.args[1].value, 64);
  for (const x of findings) {
    assert.deepEqual(x.metadata, {
      Version: '1',
      Description: 'Loading of a kernel module was detected. Kernel modules are binaries meant to run in the kernel. Adversaries may try and load kernel modules to extend their capabilities and avoid detection by running in the kernel and not user space.',
      Tags: null,
      Properties: {
        Severity: 2, Category: 'persistence', Technique: 'Kernel Modules and Extensions', Kubernetes_Technique: '',
        id: 'attack-pattern--a1b52199-c8c5-438a-9ded-656f1d0888c6', external_id: 'T1547.006',
        signatureID: 'TRC-1017', signatureName: 'Kernel module loading detected',
      },
    });
  }
});

test('benign twin: delete_module of a module that does not exist makes no finding', async () => {
  const { r, kv, pid } = await traceTrigger('unload', `kernel_module_loading,delete_module${WITH_SYSCALLS}`);
  const calls = r.events.filter((e) => e.eventName === 'delete_module' && e.hostProcessId === pid);
  assert.deepEqual(calls.map((e) => [e.args[0].value, e.returnValue]), [['sysray_no_such_module', Number(kv.delete)]], 'the call was seen');
  assert.deepEqual(r.events.filter((e) => e.eventName === 'kernel_module_loading'), []);
});

test('a kernel without module support: sysray says the module syscalls are not in it, and traces the rest', { skip: MODULES_BUILT && 'this kernel has module support' }, async () => {
  const { r } = await traceTrigger('load', 'kernel_module_loading');
  assert.match(r.stderr, /sysray: not in this kernel \(no syscalls tracepoint: not built in, they can only fail with ENOSYS\): init_module, finit_module; the signatures that watch them do not see their attempts\n/);
  assert.deepEqual(r.events.filter((e) => e.eventName === 'kernel_module_loading'), []);
});
