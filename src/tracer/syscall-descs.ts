/**
 * Turns the event catalog into the kernel's per-syscall table (map
 * `syscall_descs`): what user memory each argument needs. This is how
 * ordinary syscalls need no C of their own. Which syscalls are traced is the
 * policies' business (src/policy/kernel-config.ts).
 */
import { ArgCapture, isExitCapture } from '../events/catalog-types.js';
import { SYSCALLS } from '../events/catalog.js';
import { cwdPaths, dirfdPaths } from '../events/path-args.js';
import { DeriveTest, MAX_ARGS, MAX_SYSCALLS, SyscallDesc, SyscallDescFlags } from '../decode/record-layout.js';
import { DESCRIBE_SOCKET_AT_EXIT, RETURNS_FD } from '../events/fd-returning.js';
import { DERIVED_SOURCES } from '../events/derived-events.js';

/** The derive test of each syscall some derived event is made from. */
function deriveTests(): Map<number, number> {
  const tests = new Map<number, number>();
  for (const sources of DERIVED_SOURCES.values()) {
    for (const s of sources) if (s.test !== 'always') tests.set(s.id, DeriveTest[s.test]);
  }
  return tests;
}

/**
 * `syscall.arg` fd arguments described at entry besides every `pidfd`: the file behind them is the point
 * (perf_event_open's group_fd: the leader named at entry, held against the one the kernel attached).
 */
export const DESCRIBED_FD_ARGS: ReadonlySet<string> = new Set([
  'fcntl.fd', 'finit_module.fd', 'kexec_file_load.kernel_fd', 'kexec_file_load.initrd_fd', 'perf_event_open.group_fd',
]);

export function buildSyscallDescs(): Buffer {
  const buf = Buffer.alloc(MAX_SYSCALLS * SyscallDesc.bytes);
  const derive = deriveTests();
  for (const sc of SYSCALLS) {
    if (sc.id >= MAX_SYSCALLS) continue;
    const base = sc.id * SyscallDesc.bytes;
    // an argv capture means exec: on success the caller's memory is replaced
    const replacesMemory = sc.args.some((a) => a.capture === 'stringArray');
    buf[base + SyscallDesc.flags] =
      (sc.noReturn ? SyscallDescFlags.noReturn : 0) |
      (replacesMemory ? SyscallDescFlags.replacesMemory : 0) |
      (RETURNS_FD.has(sc.name) ? SyscallDescFlags.returnsFd : 0);
    buf[base + SyscallDesc.derive] = derive.get(sc.id) ?? DeriveTest.none;
    // fd arguments the kernel describes at entry (DecodedArg.fd): which process a pidfd refers to (also
    // for inherited pidfds), which file a module or kernel image is loaded from, what fcntl(F_DUPFD) copies
    sc.args.forEach((arg, i) => {
      if (i < MAX_ARGS && (arg.name === 'pidfd' || DESCRIBED_FD_ARGS.has(`${sc.name}.${arg.name}`))) buf[base + SyscallDesc.describeFds] |= 1 << i;
    });
    buf[base + SyscallDesc.dirfdPaths] = dirfdPaths(sc);
    buf[base + SyscallDesc.cwdPaths] = cwdPaths(sc);
    if (DESCRIBE_SOCKET_AT_EXIT.has(sc.name)) buf[base + SyscallDesc.describeAtExit] = 1; // args[0], the socket
    sc.args.forEach((arg, i) => {
      if (i >= MAX_ARGS || arg.capture === 'none') return;
      buf[base + SyscallDesc.capture + i] = ArgCapture[arg.capture];
      buf[base + SyscallDesc.lenArg + i] = arg.lenArg ?? 0xff;
      if (isExitCapture(arg.capture)) buf[base + SyscallDesc.exitCaptures] |= 1 << i;
      else buf[base + SyscallDesc.entryCaptures] = 1;
    });
  }
  return buf;
}
