/**
 * TRC-1026 rcd_modification: SysV init's boot scripts (/etc/init.d, the
 * /etc/rcN.d runlevel links, /etc/rc.local, Red Hat's /etc/rc.d) opened for
 * writing or given a new name, or update-rc.d run. Tracee's metadata and
 * logic; its security_file_open is the open syscalls' exits (the kernel's
 * path of the returned fd), security_inode_rename the renames' new name
 * (links and symlinks added: runlevel entries are symlinks), and the exec
 * check sees update-rc.d, a Perl script, by the path it was run by.
 */
import type { Signature } from '../signature.js';
import { PACKAGE_MANAGERS_PARAM, byPackageManager, executedProgram, newNameSelectors, openFlagsField, openSelectors, watchPrefixes, watchedWrite, watchedWriteOldPathField, watchedWritePathField, type WatchedPaths } from '../file-watch.js';

const RCD: WatchedPaths = {
  files: ['/etc/rc.local', '/etc/init.d/rc.local'],
  dirs: ['/etc/rc0.d', '/etc/rc1.d', '/etc/rc2.d', '/etc/rc3.d', '/etc/rc4.d', '/etc/rc5.d', '/etc/rc6.d', '/etc/rcs.d', '/etc/rcS.d', '/etc/init.d', '/etc/rc.d'],
};
const RCD_COMMAND = 'update-rc.d';
const PREFIXES = watchPrefixes(RCD);

export const rcdModification: Signature = {
  metadata: {
    id: 'TRC-1026',
    version: '1',
    name: 'Rcd modification detected',
    eventName: 'rcd_modification',
    description: 'The rcd files were modified. rcd files are scripts executed on boot and runlevel switch. Those scripts are responsible for service control in runlevel switch. Adversaries may add or modify rcd files in order to persist a reboot, thus maintaining malicious execution on the affected host.',
    properties: {
      Severity: 2,
      Category: 'persistence',
      Technique: 'RC Scripts',
      Kubernetes_Technique: '',
      id: 'attack-pattern--dca670cf-eeec-438f-8185-fd959d9ef211',
      external_id: 'T1037.004',
    },
  },
  selects: [...openSelectors(PREFIXES, 'write'), ...newNameSelectors(PREFIXES), { event: 'sched_process_exec', origin: 'any' }],
  doc: {
    data: [
      watchedWritePathField('The rc file written or named', { orElse: 'for runs of update-rc.d, the path it was run by' }),
      openFlagsField('write', { withRenames: true }),
      watchedWriteOldPathField('../init.d/NAME'),
    ],
    useCase: 'Boot persistence on SysV-style systems (and systemd ones, whose sysv-generator still runs /etc/init.d scripts and /etc/rc.local): an attacker writes a script into /etc/init.d and links it into /etc/rc2.d as S99name, appends a command to /etc/rc.local, or registers the script with update-rc.d.',
    issues: 'Package managers and what they start (dpkg and its maintainer scripts, apt, rpm, yum, dnf, pip, npm...: the `package_managers` parameter, Falco\'s package_mgmt_binaries, matched on the process and its ancestors by name) are not reported, unlike Tracee (set it empty to report them too); a program renamed to one of those names is not reported either. systemctl enable of a SysV service runs update-rc.d too (allowlist systemctl with --signatures-config when that is routine). Every run of update-rc.d is reported, its usage message too. '
      + 'Only successful opens and renames are reported. '
      + 'Differences from Tracee: directories match by whole components (Tracee\'s prefix /etc/init.d also matches /etc/init.d.bak); /etc/rc0.d (halt) and Debian\'s /etc/rcS.d are added to Tracee\'s list, which has /etc/rcs.d; links and symlinks onto the watched names are added; update-rc.d is matched by the path it was run by (the executed file is perl). '
      + 'Opens are judged by the new fd\'s path, in the kernel\'s prefilter and here (a symlink, relative name or `..` that leads to a watched file counts); renames and links by the new name as passed, made absolute. Evasions: a rename or link whose new name leads into /etc through a directory symlink elsewhere (/tmp/e/init.d/x, /tmp/e a symlink to /etc) is dropped by the prefilter; systemd units (/etc/systemd/system), /etc/profile.d, writes through fds opened before tracing began and a renamed update-rc.d are not seen.',
    related: ['open', 'openat', 'openat2', 'creat', 'rename', 'renameat', 'renameat2', 'link', 'linkat', 'symlink', 'symlinkat', 'sched_process_exec', 'scheduled_task_mod'],
  },
  params: { package_managers: PACKAGE_MANAGERS_PARAM },
  onEvent: (event, ctx) => {
    if (byPackageManager(event, ctx)) return undefined; // installing a package with an init script
    if (event.eventName === 'sched_process_exec') {
      const program = executedProgram(event);
      return program.name === RCD_COMMAND ? { data: { pathname: program.path } } : undefined;
    }
    const data = watchedWrite(event, RCD);
    return data ? { data } : undefined;
  },
};
