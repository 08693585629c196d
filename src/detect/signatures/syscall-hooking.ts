/**
 * TRC-1030 syscall_hooking (Tracee's syscall_table_hooking.go): a rootkit
 * replaced entries of the kernel's syscall table. Tracee finds it with its
 * `hooked_syscall` event, which reads the table from kernel memory and
 * compares each entry with the kernel's own symbols. sysray observes
 * syscalls, not kernel memory: the signature is here so that its name, man
 * page and metadata are known, selects nothing and never fires. What sysray
 * watches instead is kernel_hooking_precondition: the ways code gets into
 * the kernel to do the hooking.
 */
import type { Signature } from '../signature.js';

export const syscallHooking: Signature = {
  metadata: {
    id: 'TRC-1030',
    version: '1',
    name: 'Syscall table hooking detected',
    eventName: 'syscall_hooking',
    description: 'Syscall table hooking detected. Syscalls (system calls) are the interface between user applications and the kernel. By hooking the syscall table an adversary gains control on certain system function, such as file writing and reading or other basic function performed by the operation system. The adversary may also hijack the execution flow and execute it\'s own code. Syscall table hooking is considered a malicious behavior that is performed by rootkits and may indicate that the host\'s kernel has been compromised. Hidden modules are marked as hidden symbol owners and indicate further malicious activity of an adversary.',
    properties: {
      Severity: 3,
      Category: 'defense-evasion',
      Technique: 'Rootkit',
      Kubernetes_Technique: '',
      id: 'attack-pattern--0f20e3cb-245b-4a61-8a91-2d93f7cb0e9b',
      external_id: 'T1014',
    },
  },
  aliases: ['syscall_table_hooking'],
  unavailable: 'Tracee reads the kernel\'s syscall table from kernel memory (its hooked_syscall event), which sysray cannot do from syscalls and tracepoints; select kernel_hooking_precondition (module loads, kexec, kprobe BPF programs, kprobes and /dev/mem writes) for what hooking needs first.',
  selects: [],
  doc: {
    useCase: 'A loadable-module rootkit (Diamorphine, Reptile and their kin) overwrites sys_call_table entries (getdents64, kill, openat) to hide files, processes and itself; every program\'s view of the system is then the rootkit\'s. Detecting the overwrite needs the table itself: Tracee scans it periodically and on demand.',
    issues: 'Never fires in sysray. Kernels since 6.9 on x86_64 no longer call through sys_call_table (a switch statement dispatches syscalls), so overwriting the table does not hook them there anyway; rootkits moved to ftrace, kprobes and eBPF, which kernel_hooking_precondition covers at their start. '
      + 'A rootkit that is already loaded, or that gets into the kernel through an exploit rather than a module, kexec, BPF or /dev/mem, is not seen by either.',
    related: ['kernel_hooking_precondition', 'kernel_module_loading', 'proc_fops_hooking'],
  },
  onEvent: () => undefined,
};
