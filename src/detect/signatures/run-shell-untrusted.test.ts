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
import { existsSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { compileTrigger, entityOf, keyValues, run, traceDuring, type JsonEvent } from '../../../test/helpers/trace.js';
import { BUILTIN_SIGNATURES } from './index.js';
import { runShellUntrusted } from './run-shell-untrusted.js';

const dir = mkdtempSync(path.join(tmpdir(), 'sysray-shell-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** The spawner under `name`. */
function server(name: string): string {
  const link = path.join(dir, name);
  if (!existsSync(link)) symlinkSync(compileTrigger('shell_spawner'), link);
  return link;
}

async function traceRuns(runs: [string, string[]][]) {
  const outs: { pid: number; child: number }[] = [];
  const comms = [...new Set(runs.map(([p]) => path.basename(p)))].join(',');
  const r = await traceDuring(['-e', 'run_shell_untrusted,sched_process_exec,sched_process_exit', '-s', `comm=${comms}`, '-s', 'follow'], async () => {
    for (const [prog, args] of runs) {
      const out = await run(prog, args);
      assert.equal(out.code, 0, out.stdout);
      const kv = keyValues(out.stdout);
      assert.deepEqual([Number(kv.pid), kv.status], [out.pid, '0'], `${prog}: the child ran and exited 0`);
      outs.push({ pid: out.pid, child: Number(kv.child) });
    }
  });
  assert.equal(r.exitCode, 0, r.stderr);
  assert.equal(r.lost, 0, r.stderr);
  const named = (name: string): JsonEvent[] => r.events.filter((e) => e.eventName === name);
  return { r, outs, named };
}

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
