/**
 * The false-positive soak (`npm run soak`, as root): every signature on
 * (`-e signatures`) while ordinary work no one here wrote runs: apt-get
 * install and removal of a small package, a C build with make and gcc,
 * `npm ci` of this project, `git clone` of this repository, a shell with su,
 * crontab, and perf stat. Every finding is one that a user who leaves
 * sysray on would see; the README's soak table explains each.
 *
 *   npx tsx bench/soak.ts [--only STEP,STEP] [--keep]
 *
 * The work runs under one shell named `sysray-soak`, and sysray follows it
 * and its descendants (`-s comm=sysray-soak -s follow`), so nothing else on
 * the machine lands in the table. Writes bench/results/soak.json and prints
 * the table. Steps that need the network (apt-get, npm ci) say so when they
 * fail, and the table says which steps ran.
 */
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ROOT, run, traceDuring, type JsonEvent } from '../test/helpers/trace.js';

interface Step {
  name: string;
  what: string;
  /** A bash script run in the step's own directory ($WORK). */
  script: string;
}

const C_PROJECT = String.raw`
mkdir -p proj && cd proj
printf '#include <stdio.h>\nint add(int a, int b);\nint main(void) { printf("%%d\\n", add(2, 3)); return 0; }\n' > main.c
printf 'int add(int a, int b) { return a + b; }\n' > add.c
printf 'CFLAGS=-O2 -Wall\nprog: main.o add.o\n\t$(CC) -o $@ $^\nclean:\n\trm -f prog *.o\n' > Makefile
make -s -j2 && ./prog && make -s clean && make -s && strip prog && ./prog
`;

const STEPS: Step[] = [
  {
    name: 'apt',
    what: 'apt-get install and removal of a small package (hello), and cron for the crontab step',
    script: 'export DEBIAN_FRONTEND=noninteractive; apt-get update -qq && apt-get install -y -qq --no-install-recommends hello cron >/dev/null && hello && apt-get remove -y -qq --purge hello >/dev/null',
  },
  { name: 'build', what: 'a C build with make and gcc (two objects, link, strip)', script: C_PROJECT },
  {
    name: 'npm-ci',
    what: "`npm ci` of this project's package.json and lock file",
    script: `cp ${ROOT}/package.json ${ROOT}/package-lock.json . && npm ci --no-audit --no-fund --loglevel=error`,
  },
  { name: 'git-clone', what: '`git clone` of this repository, then log and status', script: `git clone -q ${ROOT} clone && git -C clone log --oneline -3 >/dev/null && git -C clone status --short >/dev/null` },
  {
    name: 'su-shell',
    what: 'a bash session on a terminal that uses su to another user and back to root',
    script: `script -qec "bash -c 'cd /tmp; ls >/dev/null; su -s /bin/bash nobody -c id; su - root -c true; cat /etc/hostname >/dev/null'" /dev/null`,
  },
  {
    name: 'crontab',
    what: "crontab -l, then a crontab edit and its removal (root's crontab kept as it was)",
    script: 'command -v crontab >/dev/null || { echo "soak: crontab is not installed (the apt step installs cron)" >&2; exit 1; }; ' +
      'crontab -l >before.txt 2>/dev/null; had=$?; echo "17 3 * * * true # sysray soak" > new.txt; crontab new.txt && crontab -l >/dev/null && ' +
      'if [ $had = 0 ]; then crontab before.txt; else crontab -r; fi',
  },
  { name: 'perf-stat', what: '`perf stat` of ls', script: 'perf stat -e task-clock,page-faults -- ls / >/dev/null 2>perf.txt' },
];

/**
 * Run last: one real technique (fileless_execution: a program run from
 * /dev/shm) by a grandchild of the soak shell. Its finding proves that the
 * scope reaches the steps' descendants, so that an empty table means quiet
 * signatures and not a blind tracer. Not part of the table.
 */
const CANARY: Step = {
  name: 'canary',
  what: 'a true positive that must be seen (a program run from /dev/shm, two processes down)',
  script: 'f=/dev/shm/sysray-soak-canary-$$; cp /bin/true $f && bash -c "$f"; rc=$?; rm -f $f; exit $rc',
};

interface Found { step: string; signature: string; process: string; detail: string; count: number }

/** What a finding was about, in one short string. */
function detail(f: JsonEvent): string {
  const data = (f.args as { name: string; value: unknown }[]).filter((a) => a.name !== 'detectedFrom');
  const from = (f.args as { name: string; value: { name?: string } }[]).find((a) => a.name === 'detectedFrom')?.value?.name ?? '';
  const text = data.map((a) => `${a.name}=${typeof a.value === 'object' ? JSON.stringify(a.value) : String(a.value)}`).join(' ');
  return `${from}${text ? ': ' + text : ''}`.slice(0, 160);
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const only = argv.includes('--only') ? (argv[argv.indexOf('--only') + 1] ?? '').split(',') : [];
  for (const name of only) {
    if (!STEPS.some((s) => s.name === name)) {
      process.stderr.write(`soak: --only ${name}: no such step (${STEPS.map((s) => s.name).join(', ')})\n`);
      process.exit(2);
    }
  }
  if (process.getuid?.() !== 0) {
    process.stderr.write('soak: run as root (sysray needs it, and so do apt-get and su)\n');
    process.exit(2);
  }
  const steps = [...STEPS.filter((s) => only.length === 0 || only.includes(s.name)), CANARY];
  const work = mkdtempSync(path.join(tmpdir(), 'sysray-soak-'));
  // the shell everything runs under: its comm is what sysray's scope follows
  const shell = path.join(work, 'sysray-soak');
  copyFileSync('/bin/bash', shell);
  chmodSync(shell, 0o755);
  const found: Found[] = [];
  const ran: { step: string; what: string; code: number | null; seconds: number; events: number; lost: number }[] = [];
  try {
    for (const step of steps) {
      const dir = path.join(work, step.name);
      mkdirSync(dir);
      let code: number | null = null;
      const t0 = Date.now();
      const r = await traceDuring(['-e', 'signatures', '-s', 'comm=sysray-soak', '-s', 'follow'], async () => {
        code = (await run(shell, ['-c', `cd ${dir} && WORK=${dir}; ${step.script}`])).code;
      });
      const seconds = (Date.now() - t0) / 1000;
      if (r.exitCode !== 0) throw new Error(`sysray exited ${r.exitCode}: ${r.stderr.trim().split('\n').pop()}`);
      ran.push({ step: step.name, what: step.what, code, seconds, events: r.written, lost: r.lost });
      process.stderr.write(`soak: ${step.name}: exit ${code}, ${seconds.toFixed(1)} s, ${r.written} findings, ${r.lost} lost\n`);
      const groups = new Map<string, Found>();
      for (const f of r.events.filter((e) => e.metadata)) {
        const key = `${f.eventName}\0${f.processName}\0${detail(f)}`;
        const g = groups.get(key) ?? { step: step.name, signature: f.eventName, process: `${f.processName} (${f.executable?.path ?? ''})`, detail: detail(f), count: 0 };
        g.count++;
        groups.set(key, g);
      }
      if (step === CANARY) {
        if (![...groups.values()].some((g) => g.signature === 'fileless_execution')) throw new Error('the canary step gave no fileless_execution finding: the scope does not reach the steps\' processes, so the table would mean nothing');
        continue;
      }
      found.push(...groups.values());
    }
  } finally {
    if (!argv.includes('--keep')) rmSync(work, { recursive: true, force: true });
  }
  // a partial run (--only) goes to bench/out/, as bench/run.ts's does; bench/results/ holds the last full one
  const out = path.join(ROOT, 'bench', only.length ? 'out' : 'results', 'soak.json');
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(out, JSON.stringify({ when: new Date().toISOString(), steps: ran, findings: found }, null, 2) + '\n');
  const lines = ['| step | exit | s | findings | lost |', '|---|---|---|---|---|'];
  for (const s of ran) lines.push(`| ${s.step} | ${s.code} | ${s.seconds.toFixed(1)} | ${s.events} | ${s.lost} |`);
  lines.push('', '| step | signature | process | what | count |', '|---|---|---|---|---|');
  for (const f of found) lines.push(`| ${f.step} | ${f.signature} | ${f.process} | ${f.detail.replaceAll('|', '\\|')} | ${f.count} |`);
  if (found.length === 0) lines.push('| (all) | — | — | no findings | 0 |');
  process.stdout.write(lines.join('\n') + '\n');
  process.stderr.write(`soak: results in ${path.relative(ROOT, out)}\n`);
}

main().catch((err: Error) => {
  process.stderr.write(`soak: ${err.message}\n`);
  process.exit(1);
});
