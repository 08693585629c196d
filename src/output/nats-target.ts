/**
 * What `-o nats:nats://[USER:PASS@]HOST:PORT/PREFIX?OPTIONS` asks for, checked
 * once at start: a mistake is a UsageError naming the option, never the
 * URL as written (it may hold credentials). `sysray analyze` reads the
 * same URLs (stream= and creds= apply; the sink's own options are ignored).
 */
import { readFileSync } from 'node:fs';
import { UsageError } from '../cli/usage-error.js';
import { redactUrl } from './sink.js';

export interface NatsTarget {
  /** `host:port` for the client. */
  server: string;
  /** Subject prefix: the URL's path, its segments as tokens (`/sysray/prod` → `sysray.prod`). */
  prefix: string;
  stream: string;
  /** The creds file's content (read at start: a missing file is a usage error, not a reconnect loop). */
  creds?: Uint8Array;
  user?: string;
  pass?: string;
  token?: string;
  tls: boolean;
  bufferBytes: number;
  /** Publishes waiting for their ack, at most. */
  inflight: number;
  /** The URL without credentials. */
  name: string;
}

export const NATS_DEFAULTS = { stream: 'SYSRAY', prefix: 'sysray', bufferBytes: 64 << 20, inflight: 256 } as const;
const OPTIONS = ['stream', 'creds', 'tls', 'buffer', 'inflight'] as const;

/** A token of a subject: NATS splits on '.', and '*', '>' and whitespace are wildcards or separators. */
export function subjectToken(text: string): string {
  const t = text.replace(/[.*>\s\x00-\x1f\x7f]/g, '_');
  return t === '' ? '_' : t;
}

/** `what`: the flag, for messages (`-o nats`, `analyze`). */
export function parseNatsTarget(url: URL, what = '-o nats'): NatsTarget {
  const name = redactUrl(url);
  const fail = (why: string): never => {
    throw new UsageError(`${what} ${name}: ${why}`);
  };
  if (url.protocol !== 'nats:' && url.protocol !== 'tls:') fail(`scheme "${url.protocol}" is not nats: or tls:`);
  if (url.hostname === '') fail('no host; write nats://HOST:PORT/PREFIX');
  const segments = url.pathname.split('/').filter((s) => s !== '');
  const target: NatsTarget = {
    server: `${url.hostname}:${url.port || '4222'}`,
    prefix: segments.length ? segments.map((s) => subjectToken(decodeURIComponent(s))).join('.') : NATS_DEFAULTS.prefix,
    stream: NATS_DEFAULTS.stream,
    tls: url.protocol === 'tls:',
    bufferBytes: NATS_DEFAULTS.bufferBytes,
    inflight: NATS_DEFAULTS.inflight,
    name,
  };
  if (url.username && url.password) {
    target.user = decodeURIComponent(url.username);
    target.pass = decodeURIComponent(url.password);
  } else if (url.username) {
    target.token = decodeURIComponent(url.username);
  }
  for (const [key, value] of url.searchParams) {
    switch (key) {
      case 'stream':
        // stream names are one subject token without path separators
        if (!/^[A-Za-z0-9_-]{1,255}$/.test(value)) fail(`stream="${value}" is not a stream name (letters, digits, _ and -)`);
        target.stream = value;
        break;
      case 'creds':
        if (value === '') fail('creds= needs a file: creds=/etc/sysray/nats.creds');
        try {
          target.creds = readFileSync(value);
        } catch (err) {
          fail(`cannot read creds file "${value}" (${(err as NodeJS.ErrnoException).code ?? 'error'}); give a readable NATS .creds file`);
        }
        break;
      case 'tls':
        if (value !== 'true' && value !== 'false') fail(`tls="${value}": write tls=true or tls=false`);
        target.tls = target.tls || value === 'true';
        break;
      case 'buffer':
        target.bufferBytes = parseBufferSize(value) ?? fail(`buffer="${value}" is not a size of 1K to 4G; write e.g. buffer=64M`);
        break;
      case 'inflight': {
        const n = /^\d+$/.test(value) ? Number(value) : NaN;
        if (!(n >= 1 && n <= 65536)) fail(`inflight="${value}" must be a whole number from 1 to 65536`);
        target.inflight = n;
        break;
      }
      default:
        fail(`unknown option "${key}"; known options: ${OPTIONS.map((o) => o + '=').join(', ')}`);
    }
  }
  return target;
}

/** `64M`, `512K`, `1G`, `1048576` → bytes, 1 KiB to 4 GiB; undefined when it is not one. */
function parseBufferSize(text: string): number | undefined {
  const m = /^(\d+)([KMG]?)(i?B)?$/i.exec(text);
  if (!m) return undefined;
  const bytes = Number(m[1]) * { '': 1, K: 1 << 10, M: 1 << 20, G: 1 << 30 }[m[2].toUpperCase() as '' | 'K' | 'M' | 'G'];
  return bytes >= 1024 && bytes <= 2 ** 32 ? bytes : undefined;
}
