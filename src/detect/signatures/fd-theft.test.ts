/**
 * fd_theft (SYSRAY-1) on the real kernel: test/triggers/fd_theft.c forks a
 * victim holding fd 42 and takes it with pidfd_getfd: a listening TCP socket,
 * /etc/hostname and /root (severity 3), its own executable (2); one finding
 * each, with the victim the kernel resolved and what the fd is. Its benign
 * twins take nothing from another process: pidfd_getfd of its own fd through
 * a pidfd of itself, and pidfd_open + waitid(P_PIDFD) of a child with a
 * failed pidfd_getfd (EBADF): none.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileTrigger, entityOf, keyValues, run, traceDuring, type JsonEvent } from '../../../test/helpers/trace.js';
import { BUILTIN_SIGNATURES } from './index.js';
import { fdTheft } from './fd-theft.js';

const PIDFD_GETFD = 438;


test('pidfd_getfd of another process\'s socket or file: one fd_theft finding each, with the victim and the fd; the twins none', async () => {
  const bin = compileTrigger('fd_theft');
  const runs: { mode: string[]; pid: number; kv: Record<string, string> }[] = [];
  const modes = [['socket'], ['file', '/etc/hostname'], ['file', '/root'], ['file', bin], ['self'], ['wait']];
  const r = await traceDuring(['-e', 'fd_theft,sched_process_exit', '-s', 'comm=fd_theft'], async () => {
    for (const mode of modes) {
      const out = await run(bin, mode);
      assert.equal(out.code, 0, `${mode.join(' ')}: ${out.stdout}`);
      runs.push({ mode, pid: out.pid, kv: keyValues(out.stdout) });
    }
  });
  assert.equal(r.exitCode, 0, r.stderr);
  assert.equal(r.lost, 0, r.stderr);
  const findings = r.events.filter((e) => e.eventName === 'fd_theft');
  const [socket, etc, home, other, self, wait] = runs;
  for (const t of [socket, etc, home, other, self]) assert.match(t.kv.stolen, /^\d+$/, `${t.mode.join(' ')} took the fd`);
  assert.equal(wait.kv.badfd, '-9');
  assert.deepEqual([wait.kv.waited, wait.kv.waitedpid, wait.kv.signaled], ['0', wait.kv.victim, '9'], 'waitid(P_PIDFD) reaped the child');
  assert.deepEqual(findings.map((f) => f.hostProcessId), [socket.pid, etc.pid, home.pid, other.pid], 'one finding per theft, none from the twins');

  const expected = (t: typeof socket, targetFd: Record<string, unknown>, severity: number) => ({ t, targetFd, severity });
  const cases = [
    expected(socket, {
      kind: 'socket', family: 'AF_INET', type: 'SOCK_STREAM', inode: Number(socket.kv.ino),
      local: { address: '127.0.0.1', port: Number(socket.kv.port) }, protocol: 'IPPROTO_TCP', state: 'TCP_LISTEN',
    }, 3),
    expected(etc, { kind: 'file', path: '/etc/hostname' }, 3),
    expected(home, { kind: 'file', path: '/root' }, 3),
    expected(other, { kind: 'file', path: bin }, 2),
  ];
  for (const [i, { t, targetFd, severity }] of cases.entries()) {
    const f = findings[i];
    const victim = Number(t.kv.victim);
    assert.equal(f.eventId, 6000 + BUILTIN_SIGNATURES.indexOf(fdTheft));
    assert.equal(f.processName, 'fd_theft');
    assert.deepEqual(f.executable, { path: bin });
    assert.equal(f.returnValue, Number(t.kv.stolen));
    assert.deepEqual(f.args.map((a: { name: string }) => a.name), ['victim', 'fd', 'targetFd', 'detectedFrom']);
    // the victim is a fork of the trigger that never exec'd: its name and file are the trigger's
    assert.deepEqual(f.args[0].value, { hostProcessId: victim, processName: 'fd_theft', executable: { path: bin }, processEntityId: entityOf(r.events, victim) });
    assert.notEqual(f.args[0].value.processEntityId, f.processEntityId);
    assert.equal(f.args[1].value, 42);
    // a socket with its address, protocol and state, as the kernel read them (listening: no remote end)
    assert.deepEqual(f.args[2].value, targetFd, t.mode.join(' '));
    assert.deepEqual(f.args[3].value, {
      id: PIDFD_GETFD, name: 'pidfd_getfd', returnValue: Number(t.kv.stolen),
      args: [
        { name: 'pidfd', type: 'int', value: Number(t.kv.pidfd) },
        { name: 'targetfd', type: 'int', value: 42 },
        { name: 'flags', type: 'unsigned int', value: 0 },
      ],
    });
    assert.deepEqual(f.metadata, {
      Version: '1',
      Description: fdTheft.metadata.description,
      Tags: ['linux'],
      Properties: {
        Severity: severity, Category: 'credential-access', Technique: 'Steal Application Access Token', external_id: 'T1528',
        signatureID: 'SYSRAY-1', signatureName: 'File descriptor stolen from another process',
      },
    }, t.mode.join(' '));
  }
});
