/** The CLI as a user meets it: errors are one line with exit code 2; list and man. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { SYSRAY } from '../helpers/trace.js';
import { EVENTS } from '../../src/events/catalog.js';
import { SIGNATURES } from '../../src/detect/signature-registry.js';
import { registerBuiltinSignatures } from '../../src/detect/load-signatures.js';

// the CLI's catalog holds the built-in signatures' findings too
registerBuiltinSignatures(SIGNATURES);

function sysray(args: string[], opts: { asUser?: boolean } = {}) {
  const cmd = opts.asUser ? ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, SYSRAY, ...args] : [process.execPath, SYSRAY, ...args];
  const r = spawnSync(cmd[0], cmd.slice(1), { encoding: 'utf8', timeout: 20000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function assertUsageError(args: string[], pattern: RegExp) {
  const r = sysray(args);
  assert.equal(r.code, 2, `exit code of sysray ${args.join(' ')}: ${r.stderr}`);
  assert.equal(r.stderr.trim().split('\n').length, 1, `one line: ${r.stderr}`);
  assert.match(r.stderr, pattern);
  assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
}

test('unknown event: suggests the closest name', () => {
  assertUsageError(['-e', 'perf_event_opn'], /unknown event "perf_event_opn".*did you mean "perf_event_open"/);
});

test('malformed scope: what is wrong and what to write', () => {
  assertUsageError(['-e', 'openat', '-s', 'comm'], /scope "comm": comm needs a value/);
  assertUsageError(['-e', 'openat', '-s', 'pid=abc'], /"abc" is not a number/);
  assertUsageError(['-e', 'openat', '-s', 'comm=averyveryverylongname'], /kernel keeps only the first 15 bytes.*use "averyveryverylo"/);
  assertUsageError(['-e', 'openat', '-s', 'cmm=bash'], /unknown field "cmm"; did you mean "comm"\?/);
  const pids = Array.from({ length: 10241 }, (_, i) => i + 1).join(',');
  assertUsageError(['-e', 'openat', '-s', `pid=${pids}`], /too many pid values \(10241\).*at most 10240/);
});

test('-p with -s or -e, missing policy file', () => {
  assertUsageError(['-p', '/nonexistent', '-e', 'openat'], /-p cannot be combined with -e/);
  assertUsageError(['-p', '/nonexistent', '-s', 'comm=bash'], /-p cannot be combined with -s/);
  assertUsageError(['-p', '/nonexistent/sysray.yaml'], /\/nonexistent\/sysray.yaml: no such file or directory/);
});

test('unknown output format and option', () => {
  assertUsageError(['-o', 'yaml'], /unknown output format "yaml".*json, table/);
  assertUsageError(['-o', 'option:nope'], /unknown output option "nope"/);
});

test('bad ring buffer size, unknown flag, bad event filter', () => {
  assertUsageError(['-b', '3M'], /power of two/);
  assertUsageError(['--security-buffer-size', '3M'], /^sysray: security buffer size "3M" must be a power of two/);
  assertUsageError(['--security-buffer-size', 'lots'], /^sysray: security buffer size "lots" is not a size/);
  assertUsageError(['--nope'], /unknown option/);
  assertUsageError(['-e', 'openat.data.pathnme=/etc/*'], /openat has no argument "pathnme"; did you mean "pathname"\?/);
  assertUsageError(['-e', 'perf_event_open.data.attr.tpye=1'], /did you mean "type"\?/);
});

test('man of an unknown event: exit 2 with a suggestion', () => {
  assertUsageError(['man', 'pidfd_opn'], /did you mean "pidfd_open"/);
});

test('--help ends with examples and exits 0', () => {
  const r = sysray(['--help']);
  assert.equal(r.code, 0);
  assert.match(r.stdout, /Examples:\n\s+sysray/);
  assert.match(r.stdout, /-e, --events/);
  assert.match(r.stdout, /-s, --scope/);
  assert.match(r.stdout, /-o, --output/);
});

test('list --json: every event of the catalog with args, types and tags', () => {
  const r = sysray(['list', '--json']);
  assert.equal(r.code, 0);
  const list = JSON.parse(r.stdout) as { name: string; id: number; args: { name: string; type: string; tags: string[]; documentedTags?: string[] }[] }[];
  assert.equal(list.length, EVENTS.length);
  assert.ok(list.length > 330);
  const perf = list.find((e) => e.name === 'perf_event_open')!;
  assert.deepEqual(
    perf.args.map((a) => [a.name, a.type, a.tags]),
    [['attr', 'struct perf_event_attr*', ['U', 'TOCTOU']], ['pid', 'pid_t', ['K']], ['cpu', 'int', ['K']], ['group_fd', 'int', ['U', 'K']], ['flags', 'unsigned long', ['K']]],
  );
  // TOCTOU comes from the capture; the seed page's own tags stay beside
  assert.deepEqual(perf.args[0].documentedTags, ['U']);
  const pidfd = list.find((e) => e.name === 'pidfd_open')!;
  assert.deepEqual(pidfd.args.map((a) => [a.name, a.type, a.tags]), [['pid', 'pid_t', []], ['flags', 'unsigned int', []]]);
});

test('man perf_event_open and man pidfd_open read like the seed pages', () => {
  for (const name of ['perf_event_open', 'pidfd_open']) {
    const r = sysray(['man', name]);
    assert.equal(r.code, 0);
    const headings = r.stdout.split('\n').filter((l) => /^#{1,3} /.test(l));
    assert.deepEqual(
      headings.filter((h) => !h.startsWith('### sys_')),
      [`# ${name}`, '## Intro', '## Description', '## Arguments', '### Available Tags', '## Hooks', '## Example Use Case', '## Issues', '## Related Events'],
    );
  }
  assert.match(sysray(['man', 'perf_event_open']).stdout, /\* `group_fd`:`int`\[U,K\] - /);
  assert.match(sysray(['man', 'pidfd_open']).stdout, /\* `pid`:`pid_t` - /);
});

test('not root: one line naming what is missing, before loading anything', { skip: !existsSync('/usr/bin/setpriv') && 'no setpriv' }, () => {
  const r = sysray(['-e', 'openat'], { asUser: true });
  assert.equal(r.code, 1);
  assert.match(r.stderr, /needs root \(or CAP_BPF/);
  assert.equal(r.stderr.trim().split('\n').length, 1);
});

test('a reader that goes away (| head -1): exit 0, no stack trace', () => {
  for (const args of ['--help', 'list']) {
    const r = spawnSync('bash', ['-c', `"${process.execPath}" "${SYSRAY}" ${args} | head -1 >/dev/null; exit \${PIPESTATUS[0]}`], { encoding: 'utf8' });
    assert.equal(r.status, 0, `${args}: ${r.stderr}`);
    assert.equal(r.stderr, '', args);
  }
});

test('record and -w: a bad target or option is one line, exit 2', () => {
  assertUsageError(['record', '-e', 'openat'], /record: -w FILE or -w DIR\/ is needed/);
  assertUsageError(['record', '-w', '/nonexistent-dir/'], /the directory \/nonexistent-dir\/ does not exist/);
  assertUsageError(['record', '-w', '/tmp/x.rec', '--max-file-size', '1M'], /rotate files in a directory: write -w DIR\//);
  assertUsageError(['record', '-w', '/tmp/', '--max-file-size', 'big'], /--max-file-size "big" is not a size/);
  assertUsageError(['record', '-w', '/tmp/', '--max-files', '-1'], /--max-files "-1" must be a whole number/);
  assertUsageError(['record', '-w', '/tmp/x.rec', '-o', 'json'], /record: -o takes only option:exec-env and option:parse-arguments-fds/);
  assertUsageError(['record', '-w', '/nonexistent-dir/x.rec', '-e', 'openat'], /-w: cannot create \/nonexistent-dir\/x.rec: No such file or directory/);
  assertUsageError(['-e', 'openat', '--compress'], /--compress are for the recording: add -w FILE or -w DIR\//);
  assertUsageError(['analyze', '/tmp/x.rec', '--since', 'yesterday'], /--since "yesterday"/);
});
