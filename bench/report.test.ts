/**
 * The README table and the chart are generated from bench.json; these check
 * the figures, the target verdicts and the markup against a hand-made run.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { BenchResults, BenchRow, BenchScenario } from './bench-results.js';
import { findRow, formatDelta, formatRatio, formatValue, overhead, ratioBound, ratioTo, renderMarkdown, renderSvg, selects, targetMet } from './report.js';

function row(tool: string, median: number | null, extra: Partial<BenchRow> = {}): BenchRow {
  return { tool, median, runs: median === null ? [] : [median, median], ...extra };
}

const p1: BenchScenario = {
  id: 'P1', title: 'getppid storm', unit: 'ns/syscall', workload: '1,000,000 getppid calls from one process.',
  lowerIsBetter: true, target: { kind: 'overhead', value: 500 },
  rows: [
    row('untraced', 100),
    row('floor', 125, { note: 'empty programs on raw_syscalls' }),
    row('sysray', 500),
    row('bpftrace', 900),
    row('perf trace', null, { skipped: 'not installed' }),
    row('strace', 10_100, { note: 'strace -f -e trace=<all> & -o /dev/null' }),
  ],
};

const p2: BenchScenario = {
  id: 'P2', title: 'every syscall', unit: 'ns/syscall', workload: 'A mixed workload.',
  lowerIsBetter: true, target: { kind: 'overhead', value: 1000, noLoss: true },
  rows: [
    row('untraced', 130),
    row('sysray', 1300, { generated: 1_000_000, written: 1_000_000, lost: 0 }),
    row('strace', 40_000, { written: 999_000, lost: 1000 }),
  ],
};

const p3: BenchScenario = {
  id: 'P3', title: 'throughput', unit: 'events/s', workload: 'Events decoded per second.',
  lowerIsBetter: false, target: { kind: 'atLeast', value: 1_000_000 },
  rows: [row('sysray', 1_234_567), row('bpftrace', 250_000)],
};

const p4: BenchScenario = {
  id: 'P4', title: 'memory', unit: 'MiB', workload: 'Peak RSS under a fork storm.',
  lowerIsBetter: true, target: { kind: 'atMost', value: 200 },
  rows: [row('sysray', 256.24), row('bpftrace', 40)],
};

const p5: BenchScenario = {
  id: 'P5', title: 'startup', unit: 'ms', workload: 'Time to ready.',
  lowerIsBetter: true, target: { kind: 'atMost', value: 500 },
  rows: [row('sysray', 312.4), row('bpftrace', 1480.6)],
};

const replay: BenchScenario = {
  id: 'replay', title: 'replay', unit: 'events/s', workload: 'Replaying a recorded file.',
  lowerIsBetter: false,
  rows: [row('sysray', 2_500_000), row('x<y&z>', 1_000_000, { note: 'jq "a|b" < in & wc' })],
};

const results: BenchResults = {
  date: '2026-11-21T06:16:12.704Z',
  machine: { cpus: 2, model: 'AMD EPYC 7B13', kernel: '6.18.44', node: 'v20.20.2' },
  rounds: 3,
  scenarios: [p1, p2, p3, p4, p5, replay],
};

function withSysray(scenario: BenchScenario, changes: Partial<BenchRow>): BenchScenario {
  return { ...scenario, rows: scenario.rows.map((r) => (r.tool === 'sysray' ? { ...r, ...changes } : r)) };
}

test('targetMet: overhead met and not met', () => {
  assert.equal(targetMet(p1), true); // +400 ≤ 500
  assert.equal(targetMet(withSysray(p1, { median: 600 })), true); // +500 ≤ 500: the bound is inclusive
  assert.equal(targetMet(withSysray(p1, { median: 601 })), false);
  assert.equal(targetMet(p2), false); // +1170 > 1000
});

test('targetMet: atLeast and atMost', () => {
  assert.equal(targetMet(p3), true);
  assert.equal(targetMet(withSysray(p3, { median: 999_999 })), false);
  assert.equal(targetMet(p5), true);
  assert.equal(targetMet(p4), false);
  assert.equal(targetMet(withSysray(p4, { median: 200 })), true);
});

test('targetMet: noLoss fails on any lost event, missing lost counts as 0', () => {
  const fast = withSysray(p2, { median: 1000 }); // +870, within the bound
  assert.equal(targetMet(fast), true);
  assert.equal(targetMet(withSysray(fast, { lost: 1 })), false);
  assert.equal(targetMet(withSysray(fast, { lost: undefined })), true);
  // noLoss is ignored when the target does not ask for it.
  assert.equal(targetMet(withSysray(p1, { lost: 5 })), true);
});

test('targetMet: undefined without a target or a sysray median', () => {
  assert.equal(targetMet(replay), undefined);
  assert.equal(targetMet(withSysray(p1, { median: null, skipped: 'no BTF' })), undefined);
  assert.equal(targetMet({ ...p1, rows: p1.rows.filter((r) => r.tool !== 'sysray') }), undefined);
});

test('overhead and ratios', () => {
  assert.equal(overhead(p1, 'sysray'), 400);
  assert.equal(overhead(p1, 'strace'), 10_000);
  assert.equal(overhead(p1, 'untraced'), 0);
  assert.equal(overhead(p1, 'perf trace'), undefined);
  assert.equal(overhead(p3, 'sysray'), undefined); // no untraced row
  assert.equal(ratioTo(findRow(p1, 'sysray'), findRow(p1, 'untraced')), 5);
  assert.equal(ratioTo(findRow(p1, 'sysray'), findRow(p1, 'floor')), 4);
  assert.equal(ratioTo(findRow(p1, 'perf trace'), findRow(p1, 'untraced')), undefined);
  assert.equal(ratioTo(findRow(p1, 'sysray'), row('zero', 0)), undefined);
});

test('number formats', () => {
  assert.equal(formatValue(3799.2, 'ns/syscall'), '3,799 ns');
  assert.equal(formatValue(1_234_567.8, 'events/s'), '1,234,568 events/s');
  assert.equal(formatValue(256.24, 'MiB'), '256.2 MiB');
  assert.equal(formatValue(312.4, 'ms'), '312 ms');
  assert.equal(formatDelta(3669.2, 'ns/syscall'), '+3,669 ns');
  assert.equal(formatDelta(-4, 'ns/syscall'), '−4 ns');
  assert.equal(formatDelta(-0.3, 'ns/syscall'), '+0 ns');
  assert.equal(formatRatio(80.8), '×80.80');
});

test('markdown: heading, figures, ratios and verdicts', () => {
  const md = renderMarkdown(results);
  const lines = md.split('\n');
  assert.equal(lines[0], 'Measured 2026-11-21 on 2 × AMD EPYC 7B13, kernel 6.18.44, node v20.20.2; medians of 3 runs.');
  for (const expected of [
    '### P1 — getppid storm',
    '| Tool | Median | Overhead | × untraced | × floor |',
    '| untraced | 100 ns | — | — | — |',
    '| floor | 125 ns | +25 ns | ×1.25 | — |',
    '| sysray | 500 ns | +400 ns | ×5.00 | ×4.00 |',
    '| strace | 10,100 ns | +10,000 ns | ×101.00 | ×80.80 |',
    'Target: sysray overhead ≤ +500 ns — ✅ met (+400 ns)',
    '| Tool | Median | Overhead | × untraced | Written / lost |',
    '| sysray | 1,300 ns | +1,170 ns | ×10.00 | 1,000,000 / 0 |',
    '| strace | 40,000 ns | +39,870 ns | ×307.69 | 999,000 / 1,000 |',
    'Target: sysray overhead ≤ +1,000 ns, 0 lost — ❌ not met (+1,170 ns, 0 lost)',
    '| sysray | 1,234,567 events/s |',
    'Target: sysray ≥ 1,000,000 events/s — ✅ met (1,234,567 events/s)',
    '| sysray | 256.2 MiB |',
    'Target: sysray ≤ 200.0 MiB — ❌ not met (256.2 MiB)',
    '| bpftrace | 1,481 ms |',
    'Target: sysray ≤ 500 ms — ✅ met (312 ms)',
  ]) {
    assert.ok(lines.includes(expected), `missing line: ${expected}\n---\n${md}`);
  }
  // No target, no verdict line.
  const replaySection = md.slice(md.indexOf('### replay'));
  assert.ok(!replaySection.includes('Target:'));
});

test('markdown: skipped rows show their reason, notes are listed, pipes escaped', () => {
  const md = renderMarkdown(results).split('\n');
  assert.ok(md.includes('| perf trace | skipped: not installed | — | — | — |'));
  assert.ok(md.includes('- strace: strace -f -e trace=&lt;all> & -o /dev/null'));
  assert.ok(md.includes('| x&lt;y&z> | 1,000,000 events/s |'));
  assert.ok(md.includes('- x&lt;y&z>: jq "a\\|b" &lt; in & wc'));
  const skippedSysray = renderMarkdown({ ...results, scenarios: [withSysray(p1, { median: null, skipped: 'no BTF' })] });
  assert.ok(skippedSysray.includes('Target: sysray overhead ≤ +500 ns — not measured (sysray skipped: no BTF)'));
});

/** Tags balance and every '&' starts an entity: enough to know a parser will take it. */
function assertWellFormed(xml: string): void {
  const stack: string[] = [];
  for (const m of xml.matchAll(/<(\/?)([A-Za-z][\w:-]*)([^<>]*?)(\/?)>/g)) {
    const [, closing, name, , selfClosing] = m;
    if (selfClosing) continue;
    if (!closing) stack.push(name);
    else assert.equal(stack.pop(), name, `</${name}> closes the wrong tag`);
  }
  assert.deepEqual(stack, []);
  const textOnly = xml.replace(/<[^<>]*>/g, '');
  assert.ok(!/[<>]/.test(textOnly), 'a raw < or > outside a tag');
  assert.ok(!/&(?!(amp|lt|gt|quot|apos);)/.test(xml), 'a raw & in the SVG');
}

test('svg: well formed, escaped, one bar per measured row', () => {
  const svg = renderSvg(results);
  assert.ok(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg" width="900"'));
  assert.ok(svg.endsWith('</svg>'));
  assertWellFormed(svg);
  assert.ok(svg.includes('>x&lt;y&amp;z&gt;</text>'));
  assert.ok(svg.includes('strace -f -e trace=&lt;all&gt; &amp; -o /dev/null'));
  assert.ok(!svg.includes('x<y&z>'));
  // P1: floor, sysray, bpftrace, strace (untraced is the zero of the overhead axis, perf trace skipped);
  // P2: sysray, strace; P3, P4, P5, replay: two each.
  assert.equal(svg.match(/<rect class="bar"/g)?.length, 4 + 2 + 2 + 2 + 2 + 2);
  assert.equal(svg.match(/<rect class="bar"[^>]*fill="#e8590c"/g)?.length, 6); // sysray's bars
  assert.equal(svg.match(/stroke-dasharray/g)?.length, 5); // a target line per scenario with a target
  assert.ok(svg.includes('>skipped: not installed</text>'));
  assert.ok(svg.includes('>+10,000 ns</text>'));
  assert.ok(svg.includes('>1,234,567 events/s</text>'));
  assert.ok(svg.includes('P1 · getppid storm'));
  assert.ok(svg.includes('overhead per syscall over untraced (100 ns), log scale · lower is better'));
  assert.ok(svg.includes('MiB · lower is better')); // P4 spread is small: linear
  assert.ok(svg.includes('2026-11-21 on 2 × AMD EPYC 7B13, kernel 6.18.44, node v20.20.2; medians of 3 runs'));
});

// ---------------------------------------------------------------- signatures (S1): rows other than sysray's judged

const SIG = 'sysray -e signatures';

const s1a: BenchScenario = {
  id: 'S1a', title: 'unrelated syscall, every signature on', unit: 'ns/syscall', workload: "P1's storm, P1's rounds.",
  lowerIsBetter: true, target: { kind: 'ratio', value: 1.2, tool: SIG, base: 'sysray' },
  rows: [row('untraced', 100), row('sysray', 150), row(SIG, 170), row('sysray, default set', 200)],
};

const s1b: BenchScenario = {
  id: 'S1b', title: 'busy workload, every signature on', unit: 'ns/syscall', workload: "P2's busy loop.",
  lowerIsBetter: true, target: { kind: 'findings', value: 0, tool: SIG, noLoss: true },
  rows: [row('untraced', 400), row(SIG, 450, { generated: 200_000, written: 0, lost: 0, findings: 0 })],
};

const s1c: BenchScenario = {
  id: 'S1c', title: 'finding latency', unit: 'ms/finding', workload: '200 POKEDATA.',
  lowerIsBetter: true, target: { kind: 'findings', value: 600, tool: 'sysray p50, busy', noLoss: true },
  rows: [row('sysray p50, busy', 4.567, { generated: 600, written: 600, lost: 0, findings: 600 }), row('sysray p99, busy', 12.34)],
};

function withRow(scenario: BenchScenario, tool: string, changes: Partial<BenchRow>): BenchScenario {
  return { ...scenario, rows: scenario.rows.map((r) => (r.tool === tool ? { ...r, ...changes } : r)) };
}

test('targetMet: ratio to another row of the same run, bound inclusive', () => {
  assert.equal(ratioBound(s1a), 180);
  assert.equal(targetMet(s1a), true); // 170 ≤ 1.2 × 150
  assert.equal(targetMet(withRow(s1a, SIG, { median: 180 })), true);
  assert.equal(targetMet(withRow(s1a, SIG, { median: 181 })), false);
  // the judged row is the target's tool: sysray's own median does not decide
  assert.equal(targetMet(withRow(s1a, 'sysray', { median: 100 })), false); // bound 120
  assert.equal(targetMet(withRow(s1a, 'sysray', { median: null, skipped: 'no BTF' })), undefined);
  assert.equal(targetMet(withRow(s1a, SIG, { median: null, skipped: 'no BTF' })), undefined);
  // without a base the ratio is to untraced
  assert.equal(targetMet({ ...s1a, target: { kind: 'ratio', value: 1.7, tool: SIG } }), true);
  assert.equal(targetMet({ ...s1a, target: { kind: 'ratio', value: 1.69, tool: SIG } }), false);
  assert.equal(targetMet({ ...s1a, target: { kind: 'ratio', value: 1.2, tool: SIG, base: 'sysray', noLoss: true } }), true);
  assert.equal(targetMet(withRow({ ...s1a, target: { kind: 'ratio', value: 1.2, tool: SIG, base: 'sysray', noLoss: true } }, SIG, { lost: 1 })), false);
});

test('targetMet: findings exactly as many as the target says, and 0 lost', () => {
  assert.equal(targetMet(s1b), true);
  assert.equal(targetMet(withRow(s1b, SIG, { findings: 2 })), false); // a false positive
  assert.equal(targetMet(withRow(s1b, SIG, { lost: 3 })), false);
  assert.equal(targetMet(withRow(s1b, SIG, { findings: undefined })), undefined);
  assert.equal(targetMet(s1c), true);
  assert.equal(targetMet(withRow(s1c, 'sysray p50, busy', { findings: 599 })), false);
  assert.equal(targetMet(withRow(s1c, 'sysray p50, busy', { findings: 601 })), false);
});

test('markdown: ratio and findings targets name the judged row, the bound in the unit and against untraced', () => {
  const md = renderMarkdown({ ...results, scenarios: [s1a, s1b, s1c] }).split('\n');
  for (const expected of [
    '| Tool | Median | Overhead | × untraced |',
    '| sysray -e signatures | 170 ns | +70 ns | ×1.70 |',
    'Target: sysray -e signatures ≤ ×1.20 sysray = 180 ns, ×1.80 untraced — ✅ met (170 ns, ×1.13 sysray, ×1.70 untraced)',
    '| Tool | Median | Overhead | × untraced | Written / lost | Findings |',
    '| untraced | 400 ns | — | — | — | — |',
    '| sysray -e signatures | 450 ns | +50 ns | ×1.13 | 0 / 0 | 0 |',
    'Target: sysray -e signatures: 0 findings, 0 lost — ✅ met (0 findings, 0 lost)',
    '| sysray p50, busy | 4.57 ms | 600 / 0 | 600 |',
    '| sysray p99, busy | 12.34 ms | — | — |',
    'Target: sysray p50, busy: 600 findings, 0 lost — ✅ met (600 findings, 0 lost)',
  ]) {
    assert.ok(md.includes(expected), `missing line: ${expected}\n---\n${md.join('\n')}`);
  }
  const fp = renderMarkdown({ ...results, scenarios: [withRow(s1b, SIG, { findings: 4 })] });
  assert.ok(fp.includes('Target: sysray -e signatures: 0 findings, 0 lost — ❌ not met (4 findings, 0 lost)'));
  const slow = renderMarkdown({ ...results, scenarios: [withRow(s1a, SIG, { median: 200 })] });
  assert.ok(slow.includes('— ❌ not met (200 ns, ×1.33 sysray, ×2.00 untraced)'));
});

test('number formats: latencies (ms/finding) in hundredths of a ms, start times (ms) whole', () => {
  assert.equal(formatValue(4.567, 'ms/finding'), '4.57 ms');
  assert.equal(formatValue(12.34, 'ms/finding'), '12.34 ms');
  assert.equal(formatValue(6.5, 'ms'), '7 ms');
});

test('--only: ids and families', () => {
  assert.ok(selects([], 'P3'));
  assert.ok(selects(['P1', 'S1'], 'P1'));
  for (const id of ['S1a', 'S1b', 'S1c']) assert.ok(selects(['P1', 'S1'], id));
  assert.ok(!selects(['P1', 'S1'], 'P2'));
  assert.ok(selects(['S1c'], 'S1c'));
  assert.ok(!selects(['S1c'], 'S1a'));
  assert.ok(!selects(['S1'], 'S10a'));
  for (const id of ['R1a', 'R1b', 'R1c', 'R1d']) assert.ok(selects(['R1'], id));
  assert.ok(!selects(['R1'], 'S1a') && !selects(['R1'], 'P1') && !selects(['R1a'], 'R1b'));
  const md = renderMarkdown({ ...results, scenarios: [p1, s1a, p2, s1b, s1c] }, ['S1']);
  assert.ok(md.startsWith('Measured 2026-11-21 on 2 × AMD EPYC 7B13, kernel 6.18.44, node v20.20.2; medians of 3 runs.\n'));
  assert.ok(renderMarkdown({ ...results, quick: true }).startsWith('Measured 2026-11-21 on 2 × AMD EPYC 7B13, kernel 6.18.44, node v20.20.2; medians of 3 runs (a --quick run: shorter workloads).\n'));
  assert.ok(md.includes('### S1a') && md.includes('### S1b') && md.includes('### S1c'));
  assert.ok(!md.includes('### P1') && !md.includes('### P2'));
});

test('svg: a ratio target is drawn where its bound falls, the judged row in sysray\'s colour', () => {
  const svg = renderSvg({ ...results, scenarios: [s1a, s1b, s1c] });
  assertWellFormed(svg);
  // S1a's target only: a findings count is not a point on an axis
  assert.equal(svg.match(/stroke-dasharray/g)?.length, 1);
  assert.ok(svg.includes('target: sysray -e signatures ≤ ×1.20 sysray = 180 ns, ×1.80 untraced'));
  // S1a: sysray and the judged row; S1b: the judged row; S1c: its p50 row
  assert.equal(svg.match(/<rect class="bar"[^>]*fill="#e8590c"/g)?.length, 4);
  assert.ok(svg.includes('>+70 ns</text>'));
  assert.ok(svg.includes('>4.57 ms</text>'));
});

// ---------------------------------------------------------------- record (R1): a loss target, whatever the median

const REC = 'sysray record';

const r1b: BenchScenario = {
  id: 'R1b', title: 'a getppid storm recorded', unit: 'ns/syscall', workload: '1,000,000 getppid.',
  lowerIsBetter: true, target: { kind: 'lost', value: 0, tool: REC },
  rows: [
    row('untraced', 200),
    row(REC, 1500, { generated: 1_000_000, written: 1_000_020, lost: 0 }),
    row('sysray -o json:FILE', 2000, { generated: 1_000_000, written: 944_285, lost: 55_715 }),
  ],
};

test('targetMet: lost at most the target, the median not judged; undefined without a count', () => {
  assert.equal(targetMet(r1b), true);
  assert.equal(targetMet(withRow(r1b, REC, { median: 1e9 })), true);
  assert.equal(targetMet(withRow(r1b, REC, { lost: 1 })), false);
  assert.equal(targetMet({ ...r1b, target: { kind: 'lost', value: 10, tool: REC } }), true);
  assert.equal(targetMet(withRow({ ...r1b, target: { kind: 'lost', value: 10, tool: REC } }, REC, { lost: 11 })), false);
  assert.equal(targetMet(withRow(r1b, REC, { lost: undefined })), undefined);
  assert.equal(targetMet(withRow(r1b, REC, { median: null, skipped: 'no BTF' })), undefined);
  // another row's loss does not decide
  assert.equal(targetMet(withRow(r1b, 'sysray -o json:FILE', { lost: 0 })), true);
});

test('markdown and svg: a loss target names the judged row, its median and its loss once; no line on the axis', () => {
  const md = renderMarkdown({ ...results, scenarios: [r1b, { ...withRow(r1b, REC, { lost: 3 }), target: { kind: 'lost', value: 0, tool: REC, noLoss: true } }] }).split('\n');
  for (const expected of [
    '| sysray record | 1,500 ns | +1,300 ns | ×7.50 | 1,000,020 / 0 |',
    'Target: sysray record: 0 lost — ✅ met (1,500 ns, 0 lost)',
    'Target: sysray record: 0 lost — ❌ not met (1,500 ns, 3 lost)',
  ]) {
    assert.ok(md.includes(expected), `missing line: ${expected}\n---\n${md.join('\n')}`);
  }
  const svg = renderSvg({ ...results, scenarios: [r1b] });
  assertWellFormed(svg);
  assert.equal(svg.match(/stroke-dasharray/g), null);
  assert.equal(svg.match(/<rect class="bar"[^>]*fill="#e8590c"/g)?.length, 1);
});

test('number formats: bytes per event with one decimal', () => {
  assert.equal(formatValue(296.214, 'bytes/event'), '296.2 bytes/event');
  assert.equal(formatValue(11.78, 'bytes/event'), '11.8 bytes/event');
});
