/**
 * TRC-1011 core_pattern_modification: a process in a container opens
 * /proc/sys/kernel/core_pattern for writing. A core_pattern starting with
 * `|` is a program the host kernel runs as root, outside any container,
 * whenever a process crashes: a container escape for anyone who can write
 * it. Tracee's metadata and logic (a path ending in
 * /proc/sys/kernel/core_pattern, so /host/proc/... too; IsFileWrite;
 * containers only), its security_file_open replaced by successful opens, the
 * file being the kernel's path of the returned fd.
 */
import type { Signature } from '../signature.js';
import { openFlagsField, openSelectors, openedFor, openedPathField } from '../file-watch.js';

const CORE_PATTERN = '/proc/sys/kernel/core_pattern';

export const corePatternModification: Signature = {
  metadata: {
    id: 'TRC-1011',
    version: '1',
    name: 'Core dumps configuration file modification detected',
    eventName: 'core_pattern_modification',
    description: 'Modification of the core dump configuration file (core_pattern) detected. Core dumps are usually written to disk when a program crashes. Certain modifications enable container escaping through the kernel core_pattern feature.',
    properties: {
      Severity: 3,
      Category: 'privilege-escalation',
      Technique: 'Escape to Host',
      Kubernetes_Technique: '',
      id: 'attack-pattern--4a5b7ade-8bb5-4853-84ed-23f262002665',
      external_id: 'T1611',
    },
  },
  // a suffix (proc may be mounted anywhere in the container): only the write flags are prefiltered
  selects: openSelectors(undefined, 'write', 'container'),
  doc: {
    data: [
      openedPathField('/proc/sys/kernel/core_pattern, or another mount of proc: /host/proc/sys/kernel/core_pattern'),
      openFlagsField('write'),
    ],
    useCase: 'From a privileged container (or one with the host\'s /proc mounted writable): `echo "|$host_path/cmd" > /proc/sys/kernel/core_pattern`, then crash a process: the kernel runs cmd as root in the host\'s namespaces, with the dump on its standard input.',
    issues: 'Containers only (Tracee\'s origin): the same write on the host (systemd-coredump, apport, abrt setting it at boot) is not reported. Any write open is reported, whatever is written (also writing the value already there). '
      + 'The kernel sends every write open of the system to user space (a suffix is no prefix). Only successful opens are reported; openat2\'s flags come from its `how`, or from /proc/<pid>/fdinfo when `how` could not be read: one whose fd was closed before sysray looked is reported whatever its flags. '
      + 'Evasions: `sysctl -w kernel.core_pattern=...` is a write open too (reported); io_uring opens make no syscall event; an fd opened before entering the container or passed in; other host-run helpers (modprobe\'s /proc/sys/kernel/modprobe, uevent_helper, binfmt_misc) are other signatures\' matter.',
    related: ['cgroup_release_agent', 'cgroup_notify_on_release', 'aslr_inspection', 'open', 'openat'],
  },
  onEvent: (event) => {
    const open = openedFor(event, 'write');
    return open?.path.endsWith(CORE_PATTERN) ? { data: { pathname: open.path, flags: open.flags } } : undefined;
  },
};
