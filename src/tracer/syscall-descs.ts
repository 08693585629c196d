/**
 * Turns the event catalog into the kernel's per-syscall table (map
 * `syscall_descs`): what user memory each argument needs. This is how
 * ordinary syscalls need no C of their own. Which syscalls are traced is the
 * policies' business (src/policy/kernel-config.ts).
 */
import { ArgCapture, isExitCapture } from '../events/catalog-types.js';
import { SYSCALLS } from '../events/catalog.js';
import { MAX_ARGS, MAX_SYSCALLS, SyscallDesc, SyscallDescFlags } from '../decode/record-layout.js';

export function buildSyscallDescs(): Buffer {
  const buf = Buffer.alloc(MAX_SYSCALLS * SyscallDesc.bytes);
  for (const sc of SYSCALLS) {
    if (sc.id >= MAX_SYSCALLS) continue;
    const base = sc.id * SyscallDesc.bytes;
    // an argv capture means exec: on success the caller's memory is replaced
    const replacesMemory = sc.args.some((a) => a.capture === 'stringArray');
    buf[base + SyscallDesc.flags] =
      (sc.noReturn ? SyscallDescFlags.noReturn : 0) | (replacesMemory ? SyscallDescFlags.replacesMemory : 0);
    sc.args.forEach((arg, i) => {
      if (i >= MAX_ARGS || arg.capture === 'none') return;
      buf[base + SyscallDesc.capture + i] = ArgCapture[arg.capture];
      buf[base + SyscallDesc.lenArg + i] = arg.lenArg ?? 0xff;
      if (isExitCapture(arg.capture)) buf[base + SyscallDesc.exitCaptures] = 1;
      else buf[base + SyscallDesc.entryCaptures] = 1;
    });
  }
  return buf;
}
