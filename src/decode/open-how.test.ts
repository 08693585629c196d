import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeOpenHow, symbolicOpenHow } from './open-how.js';

function how(flags: bigint, mode: bigint, resolve: bigint): Buffer {
  const b = Buffer.alloc(24);
  b.writeBigUInt64LE(flags, 0);
  b.writeBigUInt64LE(mode, 8);
  b.writeBigUInt64LE(resolve, 16);
  return b;
}

test('open_how: three u64 fields as numbers; fields past a short size are 0', () => {
  assert.deepEqual(decodeOpenHow(how(0o2000101n, 0o644n, 0x18n), 0, 24), { flags: 0o2000101, mode: 0o644, resolve: 0x18 });
  assert.deepEqual(decodeOpenHow(how(0o1n, 0o644n, 0x18n), 0, 8), { flags: 1, mode: 0, resolve: 0 });
  assert.deepEqual(decodeOpenHow(how(1n << 63n, 0n, 0n), 0, 24), { flags: 1n << 63n, mode: 0, resolve: 0 });
});

test('open_how named as parse-arguments names openat\'s flags and mode, resolve as RESOLVE_*', () => {
  assert.deepEqual(symbolicOpenHow({ flags: 0o2000101, mode: 0o644, resolve: 0x18 }), {
    flags: 'O_WRONLY|O_CREAT|O_CLOEXEC', mode: '0644', resolve: 'RESOLVE_BENEATH|RESOLVE_IN_ROOT',
  });
  assert.deepEqual(symbolicOpenHow({ flags: 0, mode: 0, resolve: 0 }), { flags: 'O_RDONLY', mode: '0000', resolve: '0' });
});
