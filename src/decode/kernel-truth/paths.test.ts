import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyOpenTruth, lexicalPath } from './paths.js';
import { eventByName } from '../../events/catalog.js';
import { traceEventFixture } from '../trace-event.fixture.js';
import type { DecodedArg, TraceEvent } from '../trace-event.js';
import type { FdDescription } from '../../process/fd-description.js';

const FILE = { dev: (8 << 20) | 1, inode: 1234 };

/** An openat(dirfd, pathname, flags) that returned 3 holding `fd`; `marks` on pathname (readAtExit, entryFault, unreadable). */
function openat(pathname: string | null, fd: FdDescription | undefined, marks: Partial<DecodedArg> = {}, over: Partial<TraceEvent> = {}, dirfd = -100, flags = 0): TraceEvent {
  const spec = eventByName('openat')!;
  const args: DecodedArg[] = [
    { spec: spec.args[0], value: dirfd, raw: dirfd },
    { spec: spec.args[1], value: pathname, raw: 0x7f0000001000n, ...marks },
    { spec: spec.args[2], value: flags, raw: flags },
    { spec: spec.args[3], value: 0, raw: 0 },
  ];
  return traceEventFixture('openat', { returnValue: 3, args, returnedFd: fd, ...(fd?.kind === 'file' ? { returnedFile: FILE } : {}), ...over });
}
const file = (path: string): FdDescription => ({ kind: 'file', path });
const truth = (e: TraceEvent) => {
  applyOpenTruth(e);
  const a = e.args[1];
  return { kernelValue: a.kernelValue, kernelFile: a.kernelFile, raced: a.raced, raceTechnique: a.raceTechnique };
};

test('the kernel value is the returned fd\'s path and file; a name read at entry is never compared (symlinks, .., relative names)', () => {
  assert.deepEqual(truth(openat('/tmp/link', file('/etc/hostname'))), { kernelValue: '/etc/hostname', kernelFile: FILE, raced: undefined, raceTechnique: undefined });
  assert.deepEqual(truth(openat('../x', file('/etc/x'))).raced, undefined);
  // deferred by sysray (readAtExit without entryFault): not an entry fault
  assert.deepEqual(truth(openat('/tmp/other', file('/etc/shadow'), { readAtExit: true })).raced, undefined);
});

test('other kinds: the kernel\'s name as /proc/PID/fd shows it; no kernel value when the open failed or no fd was described', () => {
  assert.equal(truth(openat('/proc/self/fd/0', { kind: 'pipe', inode: 77 })).kernelValue, 'pipe:[77]');
  assert.equal(truth(openat('/proc/self/fd/0', { kind: 'pipe', inode: 77 })).kernelFile, undefined);
  assert.equal(truth(openat('/etc/hostname', undefined)).kernelValue, undefined);
  assert.equal(truth(openat('/nope', file('/etc/x'), {}, { returnValue: -2 })).kernelValue, undefined);
  assert.equal(truth(openat('/x', { kind: 'unknown' })).kernelValue, undefined);
});

test('an entry fault read again at exit: raced when, made absolute (dirfd, cwd, lexically), it names another file than the kernel opened', () => {
  const fault = { readAtExit: true, entryFault: true };
  // the phantom: the kernel opened the served file, memory now holds a benign name
  assert.deepEqual(truth(openat('/etc/hostnam_', file('/etc/shadow'), fault)), { kernelValue: '/etc/shadow', kernelFile: FILE, raced: true, raceTechnique: 'entry read failed' });
  // the same name, however written
  assert.equal(truth(openat('/etc//./x/../shadow', file('/etc/shadow'), fault)).raced, undefined);
  assert.equal(truth(openat('shadow', file('/etc/shadow'), fault, { cwd: '/etc' })).raced, undefined);
  assert.equal(truth(openat('hostname', file('/etc/shadow'), fault, { cwd: '/etc' })).raced, true);
  // a dirfd described at entry
  const dir = openat('shadow', file('/etc/shadow'), fault, {}, 5);
  dir.args[0].fd = file('/etc');
  assert.equal(truth(dir).raced, undefined);
  const other = openat('passwd', file('/etc/shadow'), fault, {}, 5);
  other.args[0].fd = file('/etc');
  assert.equal(truth(other).raced, true);
  // the directory not known: nothing to compare
  assert.equal(truth(openat('hostname', file('/etc/shadow'), fault)).raced, undefined);
  // unlinked before the exit, O_TMPFILE's unnamed file: the kernel's own names
  assert.equal(truth(openat('/tmp/gone', file('/tmp/gone (deleted)'), fault)).raced, undefined);
  assert.equal(truth(openat('/tmp', file('/tmp/#123 (deleted)'), fault, {}, -100, 0o20200002)).raced, undefined);
});

test('unreadable at entry and at exit while the open succeeded: raced', () => {
  assert.deepEqual(truth(openat(null, file('/etc/shadow'), { unreadable: 'fault' })), { kernelValue: '/etc/shadow', kernelFile: FILE, raced: true, raceTechnique: 'entry read failed' });
  assert.equal(truth(openat(null, file('/etc/shadow'), { unreadable: 'lost' })).raced, undefined, 'entry record lost: nothing known');
});

test('openat2: O_TMPFILE in how.flags', () => {
  const spec = eventByName('openat2')!;
  const e = traceEventFixture('openat2', {
    returnValue: 3, returnedFd: file('/tmp/#9 (deleted)'),
    args: [
      { spec: spec.args[0], value: -100, raw: -100 },
      { spec: spec.args[1], value: '/tmp', raw: 0, readAtExit: true, entryFault: true },
      { spec: spec.args[2], value: { flags: 0o20200002, mode: 0o600, resolve: 0 }, raw: 0 },
      { spec: spec.args[3], value: 24, raw: 24 },
    ],
  });
  applyOpenTruth(e);
  assert.equal(e.args[1].kernelValue, '/tmp/#9 (deleted)');
  assert.equal(e.args[1].raced, undefined);
});

test('lexicalPath folds ., .., // and stays at /', () => {
  assert.deepEqual(['/etc//x/../hostname/.', '/../..', '/', '/a/b/../../c'].map(lexicalPath), ['/etc/hostname', '/', '/', '/c']);
});
