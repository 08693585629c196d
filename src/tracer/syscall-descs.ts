/**
 * Turns the event catalog and a selection into the kernel's per-syscall
 * table (map `syscall_descs`): which syscalls are traced and what user memory
 * each argument needs. This is how ordinary syscalls need no C of their own.
 */
import { ArgCapture, isExitCapture } from '../events/catalog-types.js';
import { SYSCALLS } from '../events/catalog.js';
import { MAX_ARGS, MAX_SYSCALLS, SyscallDesc, SyscallDescFlags } from '../decode/record-layout.js';

export function buildSyscallDescs(selected: ReadonlySet<number>): Buffer {
  const buf = Buffer.alloc(MAX_SYSCALLS * SyscallDesc.bytes);
  for (const sc of SYSCALLS) {
    if (!selected.has(sc.id) || sc.id >= MAX_SYSCALLS) continue;
    const base = sc.id * SyscallDesc.bytes;
    buf[base + SyscallDesc.selected] = 1;
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
