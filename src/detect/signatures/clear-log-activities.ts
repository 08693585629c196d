/**
 * SYSRAY-9 clear_log_activities: Falco's stable rule "Clear Log
 * Activities" (WARNING → Severity 2; defense_evasion, T1070): a log file
 * opened for writing with O_TRUNC, which empties it: a file under /var/log
 * (or /dev/log), or one named like a well-known log (auth.log, syslog,
 * secure...) anywhere. The file is the one the kernel opened (openedPath).
 */
import type { Signature } from '../signature.js';
import { baseName, isFileWrite, openFlags, openedPath } from '../predicates.js';
import { LOG_DIRECTORIES, LOG_FILES, TRUSTED_LOGGING_IMAGES } from '../falco-lists.js';

const O_TRUNC = 0o1000;
/** Falco's containerd_activities: containerd writing its snapshots (which may hold files named like logs). */
const CONTAINERD_PREFIXES = ['/var/lib/containerd/io.containerd.snapshotter.v1.overlayfs/snapshots/', '/var/lib/rancher/k3s/agent/containerd/io.containerd.snapshotter.v1.overlayfs/snapshots',
  '/var/lib/containerd/tmpmounts/', '/var/lib/rancher/k3s/agent/containerd/tmpmounts/'];

/** Falco's access_log_files, widened from a log directory's own files to its whole tree (/var/log/nginx/access.log). */
function _isLogFile(path: string): boolean {
  return LOG_DIRECTORIES.some((d) => path.startsWith(d + '/')) || LOG_FILES.includes(baseName(path));
}

/** An image's repository, as Falco's container.image.repository: without its @digest and :tag. */
function _repository(image: string): string {
  const name = image.split('@')[0];
  const tag = name.lastIndexOf(':');
  return tag > name.lastIndexOf('/') ? name.slice(0, tag) : name;
}

export const clearLogActivities: Signature = {
  metadata: {
    id: 'SYSRAY-9',
    version: '1',
    name: 'Clear Log Activities',
    eventName: 'clear_log_activities',
    description: 'A log file was opened with O_TRUNC, which empties it: critical access logs are cleared to erase the evidence of an intruder\'s actions. Falco\'s rule "Clear Log Activities".',
    tags: ['linux', 'falco'],
    properties: {
      Severity: 2,
      Category: 'defense-evasion',
      Technique: 'Indicator Removal',
      Kubernetes_Technique: '',
      id: 'attack-pattern--799ace7f-e227-4411-baa0-8868704f2a69',
      external_id: 'T1070',
      falco_rule: 'Clear Log Activities',
    },
  },
  selects: [
    // O_TRUNC is in a register for open and openat; openat2 keeps it in `how`, creat implies it
    ...['open', 'openat'].map((event) => ({ event, origin: 'any' as const, where: { flags: { anyBits: O_TRUNC } } })),
    ...['openat2', 'creat'].map((event) => ({ event, origin: 'any' as const })),
  ],
  params: {
    files: { default: [], doc: 'Path prefixes of log files that may be cleared (Falco\'s allowed_clear_log_files, empty): an application\'s own logs it truncates at start.' },
    images: { default: TRUSTED_LOGGING_IMAGES, doc: 'Container image repositories (compared with endsWith) whose processes may truncate logs: Falco\'s trusted_logging_images (log shippers).' },
  },
  doc: {
    data: [
      { name: 'pathname', type: 'const char *', doc: 'The log file as the kernel opened it (the real file: symlinks and relative names resolved).' },
      { name: 'flags', type: 'int', doc: 'The open\'s flags (O_WRONLY or O_RDWR, with O_TRUNC; creat\'s implied O_CREAT|O_WRONLY|O_TRUNC).' },
    ],
    useCase: 'After getting in, an intruder empties /var/log/auth.log, /var/log/secure, wtmp or a web server\'s access log (`> /var/log/auth.log`, `cat /dev/null > ...`, `echo -n > ...`) so that the logins and requests that brought them in are gone; emptying keeps the file, its owner and its mode, so nothing looks missing at a glance.',
    issues: 'Falco\'s condition with two widenings: any file under /var/log and /dev/log, at any depth (Falco: files directly in them, plus its log_files names anywhere), and creat(2) (O_TRUNC implied; Falco\'s open_write macro leaves creat out). A file named like a listed log anywhere counts, as in Falco (`/tmp/x/auth.log`). Only successful opens of files, as Falco\'s fd.num>=0. '
      + 'Expected findings: programs that rewrite their own log from scratch at start (shell redirections `> /var/log/app.log` in init scripts), log rotation configured with O_TRUNC rewriting, installers resetting logs; allow them with the params. '
      + 'Evasions: truncate(2) and ftruncate(2) (`truncate -s 0 FILE`, logrotate\'s copytruncate: O_WRONLY without O_TRUNC, then ftruncate), deleting or renaming the log (unlink, rename), overwriting it without O_TRUNC (dd conv=notrunc, a write at offset 0), editing it in place (sed -i writes a new file and renames it over), stopping or reconfiguring the logger, and log cleaners that rewrite single records of wtmp, btmp or lastlog in place. Only names starting with /var/log or a listed name pass; the kernel prefilter on open and openat is O_TRUNC in the flags.',
    related: ['openat', 'open', 'openat2', 'creat', 'truncate', 'ftruncate', 'unlink'],
  },
  onEvent: (event, ctx) => {
    if (Number(event.returnValue) < 0 || event.returnedFd?.kind !== 'file') return undefined; // open_write: fd.num>=0, a file
    const flags = openFlags(event);
    if (!isFileWrite(flags) || (flags & O_TRUNC) === 0) return undefined;
    const pathname = openedPath(event);
    if (!_isLogFile(pathname)) return undefined;
    if (event.processName === 'containerd' && CONTAINERD_PREFIXES.some((p) => pathname.startsWith(p))) return undefined;
    if (ctx.param('files').some((p) => pathname.startsWith(p))) return undefined;
    const image = ctx.container(event)?.image ?? '';
    if (image !== '' && ctx.param('images').some((i) => _repository(image).endsWith(i))) return undefined;
    return { data: { pathname, flags } };
  },
};
