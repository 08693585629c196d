/**
 * `sysray list`: every event of the catalog, as a table for the terminal or
 * (`--json`) as a JSON array for programs.
 *
 * @example
 *   process.stdout.write(renderList({ json: false }));
 *   const events = JSON.parse(renderList({ json: true })) as ListedEvent[];
 */
import { EVENTS } from '../events/catalog.js';
import type { SyscallSpec } from '../events/catalog.js';
import type { ArgCaptureName, ArgFormat, ArgTag } from '../events/catalog-types.js';
import { SIGNATURES } from '../detect/signature-registry.js';
import { argOrigin, type ArgSource } from '../events/arg-source.js';

/** One argument in `sysray list --json`. `format` is present only when the argument has one. */
export interface ListedArg {
  name: string;
  type: string;
  tags: ArgTag[];
  capture: ArgCaptureName;
  /** Where the value comes from (src/events/arg-source.ts). */
  source: ArgSource;
  format?: ArgFormat;
  /** What the kernel value is, for arguments that have one (`kernelValue` in events). */
  kernelValue?: string;
  /** The tags of Tracee's page where they differ from `tags`. */
  documentedTags?: ArgTag[];
}

/** One event in `sysray list --json`; the array is sorted by id. */
export interface ListedEvent {
  id: number;
  name: string;
  sets: string[];
  summary: string;
  args: ListedArg[];
  /** Signatures' findings only: the signature's metadata and the events it selects. */
  signature?: ListedSignature;
}

export interface ListedSignature {
  id: string;
  version: string;
  description: string;
  tags: string[];
  severity: number;
  category: string;
  technique: string;
  external_id: string;
  /** 'built-in' or the module's path */
  origin: string;
  selects: { event: string; origin: string; where?: Record<string, unknown> }[];
}

export interface ListOptions {
  /** JSON array instead of the text table. */
  json: boolean;
}

/** The catalog as `sysray list` prints it; the output ends with a newline. */
export function renderList(opts: ListOptions): string {
  const events = listedEvents();
  return opts.json ? renderJson(events) : renderTable(events);
}

/** Every catalog event in the listing's shape, sorted by id. */
export function listedEvents(): ListedEvent[] {
  return [...EVENTS].sort((a, b) => a.id - b.id).map(toListed);
}

function toListed(s: SyscallSpec): ListedEvent {
  const listed: ListedEvent = {
    id: s.id,
    name: s.name,
    sets: [...s.sets],
    summary: s.summary,
    args: s.args.map((a) => {
      // Fixed key order keeps the output stable for diffs.
      const origin = argOrigin(s, a);
      const arg: ListedArg = { name: a.name, type: a.type, tags: [...a.tags], capture: a.capture, source: origin.source };
      if (a.format !== undefined) arg.format = a.format;
      if (origin.kernelValue !== undefined) arg.kernelValue = origin.kernelValue;
      if (a.documentedTags !== undefined) arg.documentedTags = [...a.documentedTags];
      return arg;
    }),
  };
  const reg = SIGNATURES.byId(s.id);
  if (reg) {
    const m = reg.signature.metadata;
    listed.signature = {
      id: m.id, version: m.version, description: m.description, tags: [...(m.tags ?? [])],
      severity: m.properties.Severity, category: m.properties.Category, technique: m.properties.Technique,
      external_id: m.properties.external_id, origin: reg.origin,
      selects: reg.signature.selects.map((sel) => ({
        event: sel.event, origin: sel.origin ?? 'any',
        ...(sel.where ? { where: JSON.parse(JSON.stringify(sel.where, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))) as Record<string, unknown> } : {}),
      })),
    };
  }
  return listed;
}

/**
 * One event per block and one argument per line: readable, diffable, and
 * still plain JSON.
 */
function renderJson(events: readonly ListedEvent[]): string {
  if (events.length === 0) return '[]\n';
  const blocks = events.map((e) => {
    const args =
      e.args.length === 0 ? '[]' : `[\n${e.args.map((a) => `      ${compactJson(a)}`).join(',\n')}\n    ]`;
    return [
      '  {',
      `    "id": ${e.id},`,
      `    "name": ${JSON.stringify(e.name)},`,
      `    "sets": ${compactJson(e.sets)},`,
      `    "summary": ${JSON.stringify(e.summary)},`,
      `    "args": ${args}` + (e.signature ? ',' : ''),
      ...(e.signature ? [`    "signature": ${compactJson(e.signature)}`] : []),
      '  }',
    ].join('\n');
  });
  return `[\n${blocks.join(',\n')}\n]\n`;
}

/** JSON on one line with a space after `:` and `,`, e.g. `{"name": "fd", "tags": ["K"]}`. */
function compactJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(compactJson).join(', ')}]`;
  if (value !== null && typeof value === 'object') {
    const fields = Object.entries(value).filter(([, v]) => v !== undefined);
    return `{${fields.map(([k, v]) => `${JSON.stringify(k)}: ${compactJson(v)}`).join(', ')}}`;
  }
  return JSON.stringify(value);
}

/** Columns ID, NAME, SETS, ARGUMENTS, sorted by id; the last column is not padded. */
function renderTable(all: readonly ListedEvent[]): string {
  const events = all.filter((e) => !e.signature);
  const header = ['ID', 'NAME', 'SETS', 'ARGUMENTS'] as const;
  const rows = events.map((e) => [
    String(e.id),
    e.name,
    e.sets.join(','),
    e.args.length === 0 ? '-' : e.args.map((a) => `${a.type} ${a.name}`).join(', '),
  ]);
  const widths = [0, 1, 2].map((i) => Math.max(header[i].length, ...rows.map((r) => r[i].length)));
  const line = (r: readonly string[]): string =>
    [r[0].padStart(widths[0]), r[1].padEnd(widths[1]), r[2].padEnd(widths[2]), r[3]].join('  ').trimEnd();
  const out = [line(header), ...rows.map(line), '', `${events.length} ${events.length === 1 ? 'event' : 'events'}`];
  return out.join('\n') + '\n' + renderSignatureTable(all.filter((e) => e.signature));
}

/** Signatures after the events: id, eventName, signature id, severity, MITRE, what each selects. */
function renderSignatureTable(sigs: readonly ListedEvent[]): string {
  if (sigs.length === 0) return '';
  const header = ['ID', 'NAME', 'SIGNATURE', 'SEVERITY', 'MITRE', 'SELECTS'] as const;
  const rows = sigs.map((e) => {
    const s = e.signature!;
    return [String(e.id), e.name, s.id, String(s.severity), `${s.external_id} ${s.category}`.trim(), s.selects.map((x) => x.event + (x.where ? '(' + Object.keys(x.where).join(',') + ')' : '')).join(', ') || '(never fires in sysray: see man)'];
  });
  const widths = [0, 1, 2, 3, 4].map((i) => Math.max(header[i].length, ...rows.map((r) => r[i].length)));
  const line = (r: readonly string[]): string =>
    [r[0].padStart(widths[0]), r[1].padEnd(widths[1]), r[2].padEnd(widths[2]), r[3].padEnd(widths[3]), r[4].padEnd(widths[4]), r[5]].join('  ').trimEnd();
  const out = ['', line(header), ...rows.map(line), '', `${sigs.length} ${sigs.length === 1 ? 'signature' : 'signatures'} (sysray man NAME for each)`];
  return out.join('\n') + '\n';
}
