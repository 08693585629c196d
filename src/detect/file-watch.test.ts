/** The file-watch helpers on constructed events: paths, prefixes, selectors, what an open or rename touched. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ArgValue, TraceEvent } from '../decode/trace-event.js';
import { traceEventFixture } from '../decode/trace-event.fixture.js';
import { eventByName } from '../events/catalog.js';
import { executedProgram, isFileRead, isWatchedPath, newName, newNameSelectors, oldName, oldNameSelectors, openFlagsField, openSelectors, openedFile, openedFor, openedPathField, watchPrefixes, watchedWrite, watchedWriteOldPathField, watchedWritePathField } from './file-watch.js';

/** An event with these argument values (by name, in the catalog's order), the rest of `over` as given. */
function ev(name: string, values: Record<string, ArgValue>, over: Partial<TraceEvent> = {}): TraceEvent {
  const spec = eventByName(name)!;
  return traceEventFixture(name, { args: spec.args.filter((a) => a.name in values).map((a) => ({ spec: a, value: values[a.name], raw: 0 })), ...over });
}
const opened = (path: string) => ({ returnValue: 3, returnedFd: { kind: 'file', path } as const });

const SUDOERS = { files: ['/etc/sudoers'], dirs: ['/etc/sudoers.d'] };

test('watched paths: exact files, directories by whole components', () => {
  assert.ok(isWatchedPath('/etc/sudoers', SUDOERS));
  assert.ok(isWatchedPath('/etc/sudoers.d', SUDOERS));
  assert.ok(isWatchedPath('/etc/sudoers.d/90-x', SUDOERS));
  assert.ok(!isWatchedPath('/etc/sudoers.dx', SUDOERS));
  assert.ok(!isWatchedPath('/etc/sudoers.bak', SUDOERS));
  assert.ok(isWatchedPath('/etc/sudoers.d/x', { dirs: ['/etc/sudoers.d/'] }), 'a trailing slash is the same directory');
});

test('kernel prefixes: covering parents, the path itself at the root, root spellings', () => {
  assert.deepEqual(watchPrefixes(SUDOERS), ['/etc/', '//', '/.']);
  assert.deepEqual(watchPrefixes({ dirs: ['/proc'] }), ['/proc/', '//', '/.']);
  assert.deepEqual(watchPrefixes({ files: ['/proc/sched_debug', '/sys/kernel/debug/sched/debug'] }), ['/proc/', '/sys/kernel/debug/sched/', '//', '/.']);
  assert.deepEqual(watchPrefixes({ files: ['/etc/crontab'], dirs: ['/etc/cron.d', '/var/spool/cron/crontabs'] }), ['/etc/', '/var/spool/cron/', '//', '/.']);
});

test('selectors: write bits on open and openat only; new names by newpath or linkpath', () => {
  const w = openSelectors(['/etc/'], 'write', 'container');
  assert.deepEqual(w.map((s) => [s.event, s.origin, Object.keys(s.where ?? {})]), [
    ['open', 'container', ['flags', 'pathname']], ['openat', 'container', ['flags', 'pathname']], ['openat2', 'container', ['pathname']], ['creat', 'container', ['pathname']],
  ]);
  assert.deepEqual(openSelectors(['/proc/'], 'read').map((s) => Object.keys(s.where ?? {})), [['pathname'], ['pathname'], ['pathname'], ['pathname']]);
  assert.deepEqual(newNameSelectors(['/etc/']).map((s) => [s.event, Object.keys(s.where ?? {})[0]]), [
    ['rename', 'newpath'], ['renameat', 'newpath'], ['renameat2', 'newpath'], ['link', 'newpath'], ['linkat', 'newpath'], ['symlink', 'linkpath'], ['symlinkat', 'linkpath'],
  ]);
});

test('opens: the fd\'s path and flags; openat2 by its decoded how; failed, O_PATH and other events: none', () => {
  assert.deepEqual(openedFile(ev('openat', { dirfd: -100, pathname: 'link', flags: 1 }, opened('/etc/sudoers'))), { path: '/etc/sudoers', flags: 1 });
  assert.deepEqual(openedFile(ev('creat', { pathname: '/etc/crontab' }, opened('/etc/crontab'))), { path: '/etc/crontab', flags: 0o1101 });
  assert.deepEqual(openedFile(ev('openat2', { dirfd: -100, pathname: '/etc/sudoers', how: { flags: 2, mode: 0, resolve: 0 } }, opened('/etc/sudoers'))), { path: '/etc/sudoers', flags: 2 });
  // how not decoded and the fd (of pid 4242 here) not open: flags unknown, the open still counts either way
  const blind = ev('openat2', { dirfd: -100, pathname: '/etc/sudoers', how: 0x7ffd0000 }, { ...opened('/etc/sudoers'), hostProcessId: 0x3fffffff });
  assert.deepEqual(openedFile(blind), { path: '/etc/sudoers', flags: undefined });
  assert.ok(openedFor(blind, 'read') && openedFor(blind, 'write'));
  assert.equal(openedFile(ev('openat', { dirfd: -100, pathname: '/etc/sudoers', flags: 1 }, { returnValue: -13 })), undefined);
  assert.equal(openedFile(ev('openat', { dirfd: -100, pathname: '/etc/sudoers', flags: 0o10000000 }, opened('/etc/sudoers'))), undefined);
  assert.equal(openedFile(ev('rename', { oldpath: '/a', newpath: '/etc/sudoers' })), undefined);
  assert.deepEqual([0, 1, 2, 3].map(isFileRead), [true, false, true, false]);
  assert.equal(openedFor(ev('openat', { dirfd: -100, pathname: '/p', flags: 1 }, opened('/p')), 'read'), undefined);
  assert.equal(openedFor(ev('openat', { dirfd: -100, pathname: '/p', flags: 0 }, opened('/p')), 'write'), undefined);
});

test('new names: renames and links resolved against the cwd, symlinks with their target; failed ones: none', () => {
  assert.deepEqual(newName(ev('renameat2', { olddirfd: -100, oldpath: 'tmp.1', newdirfd: -100, newpath: 'sudoers', flags: 0 }, { cwd: '/etc' })), { path: '/etc/sudoers', from: '/etc/tmp.1' });
  assert.deepEqual(newName(ev('link', { oldpath: '/tmp/x', newpath: '/etc/cron.d/x' })), { path: '/etc/cron.d/x', from: '/tmp/x' });
  assert.deepEqual(newName(ev('symlinkat', { target: '../init.d/x', newdirfd: -100, linkpath: '/etc/rc2.d/S99x' })), { path: '/etc/rc2.d/S99x', from: '../init.d/x' });
  assert.equal(newName(ev('rename', { oldpath: '/a', newpath: '/etc/sudoers' }, { returnValue: -2 })), undefined);
  assert.deepEqual(watchedWrite(ev('rename', { oldpath: '/etc/s.tmp', newpath: '/etc/sudoers' }), SUDOERS), { pathname: '/etc/sudoers', oldpath: '/etc/s.tmp' });
  assert.deepEqual(watchedWrite(ev('openat', { dirfd: -100, pathname: '/etc/sudoers.d/x', flags: 0o1101 }, opened('/etc/sudoers.d/x')), SUDOERS), { pathname: '/etc/sudoers.d/x', flags: 0o1101 });
  assert.equal(watchedWrite(ev('openat', { dirfd: -100, pathname: '/etc/sudoers', flags: 0 }, opened('/etc/sudoers')), SUDOERS), undefined);
  assert.equal(watchedWrite(ev('rename', { oldpath: '/etc/sudoers', newpath: '/etc/sudoers.old' }), SUDOERS), undefined);
});

test('executed program: the file, or for a script the path it was run by', () => {
  assert.deepEqual(executedProgram(ev('sched_process_exec', { cmdpath: 'crontab', pathname: '/usr/bin/crontab', interp: '' })), { path: '/usr/bin/crontab', name: 'crontab' });
  assert.deepEqual(executedProgram(ev('sched_process_exec', { cmdpath: '/usr/sbin/update-rc.d', pathname: '/usr/bin/perl', interp: '/usr/bin/perl' })), { path: '/usr/sbin/update-rc.d', name: 'update-rc.d' });
});

test('selectors without a path prefix (base names, suffixes), and by the old name', () => {
  assert.deepEqual(openSelectors(undefined, 'write', 'container').map((s) => [s.event, s.where]), [
    ['open', { flags: { anyBits: 3 } }], ['openat', { flags: { anyBits: 3 } }], ['openat2', undefined], ['creat', undefined],
  ]);
  assert.deepEqual(openSelectors(undefined, 'read').map((s) => s.where), [undefined, undefined, undefined, undefined]);
  assert.deepEqual(newNameSelectors(undefined, 'container').map((s) => [s.event, s.origin, s.where]), ['rename', 'renameat', 'renameat2', 'link', 'linkat', 'symlink', 'symlinkat'].map((e) => [e, 'container', undefined]));
  assert.deepEqual(oldNameSelectors(['/etc/']).map((s) => [s.event, s.where]), ['rename', 'renameat', 'renameat2', 'link', 'linkat'].map((e) => [e, { oldpath: { prefix: ['/etc/'] } }]));
});

test('oldName: the file a rename or hard link took, resolved; not symlinks, failed calls or other events', () => {
  const rename = ev('renameat2', { olddirfd: -100, oldpath: 'ca.key', newdirfd: -100, newpath: '/tmp/x', flags: 0 }, { cwd: '/etc/kubernetes/pki' });
  assert.deepEqual(oldName(rename), { path: '/etc/kubernetes/pki/ca.key', to: '/tmp/x' });
  assert.equal(oldName({ ...rename, returnValue: -18 }), undefined, 'EXDEV');
  assert.deepEqual(oldName(ev('link', { oldpath: '/etc/watched', newpath: '/tmp/copy' })), { path: '/etc/watched', to: '/tmp/copy' });
  assert.equal(oldName(ev('symlink', { target: '/etc/watched', linkpath: '/tmp/l' })), undefined, 'a symlink\'s target is a string');
  assert.equal(oldName(ev('openat', { pathname: '/etc/watched' })), undefined);
});

test('finding fields: the names and types of the data the helpers give, access modes, creat only for writes', () => {
  const fields = [openedPathField('/proc/kcore'), openFlagsField('read'), openFlagsField('write', { withRenames: true }), watchedWritePathField('The file'), watchedWriteOldPathField('../x')];
  assert.deepEqual(fields.map((f) => [f.name, f.type]), [['pathname', 'const char *'], ['flags', 'int'], ['flags', 'int'], ['pathname', 'const char *'], ['oldpath', 'const char *']]);
  const [path, read, write, written, old] = fields.map((f) => f.doc);
  assert.match(path, /returned fd \(\/proc\/kcore\); the path passed is in detectedFrom\.$/);
  assert.ok(read.startsWith('The open\'s flags, access mode O_RDONLY or O_RDWR') && !read.includes('creat'), read);
  assert.ok(write.startsWith('Opens: the open\'s flags, access mode O_WRONLY or O_RDWR') && write.includes('O_CREAT|O_WRONLY|O_TRUNC for creat'), write);
  for (const doc of [read, write]) assert.match(doc, /openat2's `how.flags` \(from \/proc\/<pid>\/fdinfo when `how` could not be read/);
  assert.ok(written.startsWith('The file: for opens as the kernel names the returned fd, for renames'), written);
  assert.match(old, /such as \.\.\/x\)\.$/);
});
