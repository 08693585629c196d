import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BPF_PROG_LOAD, decodeBpfAttr } from './bpf-attr.js';

function progLoad(): Buffer {
  const b = Buffer.alloc(72);
  b.writeUInt32LE(2, 0); // BPF_PROG_TYPE_KPROBE
  b.writeUInt32LE(2, 4);
  b.writeBigUInt64LE(0x7fff0000n, 8);
  b.writeUInt32LE(1, 24);
  b.writeUInt32LE(0x60000, 40);
  b.write('sysray_kp', 48, 'latin1');
  b.writeUInt32LE(0, 68);
  return b;
}

test('BPF_PROG_LOAD: the fields up to expected_attach_type, pointers left out', () => {
  assert.deepEqual(decodeBpfAttr(BPF_PROG_LOAD, progLoad(), 0, 72), {
    prog_type: 2, insn_cnt: 2, log_level: 1, kern_version: 0x60000, prog_flags: 0, prog_name: 'sysray_kp', prog_ifindex: 0, expected_attach_type: 0,
  });
});

test('a short capture (the caller\'s size) gives the fields it covers; other commands give {}', () => {
  assert.deepEqual(decodeBpfAttr(BPF_PROG_LOAD, progLoad(), 0, 48), { prog_type: 2, insn_cnt: 2, log_level: 1, kern_version: 0x60000, prog_flags: 0 });
  assert.deepEqual(decodeBpfAttr(BPF_PROG_LOAD, progLoad(), 0, 2), {});
  const name16 = progLoad();
  name16.write('abcdefghijklmnop', 48, 'latin1');
  assert.equal(decodeBpfAttr(BPF_PROG_LOAD, name16, 0, 72).prog_name, 'abcdefghijklmnop', 'a name without its NUL');
  assert.deepEqual(decodeBpfAttr(0 /* BPF_MAP_CREATE */, progLoad(), 0, 72), {});
});
