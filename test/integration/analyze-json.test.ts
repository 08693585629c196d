/**
 * `sysray analyze FILE` of the live tracer's `-o json`: the real kernel
 * traces real attacks (test/triggers/fd_theft.c, ptrace_inject.c) and their
 * benign twins with the events the signatures read (not the signatures);
 * analyze then runs fd_theft and ptrace_code_injection over the file and
 * finds the attacks, not the twins. A capture that had the signatures too
 * comes out of analyze with the same -e/-s byte for byte (the findings made
 * again, not twice), from a file and from stdin. Inputs analyze cannot read
 * are one line and exit 2.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { BUILTIN_SIGNATURES } from '../../src/detect/signatures/index.js';
import { fdTheft as fdTheftSignature } from '../../src/detect/signatures/fd-theft.js';
import { ptraceCodeInjection } from '../../src/detect/signatures/ptrace-code-injection.js';
import { compileTrigger, entityOf, keyValues, parseJsonLines, run, SYSRAY, traceDuring, type JsonEvent } from '../helpers/trace.js';

const PIDFD_GETFD = 438;
const PTRACE = 101;
const PTRACE_POKEDATA = 5;

function analyze(args: string[], input?: string): { code: number | null; stderr: string } {
  const r = spawnSync(process.execPath, [SYSRAY, 'analyze', ...args], { encoding: 'utf8', timeout: 60000, input });
  return { code: r.status, stderr: r.stderr };
}

function withDir<T>(fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(path.join(tmpdir(), 'sysray-analyze-json-'));
  return fn(dir).finally(() => rmSync(dir, { recursive: true, force: true }));
}

interface Run {
  mode: string[];
  pid: number;
  kv: Record<string, string>;
}

/** Runs each trigger mode to completion, in order. */
async function runAll(steps: [bin: string, mode: string[]][]): Promise<Run[]> {
  const runs: Run[] = [];
  for (const [bin, mode] of steps) {
    const out = await run(bin, mode);
    assert.equal(out.code, 0, `${path.basename(bin)} ${mode.join(' ')}: ${out.stdout}`);
    runs.push({ mode, pid: out.pid, kv: keyValues(out.stdout) });
  }
  return runs;
}

test('analyze of a live capture of the signatures\' events: fd_theft and ptrace_code_injection found, the twins not', () => withDir(async (dir) => {
  const fdTheft = compileTrigger('fd_theft');
  const inject = compileTrigger('ptrace_inject');
  const capture = path.join(dir, 'capture.jsonl');
  let runs: Run[] = [];
  // what the two signatures read (sysray man fd_theft, man ptrace_code_injection), and the exits for the victims' entity ids
  const r = await traceDuring(['-e', 'pidfd_getfd,ptrace,sched_process_exit', '-s', 'comm=fd_theft,ptrace_inject', '-o', `json:${capture}`], async () => {
    runs = await runAll([
      [inject, ['poke']], [inject, ['peek']],
      [fdTheft, ['socket']], [fdTheft, ['file', '/etc/hostname']], [fdTheft, ['self']], [fdTheft, ['wait']],
    ]);
  });
  assert.equal(r.exitCode, 0, r.stderr);
  assert.equal(r.lost, 0, r.stderr);
  assert.ok(!r.events.some((e) => e.metadata !== undefined), 'no signature ran live');
  const [poke, peek, socket, file, self, wait] = runs;
  assert.ok(r.events.some((e) => e.eventName === 'ptrace' && e.hostProcessId === peek.pid), 'the twin\'s PEEKDATA is in the capture');
  assert.ok(r.events.some((e) => e.eventName === 'pidfd_getfd' && e.hostProcessId === self.pid), 'the twin\'s pidfd_getfd is in the capture');

  const out = path.join(dir, 'findings.jsonl');
  const a = analyze([capture, '-e', 'fd_theft,ptrace_code_injection', '-o', `json:${out}`]);
  assert.equal(a.code, 0, a.stderr);
  assert.match(a.stderr, new RegExp(`analyze: ${r.events.length} events read, 3 written, 3 findings in `), a.stderr);
  const found = parseJsonLines(readFileSync(out, 'utf8'));
  assert.deepEqual(found.map((f) => [f.eventName, f.hostProcessId]), [['ptrace_code_injection', poke.pid], ['fd_theft', socket.pid], ['fd_theft', file.pid]]);

  const [injection, socketTheft, fileTheft] = found;
  // ptrace_inject: PTRACE_POKEDATA of 7 at &word into its stopped child
  assert.deepEqual([injection.eventId, injection.syscall, injection.processName, injection.executable, injection.returnValue], [6000 + BUILTIN_SIGNATURES.indexOf(ptraceCodeInjection), 'ptrace', 'ptrace_inject', { path: inject }, 0]);
  assert.deepEqual(injection.args, [{
    name: 'detectedFrom', type: 'unknown',
    value: {
      id: PTRACE, name: 'ptrace', returnValue: 0,
      args: [
        { name: 'request', type: 'long', value: PTRACE_POKEDATA }, { name: 'pid', type: 'pid_t', value: Number(poke.kv.child) },
        { name: 'addr', type: 'void*', value: Number(poke.kv.addr) }, { name: 'data', type: 'void*', value: 7 },
      ],
    },
  }]);
  assert.equal(injection.metadata.Properties.signatureID, 'TRC-103');
  assert.equal(injection.metadata.Properties.external_id, 'T1055.008');

  const victim = (t: Run) => ({ hostProcessId: Number(t.kv.victim), processName: 'fd_theft', executable: { path: fdTheft }, processEntityId: entityOf(r.events, Number(t.kv.victim)) });
  const source = (t: Run) => ({
    id: PIDFD_GETFD, name: 'pidfd_getfd', returnValue: Number(t.kv.stolen),
    args: [{ name: 'pidfd', type: 'int', value: Number(t.kv.pidfd) }, { name: 'targetfd', type: 'int', value: 42 }, { name: 'flags', type: 'unsigned int', value: 0 }],
  });
  assert.deepEqual(fileTheft.args, [
    { name: 'victim', type: 'unknown', value: victim(file) },
    { name: 'fd', type: 'int', value: 42 },
    { name: 'targetFd', type: 'unknown', value: { kind: 'file', path: '/etc/hostname' } },
    { name: 'detectedFrom', type: 'unknown', value: source(file) },
  ]);
  // the capture writes a socket as text (42=socket:[AF_INET 127.0.0.1:PORT]): its family and address come back, not its type, inode, protocol or state
  assert.deepEqual(socketTheft.args, [
    { name: 'victim', type: 'unknown', value: victim(socket) },
    { name: 'fd', type: 'int', value: 42 },
    { name: 'targetFd', type: 'unknown', value: { kind: 'socket', family: 'AF_INET', type: '', inode: 0, local: { address: '127.0.0.1', port: Number(socket.kv.port) } } },
    { name: 'detectedFrom', type: 'unknown', value: source(socket) },
  ]);
  for (const f of [socketTheft, fileTheft]) {
    assert.deepEqual([f.eventId, f.processName, f.executable, f.returnValue, f.metadata.Properties.signatureID, f.metadata.Properties.Severity], [6000 + BUILTIN_SIGNATURES.indexOf(fdTheftSignature), 'fd_theft', { path: fdTheft }, f.args[3].value.returnValue, 'SYSRAY-1', 3]);
  }
  assert.ok(!found.some((f) => [peek.pid, self.pid, wait.pid].includes(f.hostProcessId)), 'no finding from a twin');
}));

test('a capture with the signatures comes out of analyze with the same -e/-s byte for byte, from a file and from stdin', () => withDir(async (dir) => {
  const fdTheft = compileTrigger('fd_theft');
  const inject = compileTrigger('ptrace_inject');
  const capture = path.join(dir, 'capture.jsonl');
  const flags = ['-e', 'pidfd_getfd,fd_theft,ptrace,ptrace_code_injection,sched_process_exit', '-s', 'comm=fd_theft,ptrace_inject'];
  // a stolen socket is left out: its finding made again has less of targetFd than the live one (see above)
  const r = await traceDuring([...flags, '-o', `json:${capture}`], async () => {
    await runAll([[inject, ['poke']], [inject, ['peek']], [fdTheft, ['file', '/etc/hostname']], [fdTheft, ['self']], [fdTheft, ['wait']]]);
  });
  assert.equal(r.exitCode, 0, r.stderr);
  assert.deepEqual(r.events.filter((e: JsonEvent) => e.metadata !== undefined).map((e) => e.eventName), ['ptrace_code_injection', 'fd_theft']);
  const text = readFileSync(capture, 'utf8');
  const lines = text.split('\n').length - 1;
  for (const [input, stdin] of [[capture, undefined], ['-', text]] as const) {
    const out = path.join(dir, 'again.jsonl');
    const a = analyze([input, ...flags, '-o', `json:${out}`], stdin);
    assert.equal(a.code, 0, a.stderr);
    assert.match(a.stderr, new RegExp(`analyze: ${lines} events read, ${lines} written, 2 findings in `), `${input}: ${a.stderr}`);
    assert.equal(readFileSync(out, 'utf8'), text, input);
  }
}));

test('inputs analyze cannot read: one line naming the path, exit 2, no stack trace; a bad line inside a file is skipped and said', () => withDir(async (dir) => {
  const write = (name: string, data: string | Buffer): string => {
    const p = path.join(dir, name);
    writeFileSync(p, data);
    return p;
  };
  const cases: [string, RegExp][] = [
    [write('garbage.bin', Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0])), /^sysray: analyze: \S+garbage\.bin: neither a recording \(no SYSRAYRC magic\) nor JSON lines \(starts with byte 0x7f, not "\{"\); give a recording/],
    [write('empty.jsonl', ''), /^sysray: analyze: \S+empty\.jsonl: empty file; /],
    [path.join(dir, 'missing.jsonl'), /^sysray: analyze: \S+missing\.jsonl: no such file or directory; check the path$/],
    [write('events.jsonl.gz', gzipSync('{}\n')), /^sysray: analyze: \S+events\.jsonl\.gz: gzip: decompress it first/],
    [dir, /^sysray: analyze: \S+: a directory with no \.rec files/],
  ];
  for (const [input, pattern] of cases) {
    const a = analyze([input, '-e', 'ptrace_code_injection']);
    assert.equal(a.code, 2, `${input}: ${a.stderr}`);
    assert.equal(a.stderr.split('\n').length, 2, `one line: ${a.stderr}`);
    assert.match(a.stderr.trimEnd(), pattern);
    assert.doesNotMatch(a.stderr, /\n\s+at /);
  }
  // a good file after a bad one: still refused before anything is read
  assert.equal(analyze([path.join(dir, 'missing.jsonl'), cases[1][0]]).code, 2);

  const mixed = write('mixed.jsonl', '{"eventName":"openat"\n\nnot json\r\n{"eventName":"no_such_event"}');
  const a = analyze([mixed, '-e', 'ptrace_code_injection']);
  assert.equal(a.code, 0, a.stderr);
  assert.doesNotMatch(a.stderr, /\n\s+at /);
  assert.match(a.stderr, /analyze: skipped \S+mixed\.jsonl:1: not JSON: expected "," or "\}" at 21 \(further lines like it are counted, not shown\)$/m);
  assert.doesNotMatch(a.stderr, /mixed\.jsonl:3/, 'a second line of a kind said is counted, not said');
  assert.match(a.stderr, /analyze: skipped \S+mixed\.jsonl:4: unknown event no_such_event/);
  assert.match(a.stderr, /analyze: 3 events read, 0 written, 0 findings in [\d.]+ s \(0 events\/s\), 3 malformed \(not JSON: 2, unknown event no_such_event: 1\)/);
}));

test('--since/--until on JSON lines: the lines outside are left out and counted', async () => {
  const { mkdtempSync, rmSync, writeFileSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const path = (await import('node:path')).default;
  const { analyze } = await import('../helpers/record.js');
  const dir = mkdtempSync(path.join(tmpdir(), 'sysray-jsonl-since-'));
  try {
    // sysray's own line shape, timestamps one second apart
    const line = (t: string): string => JSON.stringify({ timestamp: Number(BigInt(Date.parse(t)) * 1_000_000n), threadStartTime: 0, processorId: 0, processId: 7, cgroupId: 0, threadId: 7, parentProcessId: 1, hostProcessId: 7, hostThreadId: 7, hostParentProcessId: 1, userId: 0, mountNamespace: 0, pidNamespace: 0, processName: 'x', executable: { path: '' }, hostName: 'h', containerId: '', eventId: 110, eventName: 'getppid', matchedPolicies: [''], syscall: 'getppid', argsNum: 0, returnValue: 1, threadEntityId: 1, processEntityId: 1, parentEntityId: 1, args: [] });
    const file = path.join(dir, 'e.jsonl');
    writeFileSync(file, ['2026-01-01T00:00:00Z', '2026-01-01T00:00:01Z', '2026-01-01T00:00:02Z'].map(line).join('\n') + '\n');
    const a = await analyze([file], ['-e', 'getppid', '--since', '2026-01-01T00:00:01Z', '--until', '2026-01-01T00:00:01.5Z']);
    assert.equal(a.exitCode, 0, a.stderr);
    assert.equal(a.events.length, 1, a.stderr);
    assert.equal(BigInt(a.events[0].timestamp), BigInt(Date.parse('2026-01-01T00:00:01Z')) * 1_000_000n);
    assert.match(a.stderr, /2 outside --since\/--until/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
