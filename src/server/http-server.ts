/**
 * sysray's HTTP server (node:http: three read-only endpoints need no
 * framework). Each endpoint is on only when asked for with --server; every
 * other path is 404. Bound before the BPF programs are loaded, so that a
 * port in use fails the start at once, and /healthz answers 503 meanwhile.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { EnvironmentError } from '../cli/usage-error.js';
import { formatAddress, type ServerConfig } from './server-flags.js';
import type { HealthVerdict } from './health.js';

export interface Endpoints {
  healthz?: () => HealthVerdict;
  metrics?: () => Promise<{ contentType: string; body: string }>;
  /** A CPU profile of `seconds`; undefined when one cannot be taken now (its reason in `busy`). */
  profile?: { take(seconds: number): Promise<object>; busy(): string | undefined };
}

export interface RunningServer {
  /** host:port it listens on (the port the kernel chose for port 0). */
  readonly address: string;
  close(): Promise<void>;
}

/** The longest profile /debug/pprof/profile takes (Go's pprof default is 30 s). */
export const MAX_PROFILE_SECONDS = 300;

export async function startHttpServer(config: ServerConfig, endpoints: Endpoints): Promise<RunningServer> {
  const server = createServer((req, res) => {
    route(req, res, endpoints).catch((err: Error) => reply(res, 500, `${err.message}\n`));
  });
  // a scraper that holds a connection open must not keep sysray from exiting
  server.keepAliveTimeout = 5000;
  const wanted = formatAddress(config.host, config.port);
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) => reject(listenError(wanted, err)));
    server.listen(config.port, config.host, () => resolve());
  });
  const bound = server.address();
  const address = bound && typeof bound === 'object' ? formatAddress(bound.address, bound.port) : wanted;
  return {
    address,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function listenError(address: string, err: NodeJS.ErrnoException): EnvironmentError {
  const why =
    err.code === 'EADDRINUSE' ? 'the address is in use (another sysray?); choose another port'
    : err.code === 'EADDRNOTAVAIL' ? 'no interface of this host has that address; use 127.0.0.1 or 0.0.0.0'
    : err.code === 'EACCES' ? 'not allowed to bind it; use a port above 1023'
    : err.code === 'ENOTFOUND' || err.code === 'EAI_AGAIN' ? 'the host name does not resolve; give an IP address'
    : err.message;
  return new EnvironmentError(`cannot listen on ${address} (--server http-address): ${why}`);
}

function reply(res: ServerResponse, status: number, body: string, contentType = 'text/plain; charset=utf-8'): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  res.writeHead(status, { 'content-type': contentType, 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

async function route(req: IncomingMessage, res: ServerResponse, endpoints: Endpoints): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://sysray');
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.setHeader('allow', 'GET, HEAD');
    return reply(res, 405, 'only GET and HEAD\n');
  }
  if (url.pathname === '/healthz' && endpoints.healthz) {
    const v = endpoints.healthz();
    return reply(res, v.ok ? 200 : 503, v.ok ? 'OK' : `${v.reason}\n`);
  }
  if (url.pathname === '/metrics' && endpoints.metrics) {
    const { contentType, body } = await endpoints.metrics();
    return reply(res, 200, body, contentType);
  }
  if (url.pathname === '/debug/pprof/profile' && endpoints.profile) {
    const text = url.searchParams.get('seconds') ?? '30';
    const seconds = Number(text);
    if (!/^\d+$/.test(text) || seconds < 1 || seconds > MAX_PROFILE_SECONDS) {
      return reply(res, 400, `seconds=${text}: a whole number of seconds from 1 to ${MAX_PROFILE_SECONDS}\n`);
    }
    const busy = endpoints.profile.busy();
    if (busy) return reply(res, 503, `${busy}\n`);
    const profile = await endpoints.profile.take(seconds);
    res.setHeader('content-disposition', 'attachment; filename="sysray.cpuprofile"');
    return reply(res, 200, JSON.stringify(profile), 'application/json');
  }
  return reply(res, 404, `no endpoint ${url.pathname}${Object.keys(endpoints).length ? '' : ' (none asked for: --server healthz, metrics or pprof)'}\n`);
}
