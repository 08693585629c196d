/**
 * TRC-1024 proc_mem_code_injection: /proc/<pid>/mem opened for writing.
 * Tracee's metadata; its security_file_open (an LSM kprobe sysray cannot
 * have) is replaced by the exits of the open syscalls: the file is the
 * kernel's path of the returned fd (so /proc/self/mem, relative paths and
 * symlinks inside /proc are resolved), the access mode the open's flags
 * (creat: write; openat2: its decoded `how`).
 */
import type { EventSelector, Signature } from '../signature.js';
import { OPEN_WRITE_BITS } from '../predicates.js';
import { PROC_MEM_FIELDS, openFlagsField, openedPathField, procMemOpen } from '../file-watch.js';

/** The kernel (and user space) drops absolute paths outside these; '//' and '/.' keep `//proc` and `/./proc` spellings in. */
const PROC_PREFIXES = ['/proc/', '//', '/.'];
const writeOpen = (event: string): EventSelector => ({ event, origin: 'any', where: { flags: { anyBits: OPEN_WRITE_BITS }, pathname: { prefix: PROC_PREFIXES } } });

export const procMemCodeInjection: Signature = {
  metadata: {
    id: 'TRC-1024',
    version: '1',
    name: 'Code injection detected through /proc/<pid>/mem file',
    eventName: 'proc_mem_code_injection',
    description: 'Possible code injection into another process was detected. Code injection is an exploitation technique used to run malicious code, adversaries may use it in order to execute their malware.',
    properties: {
      Severity: 3,
      Category: 'defense-evasion',
      Technique: 'Proc Memory',
      Kubernetes_Technique: '',
      id: 'attack-pattern--d201d4cc-214d-4a74-a1ba-b3fa09fd4591',
      external_id: 'T1055.009',
    },
  },
  selects: [
    writeOpen('open'),
    writeOpen('openat'),
    { event: 'openat2', origin: 'any', where: { pathname: { prefix: PROC_PREFIXES } } },
    { event: 'creat', origin: 'any', where: { pathname: { prefix: PROC_PREFIXES } } },
  ],
  doc: {
    data: [
      openedPathField('/proc/<pid>/mem or /proc/<pid>/task/<tid>/mem'),
      openFlagsField('write'),
      ...PROC_MEM_FIELDS,
    ],
    useCase: 'An injector opens another process\'s /proc/<pid>/mem read-write, seeks to code or a return address and writes a payload (as with dd of=/proc/PID/mem, or Python and shell one-liners); the kernel allows it to anyone who may ptrace the victim, without stopping it. Writing its own /proc/self/mem bypasses write protection of its own code the same way.',
    issues: 'Only opens that succeeded are reported (the kernel\'s path of the new fd is needed); Tracee\'s LSM hook also sees opens refused afterwards by the ptrace access check (Yama, EACCES): look for open/openat events of /proc paths with -13. '
      + 'A process opening its own /proc/self/mem for writing is reported (Tracee does too): some JITs, debuggers and checkpoint tools do it. Debuggers (gdb writes breakpoints through /proc/PID/mem) and CRIU are expected sources. '
      + 'Unlike Tracee\'s pattern /proc/(?:\\d.+)/mem$, pids 1-9 match too. O_PATH opens (no access to the memory) and access mode 3 are not writes. '
      + 'The kernel\'s prefilter is decided on the opened file, so a symlink such as /tmp/x -> /proc/PID/mem counts; another mount of proc elsewhere does not. Evasions: io_uring opens make no syscall event. A mapping of the victim\'s memory shared with the writer, process_vm_writev and ptrace are other ways in.',
    related: ['open', 'openat', 'openat2', 'creat', 'process_vm_write_inject', 'ptrace_code_injection'],
  },
  onEvent: (event, ctx) => {
    const data = procMemOpen(event, ctx, 'write');
    return data ? { data } : undefined;
  },
};
