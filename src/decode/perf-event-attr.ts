/**
 * Decodes `struct perf_event_attr` as captured from the caller's memory by
 * perf_event_open's kernel program, into an object keyed by the kernel's field
 * names, in struct order.
 *
 * The layout below is the single description of the struct on the user side;
 * `test/layout/perf-event-attr-layout.test.ts` compiles C against the uapi
 * header and against the running kernel's BTF and fails when they disagree.
 *
 * Which fields appear: a field is decoded only when both the attr's own `size`
 * (0 meaning PERF_ATTR_SIZE_VER0) and the captured length cover all of it, so
 * an old binary passing a VER5 attr shows VER5's fields and nothing invented
 * (`type` and `size` themselves need only be captured).
 * Bytes past the last field sysray knows (a newer ABI) are not decoded; the
 * `size` field, shown as passed, tells that they exist.
 *
 * Unions take the name that matches the attr: `sample_freq` when `freq` is set
 * (else `sample_period`), `wakeup_watermark` when `watermark` is set (else
 * `wakeup_events`), `bp_addr`/`bp_len` for PERF_TYPE_BREAKPOINT (else
 * `config1`/`config2`). 64-bit fields are bigints, smaller ones numbers, flag
 * bits booleans (`precise_ip`, two bits wide, a number).
 */
import {
  PERF_TYPE_BREAKPOINT,
  perfBpTypeName,
  perfBranchSampleTypeNames,
  perfConfigName,
  perfReadFormatNames,
  perfSampleTypeNames,
  perfTypeName,
} from './symbols/perf.js';

/** A JSON-able decoded struct: the JSON writer prints bigints as bare integers. */
export type DecodedPerfEventAttr = Record<string, number | bigint | boolean | string>;

/** How a field is rendered when symbolic output is on. */
export type PerfAttrSymbol = 'type' | 'config' | 'sampleType' | 'readFormat' | 'branchSampleType' | 'bpType';

/** The attr property that selects a union member's other name. */
export type PerfAttrAliasCondition = 'freq' | 'watermark' | 'breakpoint';

/** An integer member of struct perf_event_attr. */
export interface PerfAttrScalar {
  readonly kind: 'scalar';
  /** The C member name, as offsetof() takes it. */
  readonly name: string;
  readonly offset: number;
  readonly size: 2 | 4 | 8;
  readonly signed: boolean;
  /** Another member of the same union, used instead of `name` when `when` holds. */
  readonly alias?: { readonly name: string; readonly when: PerfAttrAliasCondition };
  readonly symbol?: PerfAttrSymbol;
}

/** One bitfield inside a flag word. */
export interface PerfAttrBit {
  readonly name: string;
  /** Lowest bit it occupies in the little-endian word. */
  readonly bit: number;
  readonly width: 1 | 2;
}

/** A word of bitfields; each bit is its own output field. */
export interface PerfAttrBitWord {
  readonly kind: 'bits';
  readonly offset: number;
  readonly size: 4 | 8;
  /** A member whose offsetof() is this word (C cannot take offsetof a bitfield). */
  readonly anchor?: string;
  readonly bits: readonly PerfAttrBit[];
}

export type PerfAttrEntry = PerfAttrScalar | PerfAttrBitWord;

/** PERF_ATTR_SIZE_VER0..VER8: the struct sizes the ABI has had, oldest first. */
export const PERF_ATTR_SIZES: readonly number[] = [64, 72, 80, 96, 104, 112, 120, 128, 136];
export const PERF_ATTR_SIZE_VER0 = PERF_ATTR_SIZES[0];
/** sizeof(struct perf_event_attr) as sysray knows it (kernel 6.18). */
export const PERF_ATTR_SIZE_LATEST = PERF_ATTR_SIZES[PERF_ATTR_SIZES.length - 1];

/** Offset of the u64 holding `disabled` ... `sigtrap`. */
export const PERF_ATTR_FLAGS_OFFSET = 40;

const u32 = (name: string, offset: number, extra: Partial<PerfAttrScalar> = {}): PerfAttrScalar => ({
  kind: 'scalar', name, offset, size: 4, signed: false, ...extra,
});
const u64 = (name: string, offset: number, extra: Partial<PerfAttrScalar> = {}): PerfAttrScalar => ({
  kind: 'scalar', name, offset, size: 8, signed: false, ...extra,
});

const FLAG_NAMES_BEFORE_PRECISE_IP = [
  'disabled', 'inherit', 'pinned', 'exclusive', 'exclude_user', 'exclude_kernel', 'exclude_hv',
  'exclude_idle', 'mmap', 'comm', 'freq', 'inherit_stat', 'enable_on_exec', 'task', 'watermark',
];
const FLAG_NAMES_AFTER_PRECISE_IP = [
  'mmap_data', 'sample_id_all', 'exclude_host', 'exclude_guest', 'exclude_callchain_kernel',
  'exclude_callchain_user', 'mmap2', 'comm_exec', 'use_clockid', 'context_switch', 'write_backward',
  'namespaces', 'ksymbol', 'bpf_event', 'aux_output', 'cgroup', 'text_poke', 'build_id',
  'inherit_thread', 'remove_on_exec', 'sigtrap',
];

const ATTR_FLAG_BITS: readonly PerfAttrBit[] = [
  ...FLAG_NAMES_BEFORE_PRECISE_IP.map((name, bit) => ({ name, bit, width: 1 as const })),
  { name: 'precise_ip', bit: 15, width: 2 },
  ...FLAG_NAMES_AFTER_PRECISE_IP.map((name, i) => ({ name, bit: 17 + i, width: 1 as const })),
];

/** struct perf_event_attr, in member order (x86_64 / any little-endian 64-bit ABI). */
export const PERF_EVENT_ATTR_LAYOUT: readonly PerfAttrEntry[] = [
  u32('type', 0, { symbol: 'type' }),
  u32('size', 4),
  u64('config', 8, { symbol: 'config' }),
  u64('sample_period', 16, { alias: { name: 'sample_freq', when: 'freq' } }),
  u64('sample_type', 24, { symbol: 'sampleType' }),
  u64('read_format', 32, { symbol: 'readFormat' }),
  { kind: 'bits', offset: PERF_ATTR_FLAGS_OFFSET, size: 8, bits: ATTR_FLAG_BITS },
  u32('wakeup_events', 48, { alias: { name: 'wakeup_watermark', when: 'watermark' } }),
  u32('bp_type', 52, { symbol: 'bpType' }),
  u64('config1', 56, { alias: { name: 'bp_addr', when: 'breakpoint' } }),
  u64('config2', 64, { alias: { name: 'bp_len', when: 'breakpoint' } }),
  u64('branch_sample_type', 72, { symbol: 'branchSampleType' }),
  u64('sample_regs_user', 80),
  u32('sample_stack_user', 88),
  { kind: 'scalar', name: 'clockid', offset: 92, size: 4, signed: true },
  u64('sample_regs_intr', 96),
  u32('aux_watermark', 104),
  { kind: 'scalar', name: 'sample_max_stack', offset: 108, size: 2, signed: false },
  // __reserved_2 (u16 at 110) is not shown.
  u32('aux_sample_size', 112),
  // Since 6.13 the former __reserved_3: union { __u32 aux_action; struct { bits } }.
  {
    kind: 'bits', offset: 116, size: 4, anchor: 'aux_action',
    bits: [
      { name: 'aux_start_paused', bit: 0, width: 1 },
      { name: 'aux_pause', bit: 1, width: 1 },
      { name: 'aux_resume', bit: 2, width: 1 },
    ],
  },
  u64('sig_data', 120),
  u64('config3', 128),
];

function flagBit(name: string): number {
  const found = ATTR_FLAG_BITS.find((b) => b.name === name);
  if (found === undefined) throw new Error(`perf_event_attr has no flag ${name}`);
  return found.bit;
}
const FREQ_BIT = flagBit('freq');
const WATERMARK_BIT = flagBit('watermark');

/**
 * Decodes the `length` captured bytes at `offset` of `buf`.
 * @example
 *   decodePerfEventAttr(bytes, 0, bytes.length, true)
 *   // { type: 'PERF_TYPE_SOFTWARE', size: 136, config: 'PERF_COUNT_SW_TASK_CLOCK', sample_period: 0n, ... }
 */
export function decodePerfEventAttr(
  buf: Buffer,
  offset: number,
  length: number,
  symbolic: boolean,
): DecodedPerfEventAttr {
  const out: DecodedPerfEventAttr = {};
  const captured = Math.max(0, Math.min(length, buf.length - offset));
  const type = captured >= 4 ? buf.readUInt32LE(offset) : 0;
  const declared = captured >= 8 ? buf.readUInt32LE(offset + 4) : 0;
  const limit = Math.min(captured, declared === 0 ? PERF_ATTR_SIZE_VER0 : declared);
  // The union names depend on flag bits stored after the unions' first member.
  const flagsLow = limit >= PERF_ATTR_FLAGS_OFFSET + 8 ? buf.readUInt32LE(offset + PERF_ATTR_FLAGS_OFFSET) : 0;
  const freq = ((flagsLow >>> FREQ_BIT) & 1) === 1;
  const watermark = ((flagsLow >>> WATERMARK_BIT) & 1) === 1;
  const breakpoint = type === PERF_TYPE_BREAKPOINT;

  for (const entry of PERF_EVENT_ATTR_LAYOUT) {
    // `type` and `size` are shown whenever captured: the kernel reads `size` first, whatever it says.
    if (entry.offset + entry.size > (entry.offset < 8 ? captured : limit)) break;
    if (entry.kind === 'bits') {
      decodeBits(buf, offset + entry.offset, entry, out);
      continue;
    }
    let name = entry.name;
    const alias = entry.alias;
    if (alias !== undefined) {
      const useAlias = alias.when === 'freq' ? freq : alias.when === 'watermark' ? watermark : breakpoint;
      if (useAlias) name = alias.name;
    }
    out[name] = readScalar(buf, offset, entry, type, symbolic);
  }
  return out;
}

/**
 * A decoded attr (numbers) as parse-arguments shows it: type, config,
 * sample_type, read_format, branch_sample_type and bp_type by name. The
 * decoder keeps numbers so that signatures see the same values whatever the
 * output options; printers call this.
 * @example symbolicPerfEventAttr({ type: 1, config: 1n }) // { type: 'PERF_TYPE_SOFTWARE', config: 'PERF_COUNT_SW_TASK_CLOCK' }
 */
export function symbolicPerfEventAttr(attr: Readonly<DecodedPerfEventAttr>): DecodedPerfEventAttr {
  const out: DecodedPerfEventAttr = { ...attr };
  const type = typeof attr.type === 'number' ? attr.type : 0;
  for (const entry of PERF_EVENT_ATTR_LAYOUT) {
    if (entry.kind === 'bits' || entry.symbol === undefined) continue;
    const value = attr[entry.name];
    if (typeof value !== 'number' && typeof value !== 'bigint') continue;
    switch (entry.symbol) {
      case 'type': out[entry.name] = perfTypeName(Number(value)); break;
      case 'bpType': out[entry.name] = perfBpTypeName(Number(value)); break;
      case 'config': out[entry.name] = perfConfigName(type, BigInt(value)); break;
      case 'sampleType': out[entry.name] = perfSampleTypeNames(BigInt(value)); break;
      case 'readFormat': out[entry.name] = perfReadFormatNames(BigInt(value)); break;
      case 'branchSampleType': out[entry.name] = perfBranchSampleTypeNames(BigInt(value)); break;
    }
  }
  return out;
}

function readScalar(
  buf: Buffer,
  base: number,
  field: PerfAttrScalar,
  type: number,
  symbolic: boolean,
): number | bigint | string {
  const at = base + field.offset;
  if (field.size === 8) {
    const value = buf.readBigUInt64LE(at);
    if (!symbolic || field.symbol === undefined) return value;
    switch (field.symbol) {
      case 'config':
        return perfConfigName(type, value);
      case 'sampleType':
        return perfSampleTypeNames(value);
      case 'readFormat':
        return perfReadFormatNames(value);
      case 'branchSampleType':
        return perfBranchSampleTypeNames(value);
      default:
        return value;
    }
  }
  const value =
    field.size === 4
      ? field.signed ? buf.readInt32LE(at) : buf.readUInt32LE(at)
      : field.signed ? buf.readInt16LE(at) : buf.readUInt16LE(at);
  if (!symbolic || field.symbol === undefined) return value;
  if (field.symbol === 'type') return perfTypeName(value);
  if (field.symbol === 'bpType') return perfBpTypeName(value);
  return value;
}

function decodeBits(buf: Buffer, at: number, word: PerfAttrBitWord, out: DecodedPerfEventAttr): void {
  const low = buf.readUInt32LE(at);
  const high = word.size === 8 ? buf.readUInt32LE(at + 4) : 0;
  for (const { name, bit, width } of word.bits) {
    // Widths are 1 or 2 and no field straddles bit 32.
    const value = bit < 32 ? (low >>> bit) & ((1 << width) - 1) : (high >>> (bit - 32)) & ((1 << width) - 1);
    out[name] = width === 1 ? value === 1 : value;
  }
}
