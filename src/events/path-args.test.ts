import { test } from 'node:test';
import assert from 'node:assert/strict';
import { eventByName } from './catalog.js';
import { cwdPaths, dirfdPaths, isResolvedPathArg } from './path-args.js';

const sc = (name: string) => eventByName(name)!;

test('dirfd paths: each dirfd with the path after it', () => {
  assert.equal(dirfdPaths(sc('openat')), 0b1);
  assert.equal(dirfdPaths(sc('renameat')), 0b101); // olddirfd/oldpath, newdirfd/newpath
  assert.equal(dirfdPaths(sc('symlinkat')), 0b10); // newdirfd/linkpath, not the target
  assert.equal(dirfdPaths(sc('move_mount')), 0b101);
  assert.equal(dirfdPaths(sc('fanotify_mark')), 0b1000);
  assert.equal(dirfdPaths(sc('rename')), 0);
});

test('cwd paths: path strings of syscalls without a dirfd; not symlink\'s target, not names', () => {
  assert.equal(cwdPaths(sc('rename')), 0b11);
  assert.equal(cwdPaths(sc('open')), 0b1);
  assert.equal(cwdPaths(sc('symlink')), 0b10);
  assert.equal(cwdPaths(sc('mount')), 0b10); // target, not source or filesystemtype
  assert.equal(cwdPaths(sc('memfd_create')), 0);
  assert.equal(cwdPaths(sc('openat')), 0, 'with a dirfd: dirfdPaths');
});

test('resolved path arguments: what an open names, not what memfd_create or mq_open name', () => {
  assert.ok(isResolvedPathArg(sc('openat'), 1));
  assert.ok(isResolvedPathArg(sc('openat2'), 1));
  assert.ok(isResolvedPathArg(sc('open'), 0));
  assert.ok(isResolvedPathArg(sc('creat'), 0));
  assert.ok(!isResolvedPathArg(sc('openat'), 0));
  assert.ok(!isResolvedPathArg(sc('memfd_create'), 0));
  assert.ok(!isResolvedPathArg(sc('mq_open'), 0));
});
