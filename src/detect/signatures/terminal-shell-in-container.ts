/**
 * SYSRAY-12 terminal_shell_in_container: Falco's "Terminal shell in
 * container": a shell started as a container's entrypoint or exec point
 * (its parent is the runtime, or gone) with a terminal attached: someone
 * typing in the container (`docker exec -it`, `kubectl exec -it`).
 * Falco's proc.tty (the controlling terminal) is read here as what the
 * kernel says fd 0 is at exec (sched_process_exec's stdin_type and
 * stdin_path): a character device that is a terminal, /dev/pts/N,
 * /dev/ttyX or /dev/console (/dev/null is a character device too, and not one).
 */
import type { Signature } from '../signature.js';
import { baseName, processNamed, strArg } from '../predicates.js';
import { SHELL_BINARIES } from '../falco-lists.js';

const S_IFCHR = 0o020000;
const TERMINAL = /^\/dev\/(pts\/\d+|tty[A-Za-z0-9]*|console)$/;
/** Falco's container_entrypoint parents, and crun and runc's init stage (sysray's). */
const ENTRYPOINT_PARENTS: readonly string[] = [
  'runc:[0:PARENT]', 'runc:[1:CHILD]', 'runc:[2:INIT]', 'runc', 'docker-runc', 'exe', 'docker-runc-cur', 'containerd-shim', 'systemd', 'crio', 'conmon', 'crun',
];

export const terminalShellInContainer: Signature = {
  metadata: {
    id: 'SYSRAY-12',
    version: '1',
    name: 'Terminal shell in container',
    eventName: 'terminal_shell_in_container',
    description: 'A shell was used as the entrypoint or exec point into a container with an attached terminal: someone is working interactively inside the container.',
    tags: ['container', 'shell', 'mitre_execution'],
    properties: {
      Severity: 1,
      Category: 'execution',
      Technique: 'Command and Scripting Interpreter',
      Kubernetes_Technique: 'Exec into container',
      external_id: 'T1059',
    },
  },
  selects: [{ event: 'sched_process_exec', origin: 'container' }],
  doc: {
    data: [
      { name: 'shell', type: 'const char *', doc: 'The shell\'s name (comm after exec).' },
      { name: 'parent', type: 'const char *', doc: 'Its parent\'s name (the runtime: runc, conmon...), \'\' when the parent is gone.' },
      { name: 'terminal', type: 'const char *', doc: 'The terminal on its stdin as the kernel names it (/dev/pts/0).' },
    ],
    useCase: 'An operator or an attacker with access to the container runtime or the Kubernetes API opens an interactive shell in a running container (docker exec -it, kubectl exec -it, a debug container): legitimate in development, rare and worth auditing in production, and the usual first step of hands-on-keyboard activity after stealing cluster credentials. Falco\'s rule (priority NOTICE, MITRE T1059), best read as an audit trail next to other findings of the same container.',
    issues: 'Falco\'s proc.tty is the controlling terminal; sysray looks at fd 0 at exec: a shell with a terminal on stdin but no controlling terminal is reported, and one whose stdin was redirected (sh < script) while a terminal controls it is not. Only shells exec\'d by the runtime (or whose parent is gone) count, as in Falco: a shell started from another program in the container (a pty spawned by python -c \'import pty; pty.spawn("sh")\', script, sshd, a web shell) is not reported; shells are matched by name (Falco\'s shell_binaries list; comm or the executed file\'s name), so a renamed or copied shell, busybox run as `busybox sh`, or an interpreter used as a shell (python, perl) is missed. Allowlist debugging workflows by image or user. '
      + 'Unlike Falco, nothing is known of the user\'s Kubernetes identity; correlate with API server audit logs (exec requests).',
    related: ['sched_process_exec', 'execve', 'execveat'],
  },
  onEvent: (event, ctx) => {
    if (event.containerId === '') return undefined;
    if (!processNamed(SHELL_BINARIES, event.processName, strArg(event, 'pathname'))) return undefined;
    const terminal = strArg(event, 'stdin_path');
    const type = event.args.find((a) => a.spec.name === 'stdin_type')?.value;
    if (type !== S_IFCHR || !TERMINAL.test(terminal)) return undefined;
    const parent = ctx.process(event.hostParentProcessId);
    const parentName = parent?.comm ?? '';
    if (parent && !processNamed(ENTRYPOINT_PARENTS, parent.comm, parent.exePath)) return undefined;
    return { data: { shell: event.processName || baseName(strArg(event, 'pathname')), parent: parentName, terminal } };
  },
};
