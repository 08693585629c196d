/** socket(2): address families and socket types (linux/socket.h, linux/net.h). */
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

const families = new EnumRenderer(ADDRESS_FAMILIES);
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
