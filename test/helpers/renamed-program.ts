/**
 * A copy of a system program under another name in test/.bin, for triggers
 * that must be told apart by comm (`-s comm=NAME`) or that a signature
 * recognizes by name (a `cat` called `shadowcat`, a `sleep` called `nc`).
 */
import { copyFileSync, chmodSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from './trace.js';

/** Copies `program` (an absolute path) to test/.bin/<dir>/<name> and returns that path. */
export function renamedProgram(program: string, name: string, dir = 'renamed'): string {
  const out = path.join(ROOT, 'test', '.bin', dir, name);
  mkdirSync(path.dirname(out), { recursive: true });
  copyFileSync(program, out);
  chmodSync(out, 0o755);
  return out;
}
