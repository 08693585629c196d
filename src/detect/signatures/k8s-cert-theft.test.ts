/**
 * k8s_cert_theft (TRC-1018) on the real kernel: test/triggers/fs_ops.c
 * makes a control-plane /etc/kubernetes/pki in a tmpfs over /etc in a
 * private mount namespace (the host's /etc untouched), then reads ca.key
 * (openat), opens apiserver.crt O_RDWR (open(2)), reads ca.key through a
 * relative symlink, renames apiserver.crt out of pki and hard-links ca.key
 * elsewhere: one finding each. So does a read through an
 * absolute symlink in /tmp (the kernel prefilter is decided on the new fd's
 * path). Its benign
 * twin: creating the files (write-only), reading admin.conf beside pki,
 * renaming a file into pki, and kubelet (Tracee's allowed list) reading
 * ca.key: none.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openArgs, traceFsOps } from '../../../test/helpers/fs-ops.js';
import type { JsonEvent } from '../../../test/helpers/trace.js';
import { BUILTIN_SIGNATURES } from './index.js';
import { k8sCertTheft } from './k8s-cert-theft.js';

const EVENT_ID = 6000 + BUILTIN_SIGNATURES.indexOf(k8sCertTheft);
const O_RDWR = 2;
const PKI = '/etc/kubernetes/pki';
const CA_KEY = `${PKI}/ca.key`, API_CRT = `${PKI}/apiserver.crt`;
const dir = mkdtempSync(path.join(tmpdir(), 'sysray-pki-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** A private /etc with a kubeadm-like /etc/kubernetes (creating files write-only). */
const nodeOps: string[] = [
  'ns', 'mount:tmpfs:/etc', 'mkdir:/etc/kubernetes', `mkdir:${PKI}`,
  `open:creat:w:${CA_KEY}`, `open:creat:w:${API_CRT}`, 'open:creat:w:/etc/kubernetes/admin.conf',
];
/** The number of the first op after nodeOps, as the trigger prints it. */
const FIRST = nodeOps.length + 1;

const METADATA = {
  Version: '1',
  Description: 'Theft of Kubernetes TLS certificates was detected. TLS certificates are used to establish trust between systems. The Kubernetes certificate is used to to enable secure communication between Kubernetes components, such as kubelet scheduler controller and API Server. An adversary may steal a Kubernetes certificate on a compromised system to impersonate Kubernetes components within the cluster.',
  Tags: null,
  Properties: {
    Severity: 3, Category: 'credential-access', Technique: 'Steal Application Access Token', Kubernetes_Technique: '',
    id: 'attack-pattern--890c9858-598c-401d-a4d5-c67ebcdd703a', external_id: 'T1528',
    signatureID: 'TRC-1018', signatureName: 'K8s TLS certificate theft detected',
  },
};
const detected = (f: JsonEvent) => f.args[f.args.length - 1].value;
const twoPaths = (a: string, b: string) => [{ name: 'oldpath', type: 'const char*', value: a }, { name: 'newpath', type: 'const char*', value: b }];

test('reading pki files (openat, open(2) O_RDWR, a relative symlink), renaming and hard-linking them out: one k8s_cert_theft finding each', async () => {
  const { runs: [run], of } = await traceFsOps('k8s_cert_theft', [[
    ...nodeOps, `open:openat:r:${CA_KEY}`, `open:open:rw:${API_CRT}`, 'chdir:/etc', 'symlink:kubernetes/pki/ca.key:/etc/k', 'open:openat:r:k',
    `rename:${API_CRT}:/etc/stolen.crt`, `link:${CA_KEY}:/etc/ca-copy.key`,
  ]]);
  const kv = run.kv;
  const at = (i: number) => kv[`${FIRST + i}.ret`];
  const fds = [Number(at(0)), Number(at(1)), Number(at(4))];
  assert.ok(fds.every((fd) => fd >= 3), JSON.stringify(kv));
  assert.deepEqual([at(2), at(3), at(5), at(6)], ['0', '0', '0', '0'], JSON.stringify(kv));
  const found = of(run.pid, 'k8s_cert_theft');
  assert.equal(found.length, 5, JSON.stringify(found));
  for (const f of found) {
    assert.deepEqual([f.eventId, f.hostProcessId, f.processName, f.executable.path], [EVENT_ID, run.pid, 'fs_ops', run.bin]);
    assert.deepEqual(f.metadata, METADATA);
  }
  const opened = (p: string, flags: number) => [{ name: 'pathname', type: 'const char *', value: p }, { name: 'flags', type: 'int', value: flags }];
  const moved = (a: string, b: string) => [{ name: 'pathname', type: 'const char *', value: a }, { name: 'newpath', type: 'const char *', value: b }];
  assert.deepEqual(found.map((f) => f.args.slice(0, -1)), [
    opened(CA_KEY, 0), opened(API_CRT, O_RDWR), opened(CA_KEY, 0), moved(API_CRT, '/etc/stolen.crt'), moved(CA_KEY, '/etc/ca-copy.key'),
  ]);
  assert.deepEqual(found.map(detected), [
    { id: 257, name: 'openat', args: openArgs('openat', CA_KEY, 0), returnValue: fds[0] },
    { id: 2, name: 'open', args: openArgs('open', API_CRT, O_RDWR), returnValue: fds[1] },
    { id: 257, name: 'openat', args: openArgs('openat', 'k', 0), returnValue: fds[2] },
    { id: 82, name: 'rename', args: twoPaths(API_CRT, '/etc/stolen.crt'), returnValue: 0 },
    { id: 86, name: 'link', args: twoPaths(CA_KEY, '/etc/ca-copy.key'), returnValue: 0 },
  ]);
});

test('reading ca.key through an absolute symlink in /tmp: one finding', async () => {
  const link = path.join(dir, 'ca-link');
  const { runs: [run], of } = await traceFsOps('k8s_cert_theft', [[...nodeOps, `symlink:${CA_KEY}:${link}`, `open:openat:r:${link}`]]);
  const found = of(run.pid, 'k8s_cert_theft');
  assert.equal(found.length, 1, JSON.stringify(run.kv));
  assert.deepEqual(found[0].args.slice(0, 2), [{ name: 'pathname', type: 'const char *', value: CA_KEY }, { name: 'flags', type: 'int', value: 0 }]);
});

test('benign twin: creating pki files, reading admin.conf, renaming a file into pki, kubelet reading ca.key: no finding', async () => {
  const { runs, of } = await traceFsOps('k8s_cert_theft,openat', [
    [...nodeOps, 'open:openat:r:/etc/kubernetes/admin.conf', 'open:creat:w:/etc/new.crt', `rename:/etc/new.crt:${PKI}/new.crt`],
    { as: 'kubelet', ops: [...nodeOps, `open:openat:r:${CA_KEY}`] },
  ]);
  const [a, b] = runs.map((x) => x.kv);
  assert.ok(Number(a[`${FIRST}.ret`]) >= 3 && Number(a[`${FIRST + 1}.ret`]) >= 3 && a[`${FIRST + 2}.ret`] === '0', JSON.stringify(a));
  assert.ok(Number(b[`${FIRST}.ret`]) >= 3, JSON.stringify(b));
  const kubeletRead = of(runs[1].pid, 'openat').filter((e) => e.args[1].value === CA_KEY && e.args[2].value === 0);
  assert.equal(kubeletRead.length, 1, 'kubelet\'s read was seen');
  for (const { pid } of runs) assert.deepEqual(of(pid, 'k8s_cert_theft'), []);
});
