/**
 * TRC-1017 kernel_module_loading: a process asks the kernel to load a
 * module. Tracee selects its `module_load` event (the kernel's module
 * tracepoint: a module was loaded); sysray has no module hook here and
 * selects the two syscalls that load one, init_module (an image in memory)
 * and finit_module (a file, which the kernel names: its fd is described at
 * entry). Every attempt is a finding, whether the kernel took the module
 * or refused it: see doc.issues.
 */
import type { Signature } from '../signature.js';
import { fdArgPath } from '../predicates.js';

export const kernelModuleLoading: Signature = {
  metadata: {
    id: 'TRC-1017',
    version: '1',
    name: 'Kernel module loading detected',
    eventName: 'kernel_module_loading',
    description: 'Loading of a kernel module was detected. Kernel modules are binaries meant to run in the kernel. Adversaries may try and load kernel modules to extend their capabilities and avoid detection by running in the kernel and not user space.',
    properties: {
      Severity: 2,
      Category: 'persistence',
      Technique: 'Kernel Modules and Extensions',
      Kubernetes_Technique: '',
      id: 'attack-pattern--a1b52199-c8c5-438a-9ded-656f1d0888c6',
      external_id: 'T1547.006',
    },
  },
  selects: [
    { event: 'init_module', origin: 'any' },
    { event: 'finit_module', origin: 'any' },
  ],
  doc: {
    data: [
      { name: 'pathname', type: 'const char *', doc: 'finit_module: the file the module is read from, as the kernel holds the fd (its real path); \'\' for init_module (an image in memory) or when the fd is not a file.' },
    ],
    useCase: 'A rootkit (Diamorphine, Reptile, a custom LKM) is loaded with insmod or by its dropper calling init_module/finit_module directly; once in the kernel it can hide processes, files and connections from every user-space tool, sysray\'s /proc reads included. Module loads after boot are rare on servers and containers, and a container that can load modules has escaped.',
    issues: 'Attempts, not loads: Tracee\'s module_load fires once the kernel has loaded a module; sysray sees the syscall and reports it whatever it returned (the finding\'s `detectedFrom.returnValue`: 0 loaded, -EEXIST already loaded, -ENOEXEC not a module, -EPERM without CAP_SYS_MODULE or under lockdown, -ENOKEY/-EKEYREJECTED unsigned, -ENOSYS on a kernel without modules). A refused attempt still says that something tried to put code in the kernel; filter on the return value where only loads matter. '
      + 'Legitimate loads: modprobe at boot, udev loading drivers for new hardware, DKMS, container runtimes loading overlay or netfilter modules on first use; name them with a policy (comm or executable scope). '
      + 'Not seen: modules the kernel requests itself (request_module runs modprobe as a child of kthreadd: its finit_module is seen, from modprobe), code put into the kernel without a module (eBPF, kexec, /dev/mem: see kernel_hooking_precondition), the module\'s name (in the image, not the syscall; the file name is given for finit_module).',
    related: ['init_module', 'finit_module', 'delete_module', 'kernel_hooking_precondition'],
  },
  onEvent: (event) => {
    if (event.eventName !== 'init_module' && event.eventName !== 'finit_module') return undefined;
    return { data: { pathname: event.eventName === 'finit_module' ? fdArgPath(event, 'fd') : '' } };
  },
};
