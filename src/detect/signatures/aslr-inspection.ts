/**
 * TRC-109 aslr_inspection: /proc/sys/kernel/randomize_va_space opened for
 * reading. An exploit checks whether ASLR is on before choosing fixed
 * addresses. Tracee's metadata and logic (IsFileRead: O_RDONLY or O_RDWR),
 * its security_file_open replaced by successful opens, the file being the
 * kernel's path of the returned fd.
 */
import type { Signature } from '../signature.js';
import { openFlagsField, openSelectors, openedFor, openedPathField } from '../file-watch.js';

const ASLR_PATH = '/proc/sys/kernel/randomize_va_space';

export const aslrInspection: Signature = {
  metadata: {
    id: 'TRC-109',
    version: '1',
    name: 'ASLR inspection detected',
    eventName: 'aslr_inspection',
    description: 'The ASLR (address space layout randomization) configuration was inspected. ASLR is used by Linux to prevent memory vulnerabilities. An adversary may want to inspect and change the ASLR configuration in order to avoid detection.',
    properties: {
      Severity: 0,
      Category: 'privilege-escalation',
      Technique: 'Exploitation for Privilege Escalation',
      Kubernetes_Technique: '',
      id: 'attack-pattern--b21c3b2d-02e6-45b1-980b-e69051040839',
      external_id: 'T1068',
    },
  },
  // '//' and '/.': other spellings of the root, resolved by the fd's path
  selects: openSelectors([ASLR_PATH, '//', '/.'], 'read', 'any'),
  doc: {
    data: [
      openedPathField('/proc/sys/kernel/randomize_va_space'),
      openFlagsField('read'),
    ],
    useCase: 'Exploit code for a memory corruption bug reads randomize_va_space (0 off, 1 partial, 2 full) to decide between fixed addresses and an information leak, or before writing 0 to turn ASLR off (a write-only open is not a read: not reported here).',
    issues: 'Severity 0: informational. Legitimate readers are common: `sysctl -a` and `sysctl kernel.randomize_va_space`, hardening and compliance scanners (lynis, CIS benchmarks), monitoring agents, some debuggers. '
      + 'Only successful opens are reported. Tracee compares the path passed to its LSM hook; sysray, in the kernel\'s prefilter and here, the kernel\'s path of the new fd, so a symlink elsewhere, a relative name or `..` that leads to the file is seen as the file. '
      + 'openat2\'s flags come from its `how`, or from /proc/<pid>/fdinfo when `how` could not be read: one whose fd was closed before sysray looked is reported whatever its flags. Evasions: /proc mounted at another place, reading the value indirectly (the layout of /proc/self/maps across runs, personality(ADDR_NO_RANDOMIZE) and `setarch -R`, which disable it without reading it).',
    related: ['open', 'openat', 'openat2', 'core_pattern_modification'],
  },
  onEvent: (event) => {
    const open = openedFor(event, 'read');
    return open?.path === ASLR_PATH ? { data: { pathname: open.path, flags: open.flags } } : undefined;
  },
};
