/**
 * Loads users' signatures: every `.js`/`.mjs` file of a directory is an ES
 * module whose default export (or `signatures` export) is a signature or an
 * array of them. What cannot be used — a syntax error, missing metadata, a
 * duplicate id or eventName — is refused with one line naming the file.
 */
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { SignatureError, type SignatureRegistry } from './signature-registry.js';
import { BUILTIN_SIGNATURES } from './signatures/index.js';
import type { Signature } from './signature.js';

/** Registers the built-ins once per process. */
export function registerBuiltinSignatures(registry: SignatureRegistry): void {
  if (registry.all.some((r) => r.origin === 'built-in')) return;
  registry.add(BUILTIN_SIGNATURES.map((signature) => ({ signature, origin: 'built-in' })));
}

/** Where in the module a load error points, from its stack: `file.js:3`. */
function location(err: Error, file: string): string {
  const url = pathToFileURL(file).href;
  const m = new RegExp(`${url.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:(\\d+)`).exec(err.stack ?? '');
  return m ? `${file}:${m[1]}` : file;
}

export async function loadSignatureDir(dir: string, registry: SignatureRegistry): Promise<number> {
  let names: string[];
  try {
    if (!statSync(dir).isDirectory()) throw new SignatureError(`--signatures-dir ${dir}: not a directory`);
    names = readdirSync(dir).filter((n) => n.endsWith('.js') || n.endsWith('.mjs')).sort();
  } catch (err) {
    if (err instanceof SignatureError) throw err;
    throw new SignatureError(`--signatures-dir ${dir}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such directory' : (err as Error).message}`);
  }
  const { checkSignature } = await import('./signature-schema.js');
  const found: { signature: Signature; origin: string }[] = [];
  for (const name of names) {
    const file = path.resolve(dir, name);
    let mod: Record<string, unknown>;
    try {
      mod = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
    } catch (err) {
      const e = err instanceof Error ? err : new Error(String(err));
      throw new SignatureError(`signature ${location(e, file)}: cannot be loaded: ${e.name}: ${e.message.split('\n')[0]}`);
    }
    const exported = mod.default ?? mod.signatures ?? mod.signature;
    if (exported === undefined) {
      throw new SignatureError(`signature ${file}: exports no signature (export default { metadata, selects, onEvent })`);
    }
    for (const signature of Array.isArray(exported) ? exported : [exported]) found.push({ signature: checkSignature(signature, `signature ${file}`), origin: file });
  }
  registry.add(found);
  return found.length;
}
