/**
 * SYSRAY-1 fd_theft: pidfd_getfd took a file descriptor out of another
 * process. sysray's own signature (Tracee has none). The victim is the
 * process the pidfd refers to, as the kernel resolved it (event.target), and
 * what was taken is the kernel's description of the duplicated file
 * (event.targetFd): both are read from the kernel, not from arguments.
 */
import type { Signature } from '../signature.js';
import type { FdDescription } from '../../process/fd-description.js';
import { isUserHomePath } from '../predicates.js';

/** Files worth a high severity when taken: configuration and secrets under /etc, users' homes. */
function sensitive(fd: FdDescription | undefined): boolean {
  if (fd?.kind === 'socket') return true;
  return fd?.kind === 'file' && (fd.path.startsWith('/etc/') || isUserHomePath(fd.path));
}

export const fdTheft: Signature = {
  metadata: {
    id: 'SYSRAY-1',
    version: '1',
    name: 'File descriptor stolen from another process',
    eventName: 'fd_theft',
    description: 'A process took a copy of another process\'s file descriptor with pidfd_getfd. It can now use the victim\'s open file or connection with the access the victim was granted, without opening anything itself.',
    tags: ['linux'],
    properties: {
      Severity: 2,
      Category: 'credential-access',
      Technique: 'Steal Application Access Token',
      external_id: 'T1528',
    },
  },
  selects: [{ event: 'pidfd_getfd', origin: 'any' }],
  doc: {
    data: [
      { name: 'victim', type: 'unknown', doc: 'The process the fd was taken from: {hostProcessId, processName, executable: {path}, processEntityId}, as the kernel resolved the pidfd.' },
      { name: 'fd', type: 'int', doc: 'The fd number in the victim (the call\'s `targetfd`).' },
      { name: 'targetFd', type: 'unknown', doc: 'What the fd is, as the kernel saw it: {kind: file, path}, {kind: socket, family, type, inode, and local, remote, protocol, state where sysray knows them}, {kind: pipe, inode}, pidfd, memfd, anon, perf_event or unknown (src/process/fd-description.ts).' },
    ],
    useCase: 'An attacker with ptrace rights over a process (same user, or CAP_SYS_PTRACE) takes its connected socket (a database session, an SSH agent connection, a container runtime\'s API socket) or a file it opened with privileges it has and the attacker lacks. The fd is a capability the kernel granted the victim; the copy carries it over unseen: the victim is not told and nothing is opened. Severity 3 for sockets and for files under /etc or in a home directory (/root, /home/*), 2 otherwise. The MITRE fit: stealing an access the application was granted (T1528, credential access); using it afterwards is T1550.001.',
    issues: 'Only successful calls that take from another process are reported (a process taking its own fd through a pidfd of itself is not). Legitimate users exist: systemd (socket handover), container runtimes and checkpoint tools (CRIU), debuggers; expect findings from them. Paths are the kernel\'s view at the call: inside a container they are the container\'s mount namespace paths. Not covered: fds passed over a unix socket (SCM_RIGHTS), inherited through fork or read through /proc/PID/fd/N (an open of that path is an openat event), and memory access to the victim (see process_vm_readv and ptrace).',
    related: ['pidfd_getfd', 'pidfd_open', 'agent_tampering', 'ptrace_code_injection'],
  },
  onEvent: (event) => {
    const victim = event.target;
    if (Number(event.returnValue) < 0 || !victim || victim.hostProcessId <= 0 || victim.hostProcessId === event.hostProcessId) return undefined;
    const fdArg = event.args.find((a) => a.spec.name === 'targetfd');
    const fd = typeof fdArg?.value === 'number' ? fdArg.value : Number(fdArg?.raw ?? -1);
    return {
      data: {
        victim: { hostProcessId: victim.hostProcessId, processName: victim.processName, executable: { path: victim.executablePath }, processEntityId: victim.processEntityId },
        fd,
        targetFd: event.targetFd ? { ...event.targetFd } : { kind: 'unknown' },
      },
      severity: sensitive(event.targetFd) ? 3 : 2,
    };
  },
};
