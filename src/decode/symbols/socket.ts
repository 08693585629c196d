/**
 * socket(2): address families and socket types (linux/socket.h, linux/net.h);
 * the IP protocols (linux/in.h) and the states (net/tcp_states.h) a socket's
 * struct sock holds, as the kernel describes an fd (src/decode/fd-info.ts).
 */
import type { EnumEntry } from './enum-names.js';
import { EnumRenderer } from './enum-names.js';
import type { FlagEntry, FlagField } from './flag-set.js';
import { FlagSetRenderer } from './flag-set.js';

/** Address families; names as glibc and Tracee spell them (AF_DECnet). */
export const ADDRESS_FAMILIES: readonly EnumEntry[] = [
  ['AF_UNSPEC', 0], ['AF_UNIX', 1], ['AF_INET', 2], ['AF_AX25', 3], ['AF_IPX', 4],
  ['AF_APPLETALK', 5], ['AF_NETROM', 6], ['AF_BRIDGE', 7], ['AF_ATMPVC', 8], ['AF_X25', 9],
  ['AF_INET6', 10], ['AF_ROSE', 11], ['AF_DECnet', 12], ['AF_NETBEUI', 13], ['AF_SECURITY', 14],
  ['AF_KEY', 15], ['AF_NETLINK', 16], ['AF_PACKET', 17], ['AF_ASH', 18], ['AF_ECONET', 19],
  ['AF_ATMSVC', 20], ['AF_RDS', 21], ['AF_SNA', 22], ['AF_IRDA', 23], ['AF_PPPOX', 24],
  ['AF_WANPIPE', 25], ['AF_LLC', 26], ['AF_IB', 27], ['AF_MPLS', 28], ['AF_CAN', 29],
  ['AF_TIPC', 30], ['AF_BLUETOOTH', 31], ['AF_IUCV', 32], ['AF_RXRPC', 33], ['AF_ISDN', 34],
  ['AF_PHONET', 35], ['AF_IEEE802154', 36], ['AF_CAIF', 37], ['AF_ALG', 38], ['AF_NFC', 39],
  ['AF_VSOCK', 40], ['AF_KCM', 41], ['AF_QIPCRTR', 42], ['AF_SMC', 43], ['AF_XDP', 44],
  ['AF_MCTP', 45],
];

export const SOCKET_TYPES: FlagField = {
  mask: 0xf,
  names: [
    ['SOCK_STREAM', 1], ['SOCK_DGRAM', 2], ['SOCK_RAW', 3], ['SOCK_RDM', 4],
    ['SOCK_SEQPACKET', 5], ['SOCK_DCCP', 6], ['SOCK_PACKET', 10],
  ],
};

export const SOCKET_TYPE_FLAGS: readonly FlagEntry[] = [
  ['SOCK_NONBLOCK', 0o4000],
  ['SOCK_CLOEXEC', 0o2000000],
];

/** IP protocol numbers (sk_protocol of AF_INET/AF_INET6 sockets); the IPv6 extension headers are never a socket's. */
export const IP_PROTOCOLS: readonly EnumEntry[] = [
  ['IPPROTO_IP', 0], ['IPPROTO_ICMP', 1], ['IPPROTO_IGMP', 2], ['IPPROTO_IPIP', 4], ['IPPROTO_TCP', 6],
  ['IPPROTO_EGP', 8], ['IPPROTO_PUP', 12], ['IPPROTO_UDP', 17], ['IPPROTO_IDP', 22], ['IPPROTO_TP', 29],
  ['IPPROTO_DCCP', 33], ['IPPROTO_IPV6', 41], ['IPPROTO_RSVP', 46], ['IPPROTO_GRE', 47], ['IPPROTO_ESP', 50],
  ['IPPROTO_AH', 51], ['IPPROTO_ICMPV6', 58], ['IPPROTO_MTP', 92], ['IPPROTO_BEETPH', 94], ['IPPROTO_ENCAP', 98],
  ['IPPROTO_PIM', 103], ['IPPROTO_COMP', 108], ['IPPROTO_L2TP', 115], ['IPPROTO_SCTP', 132], ['IPPROTO_UDPLITE', 136],
  ['IPPROTO_MPLS', 137], ['IPPROTO_ETHERNET', 143], ['IPPROTO_RAW', 255], ['IPPROTO_SMC', 256], ['IPPROTO_MPTCP', 262],
];

/** sk_state: TCP's states, which UDP and unix sockets use too (TCP_ESTABLISHED connected, TCP_CLOSE not). */
export const SOCKET_STATES: readonly EnumEntry[] = [
  ['TCP_ESTABLISHED', 1], ['TCP_SYN_SENT', 2], ['TCP_SYN_RECV', 3], ['TCP_FIN_WAIT1', 4], ['TCP_FIN_WAIT2', 5],
  ['TCP_TIME_WAIT', 6], ['TCP_CLOSE', 7], ['TCP_CLOSE_WAIT', 8], ['TCP_LAST_ACK', 9], ['TCP_LISTEN', 10],
  ['TCP_CLOSING', 11], ['TCP_NEW_SYN_RECV', 12], ['TCP_BOUND_INACTIVE', 13],
];

const families = new EnumRenderer(ADDRESS_FAMILIES);
const ipProtocols = new EnumRenderer(IP_PROTOCOLS);
const socketStates = new EnumRenderer(SOCKET_STATES);
const types = new FlagSetRenderer(SOCKET_TYPE_FLAGS, { fields: [SOCKET_TYPES] });
const familyNames: (string | undefined)[] = [];
for (const [name, value] of ADDRESS_FAMILIES) familyNames[value] = name;

/** The name of an address family number, or undefined. @example addressFamilyName(10) // 'AF_INET6' */
export function addressFamilyName(family: number): string | undefined {
  return familyNames[family];
}

/** @example renderSocketDomain(2n) // 'AF_INET' */
export function renderSocketDomain(value: bigint): string {
  return families.render(value);
}

/** @example renderSocketType(0x80001n) // 'SOCK_STREAM|SOCK_CLOEXEC' */
export function renderSocketType(value: bigint): string {
  return types.render(value);
}

/** @example ipProtocolName(6) // 'IPPROTO_TCP'; an unnamed one as its number ('200') */
export function ipProtocolName(protocol: number): string {
  return ipProtocols.renderNumber(protocol);
}

/** @example socketStateName(10) // 'TCP_LISTEN'; an unnamed one as its number */
export function socketStateName(state: number): string {
  return socketStates.renderNumber(state);
}
