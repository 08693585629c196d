/**
 * TRC-1031 system_request_key_mod: the magic SysRq key's configuration
 * (/proc/sys/kernel/sysrq) or its trigger (/proc/sysrq-trigger) opened for
 * writing from a container: one write to the trigger reboots, crashes or
 * freezes the host, or dumps its tasks and registers to the kernel log.
 * Tracee's metadata and logic (exact paths, write access, containers only;
 * it fires on the open, before anything is written); its security_file_open
 * is the open syscalls' exits, matched on the kernel's path of the fd.
 */
import type { Signature } from '../signature.js';
import { isWatchedPath, openFlagsField, openSelectors, openedFor, openedPathField, watchPrefixes, type WatchedPaths } from '../file-watch.js';

const SYSRQ: WatchedPaths = { files: ['/proc/sys/kernel/sysrq', '/proc/sysrq-trigger'] };

export const systemRequestKeyMod: Signature = {
  metadata: {
    id: 'TRC-1031',
    version: '1',
    name: 'System request key configuration modification',
    eventName: 'system_request_key_mod',
    description: 'An attempt to modify and activate the System Request Key configuration file was detected. The system request key allows immediate input to the kernel through simple key combinations. Adversaries may use this feature to immediately shut down or restart a system. With read access to kernel logs, host related information such as listing tasks and CPU registers may be disclosed and could be used for container escape.',
    properties: {
      Severity: 3,
      Category: 'privilege-escalation',
      Technique: 'Escape to Host',
      Kubernetes_Technique: '',
      id: 'attack-pattern--4a5b7ade-8bb5-4853-84ed-23f262002665',
      external_id: 'T1611',
    },
  },
  selects: openSelectors(watchPrefixes(SYSRQ), 'write', 'container'),
  doc: {
    data: [
      openedPathField('/proc/sys/kernel/sysrq or /proc/sysrq-trigger'),
      openFlagsField('write'),
    ],
    useCase: 'From a privileged container (where /proc/sys and /proc/sysrq-trigger are writable; runtimes mount them read-only otherwise) an attacker enables every SysRq function (`echo 1 > /proc/sys/kernel/sysrq`) and writes `b` to /proc/sysrq-trigger to reboot the host, `c` to crash it, or `t`/`l` to dump every task and CPU register to a kernel log it can read.',
    issues: 'Containers only, as Tracee\'s: on the host, sysctl and init scripts set kernel.sysrq legitimately. The open is reported, whether anything is written or not (the SysRq command itself is not decoded), and a write that sets the value already there counts. '
      + 'The kernel needs CONFIG_MAGIC_SYSRQ (without it neither file exists). Only successful opens are reported: in an unprivileged container the read-only /proc/sys makes the open fail with EROFS (see the open events with -30). '
      + 'The kernel\'s prefilter is decided on the new fd\'s path, so a symlink, relative name or `..` that leads to the files counts. Evasions: another mount of proc outside /proc (its files have other paths) is dropped by it; sysctl(2) is gone from modern kernels, but io_uring opens and fds passed in from outside are not seen.',
    related: ['open', 'openat', 'openat2', 'creat', 'proc_kcore_read'],
  },
  onEvent: (event) => {
    const open = openedFor(event, 'write');
    return open && isWatchedPath(open.path, SYSRQ) ? { data: { pathname: open.path, flags: open.flags } } : undefined;
  },
};
