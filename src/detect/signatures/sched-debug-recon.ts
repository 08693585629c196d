/**
 * TRC-1029 sched_debug_recon: the scheduler's debug file (/proc/sched_debug,
 * or /sys/kernel/debug/sched/debug since Linux 5.13) opened for reading from
 * a container: it lists every task on the host with its pid, command and
 * cgroup. Tracee's metadata and logic (exact paths, read access, containers
 * only); its security_file_open is the open syscalls' exits, matched on the
 * kernel's path of the returned fd.
 */
import type { Signature } from '../signature.js';
import { isWatchedPath, openFlagsField, openSelectors, openedFor, openedPathField, watchPrefixes, type WatchedPaths } from '../file-watch.js';

const SCHED_DEBUG: WatchedPaths = { files: ['/proc/sched_debug', '/sys/kernel/debug/sched/debug'] };

export const schedDebugRecon: Signature = {
  metadata: {
    id: 'TRC-1029',
    version: '1',
    name: 'sched_debug CPU file was read',
    eventName: 'sched_debug_recon',
    description: 'The sched_debug file was read. This file contains information about your CPU and processes. Adversaries may read this file in order to gather that information for their use.',
    properties: {
      Severity: 1,
      Category: 'discovery',
      Technique: 'Container and Resource Discovery',
      Kubernetes_Technique: '',
      id: 'attack-pattern--0470e792-32f8-46b0-a351-652bc35e9336',
      external_id: 'T1613',
    },
  },
  selects: openSelectors(watchPrefixes(SCHED_DEBUG), 'read', 'container'),
  doc: {
    data: [
      openedPathField(),
      openFlagsField('read'),
    ],
    useCase: 'Reconnaissance from inside a container: the scheduler\'s debug file is not namespaced, so it shows the host\'s CPUs and every task on the host (pids, commands, cgroups), which tells an attacker what else runs there and where to escape to.',
    issues: 'Containers only, as Tracee\'s; monitoring agents running in a container may read it. '
      + 'Since Linux 5.13 the file is in debugfs (/sys/kernel/debug/sched/debug), which a container sees only when debugfs is mounted into it (privileged containers, or a bind mount of /sys/kernel/debug); kernels built without CONFIG_SCHED_DEBUG have neither. Only successful opens are reported; O_PATH ones are not. '
      + 'Evasions: debugfs mounted elsewhere (`mount -t debugfs none /mnt` gives /mnt/sched/debug) has another path and is not matched, as in Tracee (a symlink, relative name or `..` that leads to the file counts: the kernel\'s prefilter and the check here use the new fd\'s path). /proc/<pid>/sched of each visible process, /proc/schedstat and /sys/fs/cgroup give similar information.',
    related: ['open', 'openat', 'openat2', 'creat'],
  },
  onEvent: (event) => {
    const open = openedFor(event, 'read');
    return open && isWatchedPath(open.path, SCHED_DEBUG) ? { data: { pathname: open.path, flags: open.flags } } : undefined;
  },
};
