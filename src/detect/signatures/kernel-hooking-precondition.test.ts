/**
 * kernel_hooking_precondition (SYSRAY-5) on the real kernel:
 * test/triggers/hooking_trigger.c does each precondition for real and safely
 * (nothing reaches the kernel): finit_module of /bin/true, kexec_load with
 * too many segments and kexec_file_load of /bin/true (all refused), a kprobe
 * BPF program loaded and never attached, and, in a private mount namespace
 * with tmpfs over /dev and /sys/kernel/debug, write opens of /dev/mem (the
 * char device: ENXIO without CONFIG_DEVMEM), /dev/port (a symlink: the
 * finding names the real file) and kprobes/enabled. One finding each, with
 * which precondition. Benign twins: a socket-filter BPF program, and
 * read-only opens of kprobes/list and /dev/mem: none.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { realpathSync } from 'node:fs';
import { compileTrigger, keyValues, run, traceDuring, unbuiltSyscalls, type JsonEvent } from '../../../test/helpers/trace.js';
import { BUILTIN_SIGNATURES } from './index.js';
import { kernelHookingPrecondition } from './kernel-hooking-precondition.js';
import { traceEventFixture } from '../../decode/trace-event.fixture.js';
import { eventByName } from '../../events/catalog.js';
import type { SignatureContext } from '../signature.js';

const EVENT_ID = 6000 + BUILTIN_SIGNATURES.indexOf(kernelHookingPrecondition);
const O_WRONLY = 1, O_RDWR = 2, O_CLOEXEC = 0o2000000;
const ENXIO = -6;

/** Each mode under one tracer; the file modes in their private mount namespace. */
// a kernel without modules or kexec (this one) leaves those syscalls unhooked when only signatures want them: ask for them too
const UNBUILT = unbuiltSyscalls(['init_module', 'finit_module', 'kexec_load', 'kexec_file_load']);
async function traceModes(modes: string[], events = ['kernel_hooking_precondition', ...UNBUILT].join(',')) {
  const bin = compileTrigger('hooking_trigger');
  const runs: Record<string, string>[] = [];
  const r = await traceDuring(['-e', events, '-s', 'comm=hooking_trigger'], async () => {
    for (const mode of modes) {
      const out = mode.startsWith('files')
        ? await run('/usr/bin/unshare', ['-m', '/bin/sh', '-c', `mount -t tmpfs sysray-test /dev && mount -t tmpfs sysray-test /sys/kernel/debug && exec ${bin} ${mode}`])
        : await run(bin, [mode]);
      assert.equal(out.code, 0, `${mode}: ${out.stdout}`);
      runs.push(keyValues(out.stdout));
    }
  });
  assert.equal(r.exitCode, 0, r.stderr);
  assert.equal(r.lost, 0, r.stderr);
  const of = (kv: Record<string, string>, name: string): JsonEvent[] => r.events.filter((e) => e.eventName === name && e.hostProcessId === Number(kv.pid));
  return { r, runs, of };
}

test('module, kexec, kprobe BPF program, /dev/mem, /dev/port and kprobes writes: one kernel_hooking_precondition finding each', async () => {
  const { runs, of } = await traceModes(['module', 'kexec', 'bpf', 'files']);
  const [module, kexec, bpf, files] = runs;
  const trueFile = realpathSync('/bin/true');
  assert.ok(Number(bpf.prog) >= 0, `the kprobe program loaded: ${bpf.prog}`);
  assert.ok([ENXIO, 3].includes(Number(files.mem)), `/dev/mem: ENXIO without CONFIG_DEVMEM, else opened: ${files.mem}`);
  const expected: [Record<string, string>, string, string, string, number][] = [
    // [run, syscall, precondition, pathname, returned]
    [module, 'finit_module', 'module_load', trueFile, Number(module.finit)],
    [kexec, 'kexec_load', 'kexec_load', '', Number(kexec.kexec)],
    [kexec, 'kexec_file_load', 'kexec_load', trueFile, Number(kexec.kexec_file)],
    [bpf, 'bpf', 'kprobe_program', '', Number(bpf.prog)],
    [files, 'openat', 'kernel_memory_write', '/dev/mem', Number(files.mem)],
    [files, 'openat', 'kernel_memory_write', '/dev/kmem', Number(files.port)],
    [files, 'openat', 'kprobes_write', '/sys/kernel/debug/kprobes/enabled', Number(files.kprobes)],
  ];
  const findings = runs.flatMap((kv) => of(kv, 'kernel_hooking_precondition'));
  assert.equal(findings.length, expected.length, JSON.stringify(findings.map((f) => f.args)));
  findings.forEach((f, i) => {
    const [kv, syscall, precondition, pathname, ret] = expected[i];
    assert.deepEqual([f.eventId, f.hostProcessId, f.processName], [EVENT_ID, Number(kv.pid), 'hooking_trigger'], precondition);
    assert.deepEqual(f.args.slice(0, 2), [
      { name: 'precondition', type: 'const char *', value: precondition },
      { name: 'pathname', type: 'const char *', value: pathname },
    ], `${syscall} ${pathname}`);
    const from = f.args[2].value;
    assert.deepEqual([f.args[2].name, from.name, from.returnValue], ['detectedFrom', syscall, ret], `${syscall} ${pathname}`);
    assert.deepEqual(f.metadata, {
      Version: '1',
      Description: kernelHookingPrecondition.metadata.description,
      Tags: null,
      Properties: {
        Severity: 2, Category: 'defense-evasion', Technique: 'Rootkit', Kubernetes_Technique: '',
        id: 'attack-pattern--0f20e3cb-245b-4a61-8a91-2d93f7cb0e9b', external_id: 'T1014',
        signatureID: 'SYSRAY-5', signatureName: 'Kernel hooking precondition detected',
      },
    });
  });
  // what the kernel was asked, as the findings carry it
  const [, , , load, mem, port, kprobes] = findings.map((f) => f.args[2].value.args);
  assert.deepEqual(load, [
    { name: 'cmd', type: 'int', value: 5 },
    {
      name: 'attr', type: 'union bpf_attr*',
      value: { prog_type: 2, insn_cnt: 2, log_level: 0, kern_version: 0, prog_flags: 0, prog_name: 'sysray_test', prog_ifindex: 0, expected_attach_type: 0 },
    },
    { name: 'size', type: 'unsigned int', value: load[2].value },
  ]);
  assert.deepEqual([mem[1].value, mem[2].value], ['/dev/mem', O_RDWR | O_CLOEXEC]);
  assert.deepEqual([port[1].value, port[2].value], ['/dev/port', O_WRONLY | O_CLOEXEC], 'opened by its symlink; the finding names the real file');
  assert.deepEqual([kprobes[1].value, kprobes[2].value], ['/sys/kernel/debug/kprobes/enabled', O_WRONLY | O_CLOEXEC]);
});

test('benign twin: a socket-filter BPF program, and read-only opens of kprobes/list and /dev/mem: no finding', async () => {
  const { r, runs, of } = await traceModes(['bpf-socket', 'files-read'], 'kernel_hooking_precondition,bpf,openat');
  const loads = of(runs[0], 'bpf');
  assert.deepEqual(loads.map((e) => [e.args[0].value, e.args[1].value.prog_type, e.returnValue]), [[5, 1, Number(runs[0].prog)]], 'the socket filter load was seen');
  const opens = of(runs[1], 'openat').map((e) => e.args[1].value);
  assert.ok(opens.includes('/dev/mem') && opens.includes('/sys/kernel/debug/kprobes/list'), JSON.stringify(opens));
  assert.deepEqual(r.events.filter((e) => e.eventName === 'kernel_hooking_precondition'), []);
});

test('sysray\'s own kprobe program loads are not reported (ctx.self.pid)', () => {
  const spec = eventByName('bpf')!;
  const load = (hostProcessId: number) => traceEventFixture('bpf', {
    hostProcessId,
    returnValue: 7,
    args: [
      { spec: spec.args[0], value: 5, raw: 5 },
      { spec: spec.args[1], value: { prog_type: 2, insn_cnt: 2 }, raw: 0x7000 },
      { spec: spec.args[2], value: 72, raw: 72 },
    ],
  });
  const ctx = { self: { pid: 4000, parentPid: 1 } } as SignatureContext;
  assert.equal(kernelHookingPrecondition.onEvent(load(4000), ctx), undefined);
  assert.deepEqual(kernelHookingPrecondition.onEvent(load(4001), ctx), { data: { precondition: 'kprobe_program', pathname: '' } });
});
