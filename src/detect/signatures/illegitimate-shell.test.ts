/**
 * illegitimate_shell (TRC-1016) on the real kernel: test/triggers/shell_spawner.c
 * run through a symlink named nginx (its comm is the symlink's name, as a
 * real server's is its own) forks a child that execs /bin/sh, which runs a
 * nested /bin/sh: one finding, from the outer shell (prev_comm nginx); the
 * nested one (prev_comm sh) makes none. Benign twin: nginx runs /bin/true,
 * and redis-server (not a web server) runs /bin/sh: none.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { compileTrigger, keyValues, run, traceDuring, type JsonEvent } from '../../../test/helpers/trace.js';
import { BUILTIN_SIGNATURES } from './index.js';
import { illegitimateShell } from './illegitimate-shell.js';

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
  const r = await traceDuring(['-e', 'illegitimate_shell,sched_process_exec', '-s', `comm=${comms}`, '-s', 'follow'], async () => {
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

const TRC_1016 = {
  Version: '1',
  Description: 'A web-server program on your server spawned a shell program. Shell is the linux command-line program, web servers usually don\'t run shell programs, so this alert might indicate an adversary is exploiting a web server program to gain command execution on the server.',
  Tags: null,
  Properties: {
    Severity: 2, Category: 'initial-access', Technique: 'Exploit Public-Facing Application', Kubernetes_Technique: '',
    id: 'attack-pattern--3f886f2a-874f-4333-b794-aa6075009b1c', external_id: 'T1190',
    signatureID: 'TRC-1016', signatureName: 'Web server spawned a shell',
  },
};

function execOf(events: JsonEvent[], pid: number): JsonEvent {
  const execs = events.filter((e) => e.eventName === 'sched_process_exec' && e.hostProcessId === pid);
  assert.equal(execs.length, 1, `one exec of ${pid}`);
  return execs[0];
}

test('nginx spawns /bin/sh (which runs a nested /bin/sh): one illegitimate_shell finding, from the outer shell', async () => {
  const { r, outs, named } = await traceRuns([[server('nginx'), ['/bin/sh', '-c', '/bin/sh -c "exit 0"; exit 0']]]);
  const ill = named('illegitimate_shell');
  assert.equal(ill.length, 1, JSON.stringify(ill));
  const shellExec = execOf(r.events, outs[0].child);
  assert.deepEqual([ill[0].eventId, ill[0].hostProcessId, ill[0].processName, ill[0].timestamp], [6000 + BUILTIN_SIGNATURES.indexOf(illegitimateShell), outs[0].child, 'sh', shellExec.timestamp]);
  assert.deepEqual(ill[0].args, [
    { name: 'prev_comm', type: 'const char *', value: 'nginx' },
    { name: 'detectedFrom', type: 'unknown', value: { id: 1003, name: 'sched_process_exec', args: shellExec.args, returnValue: 0 } },
  ]);
  assert.deepEqual(ill[0].metadata, TRC_1016);
  // the nested shell was exec'd and seen, and made none
  const nested = r.events.filter((e) => e.eventName === 'sched_process_exec' && e.hostParentProcessId === outs[0].child);
  assert.deepEqual(nested.map((e) => e.processName), ['sh']);
});

test('benign twin: nginx runs /bin/true, redis-server runs /bin/sh: no illegitimate_shell finding', async () => {
  const { r, outs, named } = await traceRuns([
    [server('nginx'), ['/bin/true']],
    [server('redis-server'), ['/bin/sh', '-c', 'exit 0']],
  ]);
  assert.deepEqual(outs.map((o) => execOf(r.events, o.child).processName), ['true', 'sh'], 'the execs were seen');
  assert.deepEqual(named('illegitimate_shell'), []);
});
