/**
 * The getppid storm: 1,000,000 calls from one process, traced with
 * `-e getppid -s comm=storm -o json:FILE`. Checks lines written + lost
 * reported = calls made, exactly, and measures ns per syscall traced vs
 * untraced (medians of several runs, in one run of this script, so the
 * ratio holds on a noisy machine).
 *
 *   npx tsx bench/storm.ts [calls] [rounds]
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import path from 'node:path';
import { ROOT, SYSRAY, compileTrigger, keyValues, run } from '../test/helpers/trace.js';

const calls = Number(process.argv[2] ?? 1_000_000);
const rounds = Number(process.argv[3] ?? 3);
const storm = compileTrigger('storm');

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

async function untraced(): Promise<number> {
  return Number(keyValues((await run(storm, [String(calls)])).stdout).ns_per_call);
}

async function traced(): Promise<{ nsPerCall: number; written: number; lost: number; lines: number; drainMs: number }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'sysray-bench-'));
  const file = path.join(dir, 'storm.jsonl');
  const tracer = spawn(process.execPath, [SYSRAY, '-e', 'getppid', '-s', 'comm=storm', '-o', `json:${file}`], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  tracer.stderr!.on('data', (d) => (stderr += d));
  await new Promise<void>((resolve, reject) => {
    tracer.stderr!.on('data', () => stderr.includes('ready') && resolve());
    tracer.once('exit', () => reject(new Error(`sysray exited: ${stderr}`)));
  });
  const out = await run(storm, [String(calls)]);
  const stopAt = Date.now();
  const exited = new Promise((resolve) => tracer.once('exit', resolve));
  tracer.kill('SIGTERM');
  await exited;
  const drainMs = Date.now() - stopAt;
  const m = /(\d+) events written, (\d+) lost/.exec(stderr);
  if (!m) throw new Error(`no summary from sysray: ${stderr}`);
  const text = readFileSync(file, 'latin1');
  let lines = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lines++;
  rmSync(dir, { recursive: true, force: true });
  return { nsPerCall: Number(keyValues(out.stdout).ns_per_call), written: Number(m[1]), lost: Number(m[2]), lines, drainMs };
}

const base: number[] = [];
const withTracer: Awaited<ReturnType<typeof traced>>[] = [];
for (let i = 0; i < rounds; i++) {
  base.push(await untraced());
  withTracer.push(await traced());
}

let exact = true;
for (const t of withTracer) if (t.lines + t.lost !== calls || t.lines !== t.written) exact = false;
const result = {
  date: new Date().toISOString(),
  machine: `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, kernel ${readFileSync('/proc/sys/kernel/osrelease', 'utf8').trim()}, node ${process.version}`,
  calls,
  rounds,
  untracedNsPerCall: median(base),
  tracedNsPerCall: median(withTracer.map((t) => t.nsPerCall)),
  overheadNsPerCall: median(withTracer.map((t) => t.nsPerCall)) - median(base),
  runs: withTracer,
  writtenPlusLostEqualsCalls: exact,
};
writeFileSync(path.join(ROOT, 'bench', 'results', 'storm.json'), JSON.stringify(result, null, 2) + '\n');
console.log(`getppid storm, ${calls} calls, median of ${rounds}`);
console.log(`  untraced            ${result.untracedNsPerCall.toFixed(0)} ns/call`);
console.log(`  traced (json file)  ${result.tracedNsPerCall.toFixed(0)} ns/call  (+${result.overheadNsPerCall.toFixed(0)} ns)`);
for (const t of withTracer) console.log(`  run: lines ${t.lines} + lost ${t.lost} = ${t.lines + t.lost}  (drain after stop ${t.drainMs} ms)`);
console.log(`  written + lost = calls exactly: ${exact ? 'yes' : 'NO'}`);
process.exitCode = exact ? 0 : 1;
