/**
 * Tracee policy files (-p) on the real tracer: Kubernetes and plain style, YAML
 * and JSON, a directory of them, -p repeated, 64 policies at once. Each policy
 * is scoped to its own copy of test/triggers/filter_policy.c (the copy's name
 * is its comm); every event's matchedPolicies must be exactly the policies
 * that select it, and every event the policies select must be there, once.
 * Mistakes in policy files stop sysray before tracing: exit 2, one line,
 * FILE:LINE:COL.
 */
import { before, after, describe, it, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ROOT, SYSRAY, arg, compileTrigger, run, traceDuring, type JsonEvent, type TraceResult } from '../helpers/trace.js';

const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'policies-it');
const ENOENT = -2;

let tmp = '';
let trigger = '';

before(() => {
  trigger = compileTrigger('filter_policy');
  tmp = mkdtempSync(path.join(tmpdir(), 'sysray-policies-'));
});

after(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

/** A copy of the trigger named `name` (its comm). */
function copyNamed(name: string): string {
  const dir = path.join(tmp, 'bin');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, name);
  copyFileSync(trigger, file);
  return file;
}

/** A trigger started now, blocked on its stdin until released: its pid is known before tracing. */
function startBlocked(file: string, args: string[]) {
  const child = spawn(file, args, { stdio: ['pipe', 'ignore', 'inherit'] });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    pid: child.pid!,
    async release(): Promise<number | null> {
      child.stdin!.end('x');
      return exited;
    },
    kill(): void {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    },
  };
}

/** What a process got: [eventName, matchedPolicies, detail] in order. */
function summary(events: JsonEvent[], pid: number, dir: string): [string, string[], string | number][] {
  return events
    .filter((e) => e.hostProcessId === pid)
    .map((e) => {
      // openat: the path; getppid: 'ppid' when it returned this test's pid; getpid: 'self'; else the return value
      const rv = e.returnValue;
      const detail = e.eventName === 'openat' ? path.relative(dir, arg(e, 'pathname'))
        : e.eventName === 'getppid' && rv === process.pid ? 'ppid'
        : e.eventName === 'getpid' && rv === pid ? 'self'
        : rv;
      return [e.eventName, e.matchedPolicies, detail];
    });
}

describe('policy files of both styles, YAML and JSON, a directory and -p repeated', () => {
  let r: TraceResult;
  const pids: Record<string, number> = {};
  let work = '';
  const counts = { pa: 2, pb: 3, pc: 1, pd: 1, pe: 4 };

  before(async () => {
    work = path.join(tmp, 'work');
    mkdirSync(work, { recursive: true });
    writeFileSync(path.join(work, 'sysray-it-exists.txt'), 'x\n');
    const paths = [path.join(work, 'sysray-it-exists.txt'), path.join(work, 'sysray-it-missing.txt'), '/etc/hostname'];
    const procs = Object.entries(counts).map(([name, n]) => {
      const p = startBlocked(copyNamed(`sysray-${name}`), [String(n), ...paths]);
      pids[name] = p.pid;
      return p;
    });
    // the one policy that needs a pid is written now, in flow style, scope [global]
    const everyone = path.join(tmp, 'everyone.yaml');
    writeFileSync(everyone, [
      'type: policy',
      'name: everyone',
      'description: any process, filtered by comm and pid',
      'scope: [global]',
      'rules:',
      '  - event: getuid',
      '    filters:',
      '      - comm=sysray-pa,sysray-pd',
      '  - event: getppid',
      '    filters:',
      `      - pid=${pids.pb}`,
      '',
    ].join('\n'));
    try {
      r = await traceDuring(['-p', path.join(FIXTURES, 'set'), '-p', path.join(FIXTURES, 'plain.json'), '-p', everyone], async () => {
        const codes = await Promise.all(procs.map((p) => p.release()));
        assert.deepEqual(codes, procs.map(() => 0));
      });
    } finally {
      for (const p of procs) p.kill();
    }
    assert.equal(r.exitCode, 0, r.stderr);
    assert.equal(r.lost, 0);
    assert.equal(r.written, r.events.length);
  });

  it('loads nine policies (README.md in the directory is not one)', () => {
    assert.match(r.stderr, /ready: tracing \d+ events for 9 policies\n/);
  });

  it('k8s YAML: getppid, and openat filtered by data.pathname AND retval<0', () => {
    assert.deepEqual(summary(r.events, pids.pa, work), [
      ['getppid', ['k8s-yaml'], 'ppid'],
      ['getppid', ['k8s-yaml'], 'ppid'],
      ['getuid', ['everyone'], 0],
      ['openat', ['k8s-yaml'], 'sysray-it-missing.txt'],
    ]);
    const missing = r.events.find((e) => e.hostProcessId === pids.pa && e.eventName === 'openat')!;
    assert.equal(missing.returnValue, ENOENT);
  });

  it('k8s JSON: an event set as the rule event (proc_ids) with retval>=0; a global policy with a pid filter adds its name', () => {
    assert.deepEqual(summary(r.events, pids.pb, work), [
      ['getppid', ['k8s-json', 'everyone'], 'ppid'],
      ['getppid', ['k8s-json', 'everyone'], 'ppid'],
      ['getppid', ['k8s-json', 'everyone'], 'ppid'],
      ['getpid', ['k8s-json'], 'self'],
      ['getuid', ['k8s-json'], 0],
    ]);
  });

  it('plain YAML: getpid and an openat filtered by a path suffix', () => {
    assert.deepEqual(summary(r.events, pids.pc, work), [
      ['getpid', ['plain-yaml'], 'self'],
      ['openat', ['plain-yaml'], 'sysray-it-exists.txt'],
    ]);
  });

  it('plain JSON (a second -p): getuid, openat with retval>=0; a global comm filter adds its name', () => {
    assert.deepEqual(summary(r.events, pids.pd, work), [
      ['getuid', ['plain-json', 'everyone'], 0],
      ['openat', ['plain-json'], 'sysray-it-exists.txt'],
    ]);
  });

  it('one event matched by several policies is written once, with all their names in policy order', () => {
    assert.deepEqual(summary(r.events, pids.pe, work), Array(counts.pe).fill(['getppid', ['overlap-1', 'overlap-2', 'overlap-3'], 'ppid']));
  });

  it('nothing else: every event is from the five triggers', () => {
    const ours = new Set(Object.values(pids));
    const others = r.events.filter((e) => !ours.has(e.hostProcessId));
    assert.deepEqual(others.map((e) => [e.processName, e.eventName, e.matchedPolicies]), []);
    assert.equal(r.events.length, 4 + 5 + 2 + 2 + 4);
  });
});

const STYLES = [
  (name: string, comm: string) => `apiVersion: tracee.aquasec.com/v1beta1\nkind: Policy\nmetadata:\n  name: ${name}\n  annotations:\n    description: getppid of ${comm}\nspec:\n  scope:\n    - comm=${comm}\n  rules:\n    - event: getppid\n`,
  (name: string, comm: string) => JSON.stringify({ apiVersion: 'tracee.aquasec.com/v1beta1', kind: 'Policy', metadata: { name, annotations: { description: `getppid of ${comm}` } }, spec: { scope: [`comm=${comm}`], rules: [{ event: 'getppid' }] } }, null, 2),
  (name: string, comm: string) => `type: policy\nname: ${name}\ndescription: getppid of ${comm}\nscope:\n  - comm=${comm}\nrules:\n  - event: getppid\n`,
  (name: string, comm: string) => JSON.stringify({ type: 'policy', name, description: `getppid of ${comm}`, scope: [`comm=${comm}`], rules: [{ event: 'getppid' }] }),
];
const EXT = ['yaml', 'json', 'yaml', 'json'];
const nn = (i: number) => String(i).padStart(2, '0');

/** 64 policies pNN (comm sysray-pNN): the first 32 one file each in the four styles, the rest one multi-document YAML. */
function write64(dir: string): void {
  mkdirSync(dir, { recursive: true });
  for (let i = 0; i < 32; i++) writeFileSync(path.join(dir, `p${nn(i)}.${EXT[i % 4]}`), STYLES[i % 4](`p${nn(i)}`, `sysray-p${nn(i)}`));
  const rest = [];
  for (let i = 32; i < 64; i++) rest.push(STYLES[(i % 2) * 2](`p${nn(i)}`, `sysray-p${nn(i)}`));
  writeFileSync(path.join(dir, 'zz-rest.yaml'), rest.join('---\n'));
}

test('64 policies at once: each event carries exactly its own policy, none is missing', async () => {
  const dir = path.join(tmp, 'p64');
  write64(dir);
  const bins = Array.from({ length: 64 }, (_, i) => copyNamed(`sysray-p${nn(i)}`));
  const pids: number[] = [];
  const r = await traceDuring(['-p', dir], async () => {
    const outs = await Promise.all(bins.map((bin, i) => run(bin, [String(i + 1)])));
    for (const o of outs) assert.equal(o.code, 0);
    pids.push(...outs.map((o) => o.pid));
  });
  assert.equal(r.exitCode, 0, r.stderr);
  assert.match(r.stderr, /ready: tracing getppid for 64 policies\n/);
  assert.equal(r.lost, 0);
  const total = (64 * 65) / 2;
  assert.equal(r.written, total);
  assert.equal(r.events.length, total);
  for (let i = 0; i < 64; i++) {
    const evs = r.events.filter((e) => e.hostProcessId === pids[i]);
    assert.equal(evs.length, i + 1, `sysray-p${nn(i)}: ${i + 1} getppid`);
    for (const e of evs) {
      assert.equal(e.eventName, 'getppid');
      assert.equal(e.processName, `sysray-p${nn(i)}`);
      assert.deepEqual(e.matchedPolicies, [`p${nn(i)}`]);
    }
  }
  const ours = new Set(pids);
  assert.deepEqual(r.events.filter((e) => !ours.has(e.hostProcessId)).map((e) => e.processName), []);
});

/** Runs sysray expecting a usage error: exit 2, one line, no tracing. */
function usageError(args: string[]): string {
  const res = spawnSync(process.execPath, [SYSRAY, ...args], { encoding: 'utf8', timeout: 20000 });
  assert.equal(res.status, 2, `exit code of sysray ${args.join(' ')}: ${res.stderr}`);
  const lines = res.stderr.split('\n').filter((l) => l !== '');
  assert.equal(lines.length, 1, `one line: ${res.stderr}`);
  assert.doesNotMatch(res.stderr, /sysray: ready|\n\s+at /);
  assert.match(lines[0], /^sysray: /);
  return lines[0].slice('sysray: '.length);
}

/** FILE:LINE:COL of the `nth` occurrence of `token` in `text`. */
function at(file: string, text: string, token: string, nth = 0): string {
  let index = -1;
  for (let i = 0; i <= nth; i++) {
    index = text.indexOf(token, index + 1);
    assert.ok(index >= 0, `${token} in ${file}`);
  }
  const before = text.slice(0, index).split('\n');
  return `${file}:${before.length}:${before[before.length - 1].length + 1}`;
}

describe('mistakes in policy files: exit 2 before tracing, one line, FILE:LINE:COL, the nearest name', () => {
  let dir = '';
  before(() => {
    dir = path.join(tmp, 'errors');
    mkdirSync(dir, { recursive: true });
  });

  const write = (name: string, text: string): string => {
    const file = path.join(dir, name);
    writeFileSync(file, text);
    return file;
  };

  const k8s = (rules: string) =>
    `apiVersion: tracee.aquasec.com/v1beta1\nkind: Policy\nmetadata:\n  name: bad\n  annotations:\n    description: x\nspec:\n  scope:\n    - comm=sysray-pa\n  rules:\n${rules}`;
  const plain = (name: string, rules: string) => `type: policy\nname: ${name}\ndescription: x\nscope:\n  - comm=sysray-pa\nrules:\n${rules}`;

  it('unknown event in a rule', () => {
    const text = k8s('    - event: perf_event_opn\n');
    const file = write('unknown-event.yaml', text);
    const msg = usageError(['-p', file]);
    assert.equal(msg, `${at(file, text, 'perf_event_opn')}: policy "bad": unknown event "perf_event_opn"; did you mean "perf_event_open"?`);
  });

  it('unknown event set in a rule', () => {
    const text = plain('bad', '  - event: proc_idz\n');
    const file = write('unknown-set.yaml', text);
    assert.match(usageError(['-p', file]), new RegExp(`^${esc(at(file, text, 'proc_idz'))}: .*unknown event "proc_idz"; did you mean "proc_ids"\\?$`));
  });

  it('unknown filter field (context, without prefix) and unknown argument, in JSON', () => {
    const text = JSON.stringify({ type: 'policy', name: 'bad', scope: ['global'], rules: [{ event: 'getppid', filters: ['comn=sysray-pa'] }] }, null, 2);
    const file = write('unknown-field.json', text);
    assert.equal(usageError(['-p', file]), `${at(file, text, '"comn=sysray-pa"')}: policy "bad": rule "getppid": filter "comn=sysray-pa": unknown field "comn"; did you mean "comm"?`);
    const text2 = plain('bad', '  - event: openat\n    filters:\n      - data.pathnam=/etc/*\n');
    const file2 = write('unknown-arg.yaml', text2);
    assert.match(usageError(['-p', file2]), new RegExp(`^${esc(at(file2, text2, 'data.pathnam'))}: .*openat has no argument "pathnam"; did you mean "pathname"\\?$`));
  });

  it('bad operator', () => {
    const text = plain('bad', '  - event: openat\n    filters:\n      - retval=<0\n');
    const file = write('bad-operator.yaml', text);
    assert.match(usageError(['-p', file]), new RegExp(`^${esc(at(file, text, 'retval=<0'))}: .*unknown operator "=<"; use one of = != < > <= >=$`));
    const text2 = plain('bad', '  - event: openat\n    filters:\n      - data.pathname>/etc\n');
    const file2 = write('bad-operator-string.yaml', text2);
    assert.match(usageError(['-p', file2]), new RegExp(`^${esc(at(file2, text2, 'data.pathname>'))}: .*operator ">" compares numbers and pathname is a string; use = or !=$`));
  });

  it('data filter on an event set', () => {
    const text = plain('bad', '  - event: proc_ids\n    filters:\n      - data.pid=1\n');
    const file = write('set-data.yaml', text);
    assert.match(usageError(['-p', file]), new RegExp(`^${esc(at(file, text, 'data.pid=1'))}: .*data filters need a single event, not a set$`));
  });

  it('unknown key: the nearest one', () => {
    const text = 'type: policy\nname: bad\nscopes:\n  - global\nrules:\n  - event: getppid\n';
    const file = write('unknown-key.yaml', text);
    assert.equal(usageError(['-p', file]), `${at(file, text, 'scopes')}: unknown key "scopes" in policy "bad"; did you mean "scope"?`);
  });

  it('65 policies: in one file, and over a directory plus a file', () => {
    const docs = Array.from({ length: 65 }, (_, i) => plain(`q${i}`, '  - event: getppid\n'));
    const text = docs.join('---\n');
    const file = write('sixty-five.yaml', text);
    const where = at(file, text, 'type: policy', 64);
    assert.equal(usageError(['-p', file]),
      `${where}: too many policies: 65 found, at most 64 can be loaded, and this one ("q64") is number 65; merge or remove policies`);

    const dir64 = path.join(dir, 'sixty-four');
    write64(dir64);
    const extraText = plain('one-more', '  - event: getppid\n');
    const extra = write('one-more.yaml', extraText);
    assert.equal(usageError(['-p', dir64, '-p', extra]),
      `${extra}:1:1: too many policies: 65 found, at most 64 can be loaded, and this one ("one-more") is number 65; merge or remove policies`);
  });

  it('duplicate names, across files and within one', () => {
    const aText = plain('same', '  - event: getppid\n');
    const bText = k8s('    - event: getpid\n').replace('name: bad', 'name: same');
    const a = write('dup-a.yaml', aText);
    const b = write('dup-b.yaml', bText);
    assert.equal(usageError(['-p', a, '-p', b]),
      `${at(b, bText, 'same')}: policy name "same" is already used at ${a}:2; give each policy its own name`);
    const oneText = aText + '---\n' + aText;
    const one = write('dup-one.yaml', oneText);
    assert.equal(usageError(['-p', one]),
      `${at(one, oneText, 'same', 1)}: policy name "same" is already used at ${one}:2; give each policy its own name`);
  });

  it('-p with -e or -s', () => {
    const file = path.join(FIXTURES, 'plain.json');
    assert.match(usageError(['-p', file, '-e', 'openat']), /^-p cannot be combined with -e: put the scope and events in the policy file, or drop -p$/);
    assert.match(usageError(['-p', file, '-s', 'comm=sysray-pa']), /^-p cannot be combined with -s/);
    assert.match(usageError(['-e', 'openat', '-p', file]), /^-p cannot be combined with -e/);
  });
});

function esc(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Starts sysray -p and sends `signal` the moment "ready" shows on stderr (as a
 * script that waits for ready would). Resolves with how it ended and what it said;
 * after a SIGHUP, once "reloaded" shows, it is ended with one SIGTERM.
 */
function signalAtReady(args: string[], signal: 'SIGHUP' | 'SIGTERM'): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [SYSRAY, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    let sent = false;
    let ended = false;
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`no end after 20 s: ${stderr}`));
    }, 20000);
    child.stderr!.on('data', (d) => {
      stderr += d;
      if (!sent && stderr.includes('ready')) {
        sent = true;
        child.kill(signal);
      }
      if (signal === 'SIGHUP' && !ended && stderr.includes('reloaded')) {
        ended = true;
        child.kill('SIGTERM');
      }
    });
    child.once('exit', (code, sig) => {
      clearTimeout(timer);
      resolve({ code, signal: sig, stderr });
    });
  });
}

test('a signal sent as soon as "ready" shows is handled: SIGHUP reloads, SIGTERM ends cleanly with the summary', async () => {
  const dir = path.join(tmp, 'signals');
  mkdirSync(dir, { recursive: true });
  const args = ['-p', path.join(FIXTURES, 'plain.json'), '-o', `json:${path.join(dir, 'events.jsonl')}`];
  // a few tries each: the handlers must be in place before "ready" is printed, not a moment after
  for (let i = 0; i < 4; i++) {
    const hup = await signalAtReady(args, 'SIGHUP');
    assert.equal(hup.signal, null, `try ${i + 1}: SIGHUP right after ready killed sysray instead of reloading: ${JSON.stringify(hup.stderr)}`);
    assert.equal(hup.code, 0);
    assert.match(hup.stderr, /\nsysray: reloaded: tracing getuid, openat for 1 policy\n/);
    const term = await signalAtReady(args, 'SIGTERM');
    assert.equal(term.signal, null, `try ${i + 1}: SIGTERM right after ready killed sysray before it drained and flushed: ${JSON.stringify(term.stderr)}`);
    assert.equal(term.code, 0);
    assert.match(term.stderr, /\nsysray: \d+ events written, 0 lost/);
  }
});
