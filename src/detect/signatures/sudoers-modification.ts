/**
 * TRC-1028 sudoers_modification: /etc/sudoers or a file in /etc/sudoers.d
 * opened for writing,
 * or given a new name by a rename, link or symlink. Tracee's metadata and
 * logic; its security_file_open is the open syscalls' exits (the kernel's
 * path of the returned fd: symlinks resolved), its security_inode_rename the
 * renames' new name, to which links and symlinks are added as Falco does.
 */
import type { Signature } from '../signature.js';
import { PACKAGE_MANAGERS_PARAM, byPackageManager, newNameSelectors, openFlagsField, openSelectors, watchPrefixes, watchedWrite, watchedWriteOldPathField, watchedWritePathField, type WatchedPaths } from '../file-watch.js';

// Tracee's macOS paths (/private/etc/sudoers, /private/etc/sudoers.d/) mean nothing to sudo on Linux: left out
const SUDOERS: WatchedPaths = { files: ['/etc/sudoers'], dirs: ['/etc/sudoers.d'] };
const PREFIXES = watchPrefixes(SUDOERS);

export const sudoersModification: Signature = {
  metadata: {
    id: 'TRC-1028',
    version: '1',
    name: 'Sudoers file modification detected',
    eventName: 'sudoers_modification',
    description: 'The sudoers file was modified. The sudoers file is a configuration file which controls the permissions and options of the sudo feature. Adversaries may alter the sudoers file to elevate privileges, execute commands as other users or spawn processes with higher privileges.',
    properties: {
      Severity: 2,
      Category: 'privilege-escalation',
      Technique: 'Sudo and Sudo Caching',
      Kubernetes_Technique: '',
      id: 'attack-pattern--1365fe3b-0f50-455d-b4da-266ce31c23b0',
      external_id: 'T1548.003',
    },
  },
  selects: [...openSelectors(PREFIXES, 'write'), ...newNameSelectors(PREFIXES)],
  doc: {
    data: [
      watchedWritePathField('The sudoers file written or named'),
      openFlagsField('write', { withRenames: true }),
      watchedWriteOldPathField(),
    ],
    useCase: 'An attacker with a moment of root (or write access to /etc) adds `user ALL=(ALL) NOPASSWD: ALL` to /etc/sudoers or drops a file into /etc/sudoers.d, to get root again later without a password; editors and visudo write a temporary file and rename it over the original, which the rename half catches.',
    issues: 'visudo and configuration management (Ansible, Puppet, Chef) write these files legitimately: allowlist them with --signatures-config. ' + 'Package managers and what they start (dpkg and its maintainer scripts, apt, rpm, yum, dnf, pip, npm...: the `package_managers` parameter, Falco\'s package_mgmt_binaries, matched on the process and its ancestors by name) are not reported, unlike Tracee (set it empty to report them too); a program renamed to one of those names is not reported either. '
      + 'Only successful opens and renames are reported (Tracee\'s LSM hooks run after the permission check too). '
      + 'Differences from Tracee: a directory matches by whole components (/etc/sudoers.d itself or below; Tracee\'s prefix /etc/sudoers.d/ is the same), links and symlinks onto the watched names are added, opens are matched on the file the fd reached, and Tracee\'s macOS paths /private/etc/sudoers and /private/etc/sudoers.d/ are left out (sudo on Linux never reads them). '
      + 'Opens through a symlink elsewhere, a relative name or `..` count: the kernel\'s prefilter is decided on the new fd\'s path. Evasions: a bind mount of the file elsewhere, written at that path (the fd\'s path is the mount\'s, outside /etc), a rename or link whose new name leads into /etc through a directory symlink elsewhere (new names are judged as passed, made absolute), writes through an fd opened before tracing began, io_uring opens, and an `#includedir` line naming another directory are not seen. A directory of rules renamed into place is matched by its new name, /etc/sudoers.d.',
    related: ['open', 'openat', 'openat2', 'creat', 'rename', 'renameat', 'renameat2', 'link', 'linkat', 'symlink', 'symlinkat'],
  },
  params: { package_managers: PACKAGE_MANAGERS_PARAM },
  onEvent: (event, ctx) => {
    if (byPackageManager(event, ctx)) return undefined; // installing or upgrading sudo
    const data = watchedWrite(event, SUDOERS);
    return data ? { data } : undefined;
  },
};
