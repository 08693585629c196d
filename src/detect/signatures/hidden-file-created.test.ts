/**
 * hidden_file_created (TRC-1015) on the real kernel: test/triggers/magic_write.c
 * copies /bin/true by read/write into a new dot file (one finding, from
 * its first write). Benign twins under the same tracer: a hidden text file,
 * and the same ELF under a visible name (none). And `cp`, which copies with
 * copy_file_range (no bytes captured: the file is read back): one finding
 * for an ELF, none for a text file.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { arg, compileTrigger, keyValues, run, traceDuring } from '../../../test/helpers/trace.js';
import { BUILTIN_SIGNATURES } from './index.js';
import { hiddenFileCreated } from './hidden-file-created.js';

const EVENT_ID = 6000 + BUILTIN_SIGNATURES.indexOf(hiddenFileCreated);

test('an ELF copied into a dot file: one hidden_file_created; twins (hidden text file, visible ELF): none', async () => {
  const bin = compileTrigger('magic_write');
  const dir = realpathSync(mkdtempSync(path.join(tmpdir(), 'sysray-hidden-')));
  try {
    const runs: { pid: number; kv: Record<string, string> }[] = [];
    const r = await traceDuring(['-e', 'hidden_file_created', '-s', 'comm=magic_write'], async () => {
      for (const args of [['drop', path.join(dir, '.x'), '/bin/true'], ['text', path.join(dir, '.notes')], ['drop', path.join(dir, 'x'), '/bin/true']]) {
        const out = await run(bin, args);
        assert.equal(out.code, 0, out.stdout);
        runs.push({ pid: out.pid, kv: keyValues(out.stdout) });
      }
    });
    assert.equal(r.exitCode, 0, r.stderr);
    assert.equal(r.lost, 0, r.stderr);
    const findings = r.events.filter((e) => e.eventName === 'hidden_file_created');
    assert.equal(findings.length, 1, JSON.stringify(findings));
    const [hidden] = runs;
    const f = findings[0];
    assert.deepEqual([f.eventId, f.hostProcessId, f.processName, f.syscall, f.returnValue], [EVENT_ID, hidden.pid, 'magic_write', 'write', 4096]);
    assert.deepEqual(f.args, [{
      name: 'detectedFrom', type: 'unknown',
      value: {
        id: 1012, name: 'magic_write', returnValue: 4096,
        args: [
          { name: 'pathname', type: 'const char*', value: path.join(dir, '.x') },
          { name: 'bytes', type: '[]byte', value: readFileSync('/bin/true').subarray(0, 32).toString('base64') },
          { name: 'dev', type: 'dev_t', value: Number(hidden.kv.dev) },
          { name: 'inode', type: 'unsigned long', value: Number(hidden.kv.ino) },
          { name: 'content_unknown', type: 'bool', value: false },
        ],
      },
    }]);
    assert.deepEqual(f.metadata, {
      Version: '1',
      Description: 'A hidden executable (ELF file) was created on disk. This activity could be legitimate; however, it could indicate that an adversary is trying to avoid detection by hiding their programs.',
      Tags: null,
      Properties: {
        Severity: 2, Category: 'defense-evasion', Technique: 'Hidden Files and Directories', Kubernetes_Technique: '',
        id: 'attack-pattern--ec8fc7e2-b356-455c-8db5-2e37be158e7d', external_id: 'T1564.001',
        signatureID: 'TRC-1015', signatureName: 'Hidden executable creation detected',
      },
    });
    assert.deepEqual(readFileSync(path.join(dir, '.x')), readFileSync('/bin/true'), 'a real copy');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('cp (copy_file_range: the kernel copies, no bytes captured) into a dot file: one finding, judged on the file read back; twin: cp of a text file', async () => {
  const dir = realpathSync(mkdtempSync(path.join(tmpdir(), 'sysray-hidden-cp-')));
  // cp under a name of its own, for the scope
  const cp = path.join(dir, 'elfcp');
  execFileSync('cp', ['/bin/cp', cp]);
  try {
    const pids: number[] = [];
    const r = await traceDuring(['-e', 'hidden_file_created,magic_write', '-s', 'comm=elfcp'], async () => {
      for (const [from, to] of [['/bin/true', '.x'], ['/etc/hostname', '.notes']]) {
        const out = await run(cp, [from, path.join(dir, to)]);
        assert.equal(out.code, 0, out.stdout);
        pids.push(out.pid);
      }
    });
    assert.equal(r.exitCode, 0, r.stderr);
    assert.equal(r.lost, 0, r.stderr);
    const writes = r.events.filter((e) => e.eventName === 'magic_write');
    assert.deepEqual(writes.map((e) => [e.hostProcessId, arg(e, 'pathname'), arg(e, 'bytes'), arg(e, 'content_unknown')]),
      [[pids[0], path.join(dir, '.x'), '', true], [pids[1], path.join(dir, '.notes'), '', true]], 'cp copies in the kernel: no bytes');
    const findings = r.events.filter((e) => e.eventName === 'hidden_file_created');
    assert.equal(findings.length, 1, JSON.stringify(findings));
    assert.deepEqual([findings[0].hostProcessId, findings[0].eventId, findings[0].args[0].value.args[0].value], [pids[0], EVENT_ID, path.join(dir, '.x')]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
