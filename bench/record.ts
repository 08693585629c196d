/**
 * R1: what `sysray record -w FILE` costs (the kernel's records to a file
 * from native threads, no JS per record), in the same run as P2, against
 * untraced, the floor and live JSON:
 *
 * - R1a, in P2's rounds: P2's busy process recorded, and recorded with
 *   --compress; P2's untraced, floor and live JSON rows are the same runs.
 * - R1b: a 1,000,000-call getppid storm recorded with the default ring
 *   buffer, and traced live with -o json:FILE: the loss of each.
 * - R1c: bytes per event on disk (the file's size / the events `sysray
 *   analyze FILE -o json:/dev/null` writes), with and without --compress,
 *   beside live JSON's; records per event.
 * - R1d: `sysray analyze` events/s (its stop line) against the replay's
 *   (bench/replay.ts `play`), rounds interleaved.
 */
import { spawn } from 'node:child_process';
import { rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { SYSRAY, keyValues } from '../test/helpers/trace.js';
import type { BenchRow, BenchScenario } from './bench-results.js';
import { median, runWorkload, sysraySummary, type RunningTool } from './bench-process.js';
import { record as recordBatches, play } from './replay.js';
import { RowSet } from './row-set.js';

export const RECORD_TOOL = 'sysray record';
export const COMPRESS_TOOL = 'sysray record --compress';
export const LIVE_TOOL = 'sysray -o json:FILE';
export const ANALYZE_TOOL = 'sysray analyze';
export const ANALYZE_COMPRESSED_TOOL = 'sysray analyze, compressed';
export const REPLAY_TOOL = 'replay';

/** The counts of `sysray record`'s stop line. */
export interface RecordingStop {
  records: number;
  files: number;
  /** The files' size, and with --compress what they would have been (MiB, one decimal as printed). */
  mib: number;
  rawMiB?: number;
  chunks: number;
  lossMarkers: number;
  /** Records the recorder could not write. */
  unwritten: number;
  /** Lost in the kernel's rings; of process state besides. */
  lost: number;
  lostState: number;
  kernelRecords: number;
}

/**
 * "N records recorded in 1 file (X MiB[ compressed from Y MiB], C chunks[, L loss markers][, U not written]; last file F),
 * M lost (bulk …, security …)[, S more for process state lost] (K records from the kernel)"
 */
export function recordingStop(stderr: string): RecordingStop {
  const m = new RegExp(
    String.raw`(\d+) records recorded in (\d+) files? \(([\d.]+) MiB(?: compressed from ([\d.]+) MiB)?, (\d+) chunks(?:, (\d+) loss markers)?(?:, (\d+) not written)?; last file .*\), ` +
      String.raw`(\d+) lost \(bulk \d+, security \d+\)(?:, (\d+) more for process state lost)? \((\d+) records from the kernel\)`,
  ).exec(stderr);
  if (!m) throw new Error(`no stop line from sysray record: ${stderr.trim().slice(-400)}`);
  const n = (i: number): number => Number(m[i] ?? 0);
  return {
    records: n(1), files: n(2), mib: n(3), ...(m[4] ? { rawMiB: n(4) } : {}), chunks: n(5), lossMarkers: n(6), unwritten: n(7),
    lost: n(8), lostState: n(9), kernelRecords: n(10),
  };
}

/** What a recording lost: in the kernel's rings (events and process state) and in the writer. */
export function recordingLost(s: RecordingStop): number {
  return s.lost + s.lostState + s.unwritten;
}

/** The counts of `sysray analyze`'s stop line for recordings. */
export interface AnalyzeStop {
  records: number;
  lostWhileRecording: number;
  written: number;
  findings: number;
  seconds: number;
  eventsPerSecond: number;
}

/** "analyze: N records of 1 recording (L lost while recording[, …]), [R events read, ]W written, F findings in S s (E events/s)" */
export function analyzeStop(stderr: string): AnalyzeStop {
  const m = /analyze: (\d+) records of \d+ recordings? \((\d+) lost while recording[^)]*\), (?:\d+ events read, )?(\d+) written, (\d+) findings in ([\d.]+) s \(([\d,]+) events\/s\)/.exec(stderr);
  if (!m) throw new Error(`no stop line from sysray analyze: ${stderr.trim().slice(-400)}`);
  return {
    records: Number(m[1]), lostWhileRecording: Number(m[2]), written: Number(m[3]), findings: Number(m[4]),
    seconds: Number(m[5]), eventsPerSecond: Number(m[6].replace(/,/g, '')),
  };
}

/** `sysray analyze FILE -o json:/dev/null`, to its end; its stop line. */
function analyze(file: string): Promise<AnalyzeStop> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [SYSRAY, 'analyze', file, '-o', 'json:/dev/null'], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code !== 0) return reject(new Error(`sysray analyze ${file} exited with ${code}: ${stderr.trim().slice(-400)}`));
      try {
        resolve(analyzeStop(stderr));
      } catch (err) {
        reject(err);
      }
    });
  });
}

interface Recorded {
  file: string;
  bytes: number;
  stop: RecordingStop;
}

const mib = (bytes: number): string => (bytes / 1048576).toFixed(1);
const thousands = (n: number): string => Math.round(n).toLocaleString('en-US');

/** R1a's runs, made in P2's rounds (P2's row set holds their figures); the files stay for R1c and R1d. */
export class BusyRecordings {
  readonly plain: Recorded[] = [];
  readonly compressed: Recorded[] = [];
  /** P2's live JSON runs: the file's bytes and the events written. */
  readonly live: { bytes: number; written: number }[] = [];
  peakRssMiB = { plain: 0, compressed: 0 };

  constructor(private readonly work: string, readonly comm: string) {}

  /** Args of the record runs, for notes. */
  args(compress: boolean): string[] {
    return ['-e', 'syscalls', '-s', `comm=${this.comm}`, ...(compress ? ['--compress'] : [])];
  }

  /** One run of the busy process under `sysray record`: ns per syscall, and the row's counts. */
  async run(
    sysray: (args: string[]) => Promise<RunningTool>,
    compress: boolean,
    workload: () => Promise<{ ns: number; syscalls: number }>,
  ): Promise<{ ns: number; extra: Partial<BenchRow> }> {
    const list = compress ? this.compressed : this.plain;
    const file = path.join(this.work, `r1-busy-${list.length}${compress ? '-z' : ''}.rec`);
    const s = await sysray(['record', '-w', file, ...this.args(compress)]);
    const w = await workload();
    const stopped = await s.stop();
    const stop = recordingStop(stopped.stderr);
    list.push({ file, bytes: statSync(file).size, stop });
    const kind = compress ? 'compressed' : 'plain';
    this.peakRssMiB[kind] = Math.max(this.peakRssMiB[kind], stopped.peakRssMiB);
    return { ns: w.ns, extra: { generated: w.syscalls, written: stop.records, lost: recordingLost(stop) } };
  }

  /** Removes the files left (a run that stopped early). */
  clean(): void {
    for (const r of [...this.plain, ...this.compressed]) rmSync(r.file, { force: true });
  }
}

/** "+1,234 ns, ×1.53 the floor's (+806 ns)": a row's overhead against the floor's. */
function againstFloor(row: BenchRow | undefined, untraced: BenchRow | undefined, floor: BenchRow | undefined): string {
  if (row?.median == null || untraced?.median == null) return 'not measured';
  const added = row.median - untraced.median;
  const floorAdded = floor?.median == null ? undefined : floor.median - untraced.median;
  return `overhead +${thousands(added)} ns` + (floorAdded ? `, ×${(added / floorAdded).toFixed(2)} the floor's (+${thousands(floorAdded)} ns)` : '');
}

/**
 * R1a from P2's rows: untraced, floor and live JSON (P2's 'sysray') are the
 * same runs as P2's; the record rows were measured between them.
 */
export function busyScenario(rows: Map<string, BenchRow>, recordings: BusyRecordings, workload: string): BenchScenario {
  const untraced = rows.get('untraced');
  const floor = rows.get('floor');
  const live = rows.get('sysray');
  const copy = (row: BenchRow | undefined, tool: string, note: string): BenchRow[] => (row ? [{ ...row, tool, runs: [...row.runs], note }] : []);
  const perRun = (xs: Recorded[]): string => {
    if (xs.length === 0) return '';
    const records = median(xs.map((r) => r.stop.records));
    const bytes = median(xs.map((r) => r.bytes));
    const raw = xs[0].stop.rawMiB === undefined ? '' : ` compressed from ${median(xs.map((r) => r.stop.rawMiB ?? 0)).toFixed(1)} MiB`;
    return `; per run ${thousands(records)} records, ${mib(bytes)} MiB${raw}`;
  };
  const recordRow = (tool: string, compress: boolean): BenchRow[] => {
    const row = rows.get(tool);
    if (!row) return [];
    const rss = recordings.peakRssMiB[compress ? 'compressed' : 'plain'];
    return [{
      ...row,
      note: `sysray record -w FILE ${recordings.args(compress).join(' ')}: ${againstFloor(row, untraced, floor)}${perRun(compress ? recordings.compressed : recordings.plain)}; ` +
        `peak RSS ${rss.toFixed(1)} MiB; written: records recorded (R1c: records per event)`,
    }];
  };
  return {
    id: 'R1a', title: "record: P2's busy process recorded, beside live JSON", unit: 'ns/syscall', lowerIsBetter: true,
    workload,
    target: { kind: 'lost', value: 0, tool: RECORD_TOOL },
    rows: [
      ...copy(untraced, 'untraced', "P2's row: the same runs"),
      ...copy(floor, 'floor', "P2's row, the same runs: bench/floor --all --comm p2busy, records counted"),
      ...copy(live, LIVE_TOOL, `P2's sysray row, the same runs: -e syscalls -s comm=${recordings.comm} -o json:FILE; ${againstFloor(live, untraced, floor)}`),
      ...recordRow(RECORD_TOOL, false),
      ...recordRow(COMPRESS_TOOL, true),
    ],
  };
}

/**
 * R1b–d, after P2: per round, R1a's recordings of that round through
 * `sysray analyze` and the replay's batches through `play` (R1c, R1d), then
 * the getppid storm untraced, under the floor, recorded, and live (R1b).
 */
export async function recordScenarios(options: {
  rounds: number;
  recordings: BusyRecordings;
  /** P2's busy rounds (8 syscalls each): the replay records as many. */
  busyRounds: number;
  /** The untraced busy process in P2's rounds, ns per syscall (the baseline of R1c and R1d's notes). */
  busyUntracedNs: number | null | undefined;
  storm: string;
  stormCalls: number;
  sysray: (args: string[]) => Promise<RunningTool>;
  floor?: (args: string[]) => Promise<RunningTool>;
  work: string;
}): Promise<BenchScenario[]> {
  const { rounds, recordings, storm, stormCalls, work } = options;
  const comm = path.basename(storm);
  const stormSet = new RowSet();
  const bytesSet = new RowSet();
  const speedSet = new RowSet();
  const recordsPerEvent: Record<string, number[]> = { [RECORD_TOOL]: [], [COMPRESS_TOOL]: [] };
  const ratios: number[] = [];
  const replayFile = path.join(work, 'r1-replay.bin');
  const replayEvents = await recordBatches(replayFile, options.busyRounds);
  const stormNs = async (): Promise<number> => Number((await runWorkload(storm, [stormCalls])).ns_per_call);
  try {
    for (let r = 0; r < rounds; r++) {
      let analyzed: number | undefined;
      for (const [tool, bytesTool, rec] of [
        [ANALYZE_TOOL, RECORD_TOOL, recordings.plain[r]],
        [ANALYZE_COMPRESSED_TOOL, COMPRESS_TOOL, recordings.compressed[r]],
      ] as const) {
        if (!rec) continue;
        const a = await analyze(rec.file);
        rmSync(rec.file, { force: true });
        speedSet.add(tool, a.eventsPerSecond, { written: a.written, lost: a.lostWhileRecording });
        bytesSet.add(bytesTool, rec.bytes / a.written, { written: a.written, lost: a.lostWhileRecording });
        recordsPerEvent[bytesTool].push(rec.stop.records / a.written);
        if (tool === ANALYZE_TOOL) analyzed = a.eventsPerSecond;
      }
      const live = recordings.live[r];
      if (live) bytesSet.add(LIVE_TOOL, live.bytes / live.written, { written: live.written });
      const p = play(replayFile, 1);
      speedSet.add(REPLAY_TOOL, p.eventsPerSecond, { written: p.events });
      if (analyzed !== undefined) ratios.push(analyzed / p.eventsPerSecond);

      stormSet.add('untraced', await stormNs());
      if (options.floor) {
        const f = await options.floor(['--syscalls', 'getppid', '--comm', comm]);
        const ns = await stormNs();
        const kv = keyValues((await f.stop()).stdout);
        stormSet.add('floor', ns, { generated: stormCalls, written: Number(kv.records ?? 0), lost: Number(kv.lost ?? 0) });
      }
      const recFile = path.join(work, 'r1-storm.rec');
      let s = await options.sysray(['record', '-w', recFile, '-e', 'getppid', '-s', `comm=${comm}`]);
      let ns = await stormNs();
      const stop = recordingStop((await s.stop()).stderr);
      stormSet.add(RECORD_TOOL, ns, { generated: stormCalls, written: stop.records, lost: recordingLost(stop) });
      rmSync(recFile, { force: true });
      const out = path.join(work, 'r1-storm.json');
      s = await options.sysray(['-e', 'getppid', '-s', `comm=${comm}`, '-o', `json:${out}`]);
      ns = await stormNs();
      const sum = sysraySummary((await s.stop()).stderr);
      stormSet.add(LIVE_TOOL, ns, { generated: stormCalls, written: sum.written, lost: sum.lost });
      rmSync(out, { force: true });
    }
  } finally {
    rmSync(replayFile, { force: true });
    recordings.clean();
  }
  const baseline = options.busyUntracedNs == null ? '' : `; P2's untraced busy process in the same run: ${thousands(options.busyUntracedNs)} ns per syscall`;
  const note = (set: RowSet, tool: string, text: string): void => {
    const row = set.rows.get(tool);
    if (row) row.note = text;
  };
  note(stormSet, 'untraced', `the storm alone: ${stormCalls.toLocaleString('en-US')} getppid`);
  note(stormSet, 'floor', `bench/floor --syscalls getppid --comm ${comm}: getppid's tracepoints, records counted`);
  note(stormSet, RECORD_TOOL, `sysray record -w FILE -e getppid -s comm=${comm}, default ring buffer (-b 32M); written: records recorded`);
  note(stormSet, LIVE_TOOL, `sysray -e getppid -s comm=${comm} -o json:FILE, default ring buffer; written: events written`);
  const rpe = (tool: string): string => (recordsPerEvent[tool].length ? `${median(recordsPerEvent[tool]).toFixed(3)} records per event` : '');
  const sizes = (xs: Recorded[]): string => (xs.length ? `${mib(median(xs.map((x) => x.bytes)))} MiB a run` : '');
  note(bytesSet, RECORD_TOOL, `the recording's size / the events sysray analyze writes from it: ${sizes(recordings.plain)}; ${rpe(RECORD_TOOL)}${baseline}`);
  const raw = median(recordings.compressed.map((x) => (x.stop.rawMiB ?? 0) * 1048576));
  note(bytesSet, COMPRESS_TOOL, `as above, --compress: ${sizes(recordings.compressed)} compressed from ${mib(raw)} MiB; ${rpe(COMPRESS_TOOL)}`);
  note(bytesSet, LIVE_TOOL, "P2's live JSON runs: the output file's size / the events written");
  const replayRow = speedSet.rows.get(REPLAY_TOOL);
  const toReplay = (tool: string): string => {
    const m = speedSet.rows.get(tool)?.median;
    return m != null && replayRow?.median ? `×${(m / replayRow.median).toFixed(2)} the replay's median` : 'no ratio';
  };
  note(speedSet, ANALYZE_TOOL,
    `sysray analyze FILE -o json:/dev/null of each R1a recording, its own process; events/s from its stop line; ${toReplay(ANALYZE_TOOL)} ` +
      `(per round ${ratios.map((x) => `×${x.toFixed(2)}`).join(', ')})${baseline}`);
  note(speedSet, ANALYZE_COMPRESSED_TOOL, `as above, of the --compress recordings; ${toReplay(ANALYZE_COMPRESSED_TOOL)}`);
  note(speedSet, REPLAY_TOOL, `bench/replay.ts play: ${replayEvents.toLocaleString('en-US')} events of the busy workload, recorded once, batches in memory through decode + JSON to /dev/null in the harness's process, one pass a round`);
  return [
    {
      id: 'R1b', title: 'record: a getppid storm recorded, and traced live', unit: 'ns/syscall', lowerIsBetter: true,
      workload: `a process calls getppid ${stormCalls.toLocaleString('en-US')} times as fast as it can (test/triggers/storm.c); ns per getppid, and lost`,
      target: { kind: 'lost', value: 0, tool: RECORD_TOOL },
      rows: stormSet.list(['untraced', 'floor', RECORD_TOOL, LIVE_TOOL]),
    },
    {
      id: 'R1c', title: 'record: bytes per event on disk', unit: 'bytes/event', lowerIsBetter: true,
      workload: "R1a's recordings of P2's busy process (every syscall), and P2's live JSON files; the file's bytes / the events written from it",
      rows: bytesSet.list([RECORD_TOOL, COMPRESS_TOOL, LIVE_TOOL]),
    },
    {
      id: 'R1d', title: 'record: sysray analyze of a recording, against the replay', unit: 'events/s', lowerIsBetter: false,
      workload: "R1a's recordings (P2's busy process, every syscall) through sysray analyze -o json:/dev/null, and the replay's recorded batches, rounds interleaved",
      rows: speedSet.list([ANALYZE_TOOL, ANALYZE_COMPRESSED_TOOL, REPLAY_TOOL]),
    },
  ];
}
