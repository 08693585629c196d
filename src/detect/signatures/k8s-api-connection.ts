/**
 * TRC-1013 k8s_api_connection: a process in a container connects to the
 * Kubernetes API server, whose address the kubelet puts in every
 * container's environment as KUBERNETES_SERVICE_HOST. Tracee's logic and
 * metadata: the address is learnt per container from sched_process_exec's
 * `env` (the kernel copies only that entry), and a connect from the same
 * container to it (security_socket_connect: here connect returning 0 or
 * -EINPROGRESS, the address as passed) is a finding.
 */
import type { Signature } from '../signature.js';

const ENV_NAME = 'KUBERNETES_SERVICE_HOST';
const EINPROGRESS = -115;
/** Containers remembered at most (oldest forgotten first): state stays bounded. */
const MAX_CONTAINERS = 4096;

/** Container id → API server address, in insertion order for eviction. */
const apiAddressByContainer = new Map<string, string>();

/** The IP of a decoded AF_INET/AF_INET6 sockaddr ('' for other families); an IPv4-mapped IPv6 address as IPv4. */
function remoteIp(addr: unknown): string {
  if (addr === null || typeof addr !== 'object') return '';
  const a = addr as { sa_family?: unknown; sin_addr?: unknown; sin6_addr?: unknown };
  if (a.sa_family === 'AF_INET' && typeof a.sin_addr === 'string') return a.sin_addr;
  if (a.sa_family === 'AF_INET6' && typeof a.sin6_addr === 'string') {
    return a.sin6_addr.startsWith('::ffff:') && a.sin6_addr.includes('.') ? a.sin6_addr.slice(7) : a.sin6_addr;
  }
  return '';
}

export const k8sApiConnection: Signature = {
  metadata: {
    id: 'TRC-1013',
    version: '0.1.0',
    name: 'Kubernetes API server connection detected',
    eventName: 'k8s_api_connection',
    description: 'A connection to the kubernetes API server was detected. The K8S API server is the brain of your K8S cluster, adversaries may try and communicate with the K8S API server to gather information/credentials, or even run more containers and laterally expand their grip on your systems.',
    tags: ['container'],
    properties: {
      Severity: 1,
      'MITRE ATT&CK': 'Discovery: Cloud Service Discovery',
      Category: 'discovery',
      Technique: 'Cloud Service Discovery',
      external_id: 'T1526',
    },
  },
  selects: [
    { event: 'sched_process_exec', origin: 'container', env: [ENV_NAME] },
    { event: 'connect', origin: 'container' },
  ],
  doc: {
    data: [{ name: 'ip', type: 'const char *', doc: 'The API server address the container was given (KUBERNETES_SERVICE_HOST) and connected to.' }],
    useCase: 'An attacker in a compromised pod talks to the API server with the pod\'s service-account token (mounted at /var/run/secrets/kubernetes.io/serviceaccount) to list secrets, pods and roles, or to start new privileged pods: kubectl, curl or a Go client run from inside the container. Most application containers never need the API server, so a connection stands out.',
    issues: 'Operators, controllers, service meshes, monitoring agents and CI runners talk to the API server for a living: allowlist their images. The address is learnt from an exec in the same container whose environment has KUBERNETES_SERVICE_HOST: a container whose processes sysray never saw exec (started before it) is not watched until one does. Only the IP is compared, as in Tracee, not the port. '
      + 'Evasions: reaching the server by another address (its DNS name kubernetes.default.svc resolving to the same cluster IP is caught; a node IP, an external load balancer or a proxy are not), a process that clears the variable and connects to a hard-coded address (still caught if any other exec in the container had it), and sockets connected with io_uring or sendto on an unconnected UDP socket. '
      + 'sysray reads the variable from the new program\'s own memory, one entry only (Tracee\'s exec-env option copies every environment); connections are connect calls that succeeded or are in progress (-EINPROGRESS), with the address as passed.',
    related: ['sched_process_exec', 'connect'],
  },
  init: () => apiAddressByContainer.clear(),
  onEvent: (event) => {
    const id = event.containerId;
    if (id === '') return undefined;
    if (event.eventName === 'sched_process_exec') {
      const env = event.args.find((a) => a.spec.name === 'env')?.value;
      if (!Array.isArray(env)) return undefined;
      const entry = (env as readonly string[]).find((e) => e.startsWith(`${ENV_NAME}=`));
      if (entry === undefined) return undefined;
      const address = entry.slice(ENV_NAME.length + 1).trim();
      if (address === '') return undefined;
      apiAddressByContainer.delete(id);
      apiAddressByContainer.set(id, address);
      if (apiAddressByContainer.size > MAX_CONTAINERS) apiAddressByContainer.delete(apiAddressByContainer.keys().next().value!);
      return undefined;
    }
    const address = apiAddressByContainer.get(id);
    if (address === undefined) return undefined;
    const ret = Number(event.returnValue);
    if (ret !== 0 && ret !== EINPROGRESS) return undefined;
    const ip = remoteIp(event.args.find((a) => a.spec.name === 'addr')?.value);
    return ip !== '' && ip === address ? { data: { ip: address } } : undefined;
  },
};
