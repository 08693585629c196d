/**
 * core_pattern_modification (TRC-1011) on the real kernel: in a fake
 * container (a docker-<id>.scope cgroup), test/triggers/fs_ops.c writes
 * /proc/sys/kernel/core_pattern back with the value it holds (the host's
 * setting unchanged, checked), directly and through a symlink in /tmp, and
 * opens it O_WRONLY with openat2: one finding each, naming the file. Its benign twins: the same write from the
 * host (Tracee watches containers only), and in a container a read of it
 * (openat and openat2) and a write of core_uses_pid (its value too): none.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openArgs, traceFsOps } from '../../../test/helpers/fs-ops.js';
import { BUILTIN_SIGNATURES } from './index.js';
import { corePatternModification } from './core-pattern-modification.js';

const EVENT_ID = 6000 + BUILTIN_SIGNATURES.indexOf(corePatternModification);
const O_WRONLY = 1;
const CORE_PATTERN = '/proc/sys/kernel/core_pattern';
const before = readFileSync(CORE_PATTERN, 'utf8');
const dir = mkdtempSync(path.join(tmpdir(), 'sysray-core-'));
const link = path.join(dir, 'core-link');
symlinkSync(CORE_PATTERN, link);
after(() => {
  rmSync(dir, { recursive: true, force: true });
  assert.equal(readFileSync(CORE_PATTERN, 'utf8'), before, 'core_pattern as it was');
});

test('writing core_pattern in a container (directly, by a symlink): one core_pattern_modification finding each', async () => {
  const { runs: [run], of } = await traceFsOps('core_pattern_modification', [{ container: true, ops: [`rewrite:${CORE_PATTERN}`, `rewrite:${link}`, `open:openat2:w:${CORE_PATTERN}`, 'sleep:500'] }]);
  const found = of(run.pid, 'core_pattern_modification');
  assert.equal(found.length, 3, JSON.stringify(found));
  // openat2 (nothing written): its flags from its decoded struct open_how
  const fd2 = Number(run.kv['3.ret']);
  const [pathname, flags, from] = found[2].args;
  assert.deepEqual([pathname.value, flags.value === O_WRONLY, from.value.name, from.value.returnValue, found[2].containerId], [CORE_PATTERN, true, 'openat2', fd2, run.containerId]);
  found.slice(0, 2).forEach((f, i) => {
    const fd = Number(run.kv[`${i + 1}.ret`]);
    assert.ok(fd >= 3, JSON.stringify(run.kv));
    assert.deepEqual([f.eventId, f.hostProcessId, f.processName, f.executable.path, f.containerId, f.returnValue], [EVENT_ID, run.pid, 'fs_ops', run.bin, run.containerId, fd]);
    assert.deepEqual(f.args, [
      { name: 'pathname', type: 'const char *', value: CORE_PATTERN },
      { name: 'flags', type: 'int', value: O_WRONLY },
      { name: 'detectedFrom', type: 'unknown', value: { id: 257, name: 'openat', args: openArgs('openat', [CORE_PATTERN, link][i], O_WRONLY), returnValue: fd } },
    ], `finding ${i}`);
    assert.deepEqual(f.metadata, {
      Version: '1',
      Description: 'Modification of the core dump configuration file (core_pattern) detected. Core dumps are usually written to disk when a program crashes. Certain modifications enable container escaping through the kernel core_pattern feature.',
      Tags: null,
      Properties: {
        Severity: 3, Category: 'privilege-escalation', Technique: 'Escape to Host', Kubernetes_Technique: '',
        id: 'attack-pattern--4a5b7ade-8bb5-4853-84ed-23f262002665', external_id: 'T1611',
        signatureID: 'TRC-1011', signatureName: 'Core dumps configuration file modification detected',
      },
    });
  });
});

test('benign twin: the write from the host; a read of it and a write of core_uses_pid in a container: no finding', async () => {
  const { runs, of } = await traceFsOps('core_pattern_modification,openat', [
    [`rewrite:${CORE_PATTERN}`],
    { container: true, ops: [`open:openat:r:${CORE_PATTERN}`, 'rewrite:/proc/sys/kernel/core_uses_pid', `open:openat2:r:${CORE_PATTERN}`, 'sleep:500'] },
  ]);
  assert.ok(Number(runs[0].kv['1.ret']) >= 3 && Number(runs[1].kv['1.ret']) >= 3 && Number(runs[1].kv['2.ret']) >= 3 && Number(runs[1].kv['3.ret']) >= 3, JSON.stringify(runs));
  const hostWrite = of(runs[0].pid, 'openat').filter((e) => e.args[1].value === CORE_PATTERN && e.args[2].value === O_WRONLY);
  assert.equal(hostWrite.length, 1, 'the host\'s write open was seen');
  for (const { pid } of runs) assert.deepEqual(of(pid, 'core_pattern_modification'), []);
});
