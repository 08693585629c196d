import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodePerfEventAttr, symbolicPerfEventAttr } from './perf-event-attr.js';

// Offsets written by hand from linux/perf_event.h, independent of the decoder's
// table (test/layout checks that table against C).
function attr(size: number, fill: (b: Buffer) => void, bufferSize = 136): Buffer {
  const b = Buffer.alloc(bufferSize);
  b.writeUInt32LE(size, 4);
  fill(b);
  return b;
}
function setBit(b: Buffer, bit: number): void {
  b.writeBigUInt64LE(b.readBigUInt64LE(40) | (1n << BigInt(bit)), 40);
}

const FLAG_KEYS = [
  'disabled', 'inherit', 'pinned', 'exclusive', 'exclude_user', 'exclude_kernel', 'exclude_hv',
  'exclude_idle', 'mmap', 'comm', 'freq', 'inherit_stat', 'enable_on_exec', 'task', 'watermark',
  'precise_ip', 'mmap_data', 'sample_id_all', 'exclude_host', 'exclude_guest',
  'exclude_callchain_kernel', 'exclude_callchain_user', 'mmap2', 'comm_exec', 'use_clockid',
  'context_switch', 'write_backward', 'namespaces', 'ksymbol', 'bpf_event', 'aux_output', 'cgroup',
  'text_poke', 'build_id', 'inherit_thread', 'remove_on_exec', 'sigtrap',
];
const VER0_KEYS = [
  'type', 'size', 'config', 'sample_period', 'sample_type', 'read_format', ...FLAG_KEYS,
  'wakeup_events', 'bp_type', 'config1',
];
const ALL_KEYS = [
  ...VER0_KEYS, 'config2', 'branch_sample_type', 'sample_regs_user', 'sample_stack_user', 'clockid',
  'sample_regs_intr', 'aux_watermark', 'sample_max_stack', 'aux_sample_size', 'aux_start_paused',
  'aux_pause', 'aux_resume', 'sig_data', 'config3',
];

describe('decodePerfEventAttr', () => {
  it('decodes every field of a 6.18-sized attr, in struct order, with exact 64-bit values', () => {
    const b = attr(136, (b) => {
      b.writeUInt32LE(4, 0);
      b.writeBigUInt64LE(0xfedcba9876543210n, 8);
      b.writeBigUInt64LE(4000n, 16);
      b.writeBigUInt64LE(0x10007n, 24);
      b.writeBigUInt64LE(0x1fn, 32);
      b.writeUInt32LE(7, 48);
      b.writeUInt32LE(0, 52);
      b.writeBigUInt64LE(0xffffffffffffffffn, 56);
      b.writeBigUInt64LE(2n, 64);
      b.writeBigUInt64LE(0x9n, 72);
      b.writeBigUInt64LE(0xff0n, 80);
      b.writeUInt32LE(8192, 88);
      b.writeInt32LE(-1, 92);
      b.writeBigUInt64LE(0x3n, 96);
      b.writeUInt32LE(4096, 104);
      b.writeUInt16LE(127, 108);
      b.writeUInt32LE(65536, 112);
      b.writeUInt32LE(0b101, 116);
      b.writeBigUInt64LE(0xdeadbeefcafef00dn, 120);
      b.writeBigUInt64LE(1n << 63n, 128);
    });
    setBit(b, 0);
    b.writeBigUInt64LE(b.readBigUInt64LE(40) | (2n << 15n), 40); // precise_ip = 2
    setBit(b, 37); // sigtrap, in the high half of the word
    const d = decodePerfEventAttr(b, 0, b.length, false);
    assert.deepEqual(Object.keys(d), ALL_KEYS);
    assert.equal(d.type, 4);
    assert.equal(d.size, 136);
    assert.equal(d.config, 0xfedcba9876543210n);
    assert.equal(d.sample_period, 4000n);
    assert.equal(d.sample_type, 0x10007n);
    assert.equal(d.read_format, 0x1fn);
    assert.equal(d.disabled, true);
    assert.equal(d.inherit, false);
    assert.equal(d.precise_ip, 2);
    assert.equal(d.mmap_data, false);
    assert.equal(d.sigtrap, true);
    assert.equal(d.remove_on_exec, false);
    assert.equal(d.wakeup_events, 7);
    assert.equal(d.bp_type, 0);
    assert.equal(d.config1, 0xffffffffffffffffn);
    assert.equal(d.config2, 2n);
    assert.equal(d.branch_sample_type, 9n);
    assert.equal(d.sample_regs_user, 0xff0n);
    assert.equal(d.sample_stack_user, 8192);
    assert.equal(d.clockid, -1);
    assert.equal(d.sample_regs_intr, 3n);
    assert.equal(d.aux_watermark, 4096);
    assert.equal(d.sample_max_stack, 127);
    assert.equal(d.aux_sample_size, 65536);
    assert.equal(d.aux_start_paused, true);
    assert.equal(d.aux_pause, false);
    assert.equal(d.aux_resume, true);
    assert.equal(d.sig_data, 0xdeadbeefcafef00dn);
    assert.equal(d.config3, 1n << 63n);
  });

  it('size 0 means PERF_ATTR_SIZE_VER0 (64 bytes)', () => {
    const b = attr(0, (b) => b.writeBigUInt64LE(5n, 64));
    const d = decodePerfEventAttr(b, 0, b.length, false);
    assert.deepEqual(Object.keys(d), VER0_KEYS);
    assert.equal(d.size, 0);
  });

  it('stops at the declared size', () => {
    const d = decodePerfEventAttr(attr(112, () => {}), 0, 136, false); // VER5
    assert.equal(Object.keys(d).at(-1), 'sample_max_stack');
    const d7 = decodePerfEventAttr(attr(128, () => {}), 0, 136, false); // VER7
    assert.equal(Object.keys(d7).at(-1), 'sig_data');
  });

  it('stops at the captured length', () => {
    const b = attr(136, () => {});
    assert.deepEqual(Object.keys(decodePerfEventAttr(b, 0, 50, false)), [
      'type', 'size', 'config', 'sample_period', 'sample_type', 'read_format', ...FLAG_KEYS,
    ]);
    assert.deepEqual(Object.keys(decodePerfEventAttr(b, 0, 47, false)), [
      'type', 'size', 'config', 'sample_period', 'sample_type', 'read_format',
    ]);
    assert.deepEqual(Object.keys(decodePerfEventAttr(b, 0, 6, false)), ['type']);
    assert.deepEqual(decodePerfEventAttr(b, 0, 0, false), {});
    // A length beyond the buffer is clamped to it.
    assert.deepEqual(Object.keys(decodePerfEventAttr(b.subarray(0, 72), 0, 500, false)), [...VER0_KEYS, 'config2']);
  });

  it('shows type and size even when size is below VER0', () => {
    const d = decodePerfEventAttr(attr(4, () => {}), 0, 136, false);
    assert.deepEqual(d, { type: 0, size: 4 });
  });

  it('ignores a tail past the fields it knows', () => {
    const b = attr(200, () => {}, 200);
    b.fill(0xff, 136);
    assert.deepEqual(Object.keys(decodePerfEventAttr(b, 0, 200, false)), ALL_KEYS);
  });

  it('names unions by the attr: sample_freq, wakeup_watermark, bp_addr/bp_len', () => {
    const b = attr(136, (b) => {
      b.writeUInt32LE(5, 0); // PERF_TYPE_BREAKPOINT
      b.writeBigUInt64LE(4000n, 16);
      b.writeUInt32LE(3, 52);
      b.writeBigUInt64LE(0x7ffc0000n, 56);
      b.writeBigUInt64LE(8n, 64);
    });
    setBit(b, 10); // freq
    setBit(b, 14); // watermark
    const d = decodePerfEventAttr(b, 0, b.length, false);
    const keys = Object.keys(d);
    assert.equal(d.sample_freq, 4000n);
    assert.equal(d.wakeup_watermark, 0);
    assert.equal(d.bp_addr, 0x7ffc0000n);
    assert.equal(d.bp_len, 8n);
    for (const k of ['sample_period', 'wakeup_events', 'config1', 'config2']) assert.ok(!keys.includes(k), k);
    assert.equal(keys.indexOf('sample_freq'), 3);
    assert.equal(keys.indexOf('bp_addr'), keys.indexOf('bp_type') + 1);
    assert.equal(decodePerfEventAttr(b, 0, b.length, true).bp_type, 'HW_BREAKPOINT_RW');
  });

  it('renders symbolically the enumerated and flag fields only', () => {
    const b = attr(136, (b) => {
      b.writeUInt32LE(1, 0);
      b.writeBigUInt64LE(1n, 8);
      b.writeBigUInt64LE(0x7n, 24);
      b.writeBigUInt64LE(0x3n, 32);
      b.writeBigUInt64LE(0x9n, 72);
      b.writeUInt32LE(2, 52);
      b.writeInt32LE(1, 92);
    });
    setBit(b, 0);
    const d = decodePerfEventAttr(b, 0, b.length, true);
    assert.equal(d.type, 'PERF_TYPE_SOFTWARE');
    assert.equal(d.config, 'PERF_COUNT_SW_TASK_CLOCK');
    assert.equal(d.sample_type, 'PERF_SAMPLE_IP|PERF_SAMPLE_TID|PERF_SAMPLE_TIME');
    assert.equal(d.read_format, 'PERF_FORMAT_TOTAL_TIME_ENABLED|PERF_FORMAT_TOTAL_TIME_RUNNING');
    assert.equal(d.branch_sample_type, 'PERF_SAMPLE_BRANCH_USER|PERF_SAMPLE_BRANCH_ANY');
    assert.equal(d.bp_type, 'HW_BREAKPOINT_W');
    assert.equal(d.disabled, true);
    assert.equal(d.sample_period, 0n);
    assert.equal(d.wakeup_events, 0);
    assert.equal(d.clockid, 1);
    assert.equal(d.config1, 0n);
    assert.equal(d.sample_regs_user, 0n);
    // the printers' way: numbers decoded, named afterwards, the same object
    assert.deepEqual(symbolicPerfEventAttr(decodePerfEventAttr(b, 0, b.length, false)), d);
    const raw = decodePerfEventAttr(b, 0, b.length, false);
    assert.equal(raw.type, 1, 'what signatures and filters see');
  });

  it('reads at an offset inside a larger buffer', () => {
    const inner = attr(72, (b) => b.writeUInt32LE(2, 0), 72);
    const outer = Buffer.concat([Buffer.alloc(13, 0xee), inner, Buffer.alloc(9, 0xee)]);
    assert.deepEqual(decodePerfEventAttr(outer, 13, 72, false), decodePerfEventAttr(inner, 0, 72, false));
  });
});
