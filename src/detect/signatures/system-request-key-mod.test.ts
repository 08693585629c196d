/**
 * system_request_key_mod (TRC-1031) on the real kernel:
 * test/triggers/fs_ops.c joins a container's cgroup (docker-<id>.scope,
 * as a runtime makes it) and opens the SysRq files for writing: it writes
 * /proc/sys/kernel/sysrq back with the value read from it (nothing changes),
 * and opens /proc/sysrq-trigger for writing and closes it without writing a
 * command: one finding each, on the open. This kernel has no SysRq
 * (CONFIG_MAGIC_SYSRQ is off): the trigger then binds a host temp directory
 * holding stand-ins over /proc in its own mount namespace, so the kernel's
 * paths of the fds are the real ones. Benign twin: the same on the host, and
 * /proc/sys/kernel/sysrq read in the container: none.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { BUILTIN_SIGNATURES } from './index.js';
import { systemRequestKeyMod } from './system-request-key-mod.js';
import { cleanUp, containerCgroup, findingArgs, hostTree, oneCall, traceFsOps } from '../../../test/helpers/fs-ops.js';

const EVENT_ID = 6000 + BUILTIN_SIGNATURES.indexOf(systemRequestKeyMod);
const O_WRONLY = 1;
const EVENTS = 'system_request_key_mod,openat';
const SYSRQ = '/proc/sys/kernel/sysrq', TRIGGER = '/proc/sysrq-trigger';
after(cleanUp);

/** The operations that make the SysRq files exist for the run: none when the kernel has them. */
const sysrq = (): string[] => existsSync(SYSRQ) && existsSync(TRIGGER) ? [] : ['ns', `bind:${hostTree({ 'sys/kernel/sysrq': '438\n', 'sysrq-trigger': '' })}:/proc`];

test('the SysRq configuration rewritten and the trigger opened for writing from a container: one system_request_key_mod finding each', async () => {
  const ctr = containerCgroup();
  const { r, runs, of } = await traceFsOps(EVENTS, [
    [`join:${ctr.dir}`, ...sysrq(), `rewrite:${SYSRQ}`],
    [`join:${ctr.dir}`, ...sysrq(), `open:openat:w:${TRIGGER}`],
  ]);
  runs.forEach(({ ops, pid, kv }, i) => {
    const last = ops.length;
    assert.ok(Number(kv[`${last}.ret`]) >= 0 && (i === 1 || Number(kv[`${last}.wrote`]) > 0), `${ops.join(' ')}: ${JSON.stringify(kv)}`);
    const path = i === 0 ? SYSRQ : TRIGGER;
    // the rewrite opens the file twice: to read it (no finding), then to write it
    const opens = of(pid, 'openat').filter((e) => e.args[1].value === path);
    assert.deepEqual(opens.map((e) => e.args[2].value & 3), i === 0 ? [0, O_WRONLY] : [O_WRONLY]);
    const source = oneCall(opens, 'flags', opens[opens.length - 1].args[2].value);
    const findings = of(pid, 'system_request_key_mod');
    assert.equal(findings.length, 1, `${ops.join(' ')}: ${JSON.stringify(r.events.filter((e) => e.hostProcessId === pid))}`);
    const f = findings[0];
    assert.deepEqual([f.eventId, f.processName, f.containerId, f.timestamp], [EVENT_ID, 'fs_ops', ctr.id, source.timestamp], ops.join(' '));
    assert.deepEqual(f.args, findingArgs({ pathname: path, flags: source.args[2].value }, source), ops.join(' '));
    assert.deepEqual(f.metadata, {
      Version: '1',
      Description: 'An attempt to modify and activate the System Request Key configuration file was detected. The system request key allows immediate input to the kernel through simple key combinations. Adversaries may use this feature to immediately shut down or restart a system. With read access to kernel logs, host related information such as listing tasks and CPU registers may be disclosed and could be used for container escape.',
      Tags: null,
      Properties: {
        Severity: 3, Category: 'privilege-escalation', Technique: 'Escape to Host', Kubernetes_Technique: '',
        id: 'attack-pattern--4a5b7ade-8bb5-4853-84ed-23f262002665', external_id: 'T1611',
        signatureID: 'TRC-1031', signatureName: 'System request key configuration modification',
      },
    });
  });
});

test('benign twin: the SysRq files opened for writing on the host, the configuration read in a container: none', async () => {
  const ctr = containerCgroup();
  const { runs, of } = await traceFsOps(EVENTS, [
    [...sysrq(), `rewrite:${SYSRQ}`, `open:openat:w:${TRIGGER}`],
    [`join:${ctr.dir}`, ...sysrq(), `open:openat:r:${SYSRQ}`],
  ]);
  const [host, inCtr] = runs;
  const n = host.ops.length;
  assert.ok(Number(host.kv[`${n - 1}.wrote`]) > 0 && Number(host.kv[`${n}.ret`]) >= 0, JSON.stringify(host.kv));
  assert.ok(Number(inCtr.kv[`${inCtr.ops.length}.read`]) > 0, JSON.stringify(inCtr.kv));
  assert.equal(of(host.pid, 'openat').filter((e) => [SYSRQ, TRIGGER].includes(e.args[1].value)).length, 3, 'the opens were seen');
  for (const { pid } of runs) assert.deepEqual(of(pid, 'system_request_key_mod'), []);
});
