/**
 * TRC-1015 hidden_file_created: an ELF file was written where a listing
 * does not show it: its name, or a directory on its path, starts with '.'
 * (Tracee's test: the path contains "/."). Tracee's logic and metadata on
 * magic_write (the first bytes written into an empty file, tested in the
 * kernel), from any origin.
 */
import type { Signature } from '../signature.js';
import { isElf, strArg, writtenBytes } from '../predicates.js';

export const hiddenFileCreated: Signature = {
  metadata: {
    id: 'TRC-1015',
    version: '1',
    name: 'Hidden executable creation detected',
    eventName: 'hidden_file_created',
    description: 'A hidden executable (ELF file) was created on disk. This activity could be legitimate; however, it could indicate that an adversary is trying to avoid detection by hiding their programs.',
    properties: {
      Severity: 2,
      Category: 'defense-evasion',
      Technique: 'Hidden Files and Directories',
      Kubernetes_Technique: '',
      id: 'attack-pattern--ec8fc7e2-b356-455c-8db5-2e37be158e7d',
      external_id: 'T1564.001',
    },
  },
  selects: [{ event: 'magic_write', origin: 'any' }],
  doc: {
    data: [],
    useCase: 'Malware drops its binary as a dot file (`/tmp/.x`, `/dev/shm/.ICE-unix/.k`, `~/.cache/.sshd`) so that `ls` and casual inspection miss it, then runs or persists it. The first write of `\\x7fELF` into a new or truncated file whose path contains `/.` gives the finding; the path is the detectedFrom event\'s `pathname` (Tracee\'s finding has no data of its own).',
    issues: 'Tracee\'s test is the path containing `/.`, so an ELF anywhere below a hidden directory counts too: tool caches under home directories (`~/.cache`, `~/.local/bin`, `~/.cargo/bin`, `~/.rustup`, `~/.npm`, `~/.vscode-server`) and build trees (`.git` hooks compiled in place, `.venv` wheels with .so files) are common legitimate sources; allowlist them by pathname filters. '
      + 'Evasions: as for dropped_executable (a header written in pieces; mmap or io_uring writes; a non-ELF payload), and making a visible binary hidden afterwards by rename, which writes nothing. '
      + 'Differs from Tracee: only the first write into an empty file counts (Tracee takes any write at offset 0), tested in the kernel; memory paths are not excluded, as in Tracee.',
    related: ['magic_write', 'dropped_executable', 'fileless_execution'],
  },
  onEvent: (event) => {
    if (!isElf(writtenBytes(event)) || !strArg(event, 'pathname').includes('/.')) return undefined;
    return { data: {} };
  },
};
