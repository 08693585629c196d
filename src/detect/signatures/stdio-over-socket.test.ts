/**
 * stdio_over_socket (TRC-101) on the real kernel: test/triggers/stdio_trigger.c
 * is a real reverse shell on loopback (its child connects to the parent's
 * listener on 127.0.0.1 and execs /bin/sh on the socket; the parent sends a
 * command and checks the shell's answer), with the socket put on fds 0-2 by
 * dup2/dup3, by dup, by fcntl(F_DUPFD), and by connect on fd 0 itself. One
 * finding per standard fd, from the call that made it the socket; loopback
 * counts, as in Tracee. Benign twins: the socket copied onto fd 7, and the
 * same shell over a unix socketpair: none.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileTrigger, keyValues, run, traceDuring } from '../../../test/helpers/trace.js';
import { BUILTIN_SIGNATURES } from './index.js';
import { stdioOverSocket } from './stdio-over-socket.js';

const EVENT_ID = 6000 + BUILTIN_SIGNATURES.indexOf(stdioOverSocket);
const F_DUPFD = 0;

async function traceModes(modes: string[], events = 'stdio_over_socket') {
  const bin = compileTrigger('stdio_trigger');
  const runs: Record<string, string>[] = [];
  const r = await traceDuring(['-e', events, '-s', 'comm=stdio_trigger'], async () => {
    for (const mode of modes) {
      const out = await run(bin, [mode]);
      assert.equal(out.code, 0, out.stdout);
      const kv = keyValues(out.stdout);
      assert.deepEqual([Number(kv.pid), kv.answer, kv.status], [out.pid, `shell-${kv.child}-answered`, '0'], `${mode}: the shell answered`);
      runs.push(kv);
    }
  });
  assert.equal(r.exitCode, 0, r.stderr);
  assert.equal(r.lost, 0, r.stderr);
  return { r, runs };
}

test('a reverse shell on loopback: one stdio_over_socket finding per standard fd, by dup2/dup3, dup, fcntl(F_DUPFD) and connect on fd 0', async () => {
  const modes = ['dup2', 'dup', 'fcntl', 'connect'];
  const { r, runs } = await traceModes(modes);
  runs.forEach((kv, i) => {
    const sock = Number(kv.sock), port = Number(kv.port);
    const findings = r.events.filter((e) => e.eventName === 'stdio_over_socket' && e.hostProcessId === Number(kv.child));
    const addr = { sa_family: 'AF_INET', sin_port: port, sin_addr: '127.0.0.1' };
    // [syscall, its args, returned]
    const expected: [string, unknown[], number][] = {
      dup2: [
        ['dup2', [{ name: 'oldfd', type: 'int', value: sock }, { name: 'newfd', type: 'int', value: 0 }], 0],
        ['dup2', [{ name: 'oldfd', type: 'int', value: sock }, { name: 'newfd', type: 'int', value: 1 }], 1],
        ['dup3', [{ name: 'oldfd', type: 'int', value: sock }, { name: 'newfd', type: 'int', value: 2 }, { name: 'flags', type: 'int', value: 0 }], 2],
      ],
      dup: [0, 1, 2].map((n): [string, unknown[], number] => ['dup', [{ name: 'oldfd', type: 'int', value: sock }], n]),
      fcntl: [0, 1, 2].map((n): [string, unknown[], number] => ['fcntl', [
        { name: 'fd', type: 'int', value: sock }, { name: 'cmd', type: 'int', value: F_DUPFD }, { name: 'arg', type: 'unsigned long', value: n },
      ], n]),
      connect: [
        ['connect', [{ name: 'sockfd', type: 'int', value: 0 }, { name: 'addr', type: 'struct sockaddr*', value: addr }, { name: 'addrlen', type: 'int', value: 16 }], 0],
        ['dup2', [{ name: 'oldfd', type: 'int', value: 0 }, { name: 'newfd', type: 'int', value: 1 }], 1],
        ['dup3', [{ name: 'oldfd', type: 'int', value: 0 }, { name: 'newfd', type: 'int', value: 2 }, { name: 'flags', type: 'int', value: 0 }], 2],
      ],
    }[modes[i]]!;
    assert.equal(findings.length, 3, `${modes[i]}: ${JSON.stringify(findings)}`);
    findings.forEach((f, n) => {
      const [name, args, ret] = expected[n];
      assert.deepEqual([f.eventId, f.processName, f.returnValue], [EVENT_ID, 'stdio_trigger', ret], modes[i]);
      assert.deepEqual(f.args.slice(0, 3), [
        { name: 'IP address', type: 'const char *', value: '127.0.0.1' },
        { name: 'Port', type: 'const char *', value: String(port) },
        { name: 'File descriptor', type: 'int', value: n },
      ], modes[i]);
      assert.deepEqual(f.args[3], { name: 'detectedFrom', type: 'unknown', value: { id: f.args[3].value.id, name, args, returnValue: ret } }, modes[i]);
      assert.deepEqual(f.metadata, {
        Version: '2',
        Description: stdioOverSocket.metadata.description,
        Tags: null,
        Properties: {
          Severity: 3, Category: 'execution', Technique: 'Unix Shell', Kubernetes_Technique: '',
          id: 'attack-pattern--a9d4b653-6915-42af-98b2-5758c4ceee56', external_id: 'T1059.004',
          signatureID: 'TRC-101', signatureName: 'Process standard input/output over socket detected',
        },
      });
    });
  });
});

test('benign twin: the socket copied onto fd 7, and a shell over a unix socketpair: no finding', async () => {
  const { r, runs } = await traceModes(['high', 'unix'], 'stdio_over_socket,dup2');
  const dups = (pid: string) => r.events.filter((e) => e.eventName === 'dup2' && e.hostProcessId === Number(pid)).map((e) => e.args[1].value);
  assert.deepEqual([dups(runs[0].child), dups(runs[1].child)], [[7], [0, 1, 2]], 'the copies were seen');
  assert.deepEqual(r.events.filter((e) => e.eventName === 'stdio_over_socket'), []);
});
