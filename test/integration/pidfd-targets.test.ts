/**
 * The process a pidfd refers to, as the pidfd events carry it (`target`),
 * resolved by the kernel from the pidfd itself: from pidfd_open
 * (test/triggers/pidfd_trigger.c) and from a pidfd that no pidfd_open made,
 * clone(CLONE_PIDFD)'s (test/triggers/clone_pidfd_trigger.c); and what a
 * stolen fd refers to (`targetFd` of pidfd_getfd). Each target's entity id is
 * checked against the target's own events (its sched_process_exit).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { realpathSync } from 'node:fs';
import { compileTrigger, entityOf, keyValues, run, traceDuring, type JsonEvent } from '../helpers/trace.js';

const EBADF = -9, ESRCH = -3;


test('pidfd_open, pidfd_getfd, pidfd_send_signal: target process and the stolen fd', async () => {
  const bin = compileTrigger('pidfd_trigger');
  let out = { pid: 0, stdout: '', code: null as number | null };
  const r = await traceDuring(['-e', 'pidfd_open,pidfd_getfd,pidfd_send_signal,sched_process_exit', '-s', 'comm=pidfd_trigger'], async () => {
    out = await run(bin);
  });
  assert.equal(out.code, 0);
  assert.equal(r.exitCode, 0, r.stderr);
  assert.equal(r.lost, 0, r.stderr);
  const kv = keyValues(out.stdout);
  const evs = r.events.filter((e) => e.hostProcessId === out.pid && e.eventName !== 'sched_process_exit');
  assert.deepEqual(evs.map((e) => [e.eventName, e.returnValue]), [
    ['pidfd_open', Number(kv.selffd)],
    ['pidfd_open', ESRCH],
    ['pidfd_open', Number(kv.childfd)],
    ['pidfd_getfd', Number(kv.stolen)],
    ['pidfd_getfd', EBADF],
    ['pidfd_send_signal', 0],
  ]);
  const [self, dead, child, stolen, badfd, kill] = evs;
  const me = { hostProcessId: out.pid, processName: 'pidfd_trigger', executable: { path: bin }, processEntityId: entityOf(r.events, out.pid) };
  assert.deepEqual(self.target, me, 'pidfd_open of itself');
  assert.equal(self.processEntityId, me.processEntityId);
  assert.equal('target' in dead, false, 'no pidfd: no target');

  const childPid = Number(kv.child);
  // the child is a fork of the trigger that never exec'd: its name and file are the trigger's
  const theChild = { hostProcessId: childPid, processName: 'pidfd_trigger', executable: { path: bin }, processEntityId: entityOf(r.events, childPid) };
  assert.notEqual(theChild.processEntityId, me.processEntityId);
  for (const e of [child, stolen, badfd, kill]) assert.deepEqual(e.target, theChild, e.eventName);

  assert.equal(stolen.targetFd, '42=/dev/null', 'fd 42 of the child');
  assert.equal('targetFd' in badfd, false, 'fd 999 does not exist');
  assert.equal('targetFd' in kill, false);
});

test('pidfd_send_signal on a pidfd from clone(CLONE_PIDFD): the target is the clone child, after its exec', async () => {
  const bin = compileTrigger('clone_pidfd_trigger');
  let out = { pid: 0, stdout: '', code: null as number | null };
  const r = await traceDuring(['-e', 'pidfd_open,pidfd_send_signal,sched_process_exit', '-s', 'comm=clone_pidfd_tri,sleep', '-o', 'option:parse-arguments-fds'], async () => {
    out = await run(bin, ['/bin/sleep', '100']);
  });
  assert.equal(out.code, 0);
  assert.equal(r.exitCode, 0, r.stderr);
  assert.equal(r.lost, 0, r.stderr);
  const kv = keyValues(out.stdout);
  assert.equal(kv.kill, '0');
  assert.equal(kv.signaled, '9');
  const child = Number(kv.child);
  const evs = r.events.filter((e) => e.hostProcessId === out.pid && e.eventName !== 'sched_process_exit');
  assert.deepEqual(evs.map((e) => e.eventName), ['pidfd_send_signal'], 'no pidfd_open anywhere');
  const [kill] = evs;
  assert.equal(kill.processName, 'clone_pidfd_tri');
  assert.deepEqual(kill.target, {
    hostProcessId: child,
    processName: 'sleep',
    executable: { path: realpathSync('/bin/sleep') },
    processEntityId: entityOf(r.events, child),
  });
  // the fd table learnt the pidfd from clone's pidfd argument
  assert.deepEqual(kill.args.map((a: { value: unknown }) => a.value), [`${kv.pidfd}=pidfd:[${child}]`, 'SIGKILL', 0, '0']);
  const exit = r.events.find((e) => e.eventName === 'sched_process_exit' && e.hostProcessId === child)!;
  assert.equal(exit.args.find((a: { name: string }) => a.name === 'signal').value, 'SIGKILL');
  assert.equal(exit.hostParentProcessId, out.pid);
});
