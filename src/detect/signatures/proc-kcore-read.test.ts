/**
 * proc_kcore_read (TRC-1021) on the real kernel: test/triggers/fs_ops.c
 * joins a container's cgroup (docker-<id>.scope, as a runtime makes it) and
 * reads /proc/kcore, by its path and by a relative symlink: one finding
 * each, from the container. This kernel has no /proc/kcore
 * (CONFIG_PROC_KCORE is off): the trigger then binds a host temp directory
 * holding a stand-in kcore over /proc in its own mount namespace, so the
 * kernel's path of the fd is /proc/kcore as for the real file. Benign twin:
 * the same read on the host, and a write-only and an O_PATH open in the
 * container: none.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { BUILTIN_SIGNATURES } from './index.js';
import { procKcoreRead } from './proc-kcore-read.js';
import { cleanUp, containerCgroup, findingArgs, hostTree, oneCall, traceFsOps } from '../../../test/helpers/fs-ops.js';

const EVENT_ID = 6000 + BUILTIN_SIGNATURES.indexOf(procKcoreRead);
const EVENTS = 'proc_kcore_read,openat';
after(cleanUp);

/** The operations that make /proc/kcore exist for the run: none when the kernel has it. */
const kcore = (): string[] => existsSync('/proc/kcore') ? [] : ['ns', `bind:${hostTree({ kcore: '\x7fELF stand-in for /proc/kcore\n' })}:/proc`];

test('/proc/kcore read from a container, by path and by a relative symlink: one proc_kcore_read finding each', async () => {
  const ctr = containerCgroup();
  const links = hostTree({ 'memory': { symlink: '/proc/kcore' } });
  const { r, runs, of } = await traceFsOps(EVENTS, [
    [`join:${ctr.dir}`, ...kcore(), 'open:openat:r:/proc/kcore'],
    [`join:${ctr.dir}`, ...kcore(), `chdir:${links}`, 'open:openat:r:memory'],
  ]);
  runs.forEach(({ ops, pid, kv }, i) => {
    const last = ops.length;
    assert.ok(Number(kv[`${last}.read`]) > 0, `${ops.join(' ')}: ${JSON.stringify(kv)}`);
    const source = oneCall(of(pid, 'openat'), 'pathname', i === 0 ? '/proc/kcore' : 'memory');
    const findings = of(pid, 'proc_kcore_read');
    assert.equal(findings.length, 1, `${ops.join(' ')}: ${JSON.stringify(r.events.filter((e) => e.hostProcessId === pid))}`);
    const f = findings[0];
    assert.deepEqual([f.eventId, f.processName, f.containerId, f.timestamp], [EVENT_ID, 'fs_ops', ctr.id, source.timestamp], ops.join(' '));
    assert.deepEqual(f.args, findingArgs({ pathname: '/proc/kcore', flags: 0 }, source), ops.join(' '));
    assert.deepEqual(f.metadata, {
      Version: '1',
      Description: 'An attempt to read /proc/kcore file was detected. KCore provides a full dump of the physical memory of the system in the core file format. Adversaries may read this file to get all of the host memory and use this information for container escape.',
      Tags: null,
      Properties: {
        Severity: 2, Category: 'privilege-escalation', Technique: 'Escape to Host', Kubernetes_Technique: '',
        id: 'attack-pattern--4a5b7ade-8bb5-4853-84ed-23f262002665', external_id: 'T1611',
        signatureID: 'TRC-1021', signatureName: 'Kcore memory file read',
      },
    });
  });
});

test('benign twin: /proc/kcore read on the host, opened write-only and O_PATH in a container: none', async () => {
  const ctr = containerCgroup();
  const real = existsSync('/proc/kcore');
  const { runs, of } = await traceFsOps(EVENTS, [
    [...kcore(), 'open:openat:r:/proc/kcore'],
    // the real kcore is 0400: a write-only open fails, and failed opens are not reported either
    [`join:${ctr.dir}`, ...kcore(), 'open:openat:w:/proc/kcore', 'open:openat:path:/proc/kcore'],
  ]);
  const [host, inCtr] = runs;
  assert.ok(Number(host.kv[`${host.ops.length}.read`]) > 0, JSON.stringify(host.kv));
  const n = inCtr.ops.length;
  assert.ok(real || Number(inCtr.kv[`${n - 1}.ret`]) >= 0, JSON.stringify(inCtr.kv));
  assert.ok(Number(inCtr.kv[`${n}.ret`]) >= 0, JSON.stringify(inCtr.kv));
  for (const { pid } of runs) {
    assert.equal(of(pid, 'openat').filter((e) => e.args[1].value === '/proc/kcore').length, pid === host.pid ? 1 : 2, 'the opens were seen');
    assert.deepEqual(of(pid, 'proc_kcore_read'), []);
  }
});
