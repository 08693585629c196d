import { test } from 'node:test';
import assert from 'node:assert/strict';
import { argOp, ArgOp } from './record-json-native.js';
import { eventByName } from '../events/catalog.js';

function ops(name: string): number[] {
  const spec = eventByName(name)!;
  return spec.args.map((a, i) => argOp(spec.name, a, i));
}

test('argOp: the C writer writes each argument as the catalog types it', () => {
  // read(int fd, void *buf, size_t count)
  assert.deepEqual(ops('read'), [ArgOp.s32, ArgOp.u64, ArgOp.u64]);
  // access(const char *pathname, int mode): a string read at entry
  assert.deepEqual(ops('access'), [ArgOp.string, ArgOp.s32]);
  // openat's pathname also carries the open's kernel value
  assert.equal(ops('openat')[1], ArgOp.string | ArgOp.openTruthBit);
  assert.equal(ops('openat')[0], ArgOp.s32);
  // pipe2's fds are written by the kernel at exit: an entry loss does not touch them; not a string
  assert.equal(ops('pipe2')[0], ArgOp.address | ArgOp.exitBit);
});

test('argOp: arguments past the six registers are null until a blob fills them', () => {
  const exec = eventByName('sched_process_exec')!;
  assert.ok(exec.args.length > 6);
  assert.equal(argOp(exec.name, exec.args[7], 7), ArgOp.null);
});
