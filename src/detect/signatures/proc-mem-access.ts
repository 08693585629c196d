/**
 * TRC-1023 proc_mem_access: /proc/<pid>/mem opened for reading: another
 * process's memory (or one's own) read through /proc, to steal credentials
 * and secrets. Tracee's metadata and logic (read access: O_RDONLY or
 * O_RDWR); its security_file_open is the open syscalls' exits, matched on
 * the kernel's path of the returned fd as proc_mem_code_injection (TRC-1024,
 * its writing twin) is, with the same data.
 */
import type { Signature } from '../signature.js';
import { PROC_MEM_FIELDS, openFlagsField, openSelectors, openedPathField, procMemOpen, watchPrefixes } from '../file-watch.js';

export const procMemAccess: Signature = {
  metadata: {
    id: 'TRC-1023',
    version: '1',
    name: 'Process memory access detected',
    eventName: 'proc_mem_access',
    description: 'Process memory access detected. Adversaries may access other processes memory to steal credentials and secrets.',
    properties: {
      Severity: 3,
      Category: 'credential-access',
      Technique: 'Proc Filesystem',
      Kubernetes_Technique: '',
      id: 'attack-pattern--3120b9fa-23b8-4500-ae73-09494f607b7d',
      external_id: 'T1003.007',
    },
  },
  selects: openSelectors(watchPrefixes({ dirs: ['/proc'] }), 'read'),
  doc: {
    data: [
      openedPathField('/proc/<pid>/mem or /proc/<pid>/task/<tid>/mem'),
      openFlagsField('read'),
      ...PROC_MEM_FIELDS,
    ],
    useCase: 'Credential theft from memory: a tool such as mimipenguin, or a one-liner reading /proc/PID/maps and then /proc/PID/mem, dumps the heap of sshd, a browser, a password manager or gnome-keyring and searches it for passwords, keys and tokens. The kernel allows it to anyone who may ptrace the victim, without stopping it.',
    issues: 'Debuggers (gdb reads through /proc/PID/mem), profilers, CRIU and memory scanners do this legitimately. A process reading its own /proc/self/mem is reported too (Tracee\'s kernel path is also /proc/<pid>/mem); some runtimes and sanitizers do. An O_RDWR open is both a read and a write: it makes a proc_mem_code_injection finding as well, as in Tracee. '
      + 'Only successful opens are reported (a ptrace access check refused by Yama fails with EACCES: see the open events with -13); O_PATH ones are not. Unlike Tracee\'s pattern /proc/(?:\\d.+)/mem$, pids 1-9 match too. '
      + 'Every open under /proc reaches user space (read access has no flag bit the kernel could test). '
      + 'The kernel\'s prefilter is decided on the opened file, so a symlink such as /tmp/x -> /proc/PID/mem, a relative name or `..` counts. Evasions: another mount of proc elsewhere (/host/proc/PID/mem) is not under /proc and is dropped; process_vm_readv and ptrace(PEEKDATA) read memory without /proc; io_uring opens are not seen.',
    related: ['open', 'openat', 'openat2', 'creat', 'proc_mem_code_injection', 'process_vm_write_inject', 'ptrace_code_injection'],
  },
  onEvent: (event, ctx) => {
    const data = procMemOpen(event, ctx, 'read');
    return data ? { data } : undefined;
  },
};
