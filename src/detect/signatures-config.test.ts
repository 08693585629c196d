import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadSignaturesConfig, parseSignaturesConfig } from './signatures-config.js';
import { isAllowed } from './signature-tuning.js';

const NAMES = ['anti_debugging', 'fd_theft'];
const parse = (text: string) => parseSignaturesConfig(text, 'tune.yaml', NAMES);
const failure = (text: string): string => {
  try {
    parse(text);
  } catch (err) {
    assert.equal((err as Error).name, 'SignaturesConfigError');
    return (err as Error).message;
  }
  return assert.fail('no error');
};

test('each setting, and defaults for what is left out', () => {
  const c = parse('anti_debugging:\n  enabled: false\nfd_theft:\n  severity: 0\n  allow:\n    comm: [gdb]\n    executable: [/usr/bin/strace, /opt/dbg/*]\n    containerImage: [debug:1]\n');
  assert.deepEqual(c.get('anti_debugging'), { enabled: false, allow: { comm: [], executable: [], containerImage: [] } });
  assert.deepEqual(c.get('fd_theft'), { enabled: true, severity: 0, allow: { comm: ['gdb'], executable: ['/usr/bin/strace', '/opt/dbg/*'], containerImage: ['debug:1'] } });
  assert.equal(parse('').size, 0);
  assert.deepEqual(parse('fd_theft:\n').get('fd_theft'), { enabled: true, allow: { comm: [], executable: [], containerImage: [] } });
});

test('isAllowed: exact comm, image and path; DIR/* is anything under DIR', () => {
  const t = parse('fd_theft:\n  allow:\n    comm: [gdb]\n    executable: [/usr/bin/strace, /opt/dbg/*]\n    containerImage: [debug:1]\n').get('fd_theft')!;
  assert.ok(isAllowed(t, 'gdb', '', ''));
  assert.ok(!isAllowed(t, 'gdb2', '', ''));
  assert.ok(isAllowed(t, 'x', '/usr/bin/strace', ''));
  assert.ok(!isAllowed(t, 'x', '/usr/bin/strace2', ''));
  assert.ok(isAllowed(t, 'x', '/opt/dbg/a/b', ''));
  assert.ok(!isAllowed(t, 'x', '/opt/dbgx', ''));
  assert.ok(isAllowed(t, 'x', '/bin/sh', 'debug:1'));
  assert.ok(!isAllowed(t, 'x', '/bin/sh', 'debug:2'));
});

test('mistakes: one line, FILE:LINE:COL: what is wrong; what to do', () => {
  const cases: [string, string][] = [
    ['anti_debuging:\n  enabled: false\n', 'tune.yaml:1:1: no signature "anti_debuging" (did you mean "anti_debugging"?); use a signature\'s event name'],
    ['anti_debugging:\n  sevrity: 2\n', 'tune.yaml:2:3: unknown key "sevrity" in anti_debugging (did you mean "severity"?); use enabled, severity or allow'],
    ['anti_debugging:\n  severity: high\n', 'tune.yaml:2:13: anti_debugging.severity must be 0, 1, 2 or 3 (info, low, medium, high), found "high"; write a number from 0 to 3'],
    ['anti_debugging:\n  severity: 4\n', 'tune.yaml:2:13: anti_debugging.severity must be 0, 1, 2 or 3 (info, low, medium, high), found 4;'],
    ['anti_debugging:\n  enabled: no\n', 'tune.yaml:2:12: anti_debugging.enabled must be true or false, found "no"; write enabled: false'],
    ['anti_debugging:\n  allow:\n    comms: [a]\n', 'tune.yaml:3:5: unknown key "comms" in anti_debugging.allow (did you mean "comm"?); use comm, executable or containerImage'],
    ['anti_debugging:\n  allow:\n    comm: gdb\n', 'tune.yaml:3:11: anti_debugging.allow.comm must be a list of comms, found "gdb"; write comm: [a, b]'],
    ['anti_debugging:\n  allow:\n    comm: [a, 3]\n', 'tune.yaml:3:15: anti_debugging.allow.comm.1 must be a string, found 3;'],
    ['anti_debugging:\n  allow:\n    executable: [/opt*]\n', 'tune.yaml:3:17: anti_debugging.allow.executable must hold absolute paths, or DIR/*'],
    ['anti_debugging: 3\n', 'tune.yaml:1:17: anti_debugging must be a mapping of enabled, severity and allow, found 3;'],
    ['- a\n', 'tune.yaml:1:1: expected a mapping from signature names to their settings;'],
    ['fd_theft: {}\nfd_theft: {}\n', 'tune.yaml:2:1: this key is repeated; keep only one'],
    ['anti_debugging: [\n', 'tune.yaml:2:1: YAML syntax error:'],
  ];
  for (const [text, start] of cases) {
    const msg = failure(text);
    assert.ok(msg.startsWith(start), `${JSON.stringify(text)}: ${msg}`);
    assert.ok(!msg.includes('\n') && msg.includes('; '), msg);
  }
});

test('loadSignaturesConfig reads the file, and says so when it cannot', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'sysray-sigcfg-'));
  try {
    const file = path.join(dir, 'tune.yaml');
    writeFileSync(file, 'fd_theft:\n  severity: 3\n');
    assert.equal(loadSignaturesConfig(file, NAMES).get('fd_theft')?.severity, 3);
    assert.throws(() => loadSignaturesConfig(path.join(dir, 'none.yaml'), NAMES), /none\.yaml: no such file; check the path given to --signatures-config$/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
