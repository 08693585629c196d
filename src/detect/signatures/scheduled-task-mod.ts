/**
 * TRC-1027 scheduled_task_mod: cron's and anacron's files (crontab, cron.d,
 * cron.{hourly,daily,weekly,monthly}, the users' spool, cron.allow/deny)
 * opened for writing or given a new name, or a scheduling tool run
 * (crontab, at, batch, launchd). Tracee's metadata and logic; its
 * security_file_open is the open syscalls' exits (the kernel's path of the
 * returned fd), security_inode_rename the renames' new name (links and
 * symlinks added, as Falco does), and the exec check sees scripts by the
 * path they were run by (batch is a shell script).
 */
import type { TraceEvent } from '../../decode/trace-event.js';
import type { Signature } from '../signature.js';
import { PACKAGE_MANAGERS_PARAM, byPackageManager, executedProgram, newNameSelectors, openFlagsField, openSelectors, watchPrefixes, watchedWrite, watchedWriteOldPathField, watchedWritePathField, type WatchedPaths } from '../file-watch.js';

const CRON: WatchedPaths = {
  files: ['/etc/crontab', '/etc/anacrontab', '/etc/cron.deny', '/etc/cron.allow'],
  dirs: ['/etc/cron.hourly', '/etc/cron.daily', '/etc/cron.weekly', '/etc/cron.monthly', '/etc/cron.d', '/var/spool/cron/crontabs', '/var/spool/anacron'],
};
const CRON_COMMANDS = ['crontab', 'at', 'batch', 'launchd'];
const PREFIXES = watchPrefixes(CRON);

/** `crontab -l` (also `-u USER -l`): it lists, changes nothing. */
function listsOnly(event: TraceEvent): boolean {
  const argv = event.args.find((a) => a.spec.name === 'argv')?.value;
  if (!Array.isArray(argv)) return false;
  const opts = argv.slice(1) as string[];
  return opts.includes('-l') && !opts.some((o) => o === '-e' || o === '-r' || o === '-i');
}

export const scheduledTaskMod: Signature = {
  metadata: {
    id: 'TRC-1027',
    version: '1',
    name: 'Scheduled tasks modification detected',
    eventName: 'scheduled_task_mod',
    description: 'The task scheduling functionality or files were modified. Crontab schedules task execution or enables task execution at boot time. Adversaries may add or modify scheduled tasks in order to persist a reboot, thus maintaining malicious execution on the affected host.',
    properties: {
      Severity: 2,
      Category: 'persistence',
      Technique: 'Cron',
      Kubernetes_Technique: '',
      id: 'attack-pattern--2acf44aa-542f-4366-b4eb-55ef5747759c',
      external_id: 'T1053.003',
    },
  },
  selects: [...openSelectors(PREFIXES, 'write'), ...newNameSelectors(PREFIXES), { event: 'sched_process_exec', origin: 'any' }],
  doc: {
    data: [
      watchedWritePathField('The cron file written or named', { orElse: 'for runs of a scheduling program, its path (for a script, the path it was run by)' }),
      openFlagsField('write', { withRenames: true }),
      watchedWriteOldPathField(),
    ],
    useCase: 'Persistence through cron: an attacker drops a file into /etc/cron.d or /etc/cron.hourly, appends a line to /etc/crontab, or installs a user crontab with `crontab FILE` (which writes /var/spool/cron/crontabs/USER through a temporary file renamed into place), or queues a job with at or batch; the job runs again after every reboot.',
    issues: 'Every run of crontab (but `crontab -l`, which only lists), at or batch is reported, and the crontab program\'s own write of the spool file is reported again: one edit gives several findings. ' + 'Package managers and what they start (dpkg and its maintainer scripts, apt, rpm, yum, dnf, pip, npm...: the `package_managers` parameter, Falco\'s package_mgmt_binaries, matched on the process and its ancestors by name) are not reported, unlike Tracee (set it empty to report them too); a program renamed to one of those names is not reported either. Configuration management (Ansible, Puppet, Chef) writes /etc/cron.d legitimately: allowlist it with --signatures-config. '
      + 'Only successful opens and renames are reported. '
      + 'Differences from Tracee: directories match by whole components (Tracee\'s prefix /etc/cron.d also matches /etc/cron.deny, which is watched anyway); Tracee\'s `var/spool/anacron` lacks its leading slash and never matches, here it is /var/spool/anacron; links and symlinks onto the watched names are added; scripts are matched by the path they were run by. '
      + 'Opens are judged by the new fd\'s path, in the kernel\'s prefilter and here (a symlink, relative name or `..` that leads to a cron file counts); renames and links by the new name as passed, made absolute. Evasions: a rename or link whose new name leads to a cron file through a directory symlink outside /etc and /var/spool is dropped by the prefilter; other spool directories (/var/spool/cron/tabs on SUSE, /var/spool/cron on Red Hat, /var/spool/cron/atjobs), systemd timers, a renamed crontab or at binary, and writes through fds opened before tracing began are not seen.',
    related: ['open', 'openat', 'openat2', 'creat', 'rename', 'renameat', 'renameat2', 'link', 'linkat', 'symlink', 'symlinkat', 'sched_process_exec', 'rcd_modification'],
  },
  params: { package_managers: PACKAGE_MANAGERS_PARAM },
  onEvent: (event, ctx) => {
    if (byPackageManager(event, ctx)) return undefined; // installing cron, or a package with a cron job
    if (event.eventName === 'sched_process_exec') {
      const program = executedProgram(event);
      if (!CRON_COMMANDS.includes(program.name) || (program.name === 'crontab' && listsOnly(event))) return undefined;
      return { data: { pathname: program.path } };
    }
    const data = watchedWrite(event, CRON);
    return data ? { data } : undefined;
  },
};
