/**
 * TRC-108 k8s_service_account_token: a process in a container reads the
 * Kubernetes service account token kubelet mounts into pods. With it, code in
 * the pod talks to the API server as the pod's service account. Tracee's
 * metadata and logic (path pattern secrets/kubernetes.io/serviceaccount/...token,
 * IsFileRead, containers only, its list of Kubernetes components allowed by
 * process name), its security_file_open replaced by successful opens, the
 * file being the kernel's path of the returned fd (kubelet's token is
 * serviceaccount/..data/token, ..data a symlink to a timestamped directory).
 */
import type { Signature } from '../signature.js';
import { processNamed } from '../predicates.js';
import { openFlagsField, openSelectors, openedFor, openedPathField } from '../file-watch.js';

const TOKEN = /secrets\/kubernetes\.io\/serviceaccount\/.*token$/;
/** Where pods get it: /var/run/secrets (a symlink to /run on most images: the fd's path is /run/secrets). */
const PREFIXES = ['/var/run/secrets/', '/run/secrets/', '//', '/.'];

export const k8sServiceAccountToken: Signature = {
  metadata: {
    id: 'TRC-108',
    version: '1',
    name: 'K8s service account token file read',
    eventName: 'k8s_service_account_token',
    description: 'The Kubernetes service account token file was read on your container. This token is used to communicate with the Kubernetes API Server. Adversaries may try to communicate with the API Server to steal information and/or credentials, or even run more containers and laterally extend their grip on the systems.',
    properties: {
      Severity: 0,
      Category: 'credential-access',
      Technique: 'Exploitation for Credential Access',
      Kubernetes_Technique: 'Container service account',
      id: 'attack-pattern--9c306d8d-cde7-4b4c-b6e8-d0bb16caca36',
      external_id: 'T1212',
    },
  },
  selects: openSelectors(PREFIXES, 'read', 'container'),
  params: {
    allowed: {
      default: ['flanneld', 'kube-proxy', 'etcd', 'kube-apiserver', 'coredns', 'kube-controller', 'kubectl'],
      doc: 'Processes whose reads are not reported, by comm or by the base name of their executable (Tracee\'s list by default).',
    },
  },
  doc: {
    data: [
      openedPathField('/run/secrets/kubernetes.io/serviceaccount/..2024_01_01_00_00_00.123456789/token for kubelet\'s projected token read as /var/run/secrets/kubernetes.io/serviceaccount/token'),
      openFlagsField('read'),
    ],
    useCase: 'After getting code execution in a pod (a web shell, an exploited service), an attacker runs `cat /var/run/secrets/kubernetes.io/serviceaccount/token` or curl with it against https://kubernetes.default.svc to list secrets, create pods or escalate through RBAC.',
    issues: 'Severity 0: informational. Many workloads read their token legitimately: client libraries of operators, controllers, service meshes (istio-proxy, linkerd), monitoring agents, CSI drivers; add them with `--signature-param k8s_service_account_token.allowed=kubectl,myoperator` (the list replaces Tracee\'s default). Names are comm (15 characters: kube-controller is kube-controller-manager) or the executable\'s base name; a renamed tool evades. '
      + 'Containers only (Tracee\'s origin). Unlike Tracee, whose pattern is unanchored, only files under /var/run/secrets/ and /run/secrets/ are selected, by the new fd\'s path (the kernel\'s prefilter drops the rest; a symlink elsewhere, a relative name or `..` that leads to the token counts): a token mounted elsewhere (a custom projected volume, a host path) is not seen. Only successful opens; openat2\'s flags come from its `how`, or from /proc/<pid>/fdinfo when `how` could not be read: one whose fd was closed before sysray looked is reported whatever its flags. '
      + 'Evasions: the token from the environment of a process that already read it (/proc/PID/environ, memory), from the kubelet\'s copy on the host (/var/lib/kubelet/pods/...), or read with io_uring.',
    related: ['k8s_cert_theft', 'open', 'openat'],
  },
  onEvent: (event, ctx) => {
    if (processNamed(ctx.param('allowed'), event.processName, event.executablePath)) return undefined;
    const open = openedFor(event, 'read');
    return open && TOKEN.test(open.path) ? { data: { pathname: open.path, flags: open.flags } } : undefined;
  },
};
