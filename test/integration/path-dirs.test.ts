/**
 * Paths as the kernel resolved them, on the real kernel: the dirfd of a
 * relative path described at entry and the cwd sent for AT_FDCWD and for
 * syscalls without a dirfd (bpf/path_dirs.h), so that the shared predicates
 * (resolvedPath, newNamePath, openFlags) give exact absolute paths; openat2's
 * struct open_how decoded; path prefilters of the open syscalls decided on
 * the opened fd's path; sockets described again after connect and bind.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ROOT, compileTrigger, keyValues, run, traceDuring } from '../helpers/trace.js';
import type { TraceEvent } from '../../src/decode/trace-event.js';
import { policyFromFlags } from '../../src/policy/policy-set.js';
import { Tracer } from '../../src/tracer/tracer.js';
import { newNamePath, openFlags, openedPath, resolvedPath } from '../../src/detect/predicates.js';
import { SIGNATURES } from '../../src/detect/signature-registry.js';

/** Runs the trigger with `args` under an in-process tracer selecting `events` of it; the decoded events. */
async function traced(events: string[], args: string[], syscallHooks: 'raw' | 'tracepoints' = 'tracepoints'): Promise<{ events: TraceEvent[]; kv: Record<string, string>; pid: number }> {
  const bin = compileTrigger('path_dirs');
  const policies = [policyFromFlags(['comm=path_dirs'], events)];
  const tracer = new Tracer({ ringBufferBytes: 1 << 22, captureEnv: false, symbolic: false, initialPolicies: policies, syscallHooks });
  const seen: TraceEvent[] = [];
  let out = { pid: 0, stdout: '', code: null as number | null };
  try {
    tracer.setPolicies(policies);
    tracer.start((e) => seen.push(e));
    out = await run(bin, args);
    await new Promise((resolve) => setTimeout(resolve, 300)); // the poller's timeout is 20 ms
  } finally {
    await tracer.stop();
  }
  assert.equal(out.code, 0, out.stdout);
  return { events: seen.filter((e) => e.hostProcessId === out.pid), kv: keyValues(out.stdout), pid: out.pid };
}

for (const hooks of ['tracepoints', 'raw'] as const) test(`relative paths (${hooks} hooks): the dirfd described and the cwd sent at entry give resolvedPath/newNamePath exact; absolute ones get nothing extra`, async () => {
  const x = realpathSync(mkdtempSync(path.join(tmpdir(), 'sysray-dirs-x-')));
  const y = realpathSync(mkdtempSync(path.join(tmpdir(), 'sysray-dirs-y-')));
  try {
    const { events, kv } = await traced(['renameat', 'rename', 'symlinkat', 'linkat'], ['names', x, y], hooks);
    assert.deepEqual([kv.renameat, kv.rename, kv.symlinkat, kv.linkat, kv.absolute], ['0', '0', '0', '0', '0']);
    const [renameat, absolute] = events.filter((e) => e.eventName === 'renameat');
    const rename = events.find((e) => e.eventName === 'rename')!;
    const symlinkat = events.find((e) => e.eventName === 'symlinkat')!;
    const linkat = events.find((e) => e.eventName === 'linkat')!;
    assert.ok(renameat && absolute && rename && symlinkat && linkat, `all five events: ${events.map((e) => e.eventName)}`);

    // renameat(dirfd of X, "a", AT_FDCWD, "b") from cwd Y
    assert.deepEqual(renameat.args[0].fd, { kind: 'file', path: x });
    assert.equal(renameat.cwd, y);
    assert.equal(resolvedPath(renameat, 'oldpath', 'olddirfd'), `${x}/a`);
    assert.equal(newNamePath(renameat), `${y}/b`);
    // rename("b", "c"): no dirfd, the cwd
    assert.equal(rename.cwd, y);
    assert.equal(resolvedPath(rename, 'oldpath'), `${y}/b`);
    assert.equal(newNamePath(rename), `${y}/c`);
    // symlinkat("t", dirfd of X, "l"): the target is the link's content, not resolved
    assert.deepEqual(symlinkat.args[1].fd, { kind: 'file', path: x });
    assert.equal(symlinkat.cwd, undefined, 'no path of symlinkat is resolved against the cwd');
    assert.equal(newNamePath(symlinkat), `${x}/l`);
    // linkat(dirfd of X, "a2", AT_FDCWD, "h")
    assert.equal(resolvedPath(linkat, 'oldpath', 'olddirfd'), `${x}/a2`);
    assert.equal(newNamePath(linkat), `${y}/h`);
    assert.equal(linkat.args[2].fd, undefined, 'AT_FDCWD is no fd');
    // renameat(AT_FDCWD, "X/abs1", AT_FDCWD, "X/abs2"): nothing to resolve, nothing sent
    assert.ok(absolute.args.every((a) => a.fd === undefined), 'no fd description for absolute paths');
    assert.equal(absolute.cwd, undefined, 'no cwd for absolute paths');
    assert.equal(newNamePath(absolute), `${x}/abs2`);
  } finally {
    rmSync(x, { recursive: true, force: true });
    rmSync(y, { recursive: true, force: true });
  }
});

test('relative names unreadable at entry (their page not faulted in) are read at exit, and the cwd with them', async () => {
  const dir = realpathSync(mkdtempSync(path.join(tmpdir(), 'sysray-faulted-')));
  try {
    const { events, kv } = await traced(['rename'], ['faulted', dir]);
    assert.equal(kv.rename, '0');
    const rename = events.find((e) => e.eventName === 'rename')!;
    assert.ok(rename, 'rename traced');
    assert.deepEqual(rename.args.map((a) => [a.value, a.readAtExit, a.entryFault]), [['fa', true, true], ['fb', true, true]], 'entry faults (blob OK_AT_EXIT)');
    assert.equal(resolvedPath(rename, 'oldpath'), `${dir}/fa`);
    assert.equal(newNamePath(rename), `${dir}/fb`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('openat2: struct open_how decoded (flags, mode, resolve), openFlags reads how.flags; parse-arguments names them', async () => {
  const O_CLOEXEC = 0o2000000;
  const RESOLVE_NO_SYMLINKS = 4;
  const { events, kv } = await traced(['openat2'], ['openat2', '/etc/hostname']);
  assert.ok(Number(kv.fd) >= 0, kv.fd);
  const e = events.find((x) => x.eventName === 'openat2')!;
  assert.ok(e, 'openat2 traced');
  assert.deepEqual(e.args[2].value, { flags: O_CLOEXEC, mode: 0, resolve: RESOLVE_NO_SYMLINKS });
  assert.equal(openFlags(e), O_CLOEXEC);
  assert.deepEqual(e.returnedFd, { kind: 'file', path: '/etc/hostname' });

  const bin = compileTrigger('path_dirs');
  const r = await traceDuring(['-e', 'openat2', '-s', 'comm=path_dirs', '-o', 'option:parse-arguments'], async () => {
    await run(bin, ['openat2', '/etc/hostname']);
  });
  const how = r.events.find((x) => x.eventName === 'openat2')?.args.find((a: { name: string }) => a.name === 'how');
  assert.deepEqual(how, { name: 'how', type: 'struct open_how*', value: { flags: 'O_RDONLY|O_CLOEXEC', mode: '0000', resolve: 'RESOLVE_NO_SYMLINKS' } });
});

test('path prefilter on the opened file: /etc/shadow by a symlink, by a relative name and as /etc//shadow passes the kernel; an unrelated open is dropped there', async () => {
  const bin = compileTrigger('path_dirs');
  const dir = mkdtempSync(path.join(tmpdir(), 'sysray-canonical-'));
  let out = { pid: 0, stdout: '', code: null as number | null };
  try {
    const r = await traceDuring(['--signatures-dir', path.join(ROOT, 'test', 'fixtures', 'signatures-canonical'), '-e', 'test_shadow_open', '-s', 'comm=path_dirs'], async () => {
      out = await run(bin, ['opens', dir, '/etc/shadow']);
    });
    assert.equal(out.code, 0, out.stdout);
    const kv = keyValues(out.stdout);
    for (const k of ['symlink', 'double_slash', 'relative', 'unrelated']) assert.ok(Number(kv[k]) >= 0, `${k}: ${kv[k]}`);
    assert.equal(r.exitCode, 0, r.stderr);
    const findings = r.events.filter((e) => e.eventName === 'test_shadow_open' && e.hostProcessId === out.pid);
    const named = findings.map((f) => f.args.find((a: { name: string }) => a.name === 'detectedFrom').value.args.find((a: { name: string }) => a.name === 'pathname').value);
    assert.deepEqual(named, [`${dir}/l`, '/etc//shadow', 'shadow'], r.stderr);
    // (no entry record was sent for them: the prefilter waited for the exit, where the names were read)
    // the loader's opens, the unrelated file and the trigger's other opens never left the kernel
    const m = /(\d+) only for signatures/.exec(r.stderr);
    assert.equal(m ? Number(m[1]) : 0, 3, `only those three opens came from the kernel: ${r.stderr}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('path prefilter in process: what a signature is handed for an open sent at exit alone (name read there, openedPath the real file)', async () => {
  const bin = compileTrigger('path_dirs');
  const dir = mkdtempSync(path.join(tmpdir(), 'sysray-canonical-'));
  const seen: { pathname: unknown; readAtExit: boolean | undefined; entryFault: boolean | undefined; opened: string; resolved: string }[] = [];
  // the kernel's selection is compiled from the process's registry
  const registry = SIGNATURES;
  registry.add([{
    origin: 'built-in',
    signature: {
      metadata: {
        id: 'SYSRAY-TEST-3', name: 'Test: shadow in process', eventName: 'test_shadow_open_in_process', version: '1', description: 'test',
        properties: { Severity: 0, Category: 'test', Technique: '', external_id: '' },
      },
      selects: [{ event: 'openat', where: { pathname: { prefix: ['/etc/shadow'] } } }],
      onEvent: (e) => {
        const a = e.args[1];
        seen.push({ pathname: a.value, readAtExit: a.readAtExit, entryFault: a.entryFault, opened: openedPath(e), resolved: resolvedPath(e, 'pathname', 'dirfd') });
        return undefined;
      },
    },
  }]);
  const policies = [policyFromFlags(['comm=path_dirs'], ['test_shadow_open_in_process'])];
  const tracer = new Tracer({
    ringBufferBytes: 1 << 22, captureEnv: false, symbolic: false, initialPolicies: policies,
    detection: { registry, selfPid: process.pid, parentPid: process.ppid, warn: (line) => assert.fail(line) },
  });
  let out = { pid: 0, stdout: '', code: null as number | null };
  try {
    tracer.setPolicies(policies);
    tracer.start(() => undefined);
    out = await run(bin, ['opens', dir, '/etc/shadow']);
    await new Promise((resolve) => setTimeout(resolve, 300));
  } finally {
    await tracer.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  assert.equal(out.code, 0, out.stdout);
  // read at exit because sysray put the record off (blob DEFERRED): no entry fault
  assert.deepEqual(seen, [
    { pathname: `${dir}/l`, readAtExit: true, entryFault: undefined, opened: '/etc/shadow', resolved: `${dir}/l` },
    { pathname: '/etc//shadow', readAtExit: true, entryFault: undefined, opened: '/etc/shadow', resolved: '/etc//shadow' },
    { pathname: 'shadow', readAtExit: true, entryFault: undefined, opened: '/etc/shadow', resolved: '/etc/shadow' }, // relative: the cwd came too, read at exit
  ]);
});

test('sockets: described again after connect and bind, the fd table has the remote end and the real bound port', async () => {
  const bin = compileTrigger('path_dirs');
  let out = { pid: 0, stdout: '', code: null as number | null };
  const r = await traceDuring(['-e', 'connect,bind,write,getsockname', '-s', 'comm=path_dirs', '-o', 'option:parse-arguments-fds'], async () => {
    out = await run(bin, ['sockets']);
  });
  assert.equal(out.code, 0, out.stdout);
  assert.equal(r.exitCode, 0, r.stderr);
  const kv = keyValues(out.stdout);
  const ours = r.events.filter((e) => e.hostProcessId === out.pid);
  const fdArg = (name: string, fd: string) =>
    ours.filter((e) => e.eventName === name).map((e) => e.args[0].value).find((v: string) => v.startsWith(`${fd}=`));
  const client = `${kv.client}=socket:[AF_INET 127.0.0.1:${kv.client_port}->127.0.0.1:${kv.port}]`;
  // connect's own argument, as the kernel described it at exit
  assert.equal(fdArg('connect', kv.client), client);
  // write(2) is not described by the kernel: the fd table's entry, updated by connect
  assert.equal(fdArg('write', kv.client), client);
  // bind to port 0: the port the kernel chose, at bind's exit and in the table after it
  const udp = `${kv.udp}=socket:[AF_INET 127.0.0.1:${kv.udp_port}]`;
  assert.equal(fdArg('bind', kv.udp), udp);
  assert.equal(fdArg('getsockname', kv.udp), udp);
  assert.equal(fdArg('bind', kv.listener), `${kv.listener}=socket:[AF_INET 127.0.0.1:${kv.port}]`);
});
