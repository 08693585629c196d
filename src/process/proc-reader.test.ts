import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { clockTicksPerSecond, listPids, parseProcStat, readProcess } from './proc-reader.js';

/** A /proc/PID/stat line: 52 fields, the ones given set, the rest 0. */
function statLine(pid: number, comm: string, ppid: number, startTicks: number | string): string {
  const fields: string[] = Array.from({ length: 52 }, () => '0');
  fields[0] = String(pid);
  fields[1] = `(${comm})`;
  fields[2] = 'S';
  fields[3] = String(ppid);
  fields[21] = String(startTicks);
  return fields.join(' ') + '\n';
}

/** A process directory under a fake proc root. */
function writeFakeProcess(
  root: string,
  p: { pid: number; ppid: number; comm: string; startTicks: number; nsPid?: number; exe?: string; cmdline?: string },
): void {
  const dir = join(root, String(p.pid));
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'stat'), statLine(p.pid, p.comm, p.ppid, p.startTicks));
  const nspid = p.nsPid === undefined ? `${p.pid}` : `${p.pid}\t${p.nsPid}`;
  writeFileSync(
    join(dir, 'status'),
    `Name:\t${p.comm}\nUmask:\t0022\nState:\tS (sleeping)\nTgid:\t${p.pid}\nNgid:\t0\nPid:\t${p.pid}\nPPid:\t${p.ppid}\nNSpid:\t${nspid}\n`,
  );
  if (p.exe !== undefined) symlinkSync(p.exe, join(dir, 'exe'));
  writeFileSync(join(dir, 'cmdline'), p.cmdline ?? '');
}

describe('readProcess on the real /proc', () => {
  const me = readProcess(process.pid);

  it('reads this process', () => {
    assert.ok(me);
    assert.equal(me.hostPid, process.pid);
    assert.equal(me.tgid, process.pid);
    assert.equal(me.hostPpid, process.ppid);
    assert.ok(me.pid > 0);
    assert.equal(me.comm, readFileSync('/proc/self/comm', 'utf8').trimEnd());
    assert.equal(me.exePath, realpathSync(process.execPath));
    assert.ok(me.argv.some((a) => a.endsWith('proc-reader.test.ts')), me.argv.join(' '));
  });

  it('gives the start time on the boot clock', () => {
    assert.ok(me);
    const uptimeNs = BigInt(Math.round(Number(readFileSync('/proc/uptime', 'utf8').split(' ')[0]) * 1e9));
    const startedNs = uptimeNs - BigInt(Math.round(process.uptime() * 1e9));
    assert.ok(me.startTime <= uptimeNs, `${me.startTime} <= ${uptimeNs}`);
    // tick and /proc/uptime (10 ms) precision, and the time node takes to start
    assert.ok(me.startTime >= startedNs - 2_000_000_000n, `${me.startTime} >= ${startedNs} - 2 s`);
  });

  it('is undefined for a pid that does not exist', () => {
    assert.equal(readProcess(4_194_305), undefined); // above the largest pid_max
  });

  it('lists this process and init', () => {
    const pids = listPids();
    assert.ok(pids.includes(process.pid));
    assert.ok(pids.includes(1));
    assert.deepEqual(pids, [...pids].sort((a, b) => a - b));
  });

  it("uses the kernel's clock tick", (t) => {
    let hz: number;
    try {
      hz = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
    } catch {
      t.skip('no getconf');
      return;
    }
    assert.equal(clockTicksPerSecond(), hz);
  });
});

describe('readProcess on a fake proc root', () => {
  let root = '';
  before(() => {
    root = mkdtempSync(join(tmpdir(), 'sysray-proc-'));
    writeFakeProcess(root, {
      pid: 100, ppid: 42, comm: 'a) b (c', startTicks: 12345, nsPid: 7,
      exe: '/opt/app/bin/app (deleted)', cmdline: 'app\0--flag\0two words\0',
    });
    writeFakeProcess(root, { pid: 2, ppid: 0, comm: 'kthreadd', startTicks: 0 }); // no exe, empty cmdline
    writeFakeProcess(root, { pid: 300, ppid: 1, comm: 'old', startTicks: 5, exe: '/usr/bin/old' });
    mkdirSync(join(root, 'self'));
    mkdirSync(join(root, '12abc'));
    mkdirSync(join(root, 'net'));
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  it('parses comm up to the last parenthesis', () => {
    const p = readProcess(100, root);
    assert.ok(p);
    assert.deepEqual(p, {
      hostPid: 100,
      hostPpid: 42,
      tgid: 100,
      pid: 7,
      startTime: (12345n * 1_000_000_000n) / BigInt(clockTicksPerSecond()),
      comm: 'a) b (c',
      exePath: '/opt/app/bin/app',
      argv: ['app', '--flag', 'two words'],
    });
  });

  it('reads a kernel thread: no exe, no argv', () => {
    const p = readProcess(2, root);
    assert.ok(p);
    assert.equal(p.comm, 'kthreadd');
    assert.equal(p.hostPpid, 0);
    assert.equal(p.exePath, '');
    assert.deepEqual(p.argv, []);
  });

  it('is undefined for a process that is gone, or half gone', () => {
    assert.equal(readProcess(999, root), undefined);
    rmSync(join(root, '300', 'status'));
    assert.equal(readProcess(300, root), undefined);
  });

  it('lists only numeric directories, ascending', () => {
    assert.deepEqual(listPids(root), [2, 100, 300]);
  });
});

describe('parseProcStat', () => {
  it('takes comm between the first ( and the last )', () => {
    const s = parseProcStat(statLine(5, ') (x) (', 4, 77));
    assert.deepEqual(s, { comm: ') (x) (', state: 'S', ppid: 4, startTicks: 77n });
  });

  it('reads a start time past 2^53 ticks exactly', () => {
    assert.equal(parseProcStat(statLine(5, 'x', 4, '18446744073709551615'))?.startTicks, 18446744073709551615n);
  });

  it('is undefined when malformed', () => {
    assert.equal(parseProcStat(''), undefined);
    assert.equal(parseProcStat('5 (x S 4'), undefined);
    assert.equal(parseProcStat('5 (x) S 4 0 0'), undefined);
    assert.equal(parseProcStat(statLine(5, 'x', 4, 77).replace(' 77 ', ' -1 ')), undefined);
  });
});
