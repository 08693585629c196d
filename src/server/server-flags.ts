/**
 * `--server` in Tracee's form, repeatable: `http-address=HOST:PORT`,
 * `healthz`, `metrics`, `pprof`. Endpoints without an address are served on
 * 127.0.0.1:3366: loopback only, as Tracee does; `0.0.0.0:3366` opens it to
 * the network. A bare `:PORT` is loopback too (safer than Go's any-address
 * reading of it: pprof and metrics describe a privileged process).
 */
import { isIP } from 'node:net';
import { UsageError } from '../cli/usage-error.js';

export interface ServerConfig {
  host: string;
  port: number;
  healthz: boolean;
  metrics: boolean;
  pprof: boolean;
}

export const DEFAULT_HTTP_ADDRESS = { host: '127.0.0.1', port: 3366 } as const;

const ENDPOINTS = ['healthz', 'metrics', 'pprof'] as const;
const CHOICES = 'http-address=HOST:PORT, healthz, metrics or pprof';

/** The server asked for, or undefined when no --server flag was given. */
export function parseServerFlags(values: readonly string[]): ServerConfig | undefined {
  if (values.length === 0) return undefined;
  const config: ServerConfig = { ...DEFAULT_HTTP_ADDRESS, healthz: false, metrics: false, pprof: false };
  let address: string | undefined;
  for (const value of values) {
    const eq = value.indexOf('=');
    const name = eq < 0 ? value : value.slice(0, eq);
    if ((ENDPOINTS as readonly string[]).includes(name)) {
      if (eq >= 0) throw new UsageError(`--server ${value}: ${name} takes no value; write --server ${name}`);
      config[name as (typeof ENDPOINTS)[number]] = true;
    } else if (name === 'http-address') {
      if (address !== undefined) throw new UsageError(`--server ${value}: http-address given twice (first ${address}); give one`);
      address = value.slice(eq + 1);
      Object.assign(config, parseHttpAddress(address));
    } else if (name === 'grpc-address' || name === 'grpc' || name === 'pyroscope') {
      throw new UsageError(`--server ${value}: sysray has no ${name === 'pyroscope' ? 'Pyroscope agent' : 'gRPC server'}; use ${CHOICES}`);
    } else {
      throw new UsageError(`--server ${value}: unknown; use ${CHOICES}`);
    }
  }
  return config;
}

/** HOST:PORT, [IPv6]:PORT or :PORT (loopback); port 0 takes any free port. */
export function parseHttpAddress(address: string): { host: string; port: number } {
  const m = /^(?:\[([^\]]*)\]|([^:[\]]*)):([^:]*)$/.exec(address);
  if (!m) {
    const hint = (address.match(/:/g)?.length ?? 0) > 1 ? ' (an IPv6 address goes in brackets: [::1]:3366)' : '';
    throw new UsageError(`--server http-address=${address}: expected HOST:PORT, e.g. 127.0.0.1:3366${hint}`);
  }
  const host = m[1] ?? m[2] ?? '';
  const portText = m[3];
  if (!/^\d{1,5}$/.test(portText) || Number(portText) > 65535) {
    throw new UsageError(`--server http-address=${address}: port "${portText}" must be a number from 0 to 65535`);
  }
  if (m[1] !== undefined && isIP(host) !== 6) throw new UsageError(`--server http-address=${address}: "${host}" in brackets is not an IPv6 address`);
  if (host !== '' && m[1] === undefined && isIP(host) === 0 && !/^[A-Za-z0-9]([A-Za-z0-9.-]{0,251}[A-Za-z0-9])?$/.test(host)) {
    throw new UsageError(`--server http-address=${address}: "${host}" is not an IP address or host name`);
  }
  return { host: host === '' ? DEFAULT_HTTP_ADDRESS.host : host, port: Number(portText) };
}

/** host:port as people write it ([::1]:3366 for IPv6). */
export function formatAddress(host: string, port: number): string {
  return isIP(host) === 6 ? `[${host}]:${port}` : `${host}:${port}`;
}
