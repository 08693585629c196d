/**
 * docker_abuse (TRC-1019) on the real kernel, in a fake container (a
 * docker-<id>.scope cgroup and namespaces, test/helpers/fake-container.ts)
 * with a tmpfs over /run in its mount namespace, where
 * test/triggers/docker_sock_trigger.c listens on /run/docker.sock itself
 * (the host's /run is untouched). It opens /var/run/docker.sock for read
 * and write (ENXIO: a socket) and connects to it: one finding each. Benign
 * twins: in the container, a read-only open and a connect to
 * /run/containerd.sock; on the host, the same abuse (docker_abuse is about
 * containers): none.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileTrigger, keyValues, run, traceDuring } from '../../../test/helpers/trace.js';
import { runInFakeContainer } from '../../../test/helpers/fake-container.js';
import { BUILTIN_SIGNATURES } from './index.js';
import { dockerAbuse } from './docker-abuse.js';

const EVENT_ID = 6000 + BUILTIN_SIGNATURES.indexOf(dockerAbuse);
const O_RDWR = 2;

/** The trigger in `mode`, in a private mount namespace with /run a tmpfs: in a fake container (which has its own), or on the host. */
async function traceTrigger(mode: string, where: 'container' | 'host', events = 'docker_abuse') {
  const bin = compileTrigger('docker_sock_trigger');
  const inner = `mount -t tmpfs sysray-test /run && exec ${bin} ${mode}`;
  let out = { stdout: '', code: null as number | null, id: '' };
  const r = await traceDuring(['-e', events, '-s', 'comm=docker_sock_tri'], async () => {
    out = where === 'container' ? await runInFakeContainer(inner) : { ...(await run('/usr/bin/unshare', ['-m', '/bin/sh', '-c', inner])), id: '' };
  });
  assert.equal(out.code, 0, out.stdout);
  assert.equal(r.exitCode, 0, r.stderr);
  assert.equal(r.lost, 0, r.stderr);
  return { r, kv: keyValues(out.stdout), id: out.id };
}

test('in a container, open of /var/run/docker.sock for writing and a connect to it: one docker_abuse finding each', async () => {
  const { r, kv, id } = await traceTrigger('abuse', 'container');
  assert.deepEqual([kv.open, kv.connect], ['-6', '0'], 'the open failed with ENXIO (a socket), the connect went through');
  const findings = r.events.filter((e) => e.eventName === 'docker_abuse');
  assert.equal(findings.length, 2, JSON.stringify(r.events));
  const [open, connect] = findings;
  for (const f of findings) {
    // pid in the container's pid namespace, as the trigger printed it
    assert.deepEqual([f.eventId, f.processId, f.processName, f.containerId], [EVENT_ID, Number(kv.pid), 'docker_sock_tri', id]);
    assert.deepEqual(f.metadata, {
      Version: '1',
      Description: dockerAbuse.metadata.description,
      Tags: null,
      Properties: {
        Severity: 2, Category: 'privilege-escalation', Technique: 'Exploitation for Privilege Escalation', Kubernetes_Technique: '',
        id: 'attack-pattern--b21c3b2d-02e6-45b1-980b-e69051040839', external_id: 'T1068',
        signatureID: 'TRC-1019', signatureName: 'Docker socket abuse detected',
      },
    });
  }
  assert.deepEqual(open.args[0], { name: 'pathname', type: 'const char *', value: '/var/run/docker.sock' });
  const from = open.args[1].value;
  assert.deepEqual([from.name, from.returnValue, from.args[1].value, from.args[2].value], ['openat', -6, '/var/run/docker.sock', O_RDWR]);
  assert.deepEqual(connect.args, [
    { name: 'pathname', type: 'const char *', value: '/var/run/docker.sock' },
    {
      name: 'detectedFrom', type: 'unknown',
      value: {
        id: 42, name: 'connect', returnValue: 0,
        args: [
          { name: 'sockfd', type: 'int', value: connect.args[1].value.args[0].value },
          { name: 'addr', type: 'struct sockaddr*', value: { sa_family: 'AF_UNIX', sun_path: '/var/run/docker.sock' } },
          { name: 'addrlen', type: 'int', value: 110 },
        ],
      },
    },
  ]);
});

test('benign twin: a read-only open and a connect to containerd.sock in a container, and the abuse on the host: no finding', async () => {
  const benign = await traceTrigger('benign', 'container', 'docker_abuse,connect');
  assert.deepEqual([benign.kv.open, benign.kv.connect], ['-6', '0']);
  const connects = benign.r.events.filter((e) => e.eventName === 'connect' && e.processId === Number(benign.kv.pid) && e.processName === 'docker_sock_tri');
  assert.deepEqual(connects.map((e) => [e.containerId, e.args[1].value.sun_path]), [[benign.id, '/run/containerd.sock']], 'the connect was seen, in the container');
  assert.deepEqual(benign.r.events.filter((e) => e.eventName === 'docker_abuse'), []);
  const host = await traceTrigger('abuse', 'host', 'docker_abuse,connect');
  assert.deepEqual([host.kv.open, host.kv.connect], ['-6', '0']);
  assert.equal(host.r.events.filter((e) => e.eventName === 'connect' && e.containerId === '').length, 1, 'the connect was seen, on the host');
  assert.deepEqual(host.r.events.filter((e) => e.eventName === 'docker_abuse'), []);
});
