/**
 * TRC-1025 process_vm_write_inject: process_vm_writev into another process's
 * memory. Tracee's logic and metadata: the `pid` argument differs from the
 * caller's pid. Both are numbers of the caller's pid namespace (`pid` is
 * resolved there by the kernel, `processId` is the caller's pid there), so
 * they are compared with each other, never with host pids. A write to its
 * own memory by a thread id of the caller is not another process either.
 */
import type { Signature } from '../signature.js';
import { hostThreadGroup, inHostPidNamespace, numArg, processData } from '../predicates.js';

export const processVmWriteInject: Signature = {
  metadata: {
    id: 'TRC-1025',
    version: '1',
    name: 'Code injection detected using process_vm_writev syscall',
    eventName: 'process_vm_write_inject',
    description: 'Possible code injection into another process was detected. Code injection is an exploitation technique used to run malicious code, adversaries may use it in order to execute their malware.',
    properties: {
      Severity: 3,
      Category: 'defense-evasion',
      Technique: 'Process Injection',
      Kubernetes_Technique: '',
      id: 'attack-pattern--43e7dc91-05b2-474c-b9ac-2ed4fe101f4d',
      external_id: 'T1055',
    },
  },
  selects: [{ event: 'process_vm_writev', origin: 'any' }],
  doc: {
    data: [
      { name: 'target', type: 'unknown', doc: 'The process written to, {hostProcessId, processName, executable: {path}, processEntityId}, when the caller is in the host\'s pid namespace (where `pid` is a host id; a thread id is resolved to its process); absent otherwise (inside a container `pid` is the container\'s number: see detectedFrom).' },
    ],
    useCase: 'An injector writes shellcode or a patched pointer straight into another process\'s memory with one process_vm_writev call (no ptrace attach, no /proc file), then makes it run: the code runs with the victim\'s identity, files and sockets.',
    issues: 'The call is reported whether it succeeded or not (returnValue in detectedFrom: bytes written, or -1 EPERM, -3 ESRCH, -14 EFAULT): a refused attempt is an attempt. '
      + 'Namespaces: `pid` is read by the kernel in the caller\'s pid namespace and compared with the caller\'s pid in that namespace (processId, as Tracee does), so writes to itself from inside a container are not reported; comparing with hostProcessId would report every one. '
      + 'A write to itself through the tid of another of its own threads is recognised in the host\'s pid namespace while that thread still exists when sysray handles the event, milliseconds later (the Tgid in /proc/<tid>/status is the caller); otherwise, and always inside a container, it is reported, as Tracee does. '
      + 'Legitimate writers exist: debuggers and checkpoint/restore tools (CRIU), some language runtimes\' profilers and hot-patchers. '
      + 'Not covered here: writes through ptrace (ptrace_code_injection), /proc/<pid>/mem (proc_mem_code_injection), shared memory or files the victim maps.',
    related: ['process_vm_writev', 'process_vm_readv', 'ptrace_code_injection', 'proc_mem_code_injection'],
  },
  onEvent: (event, ctx) => {
    const pid = numArg(event, 'pid');
    if (pid === event.processId || pid === event.threadId) return undefined;
    const target = inHostPidNamespace(event) ? hostThreadGroup(ctx, pid) : undefined;
    if (target === event.hostProcessId) return undefined;
    return { data: { target: target !== undefined ? processData(ctx, target) : undefined } };
  },
};
