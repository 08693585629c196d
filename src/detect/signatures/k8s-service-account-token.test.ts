/**
 * k8s_service_account_token (TRC-108) on the real kernel: in a fake
 * container (a docker-<id>.scope cgroup), test/triggers/fs_ops.c lays out
 * a pod's token as kubelet does, in a tmpfs over /run in a private mount
 * namespace (serviceaccount/token -> ..data/token, ..data -> a timestamped
 * directory; /var/run is /run here), then reads it as pods do, by
 * /var/run/secrets/kubernetes.io/serviceaccount/token, and by its /run path
 * with open(2) O_RDWR: one finding each, naming the real file. Its benign
 * twins: creating the token (write-only) and reading ca.crt and namespace
 * beside it in a container; a process named kubectl (Tracee's allowed list)
 * reading the token in a container; the same read from the host: none.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openArgs, SYSCALL_IDS, traceFsOps } from '../../../test/helpers/fs-ops.js';
import { BUILTIN_SIGNATURES } from './index.js';
import { k8sServiceAccountToken } from './k8s-service-account-token.js';

const EVENT_ID = 6000 + BUILTIN_SIGNATURES.indexOf(k8sServiceAccountToken);
const O_RDWR = 2;
const SA = '/run/secrets/kubernetes.io/serviceaccount';
const TS = '..2026_12_02_04_00_00.123456789';
const TOKEN = `${SA}/${TS}/token`;
const POD_PATH = '/var/run/secrets/kubernetes.io/serviceaccount/token';

/** A private /run with kubelet's layout of a projected service account volume. */
const podOps: string[] = [
  'ns', 'mount:tmpfs:/run', 'mkdir:/run/secrets', 'mkdir:/run/secrets/kubernetes.io', `mkdir:${SA}`, `mkdir:${SA}/${TS}`,
  ...['token', 'ca.crt', 'namespace'].map((f) => `open:creat:w:${SA}/${TS}/${f}`),
  `symlink:${TS}:${SA}/..data`,
  ...['token', 'ca.crt', 'namespace'].map((f) => `symlink:..data/${f}:${SA}/${f}`),
];
/** The number of the first op after podOps, as the trigger prints it. */
const FIRST = podOps.length + 1;

test('reading a pod\'s service account token in a container (as /var/run/..., O_RDWR by /run/...): one finding each', async () => {
  const { runs: [run], of } = await traceFsOps('k8s_service_account_token', [{ container: true, ops: [...podOps, `open:openat:r:${POD_PATH}`, `open:open:rw:${SA}/token`] }]);
  const opens = [
    { syscall: 'openat' as const, passed: POD_PATH, flags: 0, op: FIRST },
    { syscall: 'open' as const, passed: `${SA}/token`, flags: O_RDWR, op: FIRST + 1 },
  ];
  const found = of(run.pid, 'k8s_service_account_token');
  assert.equal(found.length, opens.length, JSON.stringify([run.kv, found]));
  found.forEach((f, i) => {
    const { syscall, passed, flags, op } = opens[i];
    const fd = Number(run.kv[`${op}.ret`]);
    assert.ok(fd >= 3, JSON.stringify(run.kv));
    assert.deepEqual([f.eventId, f.hostProcessId, f.processName, f.executable.path, f.containerId, f.returnValue], [EVENT_ID, run.pid, 'fs_ops', run.bin, run.containerId, fd]);
    assert.deepEqual(f.args, [
      { name: 'pathname', type: 'const char *', value: TOKEN },
      { name: 'flags', type: 'int', value: flags },
      { name: 'detectedFrom', type: 'unknown', value: { id: SYSCALL_IDS[syscall], name: syscall, args: openArgs(syscall, passed, flags), returnValue: fd } },
    ], `finding ${i}`);
    assert.deepEqual(f.metadata, {
      Version: '1',
      Description: 'The Kubernetes service account token file was read on your container. This token is used to communicate with the Kubernetes API Server. Adversaries may try to communicate with the API Server to steal information and/or credentials, or even run more containers and laterally extend their grip on the systems.',
      Tags: null,
      Properties: {
        Severity: 0, Category: 'credential-access', Technique: 'Exploitation for Credential Access', Kubernetes_Technique: 'Container service account',
        id: 'attack-pattern--9c306d8d-cde7-4b4c-b6e8-d0bb16caca36', external_id: 'T1212',
        signatureID: 'TRC-108', signatureName: 'K8s service account token file read',
      },
    });
  });
});

test('benign twin: ca.crt and namespace read in a container, the token read by kubectl in one and from the host: no finding', async () => {
  const { runs, of } = await traceFsOps('k8s_service_account_token,openat', [
    { container: true, ops: [...podOps, `open:openat:r:${SA}/ca.crt`, `open:openat:r:${SA}/namespace`] },
    { container: true, as: 'kubectl', ops: [...podOps, `open:openat:r:${POD_PATH}`] },
    [...podOps, `open:openat:r:${POD_PATH}`],
  ]);
  assert.ok(Number(runs[0].kv[`${FIRST}.ret`]) >= 3 && Number(runs[0].kv[`${FIRST + 1}.ret`]) >= 3, JSON.stringify(runs[0].kv));
  for (const run of runs.slice(1)) {
    assert.ok(Number(run.kv[`${FIRST}.ret`]) >= 3, JSON.stringify(run.kv));
    const reads = of(run.pid, 'openat').filter((e) => e.args[1].value === POD_PATH);
    assert.equal(reads.length, 1, 'the token read was seen');
  }
  for (const { pid } of runs) assert.deepEqual(of(pid, 'k8s_service_account_token'), []);
});
