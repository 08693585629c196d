/**
 * Writes the README's table of built-in signatures (between the
 * `<!-- signatures-table -->` markers) from the signatures themselves, so
 * the table cannot drift from the code: `npx tsx scripts/readme-signatures.ts`
 * (`--check`: exit 1 when the README is not current; the contract test runs it).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BUILTIN_SIGNATURES } from '../src/detect/signatures/index.js';
import type { ArgCondition, Signature } from '../src/detect/signature.js';

const README = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'README.md');
const START = '<!-- signatures-table -->';
const END = '<!-- /signatures-table -->';

function condition(name: string, c: ArgCondition): string {
  const parts: string[] = [];
  if (c.in) parts.push(`${name} ∈ {${c.in.join(', ')}}`);
  if (c.anyBits !== undefined) parts.push(`${name} & 0x${BigInt(c.anyBits).toString(16)}`);
  if (c.prefix) parts.push(`${name} under ${c.prefix.length} prefix${c.prefix.length === 1 ? '' : 'es'}`);
  return parts.join(', ');
}

/** What a signature selects: events with the conditions the kernel decides, grouped when they are the same. */
function selects(sig: Signature): string {
  if (sig.selects.length === 0) return 'nothing: never fires (see its man page)';
  const groups = new Map<string, string[]>();
  for (const s of sig.selects) {
    const conds = Object.entries(s.where ?? {}).map(([k, c]) => condition(k, c)).filter(Boolean);
    if (s.origin && s.origin !== 'any') conds.unshift(`${s.origin} only`);
    const key = conds.join('; ');
    groups.set(key, [...(groups.get(key) ?? []), `\`${s.event}\``]);
  }
  return [...groups].map(([k, evs]) => `${[...new Set(evs)].join(', ')}${k ? ` (${k})` : ''}`).join('; ');
}

export function signaturesTable(): string {
  const rows = ['| eventName | id | severity | MITRE | name | selects (decided in the kernel) |', '|---|---|---|---|---|---|'];
  for (const sig of BUILTIN_SIGNATURES) {
    const m = sig.metadata;
    rows.push(`| \`${m.eventName}\` | ${m.id} | ${m.properties.Severity} | ${m.properties.external_id} ${m.properties.Category} | ${m.name} | ${selects(sig).replaceAll('|', '\\|')} |`);
  }
  return rows.join('\n');
}

function main(): void {
  const text = readFileSync(README, 'utf8');
  const a = text.indexOf(START);
  const b = text.indexOf(END);
  if (a < 0 || b < a) {
    process.stderr.write(`readme-signatures: README.md has no ${START} ... ${END} block\n`);
    process.exit(2);
  }
  const next = `${text.slice(0, a + START.length)}\n${signaturesTable()}\n${text.slice(b)}`;
  if (process.argv.includes('--check')) {
    if (next !== text) {
      process.stderr.write('readme-signatures: the README\'s signature table is not current: run npx tsx scripts/readme-signatures.ts\n');
      process.exit(1);
    }
    return;
  }
  writeFileSync(README, next);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) main();
