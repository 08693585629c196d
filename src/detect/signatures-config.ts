/**
 * `--signatures-config FILE`: tuning signatures without editing them, as
 * Falco's exceptions are data. A YAML mapping from a signature's eventName
 * to its settings:
 *
 *   anti_debugging:
 *     enabled: false              # not run (its events are not asked of the kernel)
 *   fd_theft:
 *     severity: 1                 # 0 info .. 3 high: every finding's Severity
 *     allow:                      # findings from these are dropped (and counted)
 *       comm: [gdb]               # exact comm
 *       executable: [/usr/bin/strace, /opt/debug/*]   # exact path, or DIR/* for anything under DIR
 *       containerImage: [docker.io/library/debugger:1] # exact image, as the runtime names it
 *
 * Shape checked with zod; each mistake is one line, FILE:LINE:COL: what is
 * wrong; what to do (the location from the YAML node the zod issue's path
 * leads to). zod is loaded only with the flag (it costs ~80 ms of start):
 * the engine reads the result through signature-tuning.ts.
 */
import { readFileSync } from 'node:fs';
import { LineCounter, isMap, isScalar, parseDocument, type Document } from 'yaml';
import { z } from 'zod';
import type { SignatureTuning, SignaturesConfig } from './signature-tuning.js';
import { didYouMean } from '../text/nearest-name.js';

export class SignaturesConfigError extends Error {
  override readonly name = 'SignaturesConfigError';
}

const strings = (what: string) => z.array(z.string({ error: `must be a string` }).min(1, `must not be empty`), { error: `must be a list of ${what}s` });

const entrySchema = z.strictObject({
  enabled: z.boolean({ error: 'must be true or false' }).optional(),
  severity: z.union([z.literal(0), z.literal(1), z.literal(2), z.literal(3)], { error: 'must be 0, 1, 2 or 3 (info, low, medium, high)' }).optional(),
  allow: z.strictObject({
    comm: strings('comm').optional(),
    executable: strings('path').refine((l) => l.every((p) => p.startsWith('/') && (!p.includes('*') || (p.endsWith('/*') && p.indexOf('*') === p.length - 1))), 'must hold absolute paths, or DIR/* (one * only, at the end, after a /)').optional(),
    containerImage: strings('image').optional(),
  }, { error: 'must be a mapping of comm, executable and containerImage lists' }).optional(),
}, { error: 'must be a mapping of enabled, severity and allow' });

const fileSchema = z.record(z.string(), entrySchema.nullable(), { error: 'expected a mapping from signature names to their settings' });

const KEYS: Readonly<Record<string, string>> = { '': 'enabled, severity or allow', allow: 'comm, executable or containerImage' };

/** Reads and checks FILE against the signatures that exist (by eventName). */
export function loadSignaturesConfig(file: string, signatureNames: readonly string[]): SignaturesConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new SignaturesConfigError(`${file}: ${code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : (err as Error).message.split('\n')[0]}; check the path given to --signatures-config`);
  }
  return parseSignaturesConfig(text, file, signatureNames);
}

export function parseSignaturesConfig(text: string, file: string, signatureNames: readonly string[]): SignaturesConfig {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const at = (offset: number): string => {
    const { line, col } = lines.linePos(Math.max(0, offset));
    return `${file}:${line}:${col}`;
  };
  const fail = (offset: number, problem: string, remedy: string): SignaturesConfigError =>
    new SignaturesConfigError(`${at(offset)}: ${problem}; ${remedy}`);
  const syntax = doc.errors[0];
  if (syntax) {
    if (syntax.code === 'DUPLICATE_KEY') throw fail(syntax.pos[0], 'this key is repeated', 'keep only one');
    throw fail(syntax.pos[0], `YAML syntax error: ${syntax.message.split('\n')[0].replace(/\.$/, '')}`, 'fix the YAML here');
  }
  const value: unknown = doc.toJS() ?? {};
  const parsed = fileSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
    if (issue.code === 'unrecognized_keys') {
      const key = issue.keys[0];
      const parent = path.length > 1 ? String(path[path.length - 1]) : '';
      throw fail(keyOffset(doc, [...path, key]), `unknown key "${key}" in ${path.join('.')}${hint(key, KEYS[parent].split(/, | or /))}`, `use ${KEYS[parent]}`);
    }
    const found = path.length ? doc.getIn(path) : undefined;
    const shown = found === undefined || typeof found === 'object' ? '' : `, found ${JSON.stringify(found)}`;
    throw fail(valueOffset(doc, path), `${path.length ? `${path.join('.')} ` : ''}${issue.message}${shown}`, remedyFor(path));
  }
  const out = new Map<string, SignatureTuning>();
  for (const [name, entry] of Object.entries(parsed.data)) {
    if (!signatureNames.includes(name)) {
      throw fail(keyOffset(doc, [name]), `no signature "${name}"${hint(name, signatureNames)}`, "use a signature's event name (sysray list --json | jq '.[] | select(.source == \"signature\") | .name')");
    }
    out.set(name, {
      enabled: entry?.enabled ?? true,
      ...(entry?.severity !== undefined ? { severity: entry.severity } : {}),
      allow: { comm: entry?.allow?.comm ?? [], executable: entry?.allow?.executable ?? [], containerImage: entry?.allow?.containerImage ?? [] },
    });
  }
  return out;
}

/** ` (did you mean "x"?)`, or ''. */
function hint(word: string, candidates: readonly string[]): string {
  const said = didYouMean(word, candidates);
  return said ? ` (${said.slice(2)})` : '';
}

function remedyFor(path: readonly (string | number)[]): string {
  const last = path.filter((p) => typeof p === 'string').pop();
  switch (last) {
    case 'enabled': return 'write enabled: false (or leave it out)';
    case 'severity': return 'write a number from 0 to 3';
    case 'executable': return 'write executable: [/usr/bin/gdb, /opt/tools/*]';
    case 'comm': case 'containerImage': return `write ${last}: [a, b]`;
    case 'allow': return 'write allow: with comm:, executable: or containerImage: lists under it';
    default: return path.length ? 'write enabled, severity or allow under the signature name' : 'write SIGNATURE_NAME: followed by its settings';
  }
}

/** Start of the value at `path` (the document start when there is none). */
function valueOffset(doc: Document.Parsed, path: readonly (string | number)[]): number {
  for (let n = path.length; n >= 0; n--) {
    const node = doc.getIn(path.slice(0, n), true) as { range?: [number, number, number] } | undefined;
    if (node && typeof node === 'object' && node.range) return node.range[0];
  }
  return 0;
}

/** Start of the key at the end of `path`. */
function keyOffset(doc: Document.Parsed, path: readonly (string | number)[]): number {
  const parent = path.length > 1 ? doc.getIn(path.slice(0, -1), true) : doc.contents;
  if (isMap(parent)) {
    for (const item of parent.items) {
      if (isScalar(item.key) && item.key.value === path[path.length - 1] && item.key.range) return item.key.range[0];
    }
  }
  return valueOffset(doc, path.slice(0, -1));
}
