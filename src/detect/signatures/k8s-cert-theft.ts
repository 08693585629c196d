/**
 * TRC-1018 k8s_cert_theft: a file under /etc/kubernetes/pki/ (the cluster's
 * CA and component keys on a control-plane node) is read by a process that
 * is not a Kubernetes component, or is renamed or hard-linked elsewhere.
 * With the CA key or an admin client certificate an attacker impersonates
 * any component or user. Tracee's metadata and logic (prefix; IsFileRead;
 * its allowed processes for reads only; the old name of a rename), its LSM
 * hooks replaced by successful opens (the kernel's path of the new fd) and
 * successful renames and hard links (the old name).
 */
import type { Signature } from '../signature.js';
import { processNamed } from '../predicates.js';
import { oldName, oldNameSelectors, openFlagsField, openSelectors, openedFor } from '../file-watch.js';

const PKI = '/etc/kubernetes/pki/';
const inPki = (path: string): boolean => path.startsWith(PKI);
/** '//' and '/.': other spellings of the root, resolved by the fd's path. */
const PREFIXES = [PKI, '//', '/.'];

export const k8sCertTheft: Signature = {
  metadata: {
    id: 'TRC-1018',
    version: '1',
    name: 'K8s TLS certificate theft detected',
    eventName: 'k8s_cert_theft',
    description: 'Theft of Kubernetes TLS certificates was detected. TLS certificates are used to establish trust between systems. The Kubernetes certificate is used to to enable secure communication between Kubernetes components, such as kubelet scheduler controller and API Server. An adversary may steal a Kubernetes certificate on a compromised system to impersonate Kubernetes components within the cluster.',
    properties: {
      Severity: 3,
      Category: 'credential-access',
      Technique: 'Steal Application Access Token',
      Kubernetes_Technique: '',
      id: 'attack-pattern--890c9858-598c-401d-a4d5-c67ebcdd703a',
      external_id: 'T1528',
    },
  },
  selects: [...openSelectors(PREFIXES, 'read', 'any'), ...oldNameSelectors(PREFIXES, 'any')],
  params: {
    allowed: {
      default: ['kube-apiserver', 'kubelet', 'kube-controller', 'etcd'],
      doc: 'Processes whose reads are not reported, by comm or by the base name of their executable (Tracee\'s list by default); renames are reported whoever makes them.',
    },
  },
  doc: {
    data: [
      { name: 'pathname', type: 'const char *', doc: 'The file under /etc/kubernetes/pki/: for opens as the kernel names the returned fd (/etc/kubernetes/pki/ca.key), for renames and hard links the old name (as passed, made absolute).' },
      openFlagsField('read', { withRenames: true }),
      { name: 'newpath', type: 'const char *', doc: 'Renames and hard links: the name it was given.' },
    ],
    useCase: 'On a compromised control-plane node (or from a container that mounts the host\'s /etc), an attacker copies /etc/kubernetes/pki/ca.key and ca.crt, or apiserver-kubelet-client.key, to mint client certificates for any user or component (system:masters), which outlive passwords and token rotation; or moves or hard-links them where a later copy will not be watched.',
    issues: 'kubeadm (init, join, certs renew, upgrade), backup tools and certificate-expiry monitors read these files legitimately: add them with `--signature-param k8s_cert_theft.allowed=kube-apiserver,kubelet,kube-controller,etcd,kubeadm` (the list replaces the default). Names are comm (15 characters: kube-controller is kube-controller-manager) or the executable\'s base name; a renamed tool evades. Renames and hard links are reported whoever makes them, as in Tracee; a file renamed into pki is not (its old name is elsewhere). '
      + 'Only successful opens, renames and hard links; symlinks to the files are not selected (the read through one is an open of the real file). Opens are judged by the new fd\'s path, in the kernel\'s prefilter and here, so a symlink elsewhere, a relative name or `..` that leads into pki counts; renames and hard links by the old name as passed, made absolute, so one through a directory symlink elsewhere that leads into pki is not seen. openat2\'s flags come from its `how`, or from /proc/<pid>/fdinfo when `how` could not be read: one whose fd was closed before sysray looked is reported whatever its flags. '
      + 'Evasions: the host\'s /etc mounted at another place in a container (/host/etc/kubernetes/pki/...); reading the key from etcd, from a kubeconfig that embeds it (/etc/kubernetes/admin.conf), or from process memory; io_uring reads.',
    related: ['k8s_service_account_token', 'open', 'openat', 'rename', 'link'],
  },
  onEvent: (event, ctx) => {
    const taken = oldName(event);
    if (taken) return inPki(taken.path) ? { data: { pathname: taken.path, newpath: taken.to } } : undefined;
    if (processNamed(ctx.param('allowed'), event.processName, event.executablePath)) return undefined;
    const open = openedFor(event, 'read');
    return open && inPki(open.path) ? { data: { pathname: open.path, flags: open.flags } } : undefined;
  },
};
