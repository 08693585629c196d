/** `-o webhook:URL`: to be built (issue 16). */
import type { Sink } from './sink.js';
import type { SinkEnvironment } from './sinks.js';
import { UsageError } from '../cli/usage-error.js';

export function createWebhookSink(_url: URL, _env: SinkEnvironment): Sink {
  throw new UsageError('-o webhook is not built yet');
}
