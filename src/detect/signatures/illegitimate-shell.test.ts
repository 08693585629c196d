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
import { run, type JsonEvent } from '../../../test/helpers/trace.js';
import { removeSpawners, spawnerNamed, traceSpawners } from '../../../test/helpers/shell-spawner.js';
import { BUILTIN_SIGNATURES } from './index.js';
import { illegitimateShell } from './illegitimate-shell.js';

after(removeSpawners);
const server = spawnerNamed;
const traceRuns = (runs: [string, string[]][]) => traceSpawners('illegitimate_shell,sched_process_exec', runs);

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
