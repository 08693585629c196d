/**
 * hidden_file_created (TRC-1015) on the real kernel: test/triggers/magic_write.c
 * copies /bin/true by read/write into a new dot file (one finding, from
 * its first write). Benign twins under the same tracer: a hidden text file,
 * and the same ELF under a visible name (none).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { compileTrigger, keyValues, run, traceDuring } from '../../../test/helpers/trace.js';
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
