/**
 * packet_socket_in_container (SYSRAY-8, Falco's "Packet socket created in
 * container") on the real kernel: test/triggers/packet_socket.c calls
 * socket(AF_PACKET, SOCK_RAW, htons(ETH_P_ALL)) in a fake container (its
 * docker-ID cgroup and namespaces): one finding, with the container's id.
 * Benign twins: the same call on the host, and socket(AF_INET) in the
 * container: none.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileTrigger, keyValues, run, traceDuring } from '../../../test/helpers/trace.js';
import { runInFakeContainer } from '../../../test/helpers/fake-container.js';
import { BUILTIN_SIGNATURES } from './index.js';
import { packetSocketInContainer } from './packet-socket-in-container.js';

const EVENT_ID = 6000 + BUILTIN_SIGNATURES.indexOf(packetSocketInContainer);
const AF_PACKET = 17, AF_INET = 2, ETH_P_ALL_BE = 0x0300;

async function traceSockets(action: () => Promise<{ stdout: string; code: number | null }>) {
  const r = await traceDuring(['-e', 'packet_socket_in_container,socket', '-s', 'comm=packet_socket'], async () => {
    const out = await action();
    assert.equal(out.code, 0, out.stdout);
    assert.equal(keyValues(out.stdout).errno, '0', 'socket(2) succeeded');
  });
  assert.equal(r.exitCode, 0, r.stderr);
  assert.equal(r.lost, 0, r.stderr);
  return r;
}

test('socket(AF_PACKET, SOCK_RAW, htons(ETH_P_ALL)) in a container: one finding, with the container', async () => {
  const bin = compileTrigger('packet_socket');
  let id = '';
  const r = await traceSockets(async () => {
    const c = await runInFakeContainer(`${bin} packet`);
    id = c.id;
    return c;
  });
  const calls = r.events.filter((e) => e.eventName === 'socket');
  assert.equal(calls.length, 1, JSON.stringify(r.events));
  const call = calls[0];
  assert.deepEqual([call.args[0].value, call.containerId], [AF_PACKET, id]);
  const findings = r.events.filter((e) => e.eventName === 'packet_socket_in_container');
  assert.equal(findings.length, 1, JSON.stringify(r.events));
  const f = findings[0];
  assert.deepEqual([f.eventId, f.processName, f.hostProcessId, f.containerId, f.timestamp], [EVENT_ID, 'packet_socket', call.hostProcessId, id, call.timestamp]);
  assert.ok(Number(call.returnValue) >= 0, 'the kernel made it (root with CAP_NET_RAW)');
  assert.deepEqual(f.args, [
    { name: 'type', type: 'const char *', value: 'SOCK_RAW' },
    { name: 'protocol', type: 'int', value: ETH_P_ALL_BE },
    { name: 'detectedFrom', type: 'unknown', value: { id: 41, name: 'socket', args: call.args, returnValue: call.returnValue } },
  ]);
  assert.deepEqual(f.metadata, {
    Version: '1',
    Description: 'A process in a container created a packet socket (AF_PACKET, OSI layer 2), which can be used for ARP spoofing and sniffing, and to reach packet-socket kernel bugs for privilege escalation (CVE-2020-14386). Falco\'s rule "Packet socket created in container".',
    Tags: ['linux', 'containers', 'falco'],
    Properties: {
      Severity: 1, Category: 'credential-access', Technique: 'ARP Cache Poisoning', Kubernetes_Technique: '',
      id: 'attack-pattern--cabe189c-a0e3-4965-a473-dcff00f17213', external_id: 'T1557.002', falco_rule: 'Packet socket created in container',
      signatureID: 'SYSRAY-8', signatureName: 'Packet socket created in container',
    },
  });
});

test('benign twins: the packet socket on the host, and an AF_INET socket in the container: none', async () => {
  const bin = compileTrigger('packet_socket');
  const host = await traceSockets(() => run(bin, ['packet']));
  assert.deepEqual(host.events.filter((e) => e.eventName === 'socket').map((e) => [e.args[0].value, e.containerId]), [[AF_PACKET, '']], 'seen, on the host');
  assert.deepEqual(host.events.filter((e) => e.eventName === 'packet_socket_in_container'), []);
  let id = '';
  const inet = await traceSockets(async () => {
    const c = await runInFakeContainer(`${bin} inet`);
    id = c.id;
    return c;
  });
  assert.deepEqual(inet.events.filter((e) => e.eventName === 'socket').map((e) => [e.args[0].value, e.containerId]), [[AF_INET, id]], 'seen, in the container');
  assert.deepEqual(inet.events.filter((e) => e.eventName === 'packet_socket_in_container'), []);
});
