/**
 * Turns bench/results/bench.json into the README's tables (markdown) and the
 * chart in docs/bench.svg. Everything here is a pure function of
 * BenchResults, so the README and the chart can be tested without a machine
 * that runs the benchmarks.
 *
 *   npx tsx bench/report.ts [results.json] [--only S1]   # draws the chart, prints markdown
 *
 * The chart of bench/results/bench.json (the default) is docs/bench.svg;
 * of any other results file, bench.svg beside it (a quick run's figures
 * must not replace the README's). `--only` prints only those scenarios'
 * tables (ids or families: S1 is S1a–c, R1 is R1a–d), for a README section; the chart
 * keeps every scenario.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { BenchResults, BenchRow, BenchScenario, BenchTarget } from './bench-results.js';

// ---------------------------------------------------------------- figures

export function findRow(scenario: BenchScenario, tool: string): BenchRow | undefined {
  return scenario.rows.find((r) => r.tool === tool);
}

/** row.median / base.median; undefined when either was not measured (or base is 0). */
export function ratioTo(row: BenchRow | undefined, base: BenchRow | undefined): number | undefined {
  if (row?.median == null || base?.median == null || base.median === 0) return undefined;
  return row.median / base.median;
}

/** The tool's median minus untraced's: what tracing adds, for per-syscall scenarios. */
export function overhead(scenario: BenchScenario, tool: string): number | undefined {
  const row = findRow(scenario, tool);
  const untraced = findRow(scenario, 'untraced');
  if (row?.median == null || untraced?.median == null) return undefined;
  return row.median - untraced.median;
}

/** The row a target judges: `target.tool`, or sysray's. */
export function judgedTool(scenario: BenchScenario): string {
  return scenario.target?.tool ?? 'sysray';
}

/** The bound a 'ratio' target puts on the judged median: value × the base row's median. */
export function ratioBound(scenario: BenchScenario): number | undefined {
  const target = scenario.target;
  if (target?.kind !== 'ratio') return undefined;
  const base = findRow(scenario, target.base ?? 'untraced');
  return base?.median == null ? undefined : target.value * base.median;
}

/**
 * Whether the judged row (sysray's unless the target names another) meets
 * the scenario's target. Computed from the rows (not read from
 * `scenario.met`) so the README cannot disagree with its own table.
 */
export function targetMet(scenario: BenchScenario): boolean | undefined {
  const target = scenario.target;
  const tool = judgedTool(scenario);
  const judged = findRow(scenario, tool);
  if (!target || judged?.median == null) return undefined;
  const lossOk = !target.noLoss || (judged.lost ?? 0) === 0;
  switch (target.kind) {
    case 'overhead': {
      const added = overhead(scenario, tool);
      if (added === undefined) return undefined;
      return added <= target.value && lossOk;
    }
    case 'atMost':
      return judged.median <= target.value && lossOk;
    case 'atLeast':
      return judged.median >= target.value && lossOk;
    case 'ratio': {
      const bound = ratioBound(scenario);
      if (bound === undefined) return undefined;
      return judged.median <= bound && lossOk;
    }
    case 'findings':
      if (judged.findings === undefined) return undefined;
      return judged.findings === target.value && lossOk;
    case 'lost':
      if (judged.lost === undefined) return undefined;
      return judged.lost <= target.value;
  }
}

/** Per-syscall scenarios are charted and tabled as overhead over the untraced run. */
function isPerSyscall(scenario: BenchScenario): boolean {
  return scenario.unit === 'ns/syscall' && findRow(scenario, 'untraced')?.median != null;
}

function isMeasured(row: BenchRow): row is BenchRow & { median: number } {
  return row.median != null;
}

// ---------------------------------------------------------------- number formats

function fixed(value: number, decimals: number): string {
  return new Intl.NumberFormat('en-US', { minimumFractionDigits: decimals, maximumFractionDigits: decimals }).format(value);
}

/** The number alone, rounded as a reader wants it for this unit. */
function formatNumber(value: number, unit: string): string {
  switch (unit) {
    case 'MiB': case 'bytes/event': return fixed(value, 1);
    case 'ms/finding': return fixed(value, 2);
    case 'ns/syscall': case 'events/s': case 'ms': return fixed(value, 0);
    default: return new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 }).format(value);
  }
}

/** "ns/syscall" reads as "ns" next to a figure, "ms/finding" (a latency, ms with hundredths) as "ms"; the rest as they are. */
function unitLabel(unit: string): string {
  return unit === 'ns/syscall' ? 'ns' : unit === 'ms/finding' ? 'ms' : unit;
}

/** A value in the scenario's unit: "3,799 ns", "1,234,567 events/s", "45.3 MiB", "312 ms", "4.57 ms" (ms/finding). */
export function formatValue(value: number, unit: string): string {
  return `${formatNumber(value, unit)} ${unitLabel(unit)}`;
}

/** A signed difference: "+3,669 ns", "−4 ns"; the sign follows the rounded figure, so never "−0". */
export function formatDelta(value: number, unit: string): string {
  const magnitude = formatNumber(Math.abs(value), unit);
  const sign = value < 0 && /[1-9]/.test(magnitude) ? '−' : '+';
  return `${sign}${magnitude} ${unitLabel(unit)}`;
}

export function formatRatio(ratio: number): string {
  return `×${ratio.toFixed(2)}`;
}

function count(n: number): string {
  return fixed(n, 0);
}

function describeTarget(scenario: BenchScenario, target: BenchTarget): string {
  const tool = judgedTool(scenario);
  const lost = target.noLoss && target.kind !== 'lost' ? ', 0 lost' : '';
  switch (target.kind) {
    case 'overhead': return `${tool} overhead ≤ ${formatDelta(target.value, scenario.unit)}${lost}`;
    case 'atMost': return `${tool} ≤ ${formatValue(target.value, scenario.unit)}${lost}`;
    case 'atLeast': return `${tool} ≥ ${formatValue(target.value, scenario.unit)}${lost}`;
    case 'findings': return `${tool}: ${count(target.value)} findings${lost}`;
    case 'lost': return `${tool}: ${target.value === 0 ? '0' : `≤ ${count(target.value)}`} lost`;
    case 'ratio': {
      // the bound in the unit and against untraced too: a ratio alone hides what it is of
      const baseName = target.base ?? 'untraced';
      const bound = ratioBound(scenario);
      const untraced = findRow(scenario, 'untraced')?.median;
      const againstUntraced = baseName !== 'untraced' && bound !== undefined && untraced ? `, ${formatRatio(bound / untraced)} untraced` : '';
      const inUnit = bound === undefined ? '' : ` = ${formatValue(bound, scenario.unit)}${againstUntraced}`;
      return `${tool} ≤ ${formatRatio(target.value)} ${baseName}${inUnit}${lost}`;
    }
  }
}

/** "✅ met (+420 ns, 0 lost)", "❌ not met (…)", or why it could not be judged. */
function describeOutcome(scenario: BenchScenario, target: BenchTarget): string {
  const met = targetMet(scenario);
  const tool = judgedTool(scenario);
  const judged = findRow(scenario, tool);
  if (met === undefined || judged?.median == null) {
    return judged?.skipped ? `not measured (${tool} skipped: ${judged.skipped})` : 'not measured';
  }
  let figure: string;
  switch (target.kind) {
    case 'overhead': figure = formatDelta(overhead(scenario, tool) ?? 0, scenario.unit); break;
    case 'findings': figure = `${count(judged.findings ?? 0)} findings`; break;
    case 'lost': figure = `${formatValue(judged.median, scenario.unit)}, ${count(judged.lost ?? 0)} lost`; break;
    case 'ratio': {
      const baseName = target.base ?? 'untraced';
      const ratios = [formatRatio(ratioTo(judged, findRow(scenario, baseName)) ?? 0) + ` ${baseName}`];
      const untraced = baseName === 'untraced' ? undefined : ratioTo(judged, findRow(scenario, 'untraced'));
      if (untraced !== undefined) ratios.push(`${formatRatio(untraced)} untraced`);
      figure = `${formatValue(judged.median, scenario.unit)}, ${ratios.join(', ')}`;
      break;
    }
    default: figure = formatValue(judged.median, scenario.unit);
  }
  const lost = target.noLoss && target.kind !== 'lost' ? `, ${count(judged.lost ?? 0)} lost` : '';
  return `${met ? '✅ met' : '❌ not met'} (${figure}${lost})`;
}

function measuredOn(results: BenchResults): string {
  const day = /^\d{4}-\d{2}-\d{2}/.exec(results.date)?.[0] ?? results.date;
  const m = results.machine;
  return `${day} on ${m.cpus} × ${m.model}, kernel ${m.kernel}, node ${m.node}`;
}

// ---------------------------------------------------------------- markdown

/** Table cells cannot hold pipes or newlines; '<' would start raw HTML. */
function mdCell(text: string): string {
  return text.replace(/\r?\n/g, ' ').replace(/\|/g, '\\|').replace(/</g, '&lt;');
}

interface Column {
  header: string;
  cell: (row: BenchRow & { median: number }) => string;
}

/** Only the columns this scenario has figures for. */
function columnsFor(scenario: BenchScenario): Column[] {
  const untraced = findRow(scenario, 'untraced');
  const floor = findRow(scenario, 'floor');
  const columns: Column[] = [{ header: 'Median', cell: (r) => formatValue(r.median, scenario.unit) }];
  if (isPerSyscall(scenario)) {
    columns.push({
      header: 'Overhead',
      cell: (r) => (r.tool === 'untraced' ? '—' : formatDelta(overhead(scenario, r.tool) ?? 0, scenario.unit)),
    });
  }
  if (untraced?.median != null) {
    columns.push({ header: '× untraced', cell: (r) => ratioCell(r, untraced, ['untraced']) });
  }
  if (floor?.median != null) {
    // untraced over floor says nothing about a tracer; leave it blank.
    columns.push({ header: '× floor', cell: (r) => ratioCell(r, floor, ['untraced', 'floor']) });
  }
  if (scenario.rows.some((r) => r.written !== undefined || r.lost !== undefined)) {
    columns.push({ header: 'Written / lost', cell: writtenLost });
  }
  if (scenario.rows.some((r) => r.findings !== undefined)) {
    columns.push({ header: 'Findings', cell: (r) => (r.findings === undefined ? '—' : count(r.findings)) });
  }
  return columns;
}

function ratioCell(row: BenchRow, base: BenchRow, blankFor: string[]): string {
  const ratio = blankFor.includes(row.tool) ? undefined : ratioTo(row, base);
  return ratio === undefined ? '—' : formatRatio(ratio);
}

function writtenLost(row: BenchRow): string {
  if (row.written === undefined && row.lost === undefined) return '—';
  const orDash = (n: number | undefined): string => (n === undefined ? '—' : count(n));
  return `${orDash(row.written)} / ${orDash(row.lost)}`;
}

function scenarioMarkdown(scenario: BenchScenario): string {
  const columns = columnsFor(scenario);
  const lines = [
    `### ${scenario.id} — ${mdCell(scenario.title)}`,
    '',
    mdCell(scenario.workload),
    '',
    `| Tool | ${columns.map((c) => c.header).join(' | ')} |`,
    `|---|${columns.map(() => '---:|').join('')}`,
  ];
  for (const row of scenario.rows) {
    const cells = isMeasured(row)
      ? columns.map((c) => c.cell(row))
      // A skipped row says why in the median column; the rest has no figures.
      : [row.skipped ? `skipped: ${row.skipped}` : 'not measured', ...columns.slice(1).map(() => '—')];
    lines.push(`| ${mdCell(row.tool)} | ${cells.map(mdCell).join(' | ')} |`);
  }
  const notes = scenario.rows.filter((r) => r.note);
  if (notes.length > 0) {
    lines.push('');
    for (const r of notes) lines.push(`- ${mdCell(r.tool)}: ${mdCell(r.note ?? '')}`);
  }
  if (scenario.target) {
    lines.push('', `Target: ${describeTarget(scenario, scenario.target)} — ${describeOutcome(scenario, scenario.target)}`);
  }
  return lines.join('\n');
}

/**
 * Whether `--only`'s list names the scenario: by id, or by family (`S1`
 * names S1a, S1b and S1c; `R1` names R1a–d). An empty list names every scenario.
 */
export function selects(only: readonly string[], id: string): boolean {
  return only.length === 0 || only.some((o) => o === id || (/^[A-Z]\d+$/.test(o) && new RegExp(`^${o}[a-z]$`).test(id)));
}

/** The README's performance tables: one per scenario, since their units differ (`only`: those ids, or families). */
export function renderMarkdown(results: BenchResults, only: readonly string[] = []): string {
  const runs = `${results.rounds} run${results.rounds === 1 ? '' : 's'}`;
  const parts = [`Measured ${measuredOn(results)}; medians of ${runs}${results.quick ? ' (a --quick run: shorter workloads)' : ''}.`];
  for (const scenario of results.scenarios) if (selects(only, scenario.id)) parts.push(scenarioMarkdown(scenario));
  return `${parts.join('\n\n')}\n`;
}

// ---------------------------------------------------------------- SVG

const WIDTH = 900;
const LABEL_X = 16;
const BAR_X = 190;
/** Room left at the right for the value printed after the longest bar. */
const BAR_MAX = 560;
const ROW_HEIGHT = 22;
const BAR_HEIGHT = 14;
const FONT = "system-ui, -apple-system, 'Segoe UI', Helvetica, Arial, sans-serif";
const COLOURS = { sysray: '#e8590c', baseline: '#ced4da', other: '#748ffc', text: '#212529', muted: '#868e96', grid: '#e9ecef', target: '#c92a2a' };

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c] ?? c);
}

/** Coordinates with one decimal keep the file small and diffs quiet. */
function px(n: number): string {
  return String(Math.round(n * 10) / 10);
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

interface Scale {
  log: boolean;
  ticks: number[];
  /** Bar length in px for a value. */
  x: (value: number) => number;
}

/** Log scale once the spread is wide (strace is ~100× the rest), else linear from 0. */
function scaleFor(values: number[]): Scale {
  const positive = values.filter((v) => v > 0);
  const max = Math.max(1, ...positive);
  const min = positive.length > 0 ? Math.min(...positive) : max;
  if (max / min >= 20) {
    const lo = 10 ** Math.floor(Math.log10(min));
    const hi = Math.max(10 ** Math.ceil(Math.log10(max)), lo * 10);
    const ticks: number[] = [];
    for (let t = lo; t <= hi * 1.0001; t *= 10) ticks.push(t);
    return { log: true, ticks, x: (v) => (v <= lo ? 0 : (BAR_MAX * Math.log10(v / lo)) / Math.log10(hi / lo)) };
  }
  const step = niceStep(max / 4);
  const hi = Math.ceil(max / step) * step;
  const ticks: number[] = [];
  for (let i = 0; i * step <= hi * 1.0001; i++) ticks.push(i * step);
  return { log: false, ticks, x: (v) => (Math.max(0, v) * BAR_MAX) / hi };
}

/** 1, 2, 2.5 or 5 × a power of ten, at least `raw`. */
function niceStep(raw: number): number {
  const power = 10 ** Math.floor(Math.log10(raw));
  const m = [1, 2, 2.5, 5, 10].find((k) => k * power >= raw) ?? 10;
  return m * power;
}

function formatTick(value: number): string {
  return new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 1 }).format(value);
}

function barColour(tool: string, judged: string): string {
  if (tool === 'sysray' || tool === judged) return COLOURS.sysray;
  return tool === 'untraced' || tool === 'floor' ? COLOURS.baseline : COLOURS.other;
}

function text(x: number, y: number, content: string, attrs = ''): string {
  return `<text x="${px(x)}" y="${px(y)}"${attrs ? ` ${attrs}` : ''}>${escapeXml(content)}</text>`;
}

/** Where the target falls on this panel's axis (overhead or median). */
function targetOnAxis(scenario: BenchScenario, plotsOverhead: boolean): number | undefined {
  const t = scenario.target;
  const base = findRow(scenario, 'untraced')?.median;
  if (!t || t.kind === 'findings' || t.kind === 'lost') return undefined; // a count, not a point on this axis
  if (t.kind === 'ratio') {
    const bound = ratioBound(scenario);
    if (bound === undefined) return undefined;
    return plotsOverhead ? (base == null ? undefined : bound - base) : bound;
  }
  if (plotsOverhead) return t.kind === 'overhead' ? t.value : base == null ? undefined : t.value - base;
  if (t.kind !== 'overhead') return t.value;
  return base == null ? undefined : base + t.value;
}

function scenarioPanel(scenario: BenchScenario, top: number): { svg: string[]; height: number } {
  const plotsOverhead = isPerSyscall(scenario);
  // In overhead panels untraced is the zero everything is measured from, so it has no bar.
  const rows = plotsOverhead ? scenario.rows.filter((r) => r.tool !== 'untraced') : scenario.rows;
  const valueOf = (row: BenchRow & { median: number }): number =>
    plotsOverhead ? (overhead(scenario, row.tool) ?? 0) : row.median;
  const labelOf = (value: number): string => (plotsOverhead ? formatDelta(value, scenario.unit) : formatValue(value, scenario.unit));
  const target = targetOnAxis(scenario, plotsOverhead);
  const judged = judgedTool(scenario);
  const values = rows.filter(isMeasured).map(valueOf);
  const scale = scaleFor(target === undefined ? values : [...values, target]);

  const untracedMedian = findRow(scenario, 'untraced')?.median;
  const measure = plotsOverhead && untracedMedian != null
    ? `overhead per syscall over untraced (${formatValue(untracedMedian, scenario.unit)})`
    : scenario.unit;
  const subtitle = `${measure}${scale.log ? ', log scale' : ''} · ${scenario.lowerIsBetter ? 'lower' : 'higher'} is better`;

  const svg: string[] = [
    text(LABEL_X, top + 16, `${scenario.id} · ${scenario.title}`, 'font-size="14" font-weight="600"'),
    text(LABEL_X, top + 32, subtitle, `font-size="11" fill="${COLOURS.muted}"`),
  ];
  const rowsTop = top + 50;
  const rowsBottom = rowsTop + rows.length * ROW_HEIGHT;

  for (const tick of scale.ticks) {
    const x = BAR_X + scale.x(tick);
    svg.push(`<line x1="${px(x)}" y1="${px(rowsTop - 2)}" x2="${px(x)}" y2="${px(rowsBottom)}" stroke="${COLOURS.grid}"/>`);
    svg.push(text(x, rowsBottom + 12, formatTick(tick), `font-size="10" fill="${COLOURS.muted}" text-anchor="middle"`));
  }

  // Drawn before the bars so bars and their figures paint over the line.
  if (target !== undefined && scenario.target) {
    const x = BAR_X + scale.x(target);
    // Past the middle the label runs leftwards, so it never leaves the chart.
    const anchor = x > WIDTH / 2 ? `text-anchor="end" ` : '';
    svg.push(`<line x1="${px(x)}" y1="${px(rowsTop - 6)}" x2="${px(x)}" y2="${px(rowsBottom)}" stroke="${COLOURS.target}" stroke-width="1.5" stroke-dasharray="5 3"/>`);
    svg.push(text(anchor ? x - 4 : x + 4, rowsTop - 6, `target: ${describeTarget(scenario, scenario.target)}`, `${anchor}font-size="10" fill="${COLOURS.target}"`));
  }

  rows.forEach((row, i) => {
    const y = rowsTop + i * ROW_HEIGHT;
    const middle = y + ROW_HEIGHT / 2 + 4;
    svg.push(text(LABEL_X, middle, truncate(row.tool, 26), `font-size="12"${row.tool === 'sysray' || row.tool === judged ? ' font-weight="600"' : ''}`));
    if (!isMeasured(row)) {
      svg.push(text(BAR_X, middle, `skipped: ${row.skipped ?? 'not measured'}`, `font-size="11" font-style="italic" fill="${COLOURS.muted}"`));
      return;
    }
    const value = valueOf(row);
    // Zero and negative overheads still get a sliver, so the row does not look missing.
    const width = Math.max(2, scale.x(value));
    const tooltip = `${row.tool}: ${labelOf(value)}${row.note ? ` — ${row.note}` : ''}`;
    svg.push(
      `<rect class="bar" x="${BAR_X}" y="${px(y + (ROW_HEIGHT - BAR_HEIGHT) / 2)}" width="${px(width)}" height="${BAR_HEIGHT}" fill="${barColour(row.tool, judged)}">` +
        `<title>${escapeXml(tooltip)}</title></rect>`,
    );
    svg.push(text(BAR_X + width + 6, middle, labelOf(value), `font-size="11"`));
  });

  return { svg, height: rowsBottom + 30 - top };
}

/** A self-contained chart: one panel of horizontal bars per scenario. */
export function renderSvg(results: BenchResults): string {
  const title = 'sysray benchmarks';
  const subtitle = `${measuredOn(results)}; medians of ${results.rounds} run${results.rounds === 1 ? '' : 's'}`;
  const body: string[] = [
    text(LABEL_X, 26, title, 'font-size="18" font-weight="700"'),
    text(LABEL_X, 46, subtitle, `font-size="12" fill="${COLOURS.muted}"`),
  ];
  let y = 62;
  for (const scenario of results.scenarios) {
    const panel = scenarioPanel(scenario, y);
    body.push(`<g>`, ...panel.svg, `</g>`);
    y += panel.height;
  }
  const height = y + 10;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${px(height)}" viewBox="0 0 ${WIDTH} ${px(height)}" font-family="${FONT}" fill="${COLOURS.text}">`,
    `<title>${escapeXml(`${title}, ${subtitle}`)}</title>`,
    // Opaque background: GitHub's dark theme would otherwise put dark text on dark.
    `<rect class="background" width="${WIDTH}" height="${px(height)}" fill="#ffffff"/>`,
    ...body,
    `</svg>`,
  ].join('\n');
}

// ---------------------------------------------------------------- command line

function main(argv: string[]): void {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const at = argv.indexOf('--only');
  const only = at === -1 ? [] : (argv[at + 1] ?? '').split(',').filter(Boolean);
  const args = at === -1 ? argv : [...argv.slice(0, at), ...argv.slice(at + 2)];
  const latest = path.join(root, 'bench/results/bench.json');
  const input = args[0] ? path.resolve(args[0]) : latest;
  const results = JSON.parse(readFileSync(input, 'utf8')) as BenchResults;
  if (!Array.isArray(results.scenarios)) throw new Error(`${input}: no "scenarios" array; is this a bench results file?`);
  const svgFile = input === latest ? path.join(root, 'docs/bench.svg') : path.join(path.dirname(input), 'bench.svg');
  mkdirSync(path.dirname(svgFile), { recursive: true });
  writeFileSync(svgFile, `${renderSvg(results)}\n`);
  process.stdout.write(renderMarkdown(results, only));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main(process.argv.slice(2));
