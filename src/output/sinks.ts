/** Makes the network sink of an `-o webhook:` / `-o nats:` target (parse-output.ts). */
import type { SinkTarget } from '../cli/parse-output.js';
import type { Sink } from './sink.js';
import { createWebhookSink } from './webhook-sink.js';
import { createNatsSink } from './nats-sink.js';

export interface SinkEnvironment {
  /** This host's name (`--node-name`, else the kernel's): the NATS subject and event ids. */
  nodeName: string;
  /** One line about a sink (unreachable at start, giving up on a 4xx), never with credentials. */
  warn: (line: string) => void;
}

/** Throws UsageError for a bad option in the URL's query. */
export function createSink(target: SinkTarget, env: SinkEnvironment): Sink {
  return target.kind === 'webhook' ? createWebhookSink(target.url, env) : createNatsSink(target.url, env);
}
