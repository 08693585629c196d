/**
 * default_loader_mod (TRC-1012) on the real kernel, in a private mount
 * namespace of test/triggers/fs_ops.c (the host's loader untouched): with
 * an empty file bind-mounted over /usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2,
 * it writes it through the symlink /lib64/ld-linux-x86-64.so.2 (openat) and
 * truncates it (creat); with a tmpfs over /usr/lib/x86_64-linux-gnu, it
 * creates a new loader there, renames it over ld-linux-x86-64.so.2 and
 * hard-links it as ld-2.so: one finding each. So does writing through an
 * absolute symlink in /tmp (the kernel prefilter is decided on the new fd's
 * path). Its benign twin reads the loader, opens it O_PATH, writes and
 * renames a file of the loader's name in /tmp and a library that is not a
 * loader in the tmpfs: none.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openArgs, traceFsOps } from '../../../test/helpers/fs-ops.js';
import type { JsonEvent } from '../../../test/helpers/trace.js';
import { BUILTIN_SIGNATURES } from './index.js';
import { defaultLoaderMod } from './default-loader-mod.js';

const EVENT_ID = 6000 + BUILTIN_SIGNATURES.indexOf(defaultLoaderMod);
const O_WRONLY = 1, CREAT_FLAGS = 0o1101;
const LIBDIR = '/usr/lib/x86_64-linux-gnu';
const LOADER = `${LIBDIR}/ld-linux-x86-64.so.2`;
const LOADER_LINK = '/lib64/ld-linux-x86-64.so.2';
const dir = mkdtempSync(path.join(tmpdir(), 'sysray-loader-'));
const fake = path.join(dir, 'fake-loader');
writeFileSync(fake, '');
after(() => rmSync(dir, { recursive: true, force: true }));

const METADATA = {
  Version: '1',
  Description: 'The default dynamic loader has been modified. The dynamic loader is an executable file loaded to process memory and run before the executable to load dynamic libraries to the process. An attacker might use this technique to hijack the execution context of each new process and bypass defenses.',
  Tags: null,
  Properties: {
    Severity: 3, Category: 'defense-evasion', Technique: 'Hijack Execution Flow', Kubernetes_Technique: '',
    id: 'attack-pattern--aedfca76-3b30-4866-b2aa-0f1d7fd1e4b6', external_id: 'T1574',
    signatureID: 'TRC-1012', signatureName: 'Default dynamic loader modification detected',
  },
};
const detected = (f: JsonEvent) => f.args[f.args.length - 1].value;
const twoPaths = (a: string, b: string) => [{ name: 'oldpath', type: 'const char*', value: a }, { name: 'newpath', type: 'const char*', value: b }];

test('writing the loader (by /lib64, creat), renaming and linking a new one to its name: one default_loader_mod finding each', { skip: !existsSync(LOADER) && 'no x86-64 loader here' }, async () => {
  const fresh = `${LIBDIR}/new-loader`;
  const { runs: [run], of } = await traceFsOps('default_loader_mod', [[
    'ns', `bind:${fake}:${LOADER}`, `write:${LOADER_LINK}:x`, `open:creat:w:${LOADER}`, `mount:tmpfs:${LIBDIR}`, `open:creat:w:${fresh}`, `rename:${fresh}:${LOADER}`, `link:${LOADER}:${LIBDIR}/ld-2.so`,
  ]]);
  const kv = run.kv;
  assert.deepEqual([kv['1.ret'], kv['2.ret'], kv['5.ret'], kv['7.ret'], kv['8.ret']], ['0', '0', '0', '0', '0'], JSON.stringify(kv));
  const [writeFd, creatFd] = [Number(kv['3.ret']), Number(kv['4.ret'])];
  assert.ok(writeFd >= 3 && creatFd >= 3 && Number(kv['6.ret']) >= 3, JSON.stringify(kv));
  const found = of(run.pid, 'default_loader_mod');
  assert.equal(found.length, 4, JSON.stringify(found));
  for (const f of found) {
    assert.deepEqual([f.eventId, f.hostProcessId, f.processName, f.executable.path], [EVENT_ID, run.pid, 'fs_ops', run.bin]);
    assert.deepEqual(f.metadata, METADATA);
  }
  assert.deepEqual(found.map((f) => f.args.slice(0, -1)), [
    [{ name: 'pathname', type: 'const char *', value: LOADER }, { name: 'flags', type: 'int', value: O_WRONLY }],
    [{ name: 'pathname', type: 'const char *', value: LOADER }, { name: 'flags', type: 'int', value: CREAT_FLAGS }],
    [{ name: 'pathname', type: 'const char *', value: LOADER }, { name: 'oldpath', type: 'const char *', value: fresh }],
    [{ name: 'pathname', type: 'const char *', value: `${LIBDIR}/ld-2.so` }, { name: 'oldpath', type: 'const char *', value: LOADER }],
  ]);
  assert.deepEqual(found.map(detected), [
    { id: 257, name: 'openat', args: openArgs('openat', LOADER_LINK, O_WRONLY), returnValue: writeFd },
    { id: 85, name: 'creat', args: openArgs('creat', LOADER, CREAT_FLAGS), returnValue: creatFd },
    { id: 82, name: 'rename', args: twoPaths(fresh, LOADER), returnValue: 0 },
    { id: 86, name: 'link', args: twoPaths(LOADER, `${LIBDIR}/ld-2.so`), returnValue: 0 },
  ]);
});

test('writing it through an absolute symlink in /tmp: one finding', async () => {
  const link = path.join(dir, 'loader-link');
  symlinkSync(LOADER, link);
  const { runs: [run], of } = await traceFsOps('default_loader_mod', [['ns', `bind:${fake}:${LOADER}`, `write:${link}:x`]]);
  const found = of(run.pid, 'default_loader_mod');
  assert.equal(found.length, 1, JSON.stringify(run.kv));
  assert.deepEqual(found[0].args.slice(0, -1), [{ name: 'pathname', type: 'const char *', value: LOADER }, { name: 'flags', type: 'int', value: O_WRONLY }]);
});

test('benign twin: reading the loader, an O_PATH open, a loader\'s name outside /lib, another library written and renamed: no finding', async () => {
  const lib = `${LIBDIR}/libsysray.so.1`;
  const elsewhere = path.join(dir, 'ld-linux-x86-64.so.2');
  const { runs: [run], of } = await traceFsOps('default_loader_mod,rename', [[
    'ns', `bind:${fake}:${LOADER}`, `open:openat:r:${LOADER_LINK}`, `open:openat:path:${LOADER}`, `open:creat:w:${elsewhere}`, `rename:${elsewhere}:${elsewhere}.new`,
    `mount:tmpfs:${LIBDIR}`, `open:creat:w:${lib}`, `rename:${lib}:${LIBDIR}/libsysray.so.2`,
  ]]);
  const kv = run.kv;
  assert.ok(['3.ret', '4.ret', '5.ret', '8.ret'].every((k) => Number(kv[k]) >= 3), JSON.stringify(kv));
  assert.deepEqual([kv['6.ret'], kv['9.ret']], ['0', '0']);
  assert.equal(of(run.pid, 'rename').length, 2, 'the renames were seen');
  assert.deepEqual(of(run.pid, 'default_loader_mod'), []);
});
