/**
 * SYSRAY-8 packet_socket_in_container: Falco's stable rule "Packet socket
 * created in container" (NOTICE → Severity 1; credential_access,
 * T1557.002): socket(AF_PACKET, ...) in a container. A packet socket sends
 * and receives raw link-layer frames: ARP spoofing and sniffing of the
 * node's network, and the attack surface of packet-socket kernel bugs
 * (CVE-2020-14386), from a workload that has no need for it.
 */
import type { Signature } from '../signature.js';
import { numArg, processNamed } from '../predicates.js';

const AF_PACKET = 17;

export const packetSocketInContainer: Signature = {
  metadata: {
    id: 'SYSRAY-8',
    version: '1',
    name: 'Packet socket created in container',
    eventName: 'packet_socket_in_container',
    description: 'A process in a container created a packet socket (AF_PACKET, OSI layer 2), which can be used for ARP spoofing and sniffing, and to reach packet-socket kernel bugs for privilege escalation (CVE-2020-14386). Falco\'s rule "Packet socket created in container".',
    tags: ['linux', 'containers', 'falco'],
    properties: {
      Severity: 1,
      Category: 'credential-access',
      Technique: 'ARP Cache Poisoning',
      Kubernetes_Technique: '',
      id: 'attack-pattern--cabe189c-a0e3-4965-a473-dcff00f17213',
      external_id: 'T1557.002',
      falco_rule: 'Packet socket created in container',
    },
  },
  selects: [{ event: 'socket', origin: 'container', where: { domain: { in: [AF_PACKET] } } }],
  params: {
    programs: { default: [], doc: 'Programs (comm or executable base name) allowed to make packet sockets in containers (Falco\'s user_known_packet_socket_binaries, empty): a CNI agent, a DHCP client, tcpdump in a debug container.' },
  },
  doc: {
    data: [
      { name: 'type', type: 'const char *', doc: 'The socket type as the caller asked (SOCK_RAW: whole frames with their link-layer header; SOCK_DGRAM: without), with SOCK_CLOEXEC/SOCK_NONBLOCK when given.' },
      { name: 'protocol', type: 'int', doc: 'The protocol argument: an ethertype in network byte order (htons(ETH_P_ALL) = 768 for every frame, htons(ETH_P_ARP) = 1544 for ARP); 0 receives nothing until bound.' },
    ],
    useCase: 'From a compromised container with CAP_NET_RAW (which Docker and containerd grant by default), an attacker opens a packet socket to forge ARP replies and put itself between the node\'s other pods and their gateway, to sniff the traffic of the host network namespace when the pod uses it, or to exploit a packet-socket bug (CVE-2020-14386: tpacket_rcv memory corruption, root on the node). Application containers seldom need one.',
    issues: 'Falco\'s condition; in containers only (on hosts dhclient, tcpdump, NetworkManager, lldpd and keepalived use packet sockets every day). Every attempt is reported, whether the kernel allowed it or refused it (EPERM without CAP_NET_RAW: the returnValue of `detectedFrom` says which), as Falco does not look at the result either; a refused attempt tells of a probe. Container tooling that needs packet sockets (CNI plugins, DHCP clients, debugging sidecars with tcpdump) goes in the param `programs` (compared by name, which any program can take). '
      + 'Not covered: raw IP sockets (AF_INET, SOCK_RAW: ICMP and spoofed IP, not layer 2), the obsolete SOCK_PACKET type of AF_INET, packet sockets made on the host and passed into the container over a unix socket (SCM_RIGHTS), and io_uring socket creation (IORING_OP_SOCKET, no syscall).',
    related: ['socket', 'bind', 'setsockopt'],
  },
  onEvent: (event, ctx) => {
    if (event.containerId === '' || numArg(event, 'domain') !== AF_PACKET) return undefined;
    if (processNamed(ctx.param('programs'), event.processName, event.executablePath)) return undefined;
    return { data: { type: ctx.symbol(event, 'type') ?? String(numArg(event, 'type')), protocol: numArg(event, 'protocol') } };
  },
};
