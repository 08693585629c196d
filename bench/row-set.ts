/** Rows of one scenario gathered over interleaved rounds, by tool: each run's value, and counts summed. */
import type { BenchRow } from './bench-results.js';
import { median } from './bench-process.js';

export class RowSet {
  readonly rows = new Map<string, BenchRow>();
  add(tool: string, value: number, extra: Partial<BenchRow> = {}): void {
    let row = this.rows.get(tool);
    if (!row) this.rows.set(tool, (row = { tool, median: null, runs: [] }));
    row.runs.push(value);
    row.median = median(row.runs);
    for (const [k, v] of Object.entries(extra)) {
      if (typeof v === 'number' && (k === 'lost' || k === 'written' || k === 'generated' || k === 'findings')) {
        (row as unknown as Record<string, number>)[k] = ((row as unknown as Record<string, number>)[k] ?? 0) + v;
      } else if (typeof v === 'number' && k === 'peakRssMiB') {
        row.peakRssMiB = Math.max(row.peakRssMiB ?? 0, v);
      } else {
        (row as unknown as Record<string, unknown>)[k] = v;
      }
    }
  }
  skip(tool: string, why: string): void {
    this.rows.set(tool, { tool, median: null, runs: [], skipped: why });
  }
  list(order: string[]): BenchRow[] {
    return order.filter((t) => this.rows.has(t)).map((t) => this.rows.get(t)!);
  }
}
