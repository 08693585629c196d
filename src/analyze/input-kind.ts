/**
 * What an `analyze` INPUT is: a recording of `sysray record` (a file, or a
 * directory of rotated files), or JSON lines. STUB: filled in by the
 * JSON-lines work (detection, errors), see the brief.
 */
export type AnalyzeInput = { kind: 'recording'; files: string[] } | { kind: 'json-lines'; files: string[] };

export function detectInputs(paths: readonly string[]): AnalyzeInput[] {
  return paths.map((p) => ({ kind: 'json-lines', files: [p] }));
}
