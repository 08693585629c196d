/**
 * TRC-1019 docker_abuse: a process in a container reaches the Docker API
 * socket, the usual way out of a container that has it mounted. Tracee's
 * logic: an open for writing (its security_file_open: open, openat, openat2,
 * creat) or a unix-socket connect whose path ends with `docker.sock`, from
 * a container. A socket cannot be opened (the kernel's open checks pass,
 * then it fails with ENXIO), so the failed open counts too.
 */
import type { Signature } from '../signature.js';
import { OPEN_SYSCALLS, OPEN_WRITE_BITS, connectSucceeded, isFileWrite, openFlags, openedPath, sockaddrArg } from '../predicates.js';

const DOCKER_SOCK = 'docker.sock';
/** Opening a socket by name fails so, after security_file_open (where Tracee looks) has run. */
const ENXIO = -6;

export const dockerAbuse: Signature = {
  metadata: {
    id: 'TRC-1019',
    version: '1',
    name: 'Docker socket abuse detected',
    eventName: 'docker_abuse',
    description: 'An attempt to abuse the Docker UNIX socket inside a container was detected. docker.sock is the UNIX socket that Docker uses as the entry point to the Docker API. Adversaries may attempt to abuse this socket to compromise the system.',
    properties: {
      Severity: 2,
      Category: 'privilege-escalation',
      Technique: 'Exploitation for Privilege Escalation',
      Kubernetes_Technique: '',
      id: 'attack-pattern--b21c3b2d-02e6-45b1-980b-e69051040839',
      external_id: 'T1068',
    },
  },
  selects: [
    ...OPEN_SYSCALLS.map((event) => ({ event, origin: 'container' as const, ...(event === 'open' || event === 'openat' ? { where: { flags: { anyBits: OPEN_WRITE_BITS } } } : {}) })),
    { event: 'connect', origin: 'container' },
  ],
  doc: {
    data: [
      { name: 'pathname', type: 'const char *', doc: 'The socket\'s path: the opened file (the kernel\'s path of the returned fd; the name asked for when the open failed) or the connect address\'s sun_path.' },
    ],
    useCase: 'A container with /var/run/docker.sock mounted (CI runners, monitoring agents, "docker-in-docker" setups) is compromised; the attacker talks to the Docker API through the socket (curl --unix-socket, the docker CLI) and starts a privileged container with the host\'s root mounted: full control of the host.',
    issues: 'Containers only, as in Tracee: the docker CLI on the host is not reported. Any path ending with `docker.sock` matches, wherever it is mounted in the container; the host\'s socket mounted under another name (`-v /var/run/docker.sock:/tmp/d`) is missed. '
      + 'Tools that are meant to use the socket from a container (Portainer, Traefik, watchtower, CI agents) are true positives to allow by container with a policy. '
      + 'Opens: only those asking for write access, that returned an fd or failed with ENXIO (what opening a socket does once the kernel\'s checks passed: Tracee\'s security_file_open sees those too); the path is the name asked for when the open failed, so a symlink to the socket with another name is missed (connect\'s path is what the caller passed, too). Connects: those that returned 0 or -EINPROGRESS (Tracee\'s hook runs before the attempt). '
      + 'The API over TCP (dockerd -H tcp://...:2375) and other runtimes\' sockets (containerd.sock, crio.sock, podman.sock) are not covered.',
    related: ['openat', 'connect', 'container_create'],
  },
  onEvent: (event) => {
    let path: string;
    if (event.eventName === 'connect') {
      const sa = sockaddrArg(event);
      if (sa?.family !== 'AF_UNIX' || !connectSucceeded(event)) return undefined;
      path = sa.path ?? '';
    } else {
      const ret = Number(event.returnValue);
      if (!(OPEN_SYSCALLS as readonly string[]).includes(event.eventName) || !isFileWrite(openFlags(event)) || (ret < 0 && ret !== ENXIO)) return undefined;
      path = openedPath(event);
    }
    return path.endsWith(DOCKER_SOCK) ? { data: { pathname: path } } : undefined;
  },
};
