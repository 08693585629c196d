/**
 * ld_preload (TRC-107) on the real kernel. test/triggers/ldpreload_trig.c
 * is started with LD_PRELOAD in its environment (one finding, from its
 * exec, the entry as data), and, each run in a private mount namespace with
 * a tmpfs over /etc (the host's /etc is never written), writes
 * /etc/ld.so.preload by name, through a symlink, by rename and by link: one
 * finding each. The benign twin: an exec without the variables (a name
 * that only looks like it), and a run that reads /etc/ld.so.preload,
 * writes files next to it and renames and links other files: none.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileTrigger, keyValues, run, traceDuring, type JsonEvent } from '../../../test/helpers/trace.js';
import { BUILTIN_SIGNATURES } from './index.js';
import { ldPreload } from './ld-preload.js';

const EVENT_ID = 6000 + BUILTIN_SIGNATURES.indexOf(ldPreload);
const LIBM = '/lib/x86_64-linux-gnu/libm.so.6';

/** Runs the trigger in `mode` in a private mount namespace with a fresh tmpfs on /etc. */
async function inPrivateEtc(bin: string, mode: string, prepare = ''): Promise<number> {
  const out = await run('/usr/bin/unshare', ['-m', '/bin/sh', '-c', `mount -t tmpfs sysray-test /etc && ${prepare} exec ${bin} ${mode}`]);
  const kv = keyValues(out.stdout);
  assert.deepEqual([out.code, kv.result], [0, '0'], `${mode}: ${out.stdout}`);
  return Number(kv.pid);
}

const METADATA = {
  Version: '1',
  Description: "LD_PRELOAD usage was detected. LD_PRELOAD lets you load your library before any other library, allowing you to hook functions in a process. Adversaries may use this technique to change your applications' behavior or load their own programs.",
  Tags: null,
  Properties: {
    Severity: 2, Category: 'persistence', Technique: 'Hijack Execution Flow', Kubernetes_Technique: '',
    id: 'attack-pattern--aedfca76-3b30-4866-b2aa-0f1d7fd1e4b6', external_id: 'T1574',
    signatureID: 'TRC-107', signatureName: 'LD_PRELOAD code injection detected',
  },
};

test('LD_PRELOAD at exec, and /etc/ld.so.preload written, through a symlink, renamed and linked: one finding each; the twin none', async () => {
  const bin = compileTrigger('ldpreload_trig');
  const pids: Record<string, number> = {};
  const r = await traceDuring(['-e', 'ld_preload', '-s', 'comm=ldpreload_trig'], async () => {
    pids.exec = (await run(bin, ['none'], { env: { PATH: '/usr/bin:/bin', LD_PRELOAD: LIBM } })).pid;
    pids.execTwin = (await run(bin, ['none'], { env: { PATH: '/usr/bin:/bin', LD_PRELOAD_X: LIBM, MY_LD_LIBRARY_PATH: '/opt' } })).pid;
    for (const mode of ['write', 'symlink', 'rename', 'link']) pids[mode] = await inPrivateEtc(bin, mode);
    pids.twin = await inPrivateEtc(bin, 'twin', ': > /etc/ld.so.preload &&');
  });
  assert.equal(r.exitCode, 0, r.stderr);
  assert.equal(r.lost, 0, r.stderr);
  const of = (pid: number): JsonEvent[] => r.events.filter((e) => e.hostProcessId === pid);
  assert.equal(r.events.length, 5, JSON.stringify(r.events.map((e) => [e.hostProcessId, e.args.at(-1).value.name])));
  for (const e of r.events) {
    assert.equal(e.eventId, EVENT_ID);
    assert.equal(e.processName, 'ldpreload_trig');
    assert.deepEqual(e.metadata, METADATA);
  }
  assert.deepEqual([of(pids.execTwin).length, of(pids.twin).length], [0, 0], 'the twin: no findings');

  const [exec] = of(pids.exec);
  assert.deepEqual(exec.args[0], { name: 'LD_PRELOAD', type: 'const char *', value: `LD_PRELOAD=${LIBM}` });
  const from = exec.args[1].value;
  assert.deepEqual([exec.args.length, exec.args[1].name, from.name], [2, 'detectedFrom', 'sched_process_exec']);
  assert.deepEqual(from.args.find((a: JsonEvent) => a.name === 'env').value, [`LD_PRELOAD=${LIBM}`]);

  // file findings carry no data, only the event they came from
  const expected: Record<string, [string[], string, string]> = {
    write: [['openat', 'open'], 'pathname', '/etc/ld.so.preload'],
    symlink: [['openat', 'open'], 'pathname', '/etc/preload-link'],
    rename: [['rename', 'renameat', 'renameat2'], 'newpath', '/etc/ld.so.preload'],
    link: [['link', 'linkat'], 'newpath', '/etc/ld.so.preload'],
  };
  for (const [mode, [names, arg, value]] of Object.entries(expected)) {
    const found = of(pids[mode]);
    assert.equal(found.length, 1, mode);
    assert.deepEqual(found[0].args.map((a: JsonEvent) => a.name), ['detectedFrom'], mode);
    const src = found[0].args[0].value;
    assert.ok(names.includes(src.name), `${mode}: from ${src.name}`);
    assert.equal(src.args.find((a: JsonEvent) => a.name === arg).value, value, mode);
    if (src.name.startsWith('open')) assert.ok(src.returnValue >= 3, mode);
    else assert.equal(src.returnValue, 0, mode);
  }
});
