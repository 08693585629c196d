import { test } from 'node:test';
import assert from 'node:assert/strict';
import { eventByName } from '../../events/catalog.js';
import { decodePerfEventAttr, type DecodedPerfEventAttr } from '../perf-event-attr.js';
import type { DecodedArg, TraceEvent } from '../trace-event.js';
import { traceEventFixture } from '../trace-event.fixture.js';
import type { KernelPerfEvent } from '../kernel-perf-attr.js';
import { applyPerfTruth, perfAttrDifferences, perfAttrNormalized } from './perf.js';

const SW = 1, HW = 0, HW_CACHE = 3;
const DUMMY = 9n, PAGE_FAULTS = 2n;
const BRANCH_STACK = 1n << 11n;
const BRANCH_ANY = 1n << 3n, BRANCH_USER = 1n, BRANCH_KERNEL = 2n, BRANCH_HV = 4n;
const EXCLUDE_USER = 1n << 4n, EXCLUDE_KERNEL = 1n << 5n, EXCLUDE_HV = 1n << 6n;

interface AttrFields { type?: number; size?: number; config?: bigint; period?: bigint; sampleType?: bigint; flags?: bigint; branch?: bigint; maxStack?: number }

/** An attr as bytes (136, the 6.18 struct), decoded as sysray decodes both sides. */
function attr(f: AttrFields): DecodedPerfEventAttr {
  const b = Buffer.alloc(136);
  b.writeUInt32LE(f.type ?? SW, 0);
  b.writeUInt32LE(f.size ?? 136, 4);
  b.writeBigUInt64LE(f.config ?? DUMMY, 8);
  b.writeBigUInt64LE(f.period ?? 0n, 16);
  b.writeBigUInt64LE(f.sampleType ?? 0n, 24);
  b.writeBigUInt64LE(f.flags ?? 0n, 40);
  b.writeBigUInt64LE(f.branch ?? 0n, 72);
  b.writeUInt16LE(f.maxStack ?? 0, 108);
  return decodePerfEventAttr(b, 0, b.length, false);
}

test('what the kernel does to every attr is not a race', () => {
  // perf_copy_attr: size 0 is VER0 (64), and the kernel's copy says so
  assert.deepEqual(perfAttrDifferences(attr({ size: 0 }), attr({ size: 64 })), []);
  // sample_max_stack 0 becomes the sysctl (127 by default, whatever it is here)
  assert.deepEqual(perfAttrDifferences(attr({}), attr({ maxStack: 127 })), []);
  assert.deepEqual(perfAttrDifferences(attr({ maxStack: 5 }), attr({ maxStack: 127 })), ['sample_max_stack'], 'a value given is kept');
  // no branch stack: branch_sample_type is cleared
  assert.deepEqual(perfAttrDifferences(attr({ branch: BRANCH_ANY }), attr({})), []);
  // a branch stack without privilege levels gets those the exclude_* bits allow
  const sampled = { period: 1000n, sampleType: BRANCH_STACK };
  assert.deepEqual(perfAttrDifferences(attr({ ...sampled, branch: BRANCH_ANY, flags: EXCLUDE_KERNEL | EXCLUDE_HV }),
    attr({ ...sampled, branch: BRANCH_ANY | BRANCH_USER, flags: EXCLUDE_KERNEL | EXCLUDE_HV })), []);
  assert.deepEqual(perfAttrDifferences(attr({ ...sampled, branch: BRANCH_ANY }),
    attr({ ...sampled, branch: BRANCH_ANY | BRANCH_USER | BRANCH_KERNEL | BRANCH_HV })), []);
  assert.deepEqual(perfAttrDifferences(attr({ ...sampled, branch: BRANCH_ANY | BRANCH_USER }), attr({ ...sampled, branch: BRANCH_ANY | BRANCH_USER })), []);
  // x86 Intel clears it for a counting event; a sampling one keeps it
  assert.deepEqual(perfAttrDifferences(attr({ sampleType: BRANCH_STACK, branch: BRANCH_ANY | BRANCH_USER }), attr({ sampleType: BRANCH_STACK })), []);
  assert.deepEqual(perfAttrDifferences(attr({ ...sampled, branch: BRANCH_ANY | BRANCH_USER }), attr({ ...sampled })), ['branch_sample_type']);
  // an extended hardware type (PMU type << 32) is taken off the config
  const extended = (8n << 32n) | 1n;
  assert.deepEqual(perfAttrDifferences(attr({ type: HW, config: extended }), attr({ type: HW, config: 1n })), []);
  assert.deepEqual(perfAttrDifferences(attr({ type: HW_CACHE, config: extended }), attr({ type: HW_CACHE, config: 1n })), []);
  assert.deepEqual(perfAttrDifferences(attr({ type: SW, config: extended }), attr({ type: SW, config: 1n })), ['config'], 'software configs are not masked');
  // cpu-clock and task-clock: a frequency is a fixed period
  const FREQ = 1n << 10n;
  for (const clock of [0n, 1n]) {
    assert.deepEqual(perfAttrDifferences(attr({ config: clock, flags: FREQ, period: 4000n }), attr({ config: clock, period: 250000n })), []);
  }
  assert.deepEqual(perfAttrDifferences(attr({ config: 3n, flags: FREQ, period: 3n }), attr({ config: 3n, period: 333333333n })), ['sample_freq', 'freq', 'sample_period'],
    'other software counters keep their frequency');
});

test('what the kernel did not get from the entry value is', () => {
  assert.deepEqual(perfAttrDifferences(attr({ config: DUMMY }), attr({ config: PAGE_FAULTS, maxStack: 127 })), ['config']);
  assert.deepEqual(perfAttrDifferences(attr({ size: 128 }), attr({ size: 136 })), ['size', 'config3'], 'size raced: the kernel took fields the entry value does not have');
  assert.deepEqual(perfAttrDifferences(attr({ type: SW }), attr({ type: HW })), ['type']);
  assert.deepEqual(perfAttrDifferences(attr({ flags: EXCLUDE_USER }), attr({})), ['exclude_user']);
  // a field one side does not have (a shorter attr) is a difference
  const short = attr({ size: 64 });
  assert.deepEqual(perfAttrDifferences(short, attr({})), ['size', 'config2', 'branch_sample_type', 'sample_regs_user', 'sample_stack_user', 'clockid',
    'sample_regs_intr', 'aux_watermark', 'sample_max_stack', 'aux_sample_size', 'aux_start_paused', 'aux_pause', 'aux_resume', 'sig_data', 'config3']);
});

test('normalising does not touch the value it was given', () => {
  const entry = attr({ size: 0 });
  perfAttrNormalized(entry, attr({ size: 64 }));
  assert.equal(entry.size, 0);
});

const SPEC = eventByName('perf_event_open')!;

/** A decoded perf_event_open: attr as read at entry, group_fd, and what the kernel made. */
function event(entry: DecodedPerfEventAttr | null, kernelPerf: KernelPerfEvent | undefined, groupFd = -1, over: Partial<DecodedArg> = {}, group: Partial<DecodedArg> = {}): TraceEvent {
  const args: DecodedArg[] = SPEC.args.map((spec) => ({ spec, value: 0, raw: 0 }));
  args[0] = { ...args[0], value: entry, raw: 0x7000, ...over };
  args[3] = { ...args[3], value: groupFd, raw: groupFd, ...group };
  return traceEventFixture('perf_event_open', { args, returnValue: 5, kernelPerf });
}

const made = (a: DecodedPerfEventAttr, leaderId = 7, id = 7): KernelPerfEvent => ({ replaced: false, id, leaderId, attr: a });
const perfFd = (id: number): DecodedArg['fd'] => ({ kind: 'perf_event', type: SW, config: 9, cpu: -1, targetTid: 4243, id });

test('attr: kernelValue is the kernel attr; raced only where the entry value is not it', () => {
  const plain = event(attr({}), made(attr({ maxStack: 127 })));
  applyPerfTruth(plain);
  assert.deepEqual(plain.args[0].kernelValue, attr({ maxStack: 127 }));
  assert.equal(plain.args[0].raced, undefined);
  assert.equal(plain.args[3].kernelValue, -1);
  assert.equal(plain.args[3].raced, undefined);

  const flipped = event(attr({ config: DUMMY }), made(attr({ config: PAGE_FAULTS, maxStack: 127 })));
  applyPerfTruth(flipped);
  assert.deepEqual([flipped.args[0].raced, flipped.args[0].raceTechnique], [true, 'value changed']);

  // the phantom attack: unreadable at entry, read at exit once user memory was benign again
  const phantom = event(attr({ config: DUMMY }), made(attr({ config: PAGE_FAULTS, maxStack: 127 })), -1, { readAtExit: true, entryFault: true });
  applyPerfTruth(phantom);
  assert.deepEqual([phantom.args[0].raced, phantom.args[0].raceTechnique], [true, 'entry read failed']);
  // ... and the same fault with nothing changed is no race
  const faulted = event(attr({}), made(attr({ maxStack: 127 })), -1, { readAtExit: true, entryFault: true });
  applyPerfTruth(faulted);
  assert.equal(faulted.args[0].raced, undefined);
  // unreadable at entry and at exit, while the kernel read it
  const unreadable = event(null, made(attr({})), -1, { unreadable: 'fault' });
  applyPerfTruth(unreadable);
  assert.deepEqual([unreadable.args[0].raced, unreadable.args[0].raceTechnique], [true, 'entry read failed']);
  assert.deepEqual(unreadable.args[0].kernelValue, attr({}));
  // the entry record lost: no value to compare, no race
  const lost = event(null, made(attr({}), 3), 4, { unreadable: 'lost' });
  applyPerfTruth(lost);
  assert.deepEqual([lost.args[0].raced, lost.args[3].raced, lost.args[3].kernelValue], [undefined, undefined, 4]);
});

test('a failed call or an event the kernel could not read: no kernel value', () => {
  const failed = event(attr({}), undefined);
  applyPerfTruth(failed);
  assert.equal(failed.args[0].kernelValue, undefined);
  assert.equal(failed.args[3].kernelValue, undefined);
});

test('the returned fd replaced before the exit: the kernel attr cannot be checked, raced', () => {
  const e = event(attr({}), { replaced: true });
  applyPerfTruth(e);
  assert.deepEqual([e.args[0].kernelValue, e.args[0].raced, e.args[0].raceTechnique], [undefined, true, 'fd replaced']);
});

test('group_fd: the leader named at entry, none, or another one (dup2 during the call)', () => {
  const member = event(attr({}), made(attr({}), 3, 8), 4, {}, { fd: perfFd(3) });
  applyPerfTruth(member);
  assert.deepEqual([member.args[3].kernelValue, member.args[3].raced], [4, undefined]);

  // PERF_FLAG_FD_NO_GROUP: group_fd named, no leader attached
  const noGroup = event(attr({}), made(attr({}), 8, 8), 4, {}, { fd: perfFd(3) });
  applyPerfTruth(noGroup);
  assert.deepEqual([noGroup.args[3].kernelValue, noGroup.args[3].raced], [-1, undefined]);

  const swapped = event(attr({}), made(attr({}), 5, 8), 4, {}, { fd: perfFd(3) });
  applyPerfTruth(swapped);
  assert.deepEqual([swapped.args[3].kernelValue, swapped.args[3].raced, swapped.args[3].raceTechnique], [4, true, 'fd replaced']);
  assert.equal(swapped.args[0].raced, undefined, 'attr is not what raced');

  // not a perf event (or not open) at entry, a leader by the kernel's time
  const opened = event(attr({}), made(attr({}), 5, 8), 4, {}, { fd: { kind: 'file', path: '/tmp/x' } });
  applyPerfTruth(opened);
  assert.equal(opened.args[3].raceTechnique, 'fd replaced');
  const closed = event(attr({}), made(attr({}), 5, 8), 4);
  applyPerfTruth(closed);
  assert.equal(closed.args[3].raceTechnique, 'fd replaced');
});
