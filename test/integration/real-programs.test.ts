/**
 * Programs no one here wrote, traced and checked field by field: perf,
 * pidwait, an exec with argv, a file open, a TCP connect.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { ROOT, arg, run, traceDuring } from '../helpers/trace.js';

test('perf stat -e task-clock true: its perf_event_open attrs', async () => {
  let perfPid = 0;
  const r = await traceDuring(['-e', 'perf_event_open', '-s', 'comm=perf'], async () => {
    const out = await run('/usr/bin/perf', ['stat', '-e', 'task-clock', 'true']);
    perfPid = out.pid;
    assert.equal(out.code, 0);
  });
  assert.equal(r.lost, 0);
  // /usr/bin/perf may be a wrapper that execs the versioned binary: same pid, comm "perf"
  const evs = r.events.filter((e) => e.hostProcessId === perfPid && e.returnValue >= 0);
  const counter = evs.find((e) => arg(e, 'attr').type === 1 && arg(e, 'attr').config === 1);
  assert.ok(counter, `a successful task-clock perf_event_open among ${evs.length}`);
  const attr = arg(counter, 'attr');
  assert.equal(counter.processName, 'perf');
  assert.equal(attr.disabled, true);
  assert.equal(attr.inherit, true);
  assert.equal(attr.enable_on_exec, true);
  assert.equal(attr.exclude_kernel, false);
  assert.equal(attr.freq, false);
  assert.equal(attr.sample_period, 0);
  assert.equal(attr.read_format, 3, 'TOTAL_TIME_ENABLED|TOTAL_TIME_RUNNING');
  assert.ok(attr.size >= 64);
  // perf counts the forked workload: pid is that child, any cpu, no group, CLOEXEC
  assert.ok(arg(counter, 'pid') > perfPid, 'the forked workload');
  assert.equal(arg(counter, 'cpu'), -1);
  assert.equal(arg(counter, 'group_fd'), -1);
  assert.equal(arg(counter, 'flags'), 8);
});

test('pidwait: its pidfd_open of the waited process', async () => {
  // a sleeper with a name no other process has
  const dir = path.join(ROOT, 'test', '.bin');
  mkdirSync(dir, { recursive: true });
  const sleeper = path.join(dir, 'sysray-sleeper');
  copyFileSync('/bin/sleep', sleeper);
  const child = spawn(sleeper, ['30'], { stdio: 'ignore' });
  let waiterPid = 0;
  const r = await traceDuring(['-e', 'pidfd_open', '-s', 'comm=pidwait'], async () => {
    const waiting = run('/usr/bin/pidwait', ['-x', 'sysray-sleeper']);
    await new Promise((resolve) => setTimeout(resolve, 300));
    child.kill('SIGTERM'); // pidwait returns when the sleeper is gone
    const out = await waiting;
    waiterPid = out.pid;
    assert.equal(out.code, 0);
  });
  const evs = r.events.filter((e) => e.hostProcessId === waiterPid);
  assert.equal(evs.length, 1, JSON.stringify(r.events));
  assert.equal(evs[0].processName, 'pidwait');
  assert.deepEqual(evs[0].args, [
    { name: 'pid', type: 'pid_t', value: child.pid },
    { name: 'flags', type: 'unsigned int', value: 0 },
  ]);
  assert.ok(evs[0].returnValue >= 3);
});

test('execve of /bin/echo a b c: pathname and argv', async () => {
  let pid = 0;
  const r = await traceDuring(['-e', 'execve'], async () => {
    const out = await run('/bin/echo', ['a', 'b', 'c']);
    pid = out.pid;
    assert.equal(out.stdout, 'a b c\n');
  });
  const evs = r.events.filter((e) => e.hostProcessId === pid);
  assert.equal(evs.length, 1);
  const e = evs[0];
  assert.equal(e.returnValue, 0);
  assert.equal(e.processName, 'echo', 'comm after the exec');
  assert.equal(e.hostParentProcessId, process.pid);
  assert.equal(arg(e, 'pathname'), '/bin/echo');
  assert.deepEqual(arg(e, 'argv'), ['/bin/echo', 'a', 'b', 'c']);
  assert.equal(e.args[2].name, 'envp');
  assert.equal(typeof arg(e, 'envp'), 'number', 'envp is a pointer without option:exec-env');
});

test('execve with option:exec-env: envp read', async () => {
  let pid = 0;
  const r = await traceDuring(['-e', 'execve', '-o', 'option:exec-env'], async () => {
    pid = (await run('/bin/true', [], { env: { SYSRAY_TEST: 'x=1', PATH: '/bin' } })).pid;
  });
  const e = r.events.find((x) => x.hostProcessId === pid)!;
  assert.deepEqual(arg(e, 'envp'), ['SYSRAY_TEST=x=1', 'PATH=/bin']);
});

test('openat: cat of a file and of a missing one', async () => {
  let pid = 0;
  let missingPid = 0;
  const r = await traceDuring(['-e', 'openat', '-s', 'comm=cat'], async () => {
    pid = (await run('/bin/cat', ['/etc/hostname'])).pid;
    missingPid = (await run('/bin/cat', ['/nonexistent/sysray'])).pid;
  });
  const open = r.events.find((e) => e.hostProcessId === pid && arg(e, 'pathname') === '/etc/hostname');
  assert.ok(open, 'openat of /etc/hostname');
  assert.equal(arg(open, 'dirfd'), -100);
  assert.equal(arg(open, 'flags'), 0);
  assert.ok(open.returnValue >= 3);
  const missing = r.events.find((e) => e.hostProcessId === missingPid && arg(e, 'pathname') === '/nonexistent/sysray');
  assert.ok(missing);
  assert.equal(missing.returnValue, -2);
  // no path of cat's is unreadable: pages not yet faulted in are read again at exit
  for (const e of r.events.filter((x) => x.hostProcessId === pid)) {
    assert.equal(typeof arg(e, 'pathname'), 'string', JSON.stringify(e.args));
  }
});

test('connect to 127.0.0.1: address and port', async () => {
  const server = createServer((s) => s.destroy());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  let pid = 0;
  try {
    const r = await traceDuring(['-e', 'connect', '-s', 'comm=bash'], async () => {
      pid = (await run('/bin/bash', ['-c', `exec 3<>/dev/tcp/127.0.0.1/${port}`])).pid;
    });
    // bash may also reach nscd or systemd-userdb over AF_UNIX on start-up (user lookups): only the TCP one is ours
    const evs = r.events.filter((e) => e.hostProcessId === pid && arg(e, 'addr')?.sa_family === 'AF_INET');
    assert.equal(evs.length, 1, JSON.stringify(r.events.filter((e) => e.hostProcessId === pid).map((e) => e.args)));
    assert.equal(evs[0].returnValue, 0);
    assert.ok(arg(evs[0], 'sockfd') >= 3);
    assert.deepEqual(arg(evs[0], 'addr'), { sa_family: 'AF_INET', sin_port: port, sin_addr: '127.0.0.1' });
    assert.equal(arg(evs[0], 'addrlen'), 16);
  } finally {
    server.close();
  }
});

test('exit_group never returns: emitted at entry with its status code', async () => {
  let pid = 0;
  const r = await traceDuring(['-e', 'exit_group', '-s', 'comm=sh'], async () => {
    const out = await run('/bin/sh', ['-c', 'exit 3']);
    pid = out.pid;
    assert.equal(out.code, 3);
  });
  const evs = r.events.filter((e) => e.hostProcessId === pid);
  assert.equal(evs.length, 1);
  assert.equal(evs[0].eventName, 'exit_group');
  assert.equal(arg(evs[0], 'status'), 3);
  assert.equal(evs[0].returnValue, 0);
});
