/**
 * `-o option:parse-arguments-fds` on a real process: fd arguments render as
 * `N=what` from sysray's per-process fd table, which follows open, dup2,
 * close, F_DUPFD_CLOEXEC, pipe2, socket, fork (a copy), exec (close-on-exec
 * fds dropped) and close_range. test/triggers/fd_trigger.c probes every fd
 * after each step with fcntl(FD, F_GETFD) or read; the sequences below are
 * its exact calls, from the marker fcntl(999) on (the loader's own reads and
 * closes of ld.so.cache and libc come before it).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileTrigger, keyValues, run, traceDuring, type JsonEvent, type TraceResult } from '../helpers/trace.js';

const EBADF = -9;
const HOSTNAME = '/etc/hostname';

interface Run {
  r: TraceResult;
  kv: Record<string, string>;
  parent: number;
  child: number;
}

async function traceTrigger(args: string[]): Promise<Run> {
  const bin = compileTrigger('fd_trigger');
  let out = { pid: 0, stdout: '', code: null as number | null };
  const r = await traceDuring([...args, '-s', 'comm=fd_trigger'], async () => {
    out = await run(bin);
  });
  assert.equal(out.code, 0, out.stdout);
  assert.equal(r.exitCode, 0, r.stderr);
  assert.equal(r.lost, 0, r.stderr);
  const kv = keyValues(out.stdout);
  // what the trigger's own calls returned, so the expectations below hold on this machine
  assert.deepEqual(
    { a: kv.a, c: kv.c, pipe0: kv.pipe0, pipe1: kv.pipe1, sock: kv.sock, exec50: kv.exec50, exec60: kv.exec60, execread: kv.execread, execgone: kv.execgone, childexit: kv.childexit },
    { a: '3', c: '60', pipe0: '3', pipe1: '4', sock: '5', exec50: '0', exec60: '-1', execread: '1', execgone: '-1', childexit: '0' },
  );
  return { r, kv, parent: out.pid, child: Number(kv.child) };
}

/** An event as [name, first argument as rendered, second (fcntl's cmd, read's buf skipped), return value]. */
function shape(e: JsonEvent): unknown[] {
  const v = e.args.map((a: { value: unknown }) => a.value);
  if (e.eventName === 'read') return ['read', v[0], v[2], e.returnValue];
  if (e.eventName === 'close') return ['close', v[0], e.returnValue];
  if (e.eventName === 'close_range') return ['close_range', v[0], v[1], e.returnValue];
  return [e.eventName, v[0], v[1], e.returnValue];
}

/** The pid's events from the (last) marker fcntl(999, ...) on. */
function afterMarker(r: TraceResult, pid: number): JsonEvent[] {
  const evs = r.events.filter((e) => e.hostProcessId === pid);
  const i = evs.findLastIndex((e) => e.eventName === 'fcntl' && (e.args[0].value === 999 || e.args[0].value === '999'));
  assert.ok(i >= 0, `marker of ${pid}: ${JSON.stringify(evs.map(shape))}`);
  return evs.slice(i);
}

/** Pipe renderings with the inode left out (its own test below checks it). */
const noInode = (rows: unknown[][]): unknown[][] => rows.map((row) => row.map((x) => (typeof x === 'string' ? x.replace(/^(\d+=pipe:)\[\d+\]$/, '$1[*]') : x)));

test('parse-arguments-fds: open, dup2, close, F_DUPFD_CLOEXEC, pipe, socket; a fork copies the table; exec drops close-on-exec fds', async () => {
  const { r, parent, child } = await traceTrigger(['-e', 'read,fcntl,close,dup2,close_range', '-o', 'option:parse-arguments-fds']);
  const F = `50=${HOSTNAME}`;
  assert.deepEqual(noInode(afterMarker(r, parent).map(shape)), [
    ['fcntl', 999, 'F_GETFD', EBADF],
    ['dup2', `3=${HOSTNAME}`, 50, 50], // newfd 50 is not open yet: a bare number
    ['close', `3=${HOSTNAME}`, 0],
    ['fcntl', 3, 'F_GETFD', EBADF], // closed: no longer in the table
    ['read', F, 1, 1],
    ['fcntl', F, 'F_DUPFD_CLOEXEC', 60],
    ['fcntl', `60=${HOSTNAME}`, 'F_GETFD', 1], // FD_CLOEXEC
    ['fcntl', '4=pipe:[*]', 'F_GETFD', 0],
    ['fcntl', '5=socket:[AF_INET]', 'F_GETFD', 0],
    ['close', '5=socket:[AF_INET]', 0],
    ['fcntl', 5, 'F_GETFD', EBADF],
    // after the child ran and exited: the parent's table is its own
    ['close', F, 0],
    ['fcntl', 50, 'F_GETFD', EBADF],
    ['fcntl', `60=${HOSTNAME}`, 'F_GETFD', 1],
  ]);

  const childEvents = r.events.filter((e) => e.hostProcessId === child);
  assert.deepEqual(noInode(childEvents.slice(0, 3).map(shape)), [
    ['read', F, 1, 1], // copied at fork
    ['fcntl', `60=${HOSTNAME}`, 'F_GETFD', 1], // close-on-exec, still there before the exec
    ['fcntl', '3=pipe:[*]', 'F_GETFD', 0],
  ]);
  assert.deepEqual(afterMarker(r, child).map(shape), [
    ['fcntl', 999, 'F_GETFD', EBADF],
    ['fcntl', F, 'F_GETFD', 0], // survives the exec
    ['fcntl', 60, 'F_GETFD', EBADF], // dropped at the exec
    ['read', F, 1, 1],
    ['close_range', 50, 60, 0],
    ['fcntl', 50, 'F_GETFD', EBADF], // closed by close_range
  ]);
  for (const e of childEvents) assert.equal(e.hostParentProcessId, parent);
});

test('parse-arguments-fds: a pipe made while tracing renders with its inode (pipe:[INODE])', async () => {
  const { r, kv, parent, child } = await traceTrigger(['-e', 'fcntl', '-o', 'option:parse-arguments-fds']);
  const probe = (pid: number, fd: string) => r.events.filter((e) => e.hostProcessId === pid && e.eventName === 'fcntl' && String(e.args[0].value).startsWith(`${fd}=`));
  assert.deepEqual(probe(parent, kv.pipe1).map((e) => e.args[0].value), [`${kv.pipe1}=pipe:[${kv.pipeino}]`]);
  assert.deepEqual(probe(child, kv.pipe0).map((e) => e.args[0].value), [`${kv.pipe0}=pipe:[${kv.pipeino}]`]);
});

test('parse-arguments-fds with only -e fcntl: the table still follows the dup2, close, fork, exec and close_range not traced', async () => {
  const { r, parent, child } = await traceTrigger(['-e', 'fcntl', '-o', 'option:parse-arguments-fds']);
  assert.deepEqual(r.events.map((e) => e.eventName).filter((n) => n !== 'fcntl'), []);
  const F = `50=${HOSTNAME}`;
  assert.deepEqual(noInode(afterMarker(r, parent).map(shape)), [
    ['fcntl', 999, 'F_GETFD', EBADF],
    ['fcntl', 3, 'F_GETFD', EBADF],
    ['fcntl', F, 'F_DUPFD_CLOEXEC', 60],
    ['fcntl', `60=${HOSTNAME}`, 'F_GETFD', 1],
    ['fcntl', '4=pipe:[*]', 'F_GETFD', 0],
    ['fcntl', '5=socket:[AF_INET]', 'F_GETFD', 0],
    ['fcntl', 5, 'F_GETFD', EBADF],
    ['fcntl', 50, 'F_GETFD', EBADF],
    ['fcntl', `60=${HOSTNAME}`, 'F_GETFD', 1],
  ]);
  const childEvents = r.events.filter((e) => e.hostProcessId === child);
  assert.deepEqual(noInode(childEvents.slice(0, 2).map(shape)), [
    ['fcntl', `60=${HOSTNAME}`, 'F_GETFD', 1],
    ['fcntl', '3=pipe:[*]', 'F_GETFD', 0],
  ]);
  assert.deepEqual(afterMarker(r, child).map(shape), [
    ['fcntl', 999, 'F_GETFD', EBADF],
    ['fcntl', F, 'F_GETFD', 0],
    ['fcntl', 60, 'F_GETFD', EBADF],
    ['fcntl', 50, 'F_GETFD', EBADF],
  ]);
});

test('without parse-arguments-fds: fd arguments stay numbers', async () => {
  const { r, parent } = await traceTrigger(['-e', 'fcntl,read']);
  const evs = afterMarker(r, parent);
  assert.deepEqual(evs.slice(0, 4).map((e) => [e.eventName, e.args[0].value, e.args[1].value, e.returnValue]), [
    ['fcntl', 999, 1, EBADF], // F_GETFD is 1
    ['fcntl', 3, 1, EBADF],
    ['read', 50, evs[2].args[1].value, 1],
    ['fcntl', 50, 1030, 60], // F_DUPFD_CLOEXEC
  ]);
});
