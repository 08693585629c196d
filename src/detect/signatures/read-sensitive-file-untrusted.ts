/**
 * SYSRAY-6 read_sensitive_file_untrusted: Falco's stable rule "Read
 * sensitive file untrusted" (priority WARNING → Severity 2; MITRE tags
 * credential_access, T1555): a successful open for reading of /etc/shadow,
 * /etc/sudoers, /etc/pam.conf, /etc/security/pwquality.conf or a file
 * directly in /etc/sudoers.d or /etc/pam.d, by a program not in Falco's
 * trusted lists. The file is the one the kernel opened (openedPath: a
 * symlink or a relative name is judged by the real file).
 */
import type { Signature } from '../signature.js';
import { openFlags, openedPath, processNamed } from '../predicates.js';
import { SENSITIVE_FILE_NAMES, TRUSTED_SENSITIVE_FILE_READERS, directoryOf, isSensitiveFile } from '../falco-lists.js';

const O_ACCMODE = 3, O_WRONLY = 1;
/** Kernel prefilter: every absolute name of a sensitive file starts with one of these. */
const PREFIXES = ['/etc/shadow', '/etc/sudoers', '/etc/pam.', '/etc/security/pwquality.conf'];

export const readSensitiveFileUntrusted: Signature = {
  metadata: {
    id: 'SYSRAY-6',
    version: '1',
    name: 'Read sensitive file untrusted',
    eventName: 'read_sensitive_file_untrusted',
    description: 'A sensitive file (user, password or authentication data: /etc/shadow, /etc/sudoers, PAM configuration) was opened for reading by a program that is not known to read it. Falco\'s rule "Read sensitive file untrusted".',
    tags: ['linux', 'falco'],
    properties: {
      Severity: 2,
      Category: 'credential-access',
      Technique: 'Credentials from Password Stores',
      Kubernetes_Technique: '',
      id: 'attack-pattern--3fc9b85a-2862-4363-a64d-d692e3ffbee0',
      external_id: 'T1555',
      falco_rule: 'Read sensitive file untrusted',
    },
  },
  selects: ['open', 'openat', 'openat2'].map((event) => ({ event, origin: 'any' as const, where: { pathname: { prefix: PREFIXES } } })),
  params: {
    trusted: { default: TRUSTED_SENSITIVE_FILE_READERS, doc: 'Programs (comm or executable base name) that read sensitive files for a living: Falco\'s lists (user_mgmt_binaries, userexec_binaries, package_mgmt_binaries, cron_binaries, read_sensitive_file_binaries, shell_binaries...), expanded.' },
  },
  doc: {
    data: [
      { name: 'pathname', type: 'const char *', doc: 'The sensitive file as the kernel opened it (the real file: symlinks and relative names resolved).' },
      { name: 'flags', type: 'int', doc: 'The open\'s flags (O_RDONLY 0 or O_RDWR 2, with others).' },
    ],
    useCase: 'An intruder who became root (or a process that was given the file) reads /etc/shadow to crack the password hashes offline, or reads /etc/sudoers and the PAM configuration to find who may become root and how authentication is enforced, before tampering with them. The programs that must read these files are few and known (login, su, sudo, passwd, sshd, cron, package managers); any other reader is worth a look.',
    issues: 'Falco\'s rule as written, with its Falco names; its exceptions that need cmdlines or ancestors at fixed depths (ansible, qualys, chef, google_accounts, mandb postinst, plesk, updmap, veritas, centrifydc, linux-bench) are not ported: those tools make findings here. Ported: the name lists (param `trusted`), cmp_cp_by_passwd (cmp or cp run by passwd or run-parts), runuser_reading_pam (runuser reading /etc/pam.d). '
      + 'Trust is by name (comm or the executable\'s base name), as Falco\'s `proc.name`: a copy of cat called `sshd`, or any program that calls prctl(PR_SET_NAME, "su"), reads unreported; so does every shell (shell_binaries are trusted: `read x < /etc/shadow` in bash is the shell\'s own open). '
      + 'Only successful opens are reported (Falco\'s fd.num>=0): a refused attempt by a non-root user is not. The open is judged by the file the kernel opened (the returned fd\'s path), so symlinks, `..` and relative names do not hide it; a hard link to /etc/shadow elsewhere is another name for the file and is missed (see symlink_hardlink_over_sensitive_files), as are copies (a backup /etc/shadow-), reads through an fd opened by someone else, and reads of the block device. '
      + 'Tracee has no reading counterpart (its sudoers_modification is about writing /etc/sudoers). Falco judges fd.name, its own resolution of the path; here the kernel\'s prefilter passes only opens whose new fd\'s path starts with /etc/shadow, /etc/sudoers, /etc/pam. or /etc/security/pwquality.conf (so a symlink elsewhere that points at /etc/shadow passes; a failed open, not reported, is judged by the name passed, a relative one passing).',
    related: ['openat', 'open', 'openat2', 'symlink_hardlink_over_sensitive_files'],
  },
  onEvent: (event, ctx) => {
    if (Number(event.returnValue) < 0 || event.returnedFd?.kind !== 'file') return undefined; // open_read: fd.num>=0, a file
    const flags = openFlags(event);
    if ((flags & O_ACCMODE) === O_WRONLY) return undefined; // is_open_read: O_RDONLY or O_RDWR
    const pathname = openedPath(event);
    if (!isSensitiveFile(pathname, SENSITIVE_FILE_NAMES)) return undefined;
    const comm = event.processName;
    if (comm === '' || processNamed(ctx.param('trusted'), comm, event.executablePath)) return undefined;
    const parent = ctx.process(event.hostParentProcessId)?.comm ?? '';
    if ((comm === 'cmp' || comm === 'cp') && (parent === 'passwd' || parent === 'run-parts')) return undefined; // cmp_cp_by_passwd
    if (comm === 'runuser' && directoryOf(pathname) === '/etc/pam.d') return undefined; // runuser_reading_pam
    return { data: { pathname, flags } };
  },
};
