/**
 * run_shell_untrusted (SYSRAY-4) on the real kernel: test/triggers/shell_spawner.c
 * run through symlinks named after servers (its comm is the symlink's
 * name, as a real server's is its own) forks a child that execs argv[1].
 *   nginx → /bin/sh, which runs a nested /bin/sh; redis-server → /bin/sh;
 *   java ...org.apache.zookeeper.server... → /bin/sh: one finding each, from
 *   the shell the server spawned; the nested shell (parent sh) makes none.
 * Benign twin: nginx runs /bin/true, a program named myapp runs /bin/sh: none.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { compileTrigger, entityOf, run, type JsonEvent } from '../../../test/helpers/trace.js';
import { removeSpawners, spawnerNamed, traceSpawners } from '../../../test/helpers/shell-spawner.js';
import { BUILTIN_SIGNATURES } from './index.js';
import { runShellUntrusted } from './run-shell-untrusted.js';

after(removeSpawners);
const server = spawnerNamed;
const traceRuns = (runs: [string, string[]][]) => traceSpawners('run_shell_untrusted,sched_process_exec,sched_process_exit', runs);

const SYSRAY_4 = {
  Version: '1',
  Description: runShellUntrusted.metadata.description,
  Tags: null,
  Properties: {
    Severity: 1, Category: 'execution', Technique: 'Unix Shell', Kubernetes_Technique: '',
    id: 'attack-pattern--a9d4b653-6915-42af-98b2-5758c4ceee56', external_id: 'T1059.004',
    signatureID: 'SYSRAY-4', signatureName: 'Shell spawned by untrusted binary',
  },
};

function execOf(events: JsonEvent[], pid: number): JsonEvent {
  const execs = events.filter((e) => e.eventName === 'sched_process_exec' && e.hostProcessId === pid);
  assert.equal(execs.length, 1, `one exec of ${pid}`);
  return execs[0];
}

test('nginx, redis-server and a zookeeper java each spawn /bin/sh: one finding each, none for the nested shell', async () => {
  const { r, outs, named } = await traceRuns([
    [server('nginx'), ['/bin/sh', '-c', '/bin/sh -c "exit 0"; exit 0']],
    [server('redis-server'), ['/bin/sh', '-c', 'exit 0']],
    [server('java'), ['/bin/sh', '-c', 'exit 0', '-cp', 'zookeeper.jar', 'org.apache.zookeeper.server.quorum.QuorumPeerMain']],
  ]);
  const bin = compileTrigger('shell_spawner');
  const untrusted = named('run_shell_untrusted');
  assert.deepEqual(untrusted.map((f) => f.hostProcessId), outs.map((o) => o.child), 'one per server, from its shell');
  ['nginx', 'redis-server', 'java'].forEach((name, i) => {
    const f = untrusted[i];
    const exec = execOf(r.events, outs[i].child);
    assert.deepEqual([f.eventId, f.processName, f.timestamp], [6000 + BUILTIN_SIGNATURES.indexOf(runShellUntrusted), 'sh', exec.timestamp], name);
    assert.deepEqual(f.args, [
      { name: 'spawner', type: 'unknown', value: { hostProcessId: outs[i].pid, processName: name, executable: { path: bin }, processEntityId: entityOf(r.events, outs[i].pid) } },
      { name: 'parent', type: 'const char *', value: name },
      { name: 'detectedFrom', type: 'unknown', value: { id: 1003, name: 'sched_process_exec', args: exec.args, returnValue: 0 } },
    ], name);
    assert.deepEqual(f.metadata, SYSRAY_4, name);
  });
  const nested = r.events.filter((e) => e.eventName === 'sched_process_exec' && e.hostParentProcessId === outs[0].child);
  assert.deepEqual(nested.map((e) => e.processName), ['sh'], 'the nested shell was seen');
});

test('benign twin: nginx runs /bin/true, a program named myapp runs /bin/sh: no run_shell_untrusted finding', async () => {
  const { r, outs, named } = await traceRuns([
    [server('nginx'), ['/bin/true']],
    [server('myapp'), ['/bin/sh', '-c', 'exit 0']],
  ]);
  assert.deepEqual(outs.map((o) => execOf(r.events, o.child).processName), ['true', 'sh'], 'the execs were seen');
  assert.deepEqual(named('run_shell_untrusted'), []);
});
