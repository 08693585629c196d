/**
 * magic_write on the real kernel: test/triggers/magic_write.c writes file
 * headers by write (through a symlink: the event names the real file),
 * pwrite64 (at offset 0 of a file it truncated, its position elsewhere),
 * writev (three iovecs), pwritev2 (offset -1), write with O_APPEND (the
 * position elsewhere), sendfile and copy_file_range (content unknown), a
 * write that fails with EFAULT (nothing) before the real one, and 2000
 * writes after the first one (a storm costs one record, not one per write).
 * Each gives exactly one event with the exact path, dev and inode fstat
 * gave, and the first 32 bytes. Its twin rewrites the first bytes of a file
 * that already has bytes (lseek 0, write): none.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, realpathSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { compileTrigger, keyValues, run, traceDuring, type JsonEvent } from '../helpers/trace.js';

const HEADER = Buffer.from('MAGIC-HDR:0123456789abcdefghijklmnopqrst');
const FIRST_32 = HEADER.subarray(0, 32).toString('base64');

interface Run { mode: string; pid: number; kv: Record<string, string> }

async function traceModes(modes: [string, string, string?][], events = 'magic_write') {
  const bin = compileTrigger('magic_write');
  const runs: Run[] = [];
  const r = await traceDuring(['-e', events, '-s', 'comm=magic_write'], async () => {
    for (const [mode, file, source] of modes) {
      const out = await run(bin, [mode, file, ...(source ? [source] : [])]);
      assert.equal(out.code, 0, `${mode}: ${out.stdout}`);
      runs.push({ mode, pid: out.pid, kv: keyValues(out.stdout) });
    }
  });
  assert.equal(r.exitCode, 0, r.stderr);
  assert.equal(r.lost, 0, r.stderr);
  const of = (pid: number, name = 'magic_write'): JsonEvent[] => r.events.filter((e) => e.hostProcessId === pid && e.eventName === name);
  return { r, runs, of };
}

const args = (pathname: string, bytes: string, kv: Record<string, string>, unknown = false) => [
  { name: 'pathname', type: 'const char*', value: pathname },
  { name: 'bytes', type: '[]byte', value: bytes },
  { name: 'dev', type: 'dev_t', value: Number(kv.dev) },
  { name: 'inode', type: 'unsigned long', value: Number(kv.ino) },
  { name: 'content_unknown', type: 'bool', value: unknown },
];

test('first write into an empty file by write, pwrite64, writev, copy_file_range: one magic_write each, exact path, dev, inode, bytes', async () => {
  const dir = realpathSync(mkdtempSync(path.join(tmpdir(), 'sysray-mw-')));
  try {
    const real = path.join(dir, 'header.bin');
    symlinkSync(real, path.join(dir, 'via-link'));
    writeFileSync(path.join(dir, 'old.bin'), 'old content, written before tracing');
    const { r, runs, of } = await traceModes([
      ['header', path.join(dir, 'via-link')],
      ['pwrite', path.join(dir, 'old.bin')],
      ['writev', path.join(dir, 'vec.bin')],
      ['copy', path.join(dir, 'copy.bin'), '/bin/true'],
      ['storm', path.join(dir, 'storm.bin')],
      ['pwritev2', path.join(dir, 'v2.bin')],
      ['append', path.join(dir, 'append.bin')],
      ['sendfile', path.join(dir, 'sendfile.bin'), '/bin/true'],
      ['fault', path.join(dir, 'fault.bin')],
    ]);
    const [header, pwrite, writev, copy, storm, pwritev2, append, sendfile, fault] = runs;
    const expect = (run: Run, syscall: string, returnValue: number, pathname: string, bytes: string, unknown = false) => {
      const evs = of(run.pid);
      assert.equal(evs.length, 1, `${run.mode}: ${JSON.stringify(evs)}`);
      assert.deepEqual([evs[0].syscall, evs[0].returnValue, evs[0].eventId], [syscall, returnValue, 1012], run.mode);
      assert.deepEqual(evs[0].args, args(pathname, bytes, run.kv, unknown), run.mode);
    };
    // the 20 more bytes and the rewrite at 0 after lseek (the file has bytes then) make none: the twin
    expect(header, 'write', 40, real, FIRST_32);
    assert.equal(readFileSync(real).subarray(0, 9).toString(), 'REWRITTEN', 'the rewrite at 0 did happen');
    expect(pwrite, 'pwrite64', 40, path.join(dir, 'old.bin'), FIRST_32);
    expect(writev, 'writev', 40, path.join(dir, 'vec.bin'), FIRST_32);
    expect(copy, 'copy_file_range', Math.min(4096, statSync('/bin/true').size), path.join(dir, 'copy.bin'), '', true);
    expect(storm, 'write', 8, path.join(dir, 'storm.bin'), HEADER.subarray(0, 8).toString('base64'));
    expect(pwritev2, 'pwritev2', 40, path.join(dir, 'v2.bin'), FIRST_32);
    // O_APPEND: written at i_size (0), though the position was 100
    expect(append, 'write', 40, path.join(dir, 'append.bin'), FIRST_32);
    expect(sendfile, 'sendfile', 100, path.join(dir, 'sendfile.bin'), '', true);
    // the write that failed (EFAULT) sent nothing; the next one into the still empty file is the header
    expect(fault, 'write', 40, path.join(dir, 'fault.bin'), FIRST_32);
    // one kernel record per magic_write: the 2000 - 1 other writes of the storm sent nothing
    assert.equal(r.kernelRecords - r.stateRecords, r.events.filter((e) => e.eventName === 'magic_write').length, r.stderr);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('with write selected too: every write is there (the failed one too), and magic_write only for the header', async () => {
  const dir = realpathSync(mkdtempSync(path.join(tmpdir(), 'sysray-mw-')));
  try {
    const file = path.join(dir, 'fault.bin');
    const { runs, of } = await traceModes([['fault', file]], 'write,magic_write');
    const pid = runs[0].pid;
    const EFAULT = -14;
    const writes = of(pid, 'write').filter((e) => e.args[0].value === 3);
    assert.deepEqual(writes.map((e) => [e.returnValue, e.args[2].value]), [[EFAULT, 40], [40, 40]], JSON.stringify(writes));
    const magic = of(pid);
    assert.equal(magic.length, 1, JSON.stringify(magic));
    assert.deepEqual([magic[0].syscall, magic[0].returnValue, magic[0].timestamp], ['write', 40, writes[1].timestamp]);
    assert.deepEqual(magic[0].args, args(file, FIRST_32, runs[0].kv));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
