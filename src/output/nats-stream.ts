/**
 * The JetStream stream sysray publishes into: `PREFIX.>` in file storage,
 * with a duplicate window long enough to cover a server restart and the
 * resends after it (the message ids are what makes those exactly once).
 */
import { StorageType, type JetStreamManager } from '@nats-io/jetstream';
import { nanos } from '@nats-io/transport-node';

/** How long the server remembers message ids (resends after an outage fall within it). */
export const DUPLICATE_WINDOW_MS = 2 * 60_000;

/** Makes stream `name` for `prefix.>` when missing; a warning (or undefined) when an existing one does not cover it. */
export async function ensureStream(jsm: JetStreamManager, name: string, prefix: string): Promise<string | undefined> {
  const wanted = `${prefix}.>`;
  let subjects: string[];
  try {
    subjects = (await jsm.streams.info(name)).config.subjects ?? [];
  } catch (err) {
    if (!isStreamNotFound(err)) throw err;
    await jsm.streams.add({ name, subjects: [wanted], storage: StorageType.File, duplicate_window: nanos(DUPLICATE_WINDOW_MS) });
    return undefined;
  }
  if (subjects.some((s) => covers(s, wanted))) return undefined;
  return `stream ${name} exists with subjects ${subjects.join(', ') || '(none)'}, which do not cover ${wanted}: events are not stored; add ${wanted} to its subjects or use another stream=`;
}

function isStreamNotFound(err: unknown): boolean {
  const e = err as { code?: string | number; api_error?: { err_code?: number }; message?: string };
  return e?.api_error?.err_code === 10059 || /stream not found/i.test(e?.message ?? '');
}

/** Whether subject filter `filter` matches every subject of `wanted` (both may hold * and >). */
export function covers(filter: string, wanted: string): boolean {
  const f = filter.split('.');
  const w = wanted.split('.');
  for (let i = 0; i < f.length; i++) {
    if (f[i] === '>') return true;
    if (i >= w.length) return false;
    if (w[i] === '>') return false;
    if (f[i] !== '*' && f[i] !== w[i]) return false;
    if (f[i] === '*' && w[i] === '>') return false;
  }
  return f.length === w.length;
}
