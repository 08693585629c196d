/**
 * perf_event_open: attr's kernel value is the event's own attr; group_fd's
 * the fd the kernel took the group leader from (src/events/kernel-values.ts).
 * Both come from the KERNEL_PERF_ATTR blob of the exit (event.kernelPerf).
 *
 * attr is raced when what sysray read from user memory at entry is not the
 * kernel's copy after the kernel's own normalisations (perfAttrNormalized):
 * 'value changed', or 'entry read failed' when the entry read faulted and
 * the exit re-read differs or failed too. group_fd is raced ('fd replaced')
 * when the leader the kernel attached is not the perf event group_fd held
 * at entry: another thread dup2'd onto it during the call.
 */
import type { DecodedPerfEventAttr } from '../perf-event-attr.js';
import { PERF_ATTR_SIZE_VER0 } from '../perf-event-attr.js';
import type { DecodedArg, TraceEvent } from '../trace-event.js';
import { markRaced } from './index.js';

const PERF_TYPE_HARDWARE = 0;
const PERF_TYPE_SOFTWARE = 1;
const PERF_TYPE_HW_CACHE = 3;
/** PERF_COUNT_SW_CPU_CLOCK, PERF_COUNT_SW_TASK_CLOCK: hrtimer counters */
const SW_CLOCKS: ReadonlySet<bigint> = new Set([0n, 1n]);
const NSEC_PER_SEC = 1_000_000_000n;
/** perf_init_event: the PMU type of an extended HARDWARE/HW_CACHE config sits above bit 32 (PERF_PMU_TYPE_SHIFT). */
const PERF_HW_EVENT_MASK = 0xffffffffn;
const PERF_SAMPLE_BRANCH_STACK = 1n << 11n;
const PERF_SAMPLE_BRANCH_USER = 1n << 0n;
const PERF_SAMPLE_BRANCH_KERNEL = 1n << 1n;
const PERF_SAMPLE_BRANCH_HV = 1n << 2n;
const PERF_SAMPLE_BRANCH_PLM_ALL = PERF_SAMPLE_BRANCH_USER | PERF_SAMPLE_BRANCH_KERNEL | PERF_SAMPLE_BRANCH_HV;

const big = (v: unknown): bigint => (typeof v === 'bigint' ? v : typeof v === 'number' ? BigInt(v) : 0n);

/**
 * What the kernel makes of the attr `entry` (as read from user memory) when
 * it keeps it, as far as it does the same for every caller (kernel/events/
 * core.c): `kernel` supplies what depends on the machine (the
 * perf_event_max_stack sysctl, a PMU clearing branch_sample_type).
 *   - perf_copy_attr: size 0 is PERF_ATTR_SIZE_VER0; sample_max_stack 0 is
 *     the sysctl; a branch stack's branch_sample_type without a privilege
 *     level gets those exclude_user/kernel/hv allow
 *   - perf_event_alloc: no branch stack, branch_sample_type 0 (and x86
 *     Intel clears it for a counting event)
 *   - perf_init_event: an extended HARDWARE/HW_CACHE config loses its PMU
 *     type (the bits above 32)
 *   - perf_swevent_init_hrtimer: cpu-clock and task-clock sample at a fixed
 *     rate, so a frequency becomes its period (NSEC_PER_SEC / sample_freq,
 *     freq cleared)
 * The type of a counter moved to a PMU of its own (task-clock, cpu-clock
 * since 6.15) is compared as given: the kernel value's type is orig_type.
 * @example perfAttrNormalized({ type: 1, size: 0, config: 9n }, {}) // { type: 1, size: 64, config: 9n }
 */
export function perfAttrNormalized(entry: Readonly<DecodedPerfEventAttr>, kernel: Readonly<DecodedPerfEventAttr>): DecodedPerfEventAttr {
  const out: DecodedPerfEventAttr = { ...entry };
  if (out.size === 0) out.size = PERF_ATTR_SIZE_VER0;
  if (out.sample_max_stack === 0 && kernel.sample_max_stack !== undefined) out.sample_max_stack = kernel.sample_max_stack;
  if (out.branch_sample_type !== undefined) {
    let mask = big(out.branch_sample_type);
    if ((big(out.sample_type) & PERF_SAMPLE_BRANCH_STACK) === 0n) mask = 0n;
    else if ((mask & PERF_SAMPLE_BRANCH_PLM_ALL) === 0n) {
      if (out.exclude_kernel !== true) mask |= PERF_SAMPLE_BRANCH_KERNEL;
      if (out.exclude_user !== true) mask |= PERF_SAMPLE_BRANCH_USER;
      if (out.exclude_hv !== true) mask |= PERF_SAMPLE_BRANCH_HV;
    }
    const sampling = big(out.sample_period ?? out.sample_freq) !== 0n;
    if (!sampling && kernel.branch_sample_type === 0n) mask = 0n;
    out.branch_sample_type = mask;
  }
  if ((out.type === PERF_TYPE_HARDWARE || out.type === PERF_TYPE_HW_CACHE) && typeof out.config === 'bigint' && out.config >> 32n !== 0n) {
    out.config &= PERF_HW_EVENT_MASK;
  }
  if (out.type === PERF_TYPE_SOFTWARE && SW_CLOCKS.has(big(out.config)) && out.freq === true && big(out.sample_freq) !== 0n) {
    const period = NSEC_PER_SEC / big(out.sample_freq);
    delete out.sample_freq;
    out.sample_period = period;
    out.freq = false;
  }
  return out;
}

/** The fields where `entry`, normalised, is not `kernel` (in either's field order); [] when the kernel used what was read. */
export function perfAttrDifferences(entry: Readonly<DecodedPerfEventAttr>, kernel: Readonly<DecodedPerfEventAttr>): string[] {
  const normal = perfAttrNormalized(entry, kernel);
  const names = new Set([...Object.keys(normal), ...Object.keys(kernel)]);
  return [...names].filter((name) => normal[name] !== kernel[name]);
}

function byName(event: TraceEvent, name: string): DecodedArg | undefined {
  return event.args.find((a) => a.spec.name === name);
}

export function applyPerfTruth(event: TraceEvent): void {
  const k = event.kernelPerf;
  const attr = byName(event, 'attr');
  if (k === undefined || attr === undefined) return; // failed, or the kernel could not read its event
  if (k.replaced) {
    // the returned fd holds no event of this thread: what the kernel made cannot be checked
    markRaced(attr, 'fd replaced');
    return;
  }
  attr.kernelValue = k.attr;
  if (attr.unreadable === 'fault') markRaced(attr, 'entry read failed'); // unreadable at entry and at exit, yet the kernel read it
  else if (attr.unreadable === undefined && attr.value !== null && typeof attr.value === 'object') {
    if (perfAttrDifferences(attr.value as DecodedPerfEventAttr, k.attr).length > 0) {
      markRaced(attr, attr.entryFault ? 'entry read failed' : 'value changed');
    }
  }

  const group = byName(event, 'group_fd');
  if (group === undefined) return;
  if (k.leaderId === k.id) {
    group.kernelValue = -1; // no leader: group_fd -1, or PERF_FLAG_FD_NO_GROUP
    return;
  }
  group.kernelValue = group.value;
  // without the entry record (lost) there is no description of group_fd to hold against the leader
  if (attr.unreadable === 'lost') return;
  const atEntry = group.fd;
  if (atEntry?.kind !== 'perf_event' || atEntry.id !== k.leaderId) markRaced(group, 'fd replaced');
}
