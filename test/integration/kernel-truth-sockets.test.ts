/**
 * connect's and bind's kernel truth (src/decode/kernel-truth/sockets.ts):
 * `kernelValue` of addr is the socket's peer or bound address as the kernel
 * holds it at exit, and `raced` says when what sysray read from user memory
 * is not what the kernel used. test/triggers/sock_race.c makes each case
 * happen for real, one mode per run.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { argEntry, compileTrigger, keyValues, run, traceDuring, type JsonEvent } from '../helpers/trace.js';

const EINPROGRESS = -115;

async function traced(mode: string[], allowRaced = false) {
  const bin = compileTrigger('sock_race');
  let out = { pid: 0, stdout: '', code: null as number | null };
  const r = await traceDuring(['-e', 'connect,bind', '-s', 'comm=sock_race'], async () => {
    out = await run(bin, mode);
  }, { allowRaced });
  assert.equal(out.code, 0, out.stdout);
  assert.equal(r.exitCode, 0, r.stderr);
  assert.equal(r.lost, 0, r.stderr);
  const mine = (name: string): JsonEvent[] => r.events.filter((e) => e.hostProcessId === out.pid && e.eventName === name);
  return { kv: keyValues(out.stdout), mine, pid: out.pid };
}

const v4 = (port: number) => ({ sa_family: 'AF_INET', sin_port: port, sin_addr: '127.0.0.1' });

/** addr's fields that the kernel truth sets, as the JSON has them. */
function truth(e: JsonEvent) {
  const a = argEntry(e, 'addr');
  return { value: a.value, kernelValue: a.kernelValue, raced: a.raced, raceTechnique: a.raceTechnique };
}

test('connect in progress while a thread rewrites the sockaddr: kernelValue is the listener, not what memory says by the exit', async () => {
  const { kv, mine } = await traced(['overwrite']);
  const port = Number(kv.port);
  // the rewrite happened while connect slept, before its exit
  assert.equal(kv.ret, String(EINPROGRESS));
  assert.equal(kv.now, kv.other);
  assert.notEqual(kv.other, kv.port);
  const connects = mine('connect');
  // the filler's connect to the full listener, then the one rewritten
  assert.equal(connects.length, 2, JSON.stringify(connects));
  const e = connects[1];
  assert.equal(e.returnValue, EINPROGRESS);
  assert.deepEqual(truth(e), { value: v4(port), kernelValue: v4(port), raced: undefined, raceTechnique: undefined });
  assert.deepEqual(truth(connects[0]), { value: v4(port), kernelValue: v4(port), raced: undefined, raceTechnique: undefined });
});

test('bind of port 0: kernelValue has the port the kernel chose', async () => {
  const { kv, mine } = await traced(['bind0']);
  const binds = mine('bind');
  assert.equal(binds.length, 1);
  assert.equal(binds[0].returnValue, 0);
  assert.ok(Number(kv.port) > 0);
  assert.deepEqual(truth(binds[0]), { value: v4(0), kernelValue: v4(Number(kv.port)), raced: undefined, raceTechnique: undefined });
});

test('connect to 0.0.0.0 and ::: the kernel\'s loopback is no race', async () => {
  const { kv, mine } = await traced(['any']);
  const [port, port6] = [Number(kv.port), Number(kv.port6)];
  const v6 = (sin6_addr: string) => ({ sa_family: 'AF_INET6', sin6_port: port6, sin6_addr });
  assert.deepEqual(mine('connect').map(truth), [
    { value: { ...v4(port), sin_addr: '0.0.0.0' }, kernelValue: v4(port), raced: undefined, raceTechnique: undefined },
    // the sock keeps no flowinfo or scope id: the kernel value has none
    { value: { ...v6('::'), sin6_flowinfo: 0, sin6_scopeid: 0 }, kernelValue: v6('::1'), raced: undefined, raceTechnique: undefined },
  ]);
});

test('unix bind and connect, by path (relative) and abstract: the kernel\'s names exactly', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'sysray-sock-race-'));
  try {
    const { kv, mine } = await traced(['unix', dir]);
    const sock = path.join(dir, 's.sock');
    const unix = (sun_path: string) => ({ sa_family: 'AF_UNIX', sun_path });
    assert.equal(kv.abstract, `@sysray-race-${kv.pid}`);
    assert.deepEqual(mine('bind').map(truth), [
      { value: unix(sock), kernelValue: unix(sock), raced: undefined, raceTechnique: undefined },
      { value: unix(kv.abstract), kernelValue: unix(kv.abstract), raced: undefined, raceTechnique: undefined },
    ]);
    assert.deepEqual(mine('connect').map(truth), [
      // by the name relative to the cwd: the peer is named as the listener bound itself, and that is no race
      { value: unix('s.sock'), kernelValue: unix(sock), raced: undefined, raceTechnique: undefined },
      { value: unix(kv.abstract), kernelValue: unix(kv.abstract), raced: undefined, raceTechnique: undefined },
    ]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('phantom connect: the entry read faults, memory turns benign after the kernel\'s copy; raced, entry read failed', async () => {
  const { kv, mine } = await traced(['phantom'], true);
  assert.equal(kv.faults, '2', 'the phantom went as planned');
  assert.equal(kv.ret, '0');
  const e = mine('connect').at(-1)!;
  assert.equal(e.returnValue, 0);
  const a = argEntry(e, 'addr');
  assert.deepEqual(
    { value: a.value, readAtExit: a.readAtExit, kernelValue: a.kernelValue, raced: a.raced, raceTechnique: a.raceTechnique },
    { value: v4(Number(kv.b)), readAtExit: true, kernelValue: v4(Number(kv.a)), raced: true, raceTechnique: 'entry read failed' },
  );
});

test('dup2 onto the fd while connect waits: raced, fd replaced, nothing of the replacing socket', async () => {
  const { kv, mine } = await traced(['dup2'], true);
  assert.equal(kv.ret, String(EINPROGRESS));
  const e = mine('connect').find((c) => c.args[0].value === Number(kv.fd));
  assert.ok(e, JSON.stringify(mine('connect')));
  assert.equal(e.returnValue, EINPROGRESS);
  assert.equal(argEntry(e, 'sockfd').fdReplaced, true);
  assert.deepEqual(truth(e), { value: v4(Number(kv.port)), kernelValue: undefined, raced: true, raceTechnique: 'fd replaced' });
  // the replacing UDP socket's own connect (to the discard port) is described as usual
  const udp = mine('connect').find((c) => (truth(c).value as { sin_port?: number } | null)?.sin_port === 9);
  assert.deepEqual(truth(udp!), { value: v4(9), kernelValue: v4(9), raced: undefined, raceTechnique: undefined });
  // the fill connection's connect and no other is raced
  assert.deepEqual(mine('connect').filter((c) => truth(c).raced).length, 1);
});
