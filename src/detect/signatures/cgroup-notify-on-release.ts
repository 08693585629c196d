/**
 * TRC-106 cgroup_notify_on_release: a process in a container opens a file
 * named notify_on_release for writing. With a v1 cgroup hierarchy mounted
 * in the container, setting notify_on_release on a cgroup and a
 * release_agent on its hierarchy makes the host kernel run that agent as
 * root when the cgroup empties: a container escape. Tracee's metadata and
 * logic (base name of the file, IsFileWrite, containers only), its
 * security_file_open replaced by successful opens, the file being the
 * kernel's path of the returned fd.
 */
import type { Signature } from '../signature.js';
import { baseName } from '../predicates.js';
import { openFlagsField, openSelectors, openedFor, openedPathField } from '../file-watch.js';

export const cgroupNotifyOnRelease: Signature = {
  metadata: {
    id: 'TRC-106',
    version: '1',
    name: 'Cgroups notify_on_release file modification',
    eventName: 'cgroup_notify_on_release',
    description: 'An attempt to modify Cgroup notify_on_release file was detected. Cgroups are a Linux kernel feature which limits the resource usage of a set of processes. Adversaries may use this feature for container escaping.',
    properties: {
      Severity: 3,
      Category: 'privilege-escalation',
      Technique: 'Escape to Host',
      Kubernetes_Technique: '',
      id: 'attack-pattern--4a5b7ade-8bb5-4853-84ed-23f262002665',
      external_id: 'T1611',
    },
  },
  // a cgroup v1 hierarchy can be mounted anywhere: no path prefix, only the write flags
  selects: openSelectors(undefined, 'write', 'container'),
  doc: {
    data: [
      openedPathField('for a v1 hierarchy mounted in the container, the path in the container\'s mount namespace: /tmp/cgrp/x/notify_on_release'),
      openFlagsField('write'),
    ],
    useCase: 'The 2019 "cgroup release_agent" escape from a privileged container (or one with CAP_SYS_ADMIN and no AppArmor/SELinux confinement, CVE-2022-0492 without it): mount a v1 hierarchy (`mount -t cgroup -o rdma cgroup /tmp/cgrp`), make a cgroup, `echo 1 > /tmp/cgrp/x/notify_on_release`, point the root\'s release_agent at a script on the container\'s file system as the host sees it, and empty the cgroup: the host kernel runs the script as root outside the container.',
    issues: 'Containers only (Tracee\'s origin): the same write on the host is not reported. Any file named notify_on_release is matched, on any file system. Legitimate writers in containers are rare (systemd or a runtime managing v1 cgroups inside a system container, such as LXC or a kind node). '
      + 'The kernel sends every write open of the system to user space (a base name cannot be a prefix; the container is decided in user space), which costs on write-heavy hosts. Only successful opens are reported (Tracee\'s LSM hook also sees opens refused later, rare here); openat2\'s flags come from its `how`, or from /proc/<pid>/fdinfo when `how` could not be read: one whose fd was closed before sysray looked is reported whatever its flags. '
      + 'Evasions: the cgroup v2 hierarchy has no notify_on_release (its escape paths differ); io_uring opens make no syscall event; an fd to the file opened before the process entered the container, or passed in over a socket.',
    related: ['cgroup_release_agent', 'core_pattern_modification', 'open', 'openat', 'mount'],
  },
  onEvent: (event) => {
    const open = openedFor(event, 'write');
    return open && baseName(open.path) === 'notify_on_release' ? { data: { pathname: open.path, flags: open.flags } } : undefined;
  },
};
