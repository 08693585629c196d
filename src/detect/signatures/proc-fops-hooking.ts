/**
 * TRC-1020 proc_fops_hooking: a rootkit replaced the file operations of
 * /proc (how its directories are listed) to hide processes. Tracee finds it
 * with its `hooked_proc_fops` event, which reads the proc file operations
 * from kernel memory and checks that they point into the kernel's own code.
 * sysray observes syscalls, not kernel memory: the signature is here so
 * that its name, man page and metadata are known, selects nothing and never
 * fires. What sysray watches instead is kernel_hooking_precondition.
 */
import type { Signature } from '../signature.js';

export const procFopsHooking: Signature = {
  metadata: {
    id: 'TRC-1020',
    version: '1',
    name: 'File operations hooking on proc filesystem detected',
    eventName: 'proc_fops_hooking',
    description: 'File operations hooking on proc filesystem detected. The proc filesystem is an interface for the running processes as files. This allows programs like `ps` and `top` to check what are the running processes. File operations are the functions defined on a file or directory. File operations hooking includes replacing the default function used to perform a basic task on files and directories like enumerating files. By hooking the file operations of /proc an adversary gains control on certain system function, such as file listing or other basic function performed by the operation system. The adversary may also hijack the execution flow and execute it\'s own code. File operation hooking is considered a malicious behavior that is performed by rootkits and may indicate that the host\'s kernel has been compromised. Hidden modules are marked as hidden symbol owners and indicate further malicious activity of an adversary.',
    properties: {
      Severity: 3,
      Category: 'defense-evasion',
      Technique: 'Rootkit',
      Kubernetes_Technique: '',
      id: 'attack-pattern--0f20e3cb-245b-4a61-8a91-2d93f7cb0e9b',
      external_id: 'T1014',
    },
  },
  unavailable: 'Tracee reads the file operations of /proc from kernel memory (its hooked_proc_fops event), which sysray cannot do from syscalls and tracepoints; select kernel_hooking_precondition (module loads, kexec, kprobe BPF programs, kprobes and /dev/mem writes) for what hooking needs first.',
  selects: [],
  doc: {
    data: [
      { name: 'Hooked proc file operations', type: 'unknown', doc: 'Tracee\'s: the hooked function pointers and the module owning them. Never filled in sysray.' },
    ],
    useCase: 'A rootkit hides its processes from ps, top and every tool that lists /proc (sysray\'s own /proc seeding included) by replacing iterate_shared of /proc\'s root directory with its own that skips chosen pids. Seeing it needs the pointers themselves.',
    issues: 'Never fires in sysray. Processes hidden this way still make syscalls and sched events: sysray\'s events keep showing them (a pid that events show and /proc does not list is a sign of it). '
      + 'A rootkit that is already loaded, or that gets into the kernel through an exploit rather than a module, kexec, BPF or /dev/mem, is not seen by kernel_hooking_precondition either.',
    related: ['kernel_hooking_precondition', 'kernel_module_loading', 'syscall_hooking'],
  },
  onEvent: () => undefined,
};
