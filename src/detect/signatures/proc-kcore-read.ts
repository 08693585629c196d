/**
 * TRC-1021 proc_kcore_read: /proc/kcore, the kernel's image of physical
 * memory as an ELF core file, opened for reading from a container. Tracee's
 * metadata and logic (a path ending in /proc/kcore, read access, containers
 * only); its security_file_open is the open syscalls' exits, matched on the
 * kernel's path of the returned fd (symlinks and relative paths resolved).
 */
import type { Signature } from '../signature.js';
import { openFlagsField, openSelectors, openedFor, openedPathField, watchPrefixes } from '../file-watch.js';

const KCORE = '/proc/kcore';

export const procKcoreRead: Signature = {
  metadata: {
    id: 'TRC-1021',
    version: '1',
    name: 'Kcore memory file read',
    eventName: 'proc_kcore_read',
    description: 'An attempt to read /proc/kcore file was detected. KCore provides a full dump of the physical memory of the system in the core file format. Adversaries may read this file to get all of the host memory and use this information for container escape.',
    properties: {
      Severity: 2,
      Category: 'privilege-escalation',
      Technique: 'Escape to Host',
      Kubernetes_Technique: '',
      id: 'attack-pattern--4a5b7ade-8bb5-4853-84ed-23f262002665',
      external_id: 'T1611',
    },
  },
  selects: openSelectors(watchPrefixes({ files: [KCORE] }), 'read', 'container'),
  doc: {
    data: [
      openedPathField('a path ending in /proc/kcore'),
      openFlagsField('read'),
    ],
    useCase: 'A process in a privileged container (or one given CAP_SYS_RAWIO and an unmasked /proc) reads /proc/kcore to search the host\'s memory for keys, tokens and other containers\' secrets, or for kernel addresses to build an escape.',
    issues: 'Containers only, as Tracee\'s: on the host, debuggers (gdb, crash, drgn) read /proc/kcore legitimately and are not reported. '
      + 'Container runtimes mask /proc/kcore by binding /dev/null over it; an open of the masked file succeeds and is reported too (it shows an attempt, though nothing is read). '
      + 'The kernel needs CONFIG_PROC_KCORE (absent on some VM kernels: then no /proc/kcore exists). Only successful opens are reported; O_PATH ones are not (no access). '
      + 'The kernel\'s prefilter is decided on the new fd\'s path, so a symlink elsewhere to /proc/kcore, a relative name or `..` counts. Evasions: another proc mount, such as /host/proc, which Tracee\'s suffix test would match, is outside /proc and dropped by the prefilter. /dev/mem, /dev/kmem, kernel modules and eBPF read memory other ways.',
    related: ['open', 'openat', 'openat2', 'creat', 'proc_mem_access'],
  },
  onEvent: (event) => {
    const open = openedFor(event, 'read');
    return open && (open.path === KCORE || open.path.endsWith(KCORE)) ? { data: { pathname: open.path, flags: open.flags } } : undefined;
  },
};
