/**
 * sched_debug_recon (TRC-1029) on the real kernel: test/triggers/fs_ops.c
 * joins a container's cgroup (docker-<id>.scope, as a runtime makes it),
 * mounts debugfs in its own mount namespace (the host's mounts are
 * untouched), as a privileged container can, and reads the scheduler's
 * debug file /sys/kernel/debug/sched/debug (this kernel has no
 * /proc/sched_debug, gone since 5.13), by its path and relative to its
 * directory: one finding each. Benign twin: the same read on the host, and
 * reading /sys/kernel/debug/sleep_time in the container: none.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { BUILTIN_SIGNATURES } from './index.js';
import { schedDebugRecon } from './sched-debug-recon.js';
import { cleanUp, containerCgroup, findingArgs, oneCall, traceFsOps } from '../../../test/helpers/fs-ops.js';

const EVENT_ID = 6000 + BUILTIN_SIGNATURES.indexOf(schedDebugRecon);
const EVENTS = 'sched_debug_recon,openat';
const DEBUG = '/sys/kernel/debug/sched/debug';
const DEBUGFS = ['ns', 'mount:debugfs:/sys/kernel/debug'];
after(cleanUp);

test('the sched debug file read from a container, by path and relative: one sched_debug_recon finding each', async () => {
  const ctr = containerCgroup();
  const { r, runs, of } = await traceFsOps(EVENTS, [
    [`join:${ctr.dir}`, ...DEBUGFS, `open:openat:r:${DEBUG}`],
    [`join:${ctr.dir}`, ...DEBUGFS, 'chdir:/sys/kernel/debug/sched', 'open:openat:r:debug'],
  ]);
  runs.forEach(({ ops, pid, kv }, i) => {
    const last = ops.length;
    assert.equal(kv[`${last}.read`], '64', `${ops.join(' ')}: ${JSON.stringify(kv)}`);
    const source = oneCall(of(pid, 'openat'), 'pathname', i === 0 ? DEBUG : 'debug');
    const findings = of(pid, 'sched_debug_recon');
    assert.equal(findings.length, 1, `${ops.join(' ')}: ${JSON.stringify(r.events.filter((e) => e.hostProcessId === pid))}`);
    const f = findings[0];
    assert.deepEqual([f.eventId, f.processName, f.containerId, f.timestamp], [EVENT_ID, 'fs_ops', ctr.id, source.timestamp], ops.join(' '));
    assert.deepEqual(f.args, findingArgs({ pathname: DEBUG, flags: 0 }, source), ops.join(' '));
    assert.deepEqual(f.metadata, {
      Version: '1',
      Description: 'The sched_debug file was read. This file contains information about your CPU and processes. Adversaries may read this file in order to gather that information for their use.',
      Tags: null,
      Properties: {
        Severity: 1, Category: 'discovery', Technique: 'Container and Resource Discovery', Kubernetes_Technique: '',
        id: 'attack-pattern--0470e792-32f8-46b0-a351-652bc35e9336', external_id: 'T1613',
        signatureID: 'TRC-1029', signatureName: 'sched_debug CPU file was read',
      },
    });
  });
});

test('benign twin: the sched debug file read on the host, another debugfs file read in a container: none', async () => {
  const ctr = containerCgroup();
  const { runs, of } = await traceFsOps(EVENTS, [
    [...DEBUGFS, `open:openat:r:${DEBUG}`],
    [`join:${ctr.dir}`, ...DEBUGFS, 'open:openat:r:/sys/kernel/debug/sleep_time'],
  ]);
  for (const { ops, pid, kv } of runs) {
    assert.ok(Number(kv[`${ops.length}.read`]) > 0, JSON.stringify(kv));
    assert.equal(of(pid, 'openat').filter((e) => String(e.args[1].value).startsWith('/sys/kernel/debug/')).length, 1, 'the open was seen');
    assert.deepEqual(of(pid, 'sched_debug_recon'), []);
  }
});
