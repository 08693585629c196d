/**
 * SYSRAY-5 kernel_hooking_precondition: what a rootkit must do before it can
 * hook the kernel (the syscall table, /proc's file operations, kernel
 * functions), seen where sysray can see it: in the syscalls that put code
 * into the kernel or open kernel memory. Tracee's syscall_hooking and
 * proc_fops_hooking read kernel memory for the hooks themselves; sysray
 * cannot, and reports their preconditions instead: a module load attempt,
 * kexec_load/kexec_file_load, BPF_PROG_LOAD of a kprobe program by anyone
 * but sysray, an open for writing of the kprobes controls, /dev/mem,
 * /dev/kmem or /dev/port.
 */
import type { Signature } from '../signature.js';
import { OPEN_SYSCALLS, OPEN_WRITE_BITS, fdArgPath, isFileWrite, numArg, openFlags, openedPath } from '../predicates.js';

const BPF_PROG_LOAD = 5;
const BPF_PROG_TYPE_KPROBE = 2;
/** Files whose write opens change kernel memory or code. */
const KERNEL_MEMORY = ['/dev/mem', '/dev/kmem', '/dev/port'];
/** The kprobes controls: debugfs's kprobes directory, tracefs's kprobe_events (both mount points). */
const KPROBES_DIR = '/sys/kernel/debug/kprobes/';
const KPROBE_EVENTS = ['/sys/kernel/tracing/kprobe_events', '/sys/kernel/debug/tracing/kprobe_events'];
const WATCHED = [KPROBES_DIR, ...KPROBE_EVENTS, ...KERNEL_MEMORY];

export const kernelHookingPrecondition: Signature = {
  metadata: {
    id: 'SYSRAY-5',
    version: '1',
    name: 'Kernel hooking precondition detected',
    eventName: 'kernel_hooking_precondition',
    description: 'A process did what hooking the kernel needs first: it tried to load a kernel module or a new kernel (kexec), loaded a kprobe eBPF program, or opened the kprobes controls or the kernel\'s memory devices for writing. Rootkits hook the syscall table, /proc and kernel functions this way to hide themselves and their processes.',
    properties: {
      Severity: 2,
      Category: 'defense-evasion',
      Technique: 'Rootkit',
      Kubernetes_Technique: '',
      id: 'attack-pattern--0f20e3cb-245b-4a61-8a91-2d93f7cb0e9b',
      external_id: 'T1014',
    },
  },
  selects: [
    { event: 'init_module', origin: 'any' },
    { event: 'finit_module', origin: 'any' },
    { event: 'kexec_load', origin: 'any' },
    { event: 'kexec_file_load', origin: 'any' },
    { event: 'bpf', origin: 'any', where: { cmd: { in: [BPF_PROG_LOAD] } } },
    ...OPEN_SYSCALLS.map((event) => ({
      event, origin: 'any' as const,
      where: { pathname: { prefix: WATCHED }, ...(event === 'open' || event === 'openat' ? { flags: { anyBits: OPEN_WRITE_BITS } } : {}) },
    })),
  ],
  doc: {
    data: [
      { name: 'precondition', type: 'const char *', doc: 'What was done: `module_load` (init_module, finit_module), `kexec_load` (kexec_load, kexec_file_load), `kprobe_program` (BPF_PROG_LOAD of a BPF_PROG_TYPE_KPROBE program), `kprobes_write` (a write open under /sys/kernel/debug/kprobes/ or of kprobe_events), `kernel_memory_write` (a write open of /dev/mem, /dev/kmem, /dev/port).' },
      { name: 'pathname', type: 'const char *', doc: 'The file involved: the module file (finit_module) or kernel image (kexec_file_load) as the kernel holds the fd, the opened file (its real path when the open succeeded); \'\' otherwise.' },
    ],
    useCase: 'Where Tracee\'s syscall_hooking and proc_fops_hooking find a hook already in place by reading kernel memory, this finds the step before it: the module load of an LKM rootkit, the BPF program of an eBPF rootkit (kprobe programs can override return values and read and write user memory), a kprobe set through kprobe_events, kprobes disabled through debugfs to blind a kprobe-based agent, code written through /dev/mem, a kernel swapped by kexec. After boot these are rare on servers.',
    issues: 'Attempts count, whatever the kernel answered (the finding\'s `detectedFrom.returnValue`: -ENOSYS without the feature, -EPERM without the capability or under lockdown), as kernel_module_loading does: trying is the signal. '
      + 'Legitimate users: modprobe and udev at boot, DKMS, kdump (kexec_file_load of its crash kernel), observability agents and bpftrace/BCC tools (kprobe programs; BPF_PROG_TYPE_KPROBE is also the type of uprobe programs, so uprobe tools match), perf probe (kprobe_events), dmidecode-style tools only read /dev/mem (not reported). Allow them by program with a policy. '
      + 'A module load also makes a kernel_module_loading finding. Not covered: other BPF program types that hook the kernel (fentry/fexit and LSM programs are BPF_PROG_TYPE_TRACING and _LSM, struct_ops), ftrace-based hooking from a module already loaded, exploits that write kernel memory directly, and paths reached another way (another debugfs or tracefs mount point, a device node with another name: the path, not the device number, is checked). '
      + 'Paths: a successful open is judged by the file it opened (in the kernel\'s prefilter and here), so a symlink, relative name or `..` to a watched file is caught; a failed one by the name passed, resolved against its directory.',
    related: ['syscall_hooking', 'proc_fops_hooking', 'kernel_module_loading', 'init_module', 'finit_module', 'kexec_load', 'kexec_file_load', 'bpf', 'openat'],
  },
  onEvent: (event, ctx) => {
    switch (event.eventName) {
      case 'init_module': return { data: { precondition: 'module_load', pathname: '' } };
      case 'finit_module': return { data: { precondition: 'module_load', pathname: fdArgPath(event, 'fd') } };
      case 'kexec_load': return { data: { precondition: 'kexec_load', pathname: '' } };
      case 'kexec_file_load': return { data: { precondition: 'kexec_load', pathname: fdArgPath(event, 'kernel_fd') } };
      case 'bpf': {
        const attr = event.args.find((a) => a.spec.name === 'attr')?.value as { prog_type?: unknown } | null | undefined;
        if (numArg(event, 'cmd') !== BPF_PROG_LOAD || event.hostProcessId === ctx.self.pid) return undefined;
        return attr?.prog_type === BPF_PROG_TYPE_KPROBE ? { data: { precondition: 'kprobe_program', pathname: '' } } : undefined;
      }
    }
    if (!(OPEN_SYSCALLS as readonly string[]).includes(event.eventName) || !isFileWrite(openFlags(event))) return undefined;
    const path = openedPath(event);
    if (KERNEL_MEMORY.includes(path)) return { data: { precondition: 'kernel_memory_write', pathname: path } };
    if (path.startsWith(KPROBES_DIR) || KPROBE_EVENTS.includes(path)) return { data: { precondition: 'kprobes_write', pathname: path } };
    return undefined;
  },
};
