/**
 * TRC-1010 cgroup_release_agent: a process in a container opens a file
 * named release_agent for writing, or renames or links a file to that name.
 * A v1 cgroup hierarchy's release_agent is the program the host kernel runs,
 * as root and outside any container, when a cgroup with notify_on_release
 * empties: pointing it at a script is a container escape. Tracee's metadata
 * and logic (base name; open for writing, or the new name of a rename;
 * containers only), its LSM hooks replaced by successful opens (the kernel's
 * path of the new fd) and successful renames and links (the new name).
 */
import type { Signature } from '../signature.js';
import { baseName } from '../predicates.js';
import { newName, newNameSelectors, openFlagsField, openSelectors, openedFor, watchedWriteOldPathField, watchedWritePathField } from '../file-watch.js';

const isReleaseAgent = (path: string): boolean => baseName(path) === 'release_agent';

export const cgroupReleaseAgent: Signature = {
  metadata: {
    id: 'TRC-1010',
    version: '1',
    name: 'Cgroups release agent file modification',
    eventName: 'cgroup_release_agent',
    description: 'An attempt to modify Cgroup release agent file was detected. Cgroups are a Linux kernel feature which limits the resource usage of a set of processes. Adversaries may use this feature for container escaping.',
    properties: {
      Severity: 3,
      Category: 'privilege-escalation',
      Technique: 'Escape to Host',
      Kubernetes_Technique: '',
      id: 'attack-pattern--4a5b7ade-8bb5-4853-84ed-23f262002665',
      external_id: 'T1611',
    },
  },
  // a hierarchy can be mounted anywhere: no path prefix
  selects: [...openSelectors(undefined, 'write', 'container'), ...newNameSelectors(undefined, 'container')],
  doc: {
    data: [
      watchedWritePathField('The file named release_agent', { opened: '/tmp/cgrp/release_agent in the container\'s mount namespace' }),
      openFlagsField('write', { withRenames: true }),
      watchedWriteOldPathField(),
    ],
    useCase: 'The release_agent container escape (a privileged container, or CAP_SYS_ADMIN without AppArmor/SELinux, CVE-2022-0492): `mount -t cgroup -o rdma cgroup /tmp/cgrp; mkdir /tmp/cgrp/x; echo 1 > /tmp/cgrp/x/notify_on_release; echo "$host_path/cmd" > /tmp/cgrp/release_agent; sh -c "echo \\$\\$ > /tmp/cgrp/x/cgroup.procs"`: when the cgroup empties the host kernel runs cmd as root on the host.',
    issues: 'Containers only (Tracee\'s origin). Any file named release_agent is matched on any file system, renames and links too (cgroupfs itself allows neither on its files: such findings are about other file systems, as Tracee\'s would be). Legitimate writers in containers are rare (system containers managing v1 cgroups). '
      + 'The kernel sends every write open, rename and link of the system to user space (a base name is no prefix). Only successful opens, renames and links are reported; the rename\'s and link\'s names are as passed, made absolute, not the final file (a directory symlink in the new name is not resolved). openat2\'s flags come from its `how`, or from /proc/<pid>/fdinfo when `how` could not be read: one whose fd was closed before sysray looked is reported whatever its flags. '
      + 'Evasions: cgroup v2 has no release_agent; io_uring opens and renames make no syscall event; an fd opened before entering the container or passed in.',
    related: ['cgroup_notify_on_release', 'core_pattern_modification', 'open', 'openat', 'rename', 'renameat2', 'mount'],
  },
  onEvent: (event) => {
    const open = openedFor(event, 'write');
    if (open) return isReleaseAgent(open.path) ? { data: { pathname: open.path, flags: open.flags } } : undefined;
    const made = newName(event);
    return made && isReleaseAgent(made.path) ? { data: { pathname: made.path, oldpath: made.from } } : undefined;
  },
};
