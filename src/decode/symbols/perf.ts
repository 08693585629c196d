/**
 * perf_event_open(2): its `flags` argument, and the names used when a
 * `struct perf_event_attr` is rendered symbolically (uapi linux/perf_event.h
 * and linux/hw_breakpoint.h as of kernel 6.18).
 */
import type { EnumEntry } from './enum-names.js';
import { EnumRenderer } from './enum-names.js';
import type { FlagEntry } from './flag-set.js';
import { FlagSetRenderer } from './flag-set.js';

export const PERF_EVENT_OPEN_FLAGS: readonly FlagEntry[] = [
  ['PERF_FLAG_FD_NO_GROUP', 1 << 0],
  ['PERF_FLAG_FD_OUTPUT', 1 << 1],
  ['PERF_FLAG_PID_CGROUP', 1 << 2],
  ['PERF_FLAG_FD_CLOEXEC', 1 << 3],
];

/** enum perf_type_id. Types above PERF_TYPE_MAX are dynamic PMUs (sysfs `type`) and render as numbers. */
export const PERF_TYPES: readonly EnumEntry[] = [
  ['PERF_TYPE_HARDWARE', 0],
  ['PERF_TYPE_SOFTWARE', 1],
  ['PERF_TYPE_TRACEPOINT', 2],
  ['PERF_TYPE_HW_CACHE', 3],
  ['PERF_TYPE_RAW', 4],
  ['PERF_TYPE_BREAKPOINT', 5],
];
export const PERF_TYPE_HARDWARE = 0;
export const PERF_TYPE_SOFTWARE = 1;
export const PERF_TYPE_HW_CACHE = 3;
export const PERF_TYPE_BREAKPOINT = 5;

/** enum perf_hw_id. */
export const PERF_HW_IDS: readonly EnumEntry[] = [
  ['PERF_COUNT_HW_CPU_CYCLES', 0],
  ['PERF_COUNT_HW_INSTRUCTIONS', 1],
  ['PERF_COUNT_HW_CACHE_REFERENCES', 2],
  ['PERF_COUNT_HW_CACHE_MISSES', 3],
  ['PERF_COUNT_HW_BRANCH_INSTRUCTIONS', 4],
  ['PERF_COUNT_HW_BRANCH_MISSES', 5],
  ['PERF_COUNT_HW_BUS_CYCLES', 6],
  ['PERF_COUNT_HW_STALLED_CYCLES_FRONTEND', 7],
  ['PERF_COUNT_HW_STALLED_CYCLES_BACKEND', 8],
  ['PERF_COUNT_HW_REF_CPU_CYCLES', 9],
];

/** enum perf_sw_ids. */
export const PERF_SW_IDS: readonly EnumEntry[] = [
  ['PERF_COUNT_SW_CPU_CLOCK', 0],
  ['PERF_COUNT_SW_TASK_CLOCK', 1],
  ['PERF_COUNT_SW_PAGE_FAULTS', 2],
  ['PERF_COUNT_SW_CONTEXT_SWITCHES', 3],
  ['PERF_COUNT_SW_CPU_MIGRATIONS', 4],
  ['PERF_COUNT_SW_PAGE_FAULTS_MIN', 5],
  ['PERF_COUNT_SW_PAGE_FAULTS_MAJ', 6],
  ['PERF_COUNT_SW_ALIGNMENT_FAULTS', 7],
  ['PERF_COUNT_SW_EMULATION_FAULTS', 8],
  ['PERF_COUNT_SW_DUMMY', 9],
  ['PERF_COUNT_SW_BPF_OUTPUT', 10],
  ['PERF_COUNT_SW_CGROUP_SWITCHES', 11],
];

/** enum perf_hw_cache_id: bits 0-7 of a PERF_TYPE_HW_CACHE config. */
export const PERF_HW_CACHE_IDS: readonly EnumEntry[] = [
  ['PERF_COUNT_HW_CACHE_L1D', 0],
  ['PERF_COUNT_HW_CACHE_L1I', 1],
  ['PERF_COUNT_HW_CACHE_LL', 2],
  ['PERF_COUNT_HW_CACHE_DTLB', 3],
  ['PERF_COUNT_HW_CACHE_ITLB', 4],
  ['PERF_COUNT_HW_CACHE_BPU', 5],
  ['PERF_COUNT_HW_CACHE_NODE', 6],
];
/** enum perf_hw_cache_op_id: bits 8-15. */
export const PERF_HW_CACHE_OPS: readonly EnumEntry[] = [
  ['PERF_COUNT_HW_CACHE_OP_READ', 0],
  ['PERF_COUNT_HW_CACHE_OP_WRITE', 1],
  ['PERF_COUNT_HW_CACHE_OP_PREFETCH', 2],
];
/** enum perf_hw_cache_op_result_id: bits 16-23. */
export const PERF_HW_CACHE_RESULTS: readonly EnumEntry[] = [
  ['PERF_COUNT_HW_CACHE_RESULT_ACCESS', 0],
  ['PERF_COUNT_HW_CACHE_RESULT_MISS', 1],
];

/** enum perf_event_sample_format. */
export const PERF_SAMPLE_TYPES: readonly FlagEntry[] = [
  'IP', 'TID', 'TIME', 'ADDR', 'READ', 'CALLCHAIN', 'ID', 'CPU', 'PERIOD', 'STREAM_ID',
  'RAW', 'BRANCH_STACK', 'REGS_USER', 'STACK_USER', 'WEIGHT', 'DATA_SRC', 'IDENTIFIER',
  'TRANSACTION', 'REGS_INTR', 'PHYS_ADDR', 'AUX', 'CGROUP', 'DATA_PAGE_SIZE',
  'CODE_PAGE_SIZE', 'WEIGHT_STRUCT',
].map((name, bit) => [`PERF_SAMPLE_${name}`, 2 ** bit] as const);

/** enum perf_event_read_format. */
export const PERF_READ_FORMATS: readonly FlagEntry[] = [
  ['PERF_FORMAT_TOTAL_TIME_ENABLED', 1 << 0],
  ['PERF_FORMAT_TOTAL_TIME_RUNNING', 1 << 1],
  ['PERF_FORMAT_ID', 1 << 2],
  ['PERF_FORMAT_GROUP', 1 << 3],
  ['PERF_FORMAT_LOST', 1 << 4],
];

/** enum perf_branch_sample_type. */
export const PERF_BRANCH_SAMPLE_TYPES: readonly FlagEntry[] = [
  'USER', 'KERNEL', 'HV', 'ANY', 'ANY_CALL', 'ANY_RETURN', 'IND_CALL', 'ABORT_TX', 'IN_TX',
  'NO_TX', 'COND', 'CALL_STACK', 'IND_JUMP', 'CALL', 'NO_FLAGS', 'NO_CYCLES', 'TYPE_SAVE',
  'HW_INDEX', 'PRIV_SAVE', 'COUNTERS',
].map((name, bit) => [`PERF_SAMPLE_BRANCH_${name}`, 2 ** bit] as const);

/** linux/hw_breakpoint.h: bp_type values. */
export const PERF_BP_TYPES: readonly EnumEntry[] = [
  ['HW_BREAKPOINT_EMPTY', 0],
  ['HW_BREAKPOINT_R', 1],
  ['HW_BREAKPOINT_W', 2],
  ['HW_BREAKPOINT_RW', 3],
  ['HW_BREAKPOINT_X', 4],
];

const openFlags = new FlagSetRenderer(PERF_EVENT_OPEN_FLAGS, { width: 64 });
const types = new EnumRenderer(PERF_TYPES);
const hwIds = new EnumRenderer(PERF_HW_IDS);
const swIds = new EnumRenderer(PERF_SW_IDS);
const cacheIds = new EnumRenderer(PERF_HW_CACHE_IDS);
const cacheOps = new EnumRenderer(PERF_HW_CACHE_OPS);
const cacheResults = new EnumRenderer(PERF_HW_CACHE_RESULTS);
const sampleTypes = new FlagSetRenderer(PERF_SAMPLE_TYPES, { width: 64 });
const readFormats = new FlagSetRenderer(PERF_READ_FORMATS, { width: 64 });
const branchSampleTypes = new FlagSetRenderer(PERF_BRANCH_SAMPLE_TYPES, { width: 64 });
const bpTypes = new EnumRenderer(PERF_BP_TYPES);

/** @example renderPerfEventOpenFlags(8n) // 'PERF_FLAG_FD_CLOEXEC' */
export function renderPerfEventOpenFlags(value: bigint): string {
  return openFlags.render(value);
}

/** @example perfTypeName(1) // 'PERF_TYPE_SOFTWARE'; perfTypeName(9) // '9' */
export function perfTypeName(type: number): string {
  return types.renderNumber(type);
}

const LOW_32 = 0xffffffffn;
/** PERF_PMU_TYPE_SHIFT: hybrid CPUs put a PMU type above bit 32 of hardware and cache configs. */
const PMU_TYPE_MASK = ~LOW_32 & 0xffffffffffffffffn;

/**
 * `config` of a perf_event_attr by name, for the generic event types.
 * - PERF_TYPE_HARDWARE: `PERF_COUNT_HW_CPU_CYCLES`
 * - PERF_TYPE_SOFTWARE: `PERF_COUNT_SW_TASK_CLOCK`
 * - PERF_TYPE_HW_CACHE: the three kernel enumerators of its bytes,
 *   `PERF_COUNT_HW_CACHE_L1D|PERF_COUNT_HW_CACHE_OP_READ|PERF_COUNT_HW_CACHE_RESULT_ACCESS`
 *   (every token a uapi identifier, as everywhere else in symbolic output).
 * An extended PMU type in bits 32-63 (hardware and cache types) follows as hex:
 * `PERF_COUNT_HW_CPU_CYCLES|0x800000000`. Anything else is the decimal number.
 */
export function perfConfigName(type: number, config: bigint): string {
  const low = config & LOW_32;
  const pmu = config & PMU_TYPE_MASK;
  let name: string | undefined;
  switch (type) {
    case PERF_TYPE_HARDWARE:
      name = hwIds.name(low);
      break;
    case PERF_TYPE_SOFTWARE:
      return swIds.render(config);
    case PERF_TYPE_HW_CACHE: {
      if (low > 0xffffffn) break;
      const id = cacheIds.name(low & 0xffn);
      const op = cacheOps.name((low >> 8n) & 0xffn);
      const result = cacheResults.name(low >> 16n);
      if (id !== undefined && op !== undefined && result !== undefined) name = `${id}|${op}|${result}`;
      break;
    }
  }
  if (name === undefined) return config.toString();
  return pmu === 0n ? name : `${name}|0x${pmu.toString(16)}`;
}

/** @example perfSampleTypeNames(0x3n) // 'PERF_SAMPLE_IP|PERF_SAMPLE_TID' */
export function perfSampleTypeNames(bits: bigint): string {
  return sampleTypes.render(bits);
}

/** @example perfReadFormatNames(0x3n) // 'PERF_FORMAT_TOTAL_TIME_ENABLED|PERF_FORMAT_TOTAL_TIME_RUNNING' */
export function perfReadFormatNames(bits: bigint): string {
  return readFormats.render(bits);
}

/** @example perfBranchSampleTypeNames(0x9n) // 'PERF_SAMPLE_BRANCH_USER|PERF_SAMPLE_BRANCH_ANY' */
export function perfBranchSampleTypeNames(bits: bigint): string {
  return branchSampleTypes.render(bits);
}

/** @example perfBpTypeName(2) // 'HW_BREAKPOINT_W'; unknown values as decimal */
export function perfBpTypeName(bpType: number): string {
  return bpTypes.renderNumber(bpType);
}

/**
 * ioctl requests on a perf event fd (_IO/_IOR/_IOW('$', n), x86_64 encoding),
 * and the two prctl options that act on every counter of a process
 * (perf_event_ioctl shows both as its `request`).
 */
export const PERF_EVENT_IOCTLS: readonly EnumEntry[] = [
  ['PERF_EVENT_IOC_ENABLE', 0x2400],
  ['PERF_EVENT_IOC_DISABLE', 0x2401],
  ['PERF_EVENT_IOC_REFRESH', 0x2402],
  ['PERF_EVENT_IOC_RESET', 0x2403],
  ['PERF_EVENT_IOC_PERIOD', 0x40082404],
  ['PERF_EVENT_IOC_SET_OUTPUT', 0x2405],
  ['PERF_EVENT_IOC_SET_FILTER', 0x40082406],
  ['PERF_EVENT_IOC_ID', 0x80082407],
  ['PERF_EVENT_IOC_SET_BPF', 0x40042408],
  ['PERF_EVENT_IOC_PAUSE_OUTPUT', 0x40042409],
  ['PERF_EVENT_IOC_QUERY_BPF', 0xc008240a],
  ['PERF_EVENT_IOC_MODIFY_ATTRIBUTES', 0x4008240b],
  ['PR_TASK_PERF_EVENTS_DISABLE', 31],
  ['PR_TASK_PERF_EVENTS_ENABLE', 32],
];
const perfIoctls = new EnumRenderer(PERF_EVENT_IOCTLS);
export const renderPerfIoctl = (v: bigint): string => perfIoctls.render(v);
const perfTypes = new EnumRenderer(PERF_TYPES);
export const renderPerfType = (v: bigint): string => perfTypes.render(v);
