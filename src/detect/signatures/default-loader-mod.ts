/**
 * TRC-1012 default_loader_mod: the dynamic loader (ld.so under /lib or
 * /usr/lib) opened for writing, or a file renamed or linked to its name.
 * Every dynamically linked program runs the loader first: replacing it
 * hijacks them all. Tracee's metadata and pattern (^/(lib|usr/lib).*\/ld.*\.so,
 * unanchored at the end), its LSM hooks replaced by successful opens (the
 * kernel's path of the new fd, so /lib64/ld-linux-x86-64.so.2 is the real
 * file it leads to) and successful renames and links (the new name).
 */
import type { Signature } from '../signature.js';
import { PACKAGE_MANAGERS_PARAM, byPackageManager, newName, newNameSelectors, openFlagsField, openSelectors, openedFor, watchedWriteOldPathField, watchedWritePathField } from '../file-watch.js';

const LOADER = /^\/(lib|usr\/lib).*\/ld.*\.so[^/]*/;
/** /lib covers /lib64 and /libx32; '//' and '/.': other spellings of the root. */
const PREFIXES = ['/lib', '/usr/lib', '//', '/.'];
const isLoader = (path: string): boolean => LOADER.test(path);

export const defaultLoaderMod: Signature = {
  metadata: {
    id: 'TRC-1012',
    version: '1',
    name: 'Default dynamic loader modification detected',
    eventName: 'default_loader_mod',
    description: 'The default dynamic loader has been modified. The dynamic loader is an executable file loaded to process memory and run before the executable to load dynamic libraries to the process. An attacker might use this technique to hijack the execution context of each new process and bypass defenses.',
    properties: {
      Severity: 3,
      Category: 'defense-evasion',
      Technique: 'Hijack Execution Flow',
      Kubernetes_Technique: '',
      id: 'attack-pattern--aedfca76-3b30-4866-b2aa-0f1d7fd1e4b6',
      external_id: 'T1574',
    },
  },
  selects: [...openSelectors(PREFIXES, 'write', 'any'), ...newNameSelectors(PREFIXES, 'any')],
  doc: {
    data: [
      watchedWritePathField('The loader', { opened: '/usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2 when opened as /lib64/ld-linux-x86-64.so.2 on a merged-/usr system' }),
      openFlagsField('write', { withRenames: true }),
      watchedWriteOldPathField(),
    ],
    useCase: 'Persistence or defence evasion by patching ld-linux-x86-64.so.2 (or replacing it: write a copy, then rename it over the original, as installers do) so that it loads a library or runs code before every dynamically linked program, hidden from tools that look at LD_PRELOAD or /etc/ld.so.preload.',
    issues: 'Package managers replace the loader on every libc upgrade (dpkg writes ld-linux-x86-64.so.2.dpkg-new, then renames it). ' + 'Package managers and what they start (dpkg and its maintainer scripts, apt, rpm, yum, dnf, pip, npm...: the `package_managers` parameter, Falco\'s package_mgmt_binaries, matched on the process and its ancestors by name) are not reported, unlike Tracee (set it empty to report them too); a program renamed to one of those names is not reported either. ' + 'and the pattern is wide: any path under /lib or /usr/lib with a component starting with ld followed by .so somewhere matches (Samba\'s /usr/lib/x86_64-linux-gnu/ldb/modules/ldb/asq.so, written by its package), as in Tracee: expect findings from dpkg, rpm and apk during upgrades. '
      + 'Only successful opens, renames and links are reported. Renames\' and links\' names are as passed, made absolute, not resolved: /lib64/x is /lib64/x, and a rename through a directory symlink outside /lib and /usr/lib is not seen. Opens are judged by the new fd\'s path, in the kernel\'s prefilter and here: a symlink in /tmp, a relative name or `..` that leads to the loader counts. openat2\'s flags come from its `how`, or from /proc/<pid>/fdinfo when `how` could not be read: one whose fd was closed before sysray looked is reported whatever its flags. '
      + 'Evasions: a loader elsewhere (an ELF\'s PT_INTERP can name any file; patchelf --set-interpreter), /etc/ld.so.preload and LD_PRELOAD, bind mounts over the loader (a mount, not a write), io_uring, writes through an fd opened before.',
    related: ['open', 'openat', 'creat', 'rename', 'renameat2', 'link', 'symlink', 'sched_process_exec'],
  },
  params: { package_managers: PACKAGE_MANAGERS_PARAM },
  onEvent: (event, ctx) => {
    if (byPackageManager(event, ctx)) return undefined; // a libc upgrade replaces the loader
    const open = openedFor(event, 'write');
    if (open) return isLoader(open.path) ? { data: { pathname: open.path, flags: open.flags } } : undefined;
    const made = newName(event);
    return made && isLoader(made.path) ? { data: { pathname: made.path, oldpath: made.from } } : undefined;
  },
};
