/**
 * Writing JSON lines to a new file through OutputStream: writeSync from the
 * main thread (writer: 'js') against the addon's writer thread with O_DIRECT
 * (writer: 'auto'), rounds alternating, medians printed. Per MiB written:
 * CPU of the whole process (user+sys, writer thread included), CPU of the
 * main thread alone (the pipeline's bottleneck), and wall time up to close.
 *
 *   node --import tsx bench/output-write.ts [MiB=300] [rounds=3] [flushEvery=2000]
 *
 * flushEvery: lines between flushes, as the tracer flushes when idle (0: never).
 * Files go to /var/tmp and are deleted after each round.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { OutputStream } from '../src/output/output-stream.js';
import { sampleLine } from '../src/output/output-stream.fixture.js';

const MIB = 1 << 20;
const mib = Number(process.argv[2] ?? 300);
const rounds = Number(process.argv[3] ?? 3);
const flushEvery = Number(process.argv[4] ?? 2000);

// made before timing: the bench measures writing, not making lines
const lines = Array.from({ length: 4096 }, (_, i) => sampleLine(i));
const lineBytes = lines.reduce((n, l) => n + Buffer.byteLength(l), 0) / lines.length;

/** The main thread's CPU so far, ms (clock ticks of /proc, 10 ms each). */
function mainThreadCpuMs(): number {
  const stat = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10; // utime, stime
}

interface Round {
  mode: string;
  cpuMs: number;
  sysMs: number;
  mainMs: number;
  wallMs: number;
  mib: number;
}

function round(writer: 'js' | 'auto'): Round {
  const dir = mkdtempSync('/var/tmp/sysray-bench-output-');
  const file = path.join(dir, 'out.json');
  try {
    const target = mib * MIB;
    const cpu0 = process.cpuUsage();
    const main0 = mainThreadCpuMs();
    const t0 = process.hrtime.bigint();
    const out = new OutputStream(file, { writer });
    let bytes = 0;
    for (let i = 0; bytes < target; i++) {
      const line = lines[i & 4095];
      out.write(line);
      bytes += line.length; // UTF-16 units: close enough to bytes for a stop condition
      if (flushEvery > 0 && i % flushEvery === flushEvery - 1) out.flush();
    }
    out.close();
    const wallMs = Number(process.hrtime.bigint() - t0) / 1e6;
    const cpu = process.cpuUsage(cpu0);
    const mainMs = mainThreadCpuMs() - main0;
    return { mode: out.mode, cpuMs: (cpu.user + cpu.system) / 1000, sysMs: cpu.system / 1000, mainMs, wallMs, mib: bytes / MIB };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const perMib = (r: Round, k: 'cpuMs' | 'sysMs' | 'mainMs' | 'wallMs'): number => r[k] / r.mib;

console.log(`~${mib} MiB of ${Math.round(lineBytes)}-byte lines per round, flush every ${flushEvery || 'never'} lines, ${rounds} rounds each`);
const results: Record<string, Round[]> = { js: [], auto: [] };
for (let i = 0; i < rounds; i++) {
  for (const writer of ['js', 'auto'] as const) {
    const r = round(writer);
    results[writer].push(r);
    console.log(
      `  round ${i + 1} ${r.mode.padEnd(6)} cpu ${perMib(r, 'cpuMs').toFixed(2)} ms/MiB (sys ${perMib(r, 'sysMs').toFixed(2)}), ` +
        `main thread ${perMib(r, 'mainMs').toFixed(2)} ms/MiB, wall ${perMib(r, 'wallMs').toFixed(2)} ms/MiB`,
    );
  }
}
console.log('medians, ms per MiB:      cpu (user+sys)   of which sys   main thread   wall');
for (const [writer, rs] of Object.entries(results)) {
  const m = (k: 'cpuMs' | 'sysMs' | 'mainMs' | 'wallMs'): string => median(rs.map((r) => perMib(r, k))).toFixed(2).padStart(8);
  console.log(`  ${(writer === 'js' ? 'writeSync' : `thread (${rs[0].mode})`).padEnd(22)} ${m('cpuMs')}        ${m('sysMs')}       ${m('mainMs')}    ${m('wallMs')}`);
}
