/**
 * k8s_api_connection (TRC-1013) on the real kernel: in a fake container
 * (test/helpers/fake-container.ts), test/triggers/k8sapi_trig.c runs with
 * KUBERNETES_SERVICE_HOST=127.0.0.1 and connects to a listener there: one
 * finding, from that connect. The benign twins: the same container's
 * process connecting to 127.0.0.2 (not the API address), the same connect
 * on the host with the variable set, and a container without the variable
 * connecting to 127.0.0.1: none.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { compileTrigger, keyValues, run, traceDuring } from '../../../test/helpers/trace.js';
import { runInFakeContainer } from '../../../test/helpers/fake-container.js';
import { BUILTIN_SIGNATURES } from './index.js';
import { k8sApiConnection } from './k8s-api-connection.js';

const EVENT_ID = 6000 + BUILTIN_SIGNATURES.indexOf(k8sApiConnection);

function listen(host: string): Promise<net.Server> {
  return new Promise((resolve) => {
    const server = net.createServer((s) => s.destroy());
    server.listen(0, host, () => resolve(server));
  });
}
const portOf = (s: net.Server): number => (s.address() as net.AddressInfo).port;

test('a container given KUBERNETES_SERVICE_HOST connects to it: one finding; connects elsewhere, on the host, without the variable (twin): none', async () => {
  const bin = compileTrigger('k8sapi_trig');
  const api = await listen('127.0.0.1');
  const other = await listen('127.0.0.2');
  const env = 'KUBERNETES_SERVICE_HOST=127.0.0.1';
  let ctr = { id: '', stdout: '', code: null as number | null };
  let bare = { id: '', stdout: '', code: null as number | null };
  let host = { pid: 0, stdout: '', code: null as number | null };
  try {
    const r = await traceDuring(['-e', 'k8s_api_connection', '-s', 'comm=k8sapi_trig'], async () => {
      ctr = await runInFakeContainer(`${env} ${bin} 127.0.0.1 ${portOf(api)} && ${env} ${bin} 127.0.0.2 ${portOf(other)}`);
      host = await run(bin, ['127.0.0.1', String(portOf(api))], { env: { ...process.env, KUBERNETES_SERVICE_HOST: '127.0.0.1' } });
      bare = await runInFakeContainer(`unset KUBERNETES_SERVICE_HOST; ${bin} 127.0.0.1 ${portOf(api)}`, 'ctr2');
    });
    assert.deepEqual([ctr.code, host.code, bare.code], [0, 0, 0], ctr.stdout + host.stdout + bare.stdout);
    assert.equal(r.exitCode, 0, r.stderr);
    assert.equal(r.lost, 0, r.stderr);
    assert.equal(r.events.length, 1, JSON.stringify(r.events));
    const f = r.events[0];
    const pid = Number(keyValues(ctr.stdout.split('\n').slice(0, 2).join('\n')).pid);
    assert.deepEqual([f.eventId, f.processName, f.containerId, f.processId], [EVENT_ID, 'k8sapi_trig', ctr.id, pid]);
    assert.deepEqual(f.args[0], { name: 'ip', type: 'const char *', value: '127.0.0.1' });
    const from = f.args[1].value;
    assert.deepEqual([f.args[1].name, from.id, from.name, from.returnValue], ['detectedFrom', 42, 'connect', 0]);
    assert.deepEqual(from.args[1], { name: 'addr', type: 'struct sockaddr*', value: { sa_family: 'AF_INET', sin_port: portOf(api), sin_addr: '127.0.0.1' } });
    assert.deepEqual(f.metadata, {
      Version: '0.1.0',
      Description: k8sApiConnection.metadata.description,
      Tags: ['container'],
      Properties: {
        Severity: 1, 'MITRE ATT&CK': 'Discovery: Cloud Service Discovery', Category: 'discovery', Technique: 'Cloud Service Discovery',
        external_id: 'T1526', signatureID: 'TRC-1013', signatureName: 'Kubernetes API server connection detected',
      },
    });
  } finally {
    api.close();
    other.close();
  }
});
