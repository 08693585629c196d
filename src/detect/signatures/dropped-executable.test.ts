/**
 * dropped_executable (TRC-1022) on the real kernel. Tracee's selector is
 * magic_write from containers, so the trigger runs in a container as a
 * runtime makes one, without the runtime: a `docker-<64 hex>.scope` cgroup
 * in the containers' hierarchy that a shell moves itself into before it
 * execs test/triggers/magic_write.c, which copies /bin/true by read/write
 * into a new file (one finding, from its first write). Benign twins: in
 * the same container a text file and an ELF copied to /dev/shm (a memory
 * path, left to fileless_execution); on the host the same ELF copy (none).
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, rmdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { compileTrigger, keyValues, run, traceDuring } from '../../../test/helpers/trace.js';
import { BUILTIN_SIGNATURES } from './index.js';
import { droppedExecutable } from './dropped-executable.js';

const EVENT_ID = 6000 + BUILTIN_SIGNATURES.indexOf(droppedExecutable);

/** The containers' hierarchy (src/tracer/container-hierarchy.ts): the memory controller's on v1, else v2. */
function containerCgroupRoot(): string {
  const mounts = readFileSync('/proc/mounts', 'utf8').split('\n').map((l) => l.split(' '));
  const memory = mounts.find(([, , type, opts]) => type === 'cgroup' && (opts ?? '').split(',').includes('memory'));
  return memory ? memory[1] : (mounts.find(([, , type]) => type === 'cgroup2')?.[1] ?? '');
}

const cgroups: string[] = [];
const dirs: string[] = [];
after(async () => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  for (const cg of cgroups) {
    for (let attempt = 0; existsSync(cg); attempt++) {
      try {
        rmdirSync(cg);
      } catch (err) {
        if (attempt >= 50) throw err;
        await new Promise((resolve) => setTimeout(resolve, 20)); // its last task is still being reaped
      }
    }
  }
});

test('an ELF copied into a new file in a container: one dropped_executable; twins (text file, /dev/shm, the host): none', async () => {
  const root = containerCgroupRoot();
  assert.ok(root, 'a cgroup hierarchy for containers');
  const bin = compileTrigger('magic_write');
  const dir = realpathSync(mkdtempSync(path.join(tmpdir(), 'sysray-dropped-')));
  dirs.push(dir);
  const shm = path.join('/dev/shm', `sysray-dropped-${process.pid}`);
  dirs.push(shm);
  const id = randomBytes(32).toString('hex');
  const cg = path.join(root, `docker-${id}.scope`);
  const inContainer = (args: string[]) => run('/bin/sh', ['-c', `echo $$ > ${cg}/cgroup.procs && exec "$0" "$@"`, bin, ...args]);
  const runs: { pid: number; kv: Record<string, string> }[] = [];
  const r = await traceDuring(['-e', 'dropped_executable', '-s', 'comm=magic_write'], async () => {
    mkdirSync(cg);
    cgroups.push(cg);
    for (const out of [
      await inContainer(['drop', path.join(dir, 'tool'), '/bin/true']),
      await inContainer(['text', path.join(dir, 'notes.txt')]),
      await inContainer(['drop', shm, '/bin/true']),
      await run(bin, ['drop', path.join(dir, 'host-tool'), '/bin/true']),
    ]) {
      assert.equal(out.code, 0, out.stdout);
      runs.push({ pid: out.pid, kv: keyValues(out.stdout) });
    }
  });
  assert.equal(r.exitCode, 0, r.stderr);
  assert.equal(r.lost, 0, r.stderr);
  const findings = r.events.filter((e) => e.eventName === 'dropped_executable');
  assert.equal(findings.length, 1, JSON.stringify(findings));
  const [dropped] = runs;
  const f = findings[0];
  assert.deepEqual([f.eventId, f.hostProcessId, f.processName, f.containerId, f.syscall, f.returnValue], [EVENT_ID, dropped.pid, 'magic_write', id, 'write', 4096]);
  assert.deepEqual(f.args, [
    { name: 'path', type: 'const char *', value: path.join(dir, 'tool') },
    {
      name: 'detectedFrom', type: 'unknown',
      value: {
        id: 1012, name: 'magic_write', returnValue: 4096,
        args: [
          { name: 'pathname', type: 'const char*', value: path.join(dir, 'tool') },
          { name: 'bytes', type: '[]byte', value: readFileSync('/bin/true').subarray(0, 32).toString('base64') },
          { name: 'dev', type: 'dev_t', value: Number(dropped.kv.dev) },
          { name: 'inode', type: 'unsigned long', value: Number(dropped.kv.ino) },
          { name: 'content_unknown', type: 'bool', value: false },
        ],
      },
    },
  ]);
  assert.deepEqual(f.metadata, {
    Version: '1',
    Description: 'An Executable file was dropped in the system during runtime. Container images are usually built with all binaries needed inside. A dropped binary may indicate that an adversary infiltrated your container.',
    Tags: null,
    Properties: {
      Severity: 2, Category: 'defense-evasion', Technique: 'Masquerading', Kubernetes_Technique: '',
      id: 'attack-pattern--42e8de7b-37b2-4258-905a-6897815e58e0', external_id: 'T1036',
      signatureID: 'TRC-1022', signatureName: 'New executable dropped',
    },
  });
  // the twins did write their files
  assert.deepEqual([readFileSync(path.join(dir, 'notes.txt'), 'utf8'), readFileSync(shm), readFileSync(path.join(dir, 'host-tool'))], ['just some text\n', readFileSync('/bin/true'), readFileSync('/bin/true')]);
});
