/**
 * TRC-1022 dropped_executable: an ELF file was written in a container at
 * run time. Images ship the binaries a container needs; one written later
 * was brought in. Tracee's logic and metadata on magic_write (the first
 * bytes written into an empty file, tested in the kernel): an ELF header,
 * not in memory (memfd, /dev/shm, /run/shm: fileless_execution's ground).
 */
import type { Signature } from '../signature.js';
import { isElf, isMemoryPath, strArg, writtenBytes } from '../predicates.js';

export const droppedExecutable: Signature = {
  metadata: {
    id: 'TRC-1022',
    version: '1',
    name: 'New executable dropped',
    eventName: 'dropped_executable',
    description: 'An Executable file was dropped in the system during runtime. Container images are usually built with all binaries needed inside. A dropped binary may indicate that an adversary infiltrated your container.',
    properties: {
      Severity: 2,
      Category: 'defense-evasion',
      Technique: 'Masquerading',
      Kubernetes_Technique: '',
      id: 'attack-pattern--42e8de7b-37b2-4258-905a-6897815e58e0',
      external_id: 'T1036',
    },
  },
  selects: [{ event: 'magic_write', origin: 'container' }],
  doc: {
    data: [
      { name: 'path', type: 'const char *', doc: 'The file the ELF header was written to, as the kernel resolves it (from the root of the container\'s mount namespace).' },
    ],
    useCase: 'An attacker with code execution in a container downloads a tool (a miner, a scanner, a reverse shell) with curl or wget, or writes one out of a script, and runs it: the binary was not in the image. The first write of `\\x7fELF` into a new or truncated file in a container gives the finding, before the binary is ever run.',
    issues: 'Containers only (Tracee\'s origin `container`: a process whose cgroup is a container\'s); use hidden_file_created or magic_write for the host. '
      + 'Legitimate writers: package managers and language toolchains in build or CI containers (apt, pip wheels with .so files, go build, gcc), self-updating agents, JIT caches writing shared objects. '
      + 'Copies the kernel makes (`cp` on coreutils 9, sendfile, copy_file_range: magic_write has content_unknown and no bytes) are judged on the file\'s first bytes read back through the writer\'s root when the event is handled (Tracee\'s vfs_write kprobe misses them): a file already gone or rewritten by then is judged on what is left. Evasions: writing the header in pieces of fewer than 4 bytes; writing past offset 0 first (the header last); writing through mmap or io_uring; an existing binary modified in place (not an empty file); a non-ELF payload (a script, or an ELF packed inside another format and unpacked into memory). '
      + 'Differs from Tracee: only the first write into an empty file counts (Tracee takes any write at offset 0), and the test is made in the kernel, so other writes cost no event.',
    related: ['magic_write', 'hidden_file_created', 'fileless_execution', 'sched_process_exec'],
  },
  onEvent: (event) => {
    const pathname = strArg(event, 'pathname');
    if (!isElf(writtenBytes(event)) || isMemoryPath(pathname)) return undefined;
    return { data: { path: pathname } };
  },
};
