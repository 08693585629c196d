/**
 * The options of `-o webhook:URL`, written in the URL's query as Tracee
 * does (`?timeout=5s`). sysray consumes them all: the URL it POSTs to has
 * no query and no credentials (those become an Authorization header).
 */
import { UsageError } from '../cli/usage-error.js';

export interface WebhookOptions {
  /** Per request, connect to last byte of the answer, ms. */
  timeoutMs: number;
  /** json: the body is a JSON array of events; ndjson: one event a line. */
  format: 'json' | 'ndjson';
  /** Most events in one request. */
  batch: number;
  /** Longest an event waits for its batch to fill before the batch goes, ms. */
  intervalMs: number;
  /** Bound of the in-memory queue, bytes. */
  bufferBytes: number;
}

export const WEBHOOK_DEFAULTS: WebhookOptions = {
  timeoutMs: 5000,
  format: 'json',
  batch: 500,
  intervalMs: 200,
  bufferBytes: 64 << 20,
};

const NAMES = ['timeout', 'format', 'batch', 'interval', 'buffer'] as const;

/** The options in `url`'s query, defaults for the rest; a UsageError naming the option for anything else. */
export function parseWebhookOptions(url: URL): WebhookOptions {
  const options = { ...WEBHOOK_DEFAULTS };
  const seen = new Set<string>();
  for (const [name, value] of url.searchParams) {
    if (seen.has(name)) throw new UsageError(`-o webhook: option ${name} given twice in the URL's query; keep one`);
    seen.add(name);
    switch (name) {
      case 'timeout':
        options.timeoutMs = parseDurationMs(name, value, 1, 600_000);
        break;
      case 'interval':
        options.intervalMs = parseDurationMs(name, value, 0, 600_000);
        break;
      case 'format':
        if (value !== 'json' && value !== 'ndjson') throw new UsageError(`-o webhook: format=${value} is not json or ndjson; write format=json (a JSON array a request) or format=ndjson (one event a line)`);
        options.format = value;
        break;
      case 'batch': {
        const n = /^\d+$/.test(value) ? Number(value) : NaN;
        if (!(n >= 1 && n <= 100_000)) throw new UsageError(`-o webhook: batch=${value} is not a count of events between 1 and 100000; write e.g. batch=500`);
        options.batch = n;
        break;
      }
      case 'buffer':
        options.bufferBytes = parseBufferBytes(value);
        break;
      default:
        // the name only: a value in an unknown option may be a secret
        throw new UsageError(`-o webhook: unknown option "${name}" in the URL's query; known options: ${NAMES.join(', ')} (e.g. ?timeout=5s&batch=500)`);
    }
  }
  return options;
}

/** `5s`, `500ms`, `1m`; a bare number is milliseconds. */
function parseDurationMs(name: string, text: string, min: number, max: number): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m)?$/.exec(text);
  const ms = m ? Number(m[1]) * { ms: 1, s: 1000, m: 60_000 }[(m[2] ?? 'ms') as 'ms' | 's' | 'm'] : NaN;
  if (!(ms >= min && ms <= max)) {
    throw new UsageError(`-o webhook: ${name}=${text} is not a duration between ${min} ms and 10 m; write e.g. ${name}=${name === 'timeout' ? '5s' : '200ms'}`);
  }
  return Math.round(ms);
}

/** `64M`, `512K`, `1G`; a bare number is MiB. */
function parseBufferBytes(text: string): number {
  const m = /^(\d+)([KMG])?(i?B)?$/i.exec(text);
  const bytes = m ? Number(m[1]) * { K: 1 << 10, M: 1 << 20, G: 1 << 30 }[(m[2] ?? 'M').toUpperCase() as 'K' | 'M' | 'G'] : NaN;
  if (!(bytes >= 64 << 10 && bytes <= 16 * 2 ** 30)) {
    throw new UsageError(`-o webhook: buffer=${text} is not a size between 64K and 16G; write e.g. buffer=64M`);
  }
  return bytes;
}
