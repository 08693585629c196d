/**
 * `-o/--output`, as Tracee spells it: `json`, `table`, each with an optional
 * `:PATH`; `webhook:URL` and `nats:URL` (network sinks, src/output/sink.ts);
 * and `option:NAME` switches (`parse-arguments`, `exec-env`).
 */
import { UsageError } from './usage-error.js';

export type OutputFormat = 'json' | 'table';

export interface OutputTarget {
  format: OutputFormat;
  /** undefined: stdout */
  path?: string;
}

/** A network sink: `-o webhook:http://...`, `-o nats:nats://HOST:PORT/PREFIX`. */
export interface SinkTarget {
  kind: 'webhook' | 'nats';
  url: URL;
  /** As written after `kind:` (for messages: may hold credentials, never logged). */
  text: string;
}

export interface OutputConfig {
  targets: OutputTarget[];
  sinks: SinkTarget[];
  parseArguments: boolean;
  /** fd arguments with what they refer to (`3=/etc/passwd`); implies parseArguments, as in Tracee. */
  parseArgumentsFds: boolean;
  execEnv: boolean;
}

const FORMATS: readonly OutputFormat[] = ['json', 'table'];
const SINKS: readonly SinkTarget['kind'][] = ['webhook', 'nats'];
const SINK_SCHEMES: Record<SinkTarget['kind'], readonly string[]> = { webhook: ['http:', 'https:'], nats: ['nats:', 'tls:'] };
const OPTIONS = ['parse-arguments', 'parse-arguments-fds', 'exec-env'] as const;

export function parseOutput(values: readonly string[]): OutputConfig {
  const config: OutputConfig = { targets: [], sinks: [], parseArguments: false, parseArgumentsFds: false, execEnv: false };
  for (const value of values) {
    const colon = value.indexOf(':');
    const head = colon < 0 ? value : value.slice(0, colon);
    const rest = colon < 0 ? undefined : value.slice(colon + 1);
    if (head === 'option') {
      if (rest === 'parse-arguments') config.parseArguments = true;
      else if (rest === 'parse-arguments-fds') config.parseArguments = config.parseArgumentsFds = true;
      else if (rest === 'exec-env') config.execEnv = true;
      else {
        throw new UsageError(
          `unknown output option "${rest ?? ''}" in -o ${value}; known options: ${OPTIONS.map((o) => 'option:' + o).join(', ')}`,
        );
      }
      continue;
    }
    if ((SINKS as readonly string[]).includes(head)) {
      config.sinks.push(parseSink(head as SinkTarget['kind'], rest ?? ''));
      continue;
    }
    if (!(FORMATS as readonly string[]).includes(head)) {
      throw new UsageError(`unknown output format "${head}" in -o ${value}; use one of: ${FORMATS.join(', ')} (optionally FORMAT:PATH), webhook:URL, nats:URL, or option:NAME`);
    }
    if (rest === '') throw new UsageError(`empty path in -o ${value}; write -o ${head} for stdout or -o ${head}:PATH`);
    config.targets.push({ format: head as OutputFormat, path: rest });
  }
  if (config.targets.length === 0 && config.sinks.length === 0) config.targets.push({ format: 'table' });
  return config;
}

function parseSink(kind: SinkTarget['kind'], text: string): SinkTarget {
  const example = kind === 'webhook' ? 'webhook:http://HOST:PORT/PATH' : 'nats:nats://HOST:PORT/PREFIX';
  if (text === '') throw new UsageError(`-o ${kind} needs a URL: -o ${example}`);
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    // the text may hold credentials: name only its kind
    throw new UsageError(`-o ${kind}: not a valid URL; write -o ${example}`);
  }
  if (!SINK_SCHEMES[kind].includes(url.protocol)) {
    throw new UsageError(`-o ${kind}: scheme "${url.protocol}" is not one of ${SINK_SCHEMES[kind].join(', ')}; write -o ${example}`);
  }
  return { kind, url, text };
}
