/**
 * TRC-105 fileless_execution: a program runs from memory: a memfd, or a file
 * under /dev/shm or /run/shm. Tracee's logic and metadata on
 * sched_process_exec's `pathname` (the file the kernel executed, its own
 * path: a memfd is `/memfd:NAME (deleted)`); for a script, whose `pathname`
 * is its interpreter, the path it was run by (`cmdpath`) is checked too.
 */
import type { Signature } from '../signature.js';
import { isMemoryPath, strArg } from '../predicates.js';

export const filelessExecution: Signature = {
  metadata: {
    id: 'TRC-105',
    version: '1',
    name: 'Fileless execution detected',
    eventName: 'fileless_execution',
    description: 'Fileless execution was detected. Executing a process from memory instead from a file in the filesystem may indicate that an adversary is trying to avoid execution detection.',
    properties: {
      Severity: 3,
      Category: 'defense-evasion',
      Technique: 'Reflective Code Loading',
      Kubernetes_Technique: '',
      id: 'attack-pattern--4933e63b-9b77-476e-ab29-761bc5b7d15a',
      external_id: 'T1620',
    },
  },
  selects: [{ event: 'sched_process_exec', origin: 'any' }],
  doc: {
    data: [
      { name: 'pathname', type: 'const char *', doc: 'The path in memory: the executed file as the kernel names it (`/memfd:NAME (deleted)`, `/dev/shm/...`; a file exec\'d by /run/shm/x, a symlink to /dev/shm, is /dev/shm/x), or for a script the path it was run by.' },
    ],
    useCase: 'A dropper downloads a binary and runs it without writing it to disk: memfd_create, write, then fexecve or execveat(AT_EMPTY_PATH) (or execve of /proc/self/fd/N), as in-memory loaders and many Linux malware families do; or it writes it to the shared-memory tmpfs /dev/shm, which is writable by everyone and often left out of file integrity monitoring. Nothing is left on disk for a scanner to find.',
    issues: 'Tracee\'s memfd test is the prefix `memfd:` (its own path form); sysray\'s kernel path is the kernel\'s d_path name, `/memfd:NAME (deleted)`, and both are accepted. '
      + 'Legitimate users exist: some runtimes and packers re-exec themselves from a memfd (runc has done so before running a container\'s process, its fix for CVE-2019-5736; some self-extracting launchers too), and software run from /dev/shm by installers or test suites. '
      + 'Scripts: `pathname` is the interpreter, so a script is matched by the path it was run by (`cmdpath`, as passed: a relative one such as ./x.sh run in /dev/shm, or /dev/fd/N of a memfd script, is missed). '
      + 'Evasions: other memory-backed file systems (a tmpfs /tmp, /run/user/UID), O_TMPFILE files, exec through ld.so (/lib64/ld-linux-x86-64.so.2 /dev/shm/x: the executed file is ld.so; its open of the file is an openat event), and loaders that map code without any exec (reflective ELF loading, ptrace or process_vm_writev injection).',
    related: ['sched_process_exec', 'memfd_create', 'execve', 'execveat'],
  },
  onEvent: (event) => {
    const pathname = strArg(event, 'pathname');
    if (isMemoryPath(pathname)) return { data: { pathname } };
    const cmdpath = strArg(event, 'cmdpath');
    if (strArg(event, 'interp') !== '' && isMemoryPath(cmdpath)) return { data: { pathname: cmdpath } };
    return undefined;
  },
};
