/**
 * Signatures as users meet them: their own from --signatures-dir (one that
 * fires, one that throws and is disabled, one fed by another's findings),
 * bad modules refused with exit 2, findings selected with -e, the
 * `signatures` and `default` sets and policy rules, and list/man.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { BUILTIN_SIGNATURES } from '../../src/detect/signatures/index.js';
import { ROOT, SYSRAY, compileTrigger, run, traceDuring, type JsonEvent } from '../helpers/trace.js';

const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'signatures');

function sysray(args: string[]) {
  const r = spawnSync(process.execPath, [SYSRAY, ...args], { encoding: 'utf8', timeout: 20000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function refused(args: string[], pattern: RegExp): void {
  const r = sysray(args);
  assert.equal(r.code, 2, r.stderr);
  assert.equal(r.stderr.trim().split('\n').length, 1, `one line: ${r.stderr}`);
  assert.match(r.stderr, pattern);
  assert.doesNotMatch(r.stderr, /\n\s+at /);
}

const findings = (events: JsonEvent[], name: string): JsonEvent[] => events.filter((e) => e.eventName === name);

test('user signatures from a temp dir: one fires, one that throws is disabled once, findings feed signatures', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'sysray-sigs-'));
  try {
    cpSync(path.join(FIXTURES, 'working'), dir, { recursive: true });
    let pids: number[] = [];
    const r = await traceDuring(['--signatures-dir', dir, '-e', 'uname_watch,uname_thrower,uname_echo', '-s', 'comm=uname'], async () => {
      pids = [(await run('/bin/uname')).pid, (await run('/bin/uname')).pid];
    });
    assert.equal(r.exitCode, 0, r.stderr);
    const watch = findings(r.events, 'uname_watch');
    assert.deepEqual(watch.map((f) => f.hostProcessId), pids, 'one finding per uname, from each process');
    const f = watch[0];
    // after the built-ins, by file name: uname-echo, uname-thrower, uname-watch
    assert.equal(f.eventId, 6000 + BUILTIN_SIGNATURES.length + 2, 'ids after the built-ins');
    assert.equal(f.processName, 'uname');
    assert.deepEqual(f.matchedPolicies, ['']);
    assert.deepEqual(f.args[0], { name: 'comm', type: 'const char *', value: 'uname' });
    assert.equal(f.args[1].name, 'detectedFrom');
    assert.equal(f.args[1].value.name, 'uname');
    assert.equal(f.args[1].value.id, 63);
    assert.equal(f.args[1].value.returnValue, 0);
    assert.deepEqual(f.metadata, {
      Version: '1.0', Description: 'Someone asked the kernel its name.', Tags: ['test'],
      Properties: { Severity: 1, Category: 'discovery', Technique: 'System Information Discovery', external_id: 'T1082', signatureID: 'USER-1', signatureName: 'uname called' },
    });
    // the findings of uname_watch are uname_echo's input
    const echo = findings(r.events, 'uname_echo');
    assert.deepEqual(echo.map((e) => e.hostProcessId), pids);
    assert.deepEqual(echo[0].args[0], { name: 'of', type: 'const char *', value: 'uname_watch' });
    assert.equal(echo[0].args[2].value.name, 'uname_watch');
    // thrower: disabled on its first event, said once, no findings
    assert.equal(findings(r.events, 'uname_thrower').length, 0);
    const lines = r.stderr.split('\n').filter((l) => l.includes('USER-2'));
    assert.deepEqual(lines, ['sysray: signature USER-2 (uname_thrower) disabled: threw Error: boom; the others go on']);
    assert.match(r.stderr, /4 findings/);
    assert.match(r.stderr, /1 signatures disabled/);
    // no uname event is shown: only the findings were selected
    assert.equal(findings(r.events, 'uname').length, 0);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('bad signature modules are refused at start with one line and exit 2', () => {
  refused(['--signatures-dir', path.join(FIXTURES, 'syntax')], /signature .*broken\.mjs(:\d+)?: cannot be loaded: SyntaxError/);
  refused(['--signatures-dir', path.join(FIXTURES, 'no-metadata')], /signature .*nometa\.mjs: metadata: /);
  refused(['--signatures-dir', path.join(FIXTURES, 'duplicate-id')], /signature .*b\.mjs: duplicate signature id "USER-1"/);
  refused(['--signatures-dir', path.join(FIXTURES, 'duplicate-event')], /signature .*ptrace\.mjs: eventName "ptrace" is already an event/);
  refused(['--signatures-dir', '/nonexistent-sigs'], /--signatures-dir \/nonexistent-sigs: no such directory/);
  const dir = mkdtempSync(path.join(tmpdir(), 'sysray-sigs-'));
  try {
    writeFileSync(path.join(dir, 'x.mjs'), "export default { metadata: { id: 'X', name: 'x', eventName: 'x_sig', version: '1', description: 'x', properties: { Severity: 5, Category: 'c', Technique: '', external_id: '' } }, selects: [{ event: 'openat' }], onEvent() {} };\n");
    refused(['--signatures-dir', dir], /x\.mjs: metadata\.properties\.Severity: /);
    writeFileSync(path.join(dir, 'x.mjs'), "export default { metadata: { id: 'X', name: 'x', eventName: 'x_sig', version: '1', description: 'x', properties: { Severity: 1, Category: 'c', Technique: '', external_id: '' } }, selects: [{ event: 'opnat' }], onEvent() {} };\n");
    refused(['--signatures-dir', dir], /selects unknown event "opnat"/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  refused(['--signature-param', 'agent_tampering.agentz=x'], /agent_tampering has no parameter "agentz"/);
  refused(['--signature-param', 'nosuch.agents=x'], /no signature "nosuch"/);
});

test('-e signatures, the default set and a policy rule select findings; their source events are not shown', async () => {
  const bin = compileTrigger('ptrace_inject');
  for (const args of [['-e', 'signatures'], [], ['-p', path.join(ROOT, 'test', 'fixtures', 'policies-it', 'signatures', 'ptrace-rule.yaml')]]) {
    let pid = 0;
    const r = await traceDuring([...args, ...(args[0] === '-p' ? [] : ['-s', 'comm=ptrace_inject'])], async () => {
      pid = (await run(bin, ['poke'])).pid;
    });
    assert.equal(r.exitCode, 0, r.stderr);
    const mine = r.events.filter((e) => e.hostProcessId === pid);
    assert.deepEqual(findings(mine, 'ptrace_code_injection').length, 1, `${args.join(' ') || 'no flags'}: ${r.stderr}`);
    // the default set has ptrace itself too
    if (args.length) assert.equal(findings(mine, 'ptrace').length, 0, 'ptrace itself is not selected');
    if (args[0] === '-p') assert.deepEqual(findings(mine, 'ptrace_code_injection')[0].matchedPolicies, ['injections']);
  }
});

test('list and man know signatures', () => {
  const list = JSON.parse(sysray(['list', '--json']).stdout) as { id: number; name: string; sets: string[]; signature?: Record<string, unknown> }[];
  const sig = list.find((e) => e.name === 'ptrace_code_injection')!;
  assert.ok(sig.id >= 6000);
  assert.deepEqual(sig.sets, ['signatures', 'default']);
  assert.equal(sig.signature!.id, 'TRC-103');
  assert.equal(sig.signature!.severity, 3);
  assert.deepEqual(sig.signature!.selects, [{ event: 'ptrace', origin: 'any', where: { request: { in: [4, 5] } } }]);
  const table = sysray(['list']).stdout;
  assert.match(table, /^\s*\d+\s+ptrace_code_injection\s+TRC-103\s+3\s+T1055\.008 defense-evasion\s+ptrace\(request\)$/m);
  const man = sysray(['man', 'ptrace_code_injection']);
  assert.equal(man.code, 0);
  for (const h of ['# ptrace_code_injection', '## Intro', '## Description', '## Arguments', '## Hooks', '### ptrace', '## Example Use Case', '## Issues', '## Related Events', '## MITRE', '* ID: T1055.008']) {
    assert.ok(man.stdout.includes(h + '\n'), `man has ${h}`);
  }
  const dir = path.join(FIXTURES, 'working');
  assert.match(sysray(['man', 'uname_watch', '--signatures-dir', dir]).stdout, /uname_watch - uname called \(signature USER-1, version 1\.0, from .*uname-watch\.mjs\)/);
});
