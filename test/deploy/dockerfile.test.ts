/**
 * The Dockerfile: a build stage that makes what bin/sysray loads, a runtime
 * stage that has all of it and the libraries the addon links, and nothing
 * copied that the repository or the build does not have. Building the image
 * needs a running docker daemon.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from '../helpers/trace.js';

interface Instruction {
  op: string;
  args: string;
  line: number;
}

interface Stage {
  from: string;
  name?: string;
  instructions: Instruction[];
}

/** Instructions with `\` continuations joined and comments dropped, split into stages. */
function parseDockerfile(text: string): Stage[] {
  const stages: Stage[] = [];
  let pending = '';
  let startLine = 0;
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (pending === '' && (line === '' || line.startsWith('#'))) return;
    if (pending === '') startLine = i + 1;
    if (line.startsWith('#')) return; // a comment inside a continued instruction
    pending += (pending ? ' ' : '') + line.replace(/\\$/, '').trim();
    if (line.endsWith('\\')) return;
    const [, op, args] = /^(\S+)\s+(.*)$/.exec(pending)!;
    pending = '';
    const ins = { op: op.toUpperCase(), args, line: startLine };
    if (ins.op === 'FROM') {
      const m = /^(\S+)(?:\s+AS\s+(\S+))?$/i.exec(args);
      assert.ok(m, `line ${startLine}: FROM ${args}`);
      stages.push({ from: m[1], name: m[2], instructions: [] });
    } else {
      assert.ok(stages.length > 0, `line ${startLine}: ${op} before FROM`);
      stages[stages.length - 1].instructions.push(ins);
    }
  });
  return stages;
}

interface Copy {
  from?: string;
  sources: string[];
  dest: string;
  /** The stage's WORKDIR when the COPY runs. */
  workdir: string;
}

function copies(stage: Stage): Copy[] {
  let workdir = '/';
  const out: Copy[] = [];
  for (const ins of stage.instructions) {
    if (ins.op === 'WORKDIR') workdir = path.posix.resolve(workdir, ins.args);
    if (ins.op !== 'COPY') continue;
    const words = ins.args.split(/\s+/);
    const flags = words.filter((w) => w.startsWith('--'));
    const rest = words.filter((w) => !w.startsWith('--'));
    const from = flags.find((f) => f.startsWith('--from='))?.slice('--from='.length);
    out.push({ from, sources: rest.slice(0, -1), dest: path.posix.resolve(workdir, rest[rest.length - 1]), workdir });
  }
  return out;
}

function runText(stage: Stage): string {
  return stage.instructions.filter((i) => i.op === 'RUN').map((i) => i.args).join('\n');
}

const stages = parseDockerfile(readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8'));
const [build, runtime] = stages;
const tracked = execFileSync('git', ['ls-files'], { cwd: ROOT, encoding: 'utf8' }).split('\n').filter(Boolean);
const ignored = readFileSync(path.join(ROOT, '.dockerignore'), 'utf8').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));

/** A .dockerignore pattern (no `!`, `**`) matching `p` or a directory above it. */
function isIgnored(p: string): boolean {
  return ignored.some((pattern) => {
    const re = new RegExp('^' + pattern.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('[^/]*') + '(/.*)?$');
    return re.test(p);
  });
}

/** What the build stage's commands make, relative to its WORKDIR: the Makefile's `all` targets, tsc's outDir, npm's node_modules. */
function buildProducts(): string[] {
  const makefile = readFileSync(path.join(ROOT, 'Makefile'), 'utf8');
  const all = /^all:\s*(.*)$/m.exec(makefile)![1].split(/\s+/).filter(Boolean);
  const tsconfig = JSON.parse(readFileSync(path.join(ROOT, 'tsconfig.json'), 'utf8'));
  const run = runText(build);
  const products = ['node_modules'];
  if (/\bmake\b[^\n]*\ball\b/.test(run)) products.push(...all);
  // build:cli is tsc, then the bundle of dist/cli into dist/bundle
  if (/\btsc\b|\bbuild:cli\b/.test(run)) products.push(tsconfig.compilerOptions.outDir);
  return products;
}

test('two stages: node:20 bookworm to build, its slim variant to run', () => {
  assert.equal(stages.length, 2);
  assert.equal(build.from, 'node:20-bookworm');
  assert.equal(build.name, 'build');
  assert.equal(runtime.from, 'node:20-bookworm-slim');
});

test('the build stage installs the build packages and runs npm ci, make, build:cli (tsc, bundle), then drops dev dependencies', () => {
  const run = runText(build);
  for (const p of ['clang', 'llvm', 'libbpf-dev', 'bpftool', 'libelf-dev', 'zlib1g-dev', 'make', 'gcc', 'libc6-dev', 'pkg-config']) {
    assert.match(run, new RegExp(`install[^\\n]*\\s${p.replace('+', '\\+')}(\\s|$)`), p);
  }
  const order = ['npm ci', 'make -s all', 'npm run -s build:cli', 'npm prune --omit=dev'].map((s) => run.indexOf(s));
  assert.ok(order.every((at) => at >= 0), `all four steps: ${order}`);
  assert.deepEqual([...order].sort((a, b) => a - b), order);
});

test('every path copied from the context is in the repository and not in .dockerignore', () => {
  const fromContext = copies(build).filter((c) => !c.from).flatMap((c) => c.sources);
  assert.ok(fromContext.length > 0);
  for (const src of fromContext) {
    const p = src.replace(/^\.\//, '').replace(/\/$/, '');
    assert.ok(tracked.some((f) => f === p || f.startsWith(p + '/')), `${src} is tracked by git`);
    assert.ok(!isIgnored(p), `${src} is not excluded by .dockerignore`);
  }
  assert.equal(copies(runtime).filter((c) => !c.from).length, 0, 'the runtime stage takes everything from the build stage');
});

test('every path the runtime stage copies is copied into or made by the build stage', () => {
  const workdir = copies(build)[0].workdir;
  const given = copies(build).filter((c) => !c.from).flatMap((c) => (c.sources.length > 1 || c.dest.endsWith('/') ? c.sources.map((s) => path.posix.join(c.dest, path.posix.basename(s))) : [c.dest]));
  const made = buildProducts().map((p) => path.posix.join(workdir, p));
  for (const c of copies(runtime)) {
    assert.equal(c.from, 'build');
    for (const src of c.sources) {
      assert.ok([...given, ...made].some((p) => src === p || src.startsWith(p + '/')), `${src}: neither copied into the build stage nor made there (${made.join(', ')})`);
    }
  }
});

test('the runtime stage holds what bin/sysray loads, under /opt/sysray, and runs it', () => {
  const dests = copies(runtime).map((c) => c.dest);
  // bin/sysray imports dist/cli/main.js; native-addon.ts loads build/sysray.node; man.ts reads docs/events; package.json makes dist/ ES modules
  for (const needed of ['bin/sysray', 'dist/cli/main.js', 'build/sysray.node', 'docs/events/magic_write.md', 'package.json', 'node_modules/commander']) {
    const at = path.posix.join('/opt/sysray', needed);
    assert.ok(dests.some((d) => at === d || at.startsWith(d + '/')), `${at} in the image`);
  }
  assert.ok(readFileSync(path.join(ROOT, 'bin', 'sysray'), 'utf8').includes("'../dist/cli/main.js'"));
  assert.ok(existsSync(path.join(ROOT, 'docs', 'events', 'magic_write.md')));
  assert.equal(JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')).type, 'module');
  const entry = runtime.instructions.filter((i) => i.op === 'ENTRYPOINT');
  assert.equal(entry.length, 1);
  assert.deepEqual(JSON.parse(entry[0].args), ['/opt/sysray/bin/sysray']);
});

const ADDON = path.join(ROOT, 'build', 'sysray.node');

test('the runtime stage installs the Debian package of every library the addon links', { skip: !existsSync(ADDON) && 'the addon is not built (scripts/setup.sh)' }, () => {
  const needed = [...execFileSync('readelf', ['-d', ADDON], { encoding: 'utf8' }).matchAll(/\(NEEDED\)\s+Shared library: \[(.+?)\]/g)].map((m) => m[1]);
  assert.ok(needed.includes('libbpf.so.1'), needed.join(' '));
  const installed = runText(runtime);
  for (const lib of needed) {
    const file = execFileSync('sh', ['-c', `ldconfig -p | awk '$1 == "${lib}" && /x86-64/ { print $NF; exit }'`], { encoding: 'utf8' }).trim();
    assert.ok(file, `${lib} found by ldconfig`);
    const owner = execFileSync('sh', ['-c', `dpkg -S "$(readlink -f ${file})" 2>/dev/null || dpkg -S ${file}`], { encoding: 'utf8' }).split(':')[0];
    // libc6 is in every Debian image
    if (owner === 'libc6') continue;
    assert.match(installed, new RegExp(`install[^\\n]*\\s${owner}(\\s|$)`), `${lib} is in ${owner}`);
  }
});

const docker = spawnSync('docker', ['info'], { encoding: 'utf8' });
const dockerSkip = docker.error !== undefined || docker.status !== 0 ? 'the docker daemon is not running here (docker info fails)' : false;

test('docker builds the image, and it runs sysray', { skip: dockerSkip, timeout: 1_800_000 }, () => {
  const tag = `sysray-test:${process.pid}`;
  try {
    const b = spawnSync('docker', ['build', '-t', tag, ROOT], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    assert.equal(b.status, 0, b.stderr.slice(-4000));
    const r = spawnSync('docker', ['run', '--rm', tag, '--help'], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /Usage: sysray/);
  } finally {
    spawnSync('docker', ['rmi', '-f', tag]);
  }
});
