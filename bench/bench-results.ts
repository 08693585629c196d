/**
 * The shape of bench/results/bench.json: what `npm run bench` measured, per
 * scenario and per tool, in one run (so that ratios hold on a noisy machine).
 * bench/report.ts turns it into the README table and the chart in docs/.
 */

/** One tool (or configuration) measured in one scenario. */
export interface BenchRow {
  /** 'untraced', 'floor', 'sysray', 'bpftrace', 'perf trace', 'strace', or a named variant. */
  tool: string;
  /** Median of `runs`; null when the tool could not run here (see `skipped`). */
  median: number | null;
  /** Every run's value, in the scenario's unit. */
  runs: number[];
  /** Why the tool was not measured (not installed, does not apply). */
  skipped?: string;
  /** Events the workload generated, the tool wrote, and the tool reported lost (P2, P3). */
  generated?: number;
  written?: number;
  lost?: number;
  /** Findings (signature events) the tool made on the workload (S1b: must be 0; S1c: one per action). */
  findings?: number;
  /** Peak resident set size of the tool's process, MiB (P4 reads these). */
  peakRssMiB?: number;
  /** A short remark shown under the table (how the tool was run). */
  note?: string;
}

export interface BenchTarget {
  /**
   * Of the judged row (`tool`):
   * 'overhead': its median minus untraced's must be ≤ value;
   * 'atMost': its median must be ≤ value;
   * 'atLeast': its median must be ≥ value;
   * 'ratio': its median must be ≤ value × the `base` row's median (same run);
   * 'findings': its findings must be exactly value (0 on a workload doing nothing suspicious);
   * 'lost': its lost events must be ≤ value (0: none), whatever its median.
   */
  kind: 'overhead' | 'atMost' | 'atLeast' | 'ratio' | 'findings' | 'lost';
  value: number;
  /** The row judged; 'sysray' when absent. */
  tool?: string;
  /** 'ratio': the row the judged median is divided by; 'untraced' when absent. */
  base?: string;
  /** Lost events must be 0 as well. */
  noLoss?: boolean;
}

export interface BenchScenario {
  /**
   * P: the tracer's own scenarios; S1a–c: with every built-in signature on (`--only S1` runs the three);
   * D1: network outputs; R1a–d: sysray record and analyze (`--only R1` runs the four).
   */
  id: 'P1' | 'P2' | 'P3' | 'P4' | 'P5' | 'replay' | 'S1a' | 'S1b' | 'S1c' | 'D1' | 'R1a' | 'R1b' | 'R1c' | 'R1d' | 'K' | 'W1';
  title: string;
  /** Unit of `median` and `runs`: 'ns/syscall', 'events/s', 'MiB', 'ms', 'ms/finding' (a latency, shown in hundredths of a ms), 'bytes/event'. */
  unit: string;
  /** The workload, in a sentence (what ran, how many syscalls). */
  workload: string;
  lowerIsBetter: boolean;
  target?: BenchTarget;
  rows: BenchRow[];
  /** Whether the judged row meets the target (computed by the harness). */
  met?: boolean;
}

export interface BenchResults {
  date: string;
  machine: { cpus: number; model: string; kernel: string; node: string };
  /** Runs per measurement (medians are over these). */
  rounds: number;
  /** A `--quick` run: shorter workloads, one round unless --rounds; not the README's figures. */
  quick?: boolean;
  scenarios: BenchScenario[];
}
