/**
 * What an `analyze` INPUT is: a recording of `sysray record` (a file, or a
 * directory of rotated files), or JSON lines. STUB: filled in by the
 * JSON-lines work (detection, errors), see the brief.
 */
import { closeSync, openSync, readSync, readdirSync, statSync } from 'node:fs';

export type AnalyzeInput = { kind: 'recording'; files: string[] } | { kind: 'json-lines'; files: string[] };

export function detectInputs(paths: readonly string[]): AnalyzeInput[] {
  return paths.map((p) => {
    if (statSync(p).isDirectory()) return { kind: 'recording', files: readdirSync(p).filter((f) => f.endsWith('.rec')).sort().map((f) => `${p}/${f}`) };
    const fd = openSync(p, 'r');
    const b = Buffer.alloc(8);
    readSync(fd, b, 0, 8, 0);
    closeSync(fd);
    return b.toString('latin1') === 'SYSRAYRC' ? { kind: 'recording', files: [p] } : { kind: 'json-lines', files: [p] };
  });
}
