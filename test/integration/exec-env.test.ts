/**
 * sched_process_exec's `env`, `stdin_type` and `stdin_path` on the real
 * kernel. `env` holds only the entries of the names selected signatures
 * declare (here ld_preload's LD_PRELOAD and LD_LIBRARY_PATH), read from the
 * new program's memory: one name, two names in environment order, none,
 * a value cut at 256 bytes, a 300-entry environment (256 scanned), an
 * entry longer than one kernel read whose continuation looks like a name;
 * without such a signature, or when the exec matched no policy with one,
 * the argument is absent. fd 0: Node's socketpair, a pipe, and a pty made
 * by script(1).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { traceDuring, type JsonEvent } from '../helpers/trace.js';

const COMM = 'execenv_target';

/** Runs the target with exactly `env` (fd 0: the unix socket Node's 'pipe' is); resolves with its pid. */
function runWithEnv(bin: string, env: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, [], { env, stdio: ['pipe', 'ignore', 'ignore'] }); // ld.so complains of the missing .so
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve(child.pid!) : reject(new Error(`${bin} exited ${code}`))));
    child.stdin!.end();
  });
}

function withTarget<T>(fn: (bin: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(path.join(tmpdir(), 'sysray-execenv-'));
  const bin = path.join(dir, COMM);
  copyFileSync('/bin/true', bin);
  return fn(bin).finally(() => rmSync(dir, { recursive: true, force: true }));
}

const argOf = (e: JsonEvent, name: string) => e.args.find((a: JsonEvent) => a.name === name);

test('env holds only the declared names: one, two in order, none, cut at 256, 300 entries, long entries', async () => {
  const long = '/' + 'a'.repeat(399);
  // 300 entries, LD_PRELOAD the one at index `at`
  const many = (at: number): Record<string, string> => {
    const out: Record<string, string> = {};
    for (let i = 0; i < 300; i++) {
      if (i === at) out.LD_PRELOAD = '/many.so';
      else out[`V${i}`] = String(i);
    }
    return out;
  };
  const cases: { env: Record<string, string>; want: string[]; truncated?: boolean }[] = [
    { env: { HOME: '/root', LD_PRELOAD: '/tmp/one.so', TERM: 'dumb' }, want: ['LD_PRELOAD=/tmp/one.so'] },
    { env: { LD_LIBRARY_PATH: '/opt/lib', A: 'b', LD_PRELOAD: '/tmp/two.so' }, want: ['LD_LIBRARY_PATH=/opt/lib', 'LD_PRELOAD=/tmp/two.so'] },
    { env: { PATH: '/usr/bin', LD_PRELOADX: '1', XLD_PRELOAD: '2', LD_PRELOA: '3' }, want: [] },
    { env: { LD_PRELOAD: long }, want: ['LD_PRELOAD=' + long.slice(0, 256)], truncated: true },
    { env: many(10), want: ['LD_PRELOAD=/many.so'], truncated: true }, // entries 256..299 not scanned
    { env: many(280), want: [], truncated: true },
    // 4095 bytes are one read: what follows is the rest of BIG, not an entry
    { env: { BIG: 'x'.repeat(4091) + 'LD_PRELOAD=/fake.so', LD_LIBRARY_PATH: '/real' }, want: ['LD_LIBRARY_PATH=/real'] },
  ];
  const pids: number[] = [];
  const r = await withTarget((bin) =>
    traceDuring(['-e', 'sched_process_exec,ld_preload', '-s', `comm=${COMM}`], async () => {
      for (const c of cases) pids.push(await runWithEnv(bin, c.env));
    }),
  );
  assert.equal(r.exitCode, 0, r.stderr);
  cases.forEach((c, i) => {
    const execs = r.events.filter((e) => e.hostProcessId === pids[i] && e.eventName === 'sched_process_exec');
    assert.equal(execs.length, 1, `case ${i}`);
    const env = argOf(execs[0], 'env');
    assert.deepEqual(env, { name: 'env', type: 'const char**', value: c.want, ...(c.truncated ? { truncated: true } : {}) }, `case ${i}`);
    // stdin: Node's 'pipe' is a socketpair
    assert.equal(argOf(execs[0], 'stdin_type').value, 0o140000, `case ${i}: S_IFSOCK`);
    assert.match(argOf(execs[0], 'stdin_path').value, /^socket:\[\d+\]$/, `case ${i}`);
  });
});

test('no signature declares env: sched_process_exec has no env argument', async () => {
  let pid = 0;
  const r = await withTarget((bin) =>
    traceDuring(['-e', 'sched_process_exec', '-s', `comm=${COMM}`], async () => {
      pid = await runWithEnv(bin, { LD_PRELOAD: '/tmp/x.so' });
    }),
  );
  assert.equal(r.exitCode, 0, r.stderr);
  const exec = r.events.find((e) => e.hostProcessId === pid && e.eventName === 'sched_process_exec')!;
  assert.deepEqual(exec.args.map((a: JsonEvent) => a.name), ['cmdpath', 'pathname', 'dev', 'inode', 'ctime', 'inode_mode', 'interp', 'argv', 'stdin_type', 'stdin_path']);
});

test('two policies: env is captured when the exec matched a policy whose signature declares it, shown with the event; not otherwise', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'sysray-execenv-policies-'));
  const policy = (name: string, event: string, comm: string): string => {
    const file = path.join(dir, `${name}.json`);
    writeFileSync(file, JSON.stringify({
      apiVersion: 'tracee.aquasec.com/v1beta1', kind: 'Policy', metadata: { name },
      spec: { scope: [`comm=${comm}`], rules: [{ event }] },
    }));
    return file;
  };
  const plain = policy('plain', 'sched_process_exec', COMM);
  const preload = policy('preload', 'ld_preload', COMM);
  const elsewhere = policy('elsewhere', 'ld_preload', 'someone_else');
  try {
    const traceExec = async (files: string[]) => {
      let pid = 0;
      const r = await withTarget((bin) =>
        traceDuring(files.flatMap((f) => ['-p', f]), async () => {
          pid = await runWithEnv(bin, { LD_PRELOAD: '/tmp/p.so' });
        }));
      assert.equal(r.exitCode, 0, r.stderr);
      return r.events.filter((e) => e.hostProcessId === pid);
    };
    const both = await traceExec([plain, preload]);
    const exec = both.find((e) => e.eventName === 'sched_process_exec')!;
    assert.deepEqual(exec.matchedPolicies, ['plain']);
    assert.deepEqual(argOf(exec, 'env'), { name: 'env', type: 'const char**', value: ['LD_PRELOAD=/tmp/p.so'] });
    assert.deepEqual(both.find((e) => e.eventName === 'ld_preload')!.matchedPolicies, ['preload']);
    // the declaring policy's scope does not match this process: the kernel reads no env for it
    const apart = await traceExec([plain, elsewhere]);
    assert.deepEqual(apart.map((e) => e.eventName), ['sched_process_exec']);
    assert.equal(argOf(apart[0], 'env'), undefined);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('stdin a pty (script -qc) and a pipe (sh |): stdin_type S_IFCHR and S_IFIFO, stdin_path /dev/pts/N and pipe:[N]', async () => {
  const sh = (file: string, args: string[]): Promise<void> =>
    new Promise<void>((resolve, reject) => {
      const child = spawn(file, args, { stdio: ['ignore', 'ignore', 'inherit'] });
      child.once('error', reject);
      child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${file} exited ${code}`))));
    });
  const r = await withTarget((bin) =>
    traceDuring(['-e', 'sched_process_exec', '-s', `comm=${COMM}`], async () => {
      await sh('script', ['-qc', bin, '/dev/null']);
      await sh('/bin/sh', ['-c', `echo | ${bin}`]);
    }),
  );
  assert.equal(r.exitCode, 0, r.stderr);
  const execs = r.events.filter((e) => e.eventName === 'sched_process_exec');
  assert.equal(execs.length, 2, JSON.stringify(execs));
  assert.equal(argOf(execs[0], 'stdin_type').value, 0o020000);
  assert.match(argOf(execs[0], 'stdin_path').value, /^\/dev\/pts\/\d+$/);
  assert.equal(argOf(execs[1], 'stdin_type').value, 0o010000);
  assert.match(argOf(execs[1], 'stdin_path').value, /^pipe:\[\d+\]$/);
});
