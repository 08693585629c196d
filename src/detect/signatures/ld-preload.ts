/**
 * TRC-107 ld_preload: a program is started with LD_PRELOAD or
 * LD_LIBRARY_PATH in its environment, or /etc/ld.so.preload is opened for
 * writing or renamed/linked into place: the dynamic loader then maps the
 * named library into every program before its own, a classic way to hook
 * functions (rootkits, credential stealers). Tracee's logic and metadata:
 * the env entries come from sched_process_exec's `env` (the kernel copies
 * only these two names, from the new program's own memory); the file part
 * is security_file_open / security_inode_rename, here the opens' returned
 * fd (openedPath: the real file, through symlinks) and the new names of
 * renames and links.
 */
import type { Signature } from '../signature.js';
import { LINK_SYSCALLS, OPEN_SYSCALLS, RENAME_SYSCALLS, isFileWrite, newNamePath, openFlags, openedPath } from '../predicates.js';
import { newNameSelectors, openSelectors, watchPrefixes } from '../file-watch.js';

const PRELOAD_ENVS = ['LD_PRELOAD', 'LD_LIBRARY_PATH'] as const;
const PRELOAD_PATH = '/etc/ld.so.preload';

const PREFIXES = watchPrefixes({ files: [PRELOAD_PATH] });
const isPreloadPath = (path: string): boolean => path === PRELOAD_PATH;
const OPENS = new Set<string>(OPEN_SYSCALLS);
const NEW_NAMES = new Set<string>([...RENAME_SYSCALLS, ...LINK_SYSCALLS]);

export const ldPreload: Signature = {
  metadata: {
    id: 'TRC-107',
    version: '1',
    name: 'LD_PRELOAD code injection detected',
    eventName: 'ld_preload',
    description: "LD_PRELOAD usage was detected. LD_PRELOAD lets you load your library before any other library, allowing you to hook functions in a process. Adversaries may use this technique to change your applications' behavior or load their own programs.",
    properties: {
      Severity: 2,
      Category: 'persistence',
      Technique: 'Hijack Execution Flow',
      Kubernetes_Technique: '',
      id: 'attack-pattern--aedfca76-3b30-4866-b2aa-0f1d7fd1e4b6',
      external_id: 'T1574',
    },
  },
  selects: [
    { event: 'sched_process_exec', origin: 'any', env: [...PRELOAD_ENVS] },
    // write opens of the file (the kernel tests the opened file's path), and new names given to it
    ...openSelectors(PREFIXES, 'write'),
    ...newNameSelectors(PREFIXES),
  ],
  doc: {
    data: [
      { name: 'LD_PRELOAD', type: 'const char *', doc: 'Exec findings: the `LD_PRELOAD=...` entry of the new program\'s environment (value cut at 256 bytes).' },
      { name: 'LD_LIBRARY_PATH', type: 'const char *', doc: 'Exec findings: the `LD_LIBRARY_PATH=...` entry, when it came before any LD_PRELOAD one.' },
    ],
    useCase: 'An attacker who can run a command sets LD_PRELOAD=/tmp/evil.so (or points LD_LIBRARY_PATH at a directory with a look-alike libc) so that a program loads their library first and its functions (readdir, pam_authenticate, write) are hooked; or, with root, writes a library path into /etc/ld.so.preload so that every dynamically linked program on the host loads it: the persistence of userland rootkits such as Azazel, Jynx and libprocesshider.',
    issues: 'One finding per exec that inherits the variable: a shell with LD_PRELOAD exported reports every program it starts, and legitimate users are many (jemalloc/tcmalloc preloads, faketime, libeatmydata, sanitizers, snap and flatpak launchers, LD_LIBRARY_PATH in vendor start scripts): expect to allowlist. Only the first matching entry is reported, as in Tracee. '
      + 'The file part is /etc/ld.so.preload as the writer sees it: a container\'s own, or a chroot\'s from inside it; the kernel drops write opens outside /etc before anything is sent (on the opened file\'s path), so a host process writing a container\'s file by its host path (/proc/PID/root/..., the runtime\'s overlay directories) is not reported. Opens are reported when they succeed with O_WRONLY or O_RDWR (the returned fd\'s real path, so through symlinks); renames and links onto it (the new name, as given: a relative one is joined to the working directory when the kernel sent it) when they succeed, where Tracee\'s security_inode_rename hook also sees attempts the kernel then refused. '
      + 'Evasions: a static binary or one run through a loader invoked directly (/lib64/ld-linux-x86-64.so.2 --preload lib prog), dlopen from inside the program, editing the file through an fd opened earlier or by another process (writes are not watched), mounting a file over /etc/ld.so.preload (see disk_mount and the mount events), variables set after exec (setenv then dlopen). Unlike Tracee, whose exec-env option copies every exec\'s whole environment, only these two entries are ever read out of the kernel, and only for processes in a policy\'s scope; at most 256 environment entries are scanned.',
    related: ['sched_process_exec', ...OPEN_SYSCALLS, ...RENAME_SYSCALLS, ...LINK_SYSCALLS],
  },
  onEvent: (event) => {
    if (event.eventName === 'sched_process_exec') {
      const env = event.args.find((a) => a.spec.name === 'env')?.value;
      if (!Array.isArray(env)) return undefined;
      for (const entry of env as readonly string[]) {
        const name = PRELOAD_ENVS.find((n) => entry.startsWith(`${n}=`));
        if (name) return { data: { [name]: entry } };
      }
      return undefined;
    }
    if (OPENS.has(event.eventName)) {
      if (Number(event.returnValue) < 0 || !isFileWrite(openFlags(event))) return undefined;
      return isPreloadPath(openedPath(event)) ? { data: {} } : undefined;
    }
    if (NEW_NAMES.has(event.eventName) && Number(event.returnValue) === 0 && isPreloadPath(newNamePath(event))) return { data: {} };
    return undefined;
  },
};
