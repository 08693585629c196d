/**
 * SYSRAY-7 symlink_hardlink_over_sensitive_files: Falco's stable rules
 * "Create Symlink Over Sensitive Files" and "Create Hardlink Over Sensitive
 * Files" as one signature (`linkType` tells them apart; both WARNING →
 * Severity 2, credential_access, T1555): a symlink whose target is a
 * sensitive file or directory (/etc/shadow... or /, /etc, /root), or a hard
 * link whose existing name is a sensitive file. A new name for the file
 * lets a reader or a later write reach it without naming it.
 */
import path from 'node:path';
import type { TraceEvent } from '../../decode/trace-event.js';
import type { Signature } from '../signature.js';
import { newNamePath, resolvedPath, strArg } from '../predicates.js';
import { SENSITIVE_DIRECTORY_NAMES, SENSITIVE_FILE_NAMES, directoryOf } from '../falco-lists.js';

/** Falco's lists compare literally (`/etc` and `/etc/` both listed); here names are compared normalized. */
const SENSITIVE_DIRECTORIES = new Set(SENSITIVE_DIRECTORY_NAMES.map((d) => path.posix.normalize(d).replace(/(.)\/$/, '$1')));

/** An absolute path with `//`, `.`, `..` and a trailing `/` folded (by name, as the path reads). */
function _normalized(p: string): string {
  return p.startsWith('/') ? path.posix.normalize(p).replace(/(.)\/$/, '$1') : p;
}

/** What a symlink points to, absolute: a relative target is relative to the link's own directory. */
function _symlinkTarget(event: TraceEvent): string {
  const target = strArg(event, 'target');
  if (target.startsWith('/')) return _normalized(target);
  const link = newNamePath(event);
  return link.startsWith('/') ? _normalized(path.posix.join(directoryOf(link), target)) : target;
}

export const symlinkHardlinkOverSensitiveFiles: Signature = {
  metadata: {
    id: 'SYSRAY-7',
    version: '1',
    name: 'Create Symlink or Hardlink Over Sensitive Files',
    eventName: 'symlink_hardlink_over_sensitive_files',
    description: 'A symbolic link to a sensitive file or directory (/etc/shadow, /etc/sudoers, PAM configuration, /, /etc, /root), or a hard link to a sensitive file, was created. Falco\'s rules "Create Symlink Over Sensitive Files" and "Create Hardlink Over Sensitive Files".',
    tags: ['linux', 'falco'],
    properties: {
      Severity: 2,
      Category: 'credential-access',
      Technique: 'Credentials from Password Stores',
      Kubernetes_Technique: '',
      id: 'attack-pattern--3fc9b85a-2862-4363-a64d-d692e3ffbee0',
      external_id: 'T1555',
      falco_rule: 'Create Symlink Over Sensitive Files; Create Hardlink Over Sensitive Files',
    },
  },
  selects: [
    { event: 'symlink', origin: 'any' },
    { event: 'symlinkat', origin: 'any' },
    // a hard link's existing name: sensitive files only (directories cannot be hard linked), all under /etc
    ...['link', 'linkat'].map((event) => ({ event, origin: 'any' as const, where: { oldpath: { prefix: ['/etc'] } } })),
  ],
  doc: {
    data: [
      { name: 'linkType', type: 'const char *', doc: '`symlink` (Falco\'s "Create Symlink Over Sensitive Files") or `hardlink` ("Create Hardlink Over Sensitive Files").' },
      { name: 'target', type: 'const char *', doc: 'The sensitive file or directory linked to, absolute and normalized: a symlink\'s target (a relative one taken from the link\'s directory), a hard link\'s existing name (resolved against its dirfd).' },
      { name: 'linkpath', type: 'const char *', doc: 'The new name (resolved against its dirfd or the working directory).' },
    ],
    useCase: 'A link to /etc/shadow or /etc/sudoers in a directory the attacker controls: a hard link survives the file being "replaced" by name checks and keeps the old contents readable; a symlink placed where a privileged program will write (a log, a temp file, a service\'s output in a shared directory) turns that write into overwriting /etc/shadow or /etc/sudoers (the classic symlink race), and a symlink to / or /root exposes a whole tree to a service that follows links (a web root, a backup job, a container volume). Both are how a foothold becomes credentials or root.',
    issues: 'Falco\'s conditions, with three differences: paths are normalized before the comparison (`/etc//shadow`, `/etc/./shadow`, `/tmp/../etc/shadow`, a trailing `/` match, where Falco compares the argument literally); a relative symlink target is read from the link\'s directory (`ln -s ../../etc/shadow /tmp/x/l` is /etc/shadow) and a relative hard link name from its dirfd; the directories are compared without their trailing `/`. Every symlink reaches user space (a target may be `/`); of hard links only names starting with /etc, and relative ones, pass the kernel prefilter (`/tmp/../etc/shadow` as a hard link\'s name is dropped there). The comparison is by name: a target reached through another symlink (a link to /tmp/y, itself a link to /etc/shadow), a link to a hard link of /etc/shadow, or a bind mount of it are missed, and `..` is folded without looking at symlinks on the way. '
      + 'Attempts are reported whether the kernel allowed them or not (see the returnValue of `detectedFrom`): with fs.protected_hardlinks=1 a user cannot hard link a file it may not read and write (EPERM), which still says what was tried. Files in /etc/pam.d and /etc/sudoers.d are not in Falco\'s lists for these rules and are not reported. Expected findings: package scripts and configuration managers that symlink /etc/pam.d or /etc files, containers\' bind-mount preparation, chroot builders linking /etc.',
    related: ['symlink', 'symlinkat', 'link', 'linkat', 'read_sensitive_file_untrusted'],
  },
  onEvent: (event) => {
    if (event.eventName === 'symlink' || event.eventName === 'symlinkat') {
      const target = _symlinkTarget(event);
      if (!SENSITIVE_FILE_NAMES.includes(target) && !SENSITIVE_DIRECTORIES.has(target)) return undefined;
      return { data: { linkType: 'symlink', target, linkpath: newNamePath(event) } };
    }
    const target = _normalized(resolvedPath(event, 'oldpath', event.eventName === 'linkat' ? 'olddirfd' : undefined));
    if (!SENSITIVE_FILE_NAMES.includes(target)) return undefined;
    return { data: { linkType: 'hardlink', target, linkpath: newNamePath(event) } };
  },
};
