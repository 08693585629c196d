/**
 * SYSRAY-3 perf_event_abuse: perf events used to spy on other processes.
 * sysray's own signature (Tracee has none). A counter is judged by what the
 * kernel made of it (the returned fd: type, config, cpu, the HOST tid it
 * follows), so pid namespaces and a rewritten attr cannot move its target;
 * only what it samples (attr.sample_type) comes from the caller's memory.
 * Reported: sampling another process's registers or stack, hardware counters
 * on another process (a side channel), counters on a whole CPU by programs
 * other than known profilers, and a BPF program attached to a counter.
 */
import type { TraceEvent } from '../../decode/trace-event.js';
import type { Finding, Signature, SignatureContext } from '../signature.js';
import { PERF_SAMPLE_TYPES, perfSampleTypeNames } from '../../decode/symbols/perf.js';
import { KNOWN_AGENTS, KNOWN_PROFILERS, hostThreadGroup, numArg, processData, processNamed } from '../predicates.js';

const PERF_SAMPLE_REGS_USER = 1n << 12n, PERF_SAMPLE_STACK_USER = 1n << 13n, PERF_SAMPLE_REGS_INTR = 1n << 18n;
const SPYING_SAMPLES = PERF_SAMPLE_REGS_USER | PERF_SAMPLE_STACK_USER | PERF_SAMPLE_REGS_INTR;
/** PERF_TYPE_HARDWARE, PERF_TYPE_HW_CACHE, PERF_TYPE_RAW; x86 core PMUs by name (hybrid: cpu_core, cpu_atom). */
const HARDWARE_TYPES = new Set([0, 3, 4]);
const HARDWARE_PMU = /^cpu(_core|_atom)?$/;
const PERF_FLAG_PID_CGROUP = 4;
const PERF_EVENT_IOC_SET_BPF = 0x40042408;

const SAMPLE_BITS = new Map(PERF_SAMPLE_TYPES.map(([name, bit]) => [name, BigInt(bit)]));

/** attr.sample_type as bits: a number, or names joined by | (with -o option:parse-arguments). */
function _sampleBits(v: unknown): bigint {
  if (typeof v === 'bigint') return v;
  if (typeof v === 'number') return BigInt(v);
  if (typeof v !== 'string') return 0n;
  let bits = 0n;
  for (const part of v.split('|')) bits |= SAMPLE_BITS.get(part) ?? (/^(0x[0-9a-f]+|\d+)$/i.test(part) ? BigInt(part) : 0n);
  return bits;
}

function _bigint(v: unknown): bigint {
  return typeof v === 'bigint' ? v : typeof v === 'number' && Number.isInteger(v) ? BigInt(v) : 0n;
}

function _openFinding(event: TraceEvent, ctx: SignatureContext): Finding | undefined {
  const counter = event.returnedFd;
  if (Number(event.returnValue) < 0 || counter?.kind !== 'perf_event') return undefined; // refused: reads nothing
  const attrArg = event.args.find((a) => a.spec.name === 'attr')?.value;
  const attr = (attrArg !== null && typeof attrArg === 'object' && !Array.isArray(attrArg) ? attrArg : {}) as Record<string, unknown>;
  const sampleType = _sampleBits(attr.sample_type);
  const sampling = _bigint(attr[attr.freq === true ? 'sample_freq' : 'sample_period']) > 0n;
  const spies = sampling && (sampleType & SPYING_SAMPLES) !== 0n;
  const hardware = HARDWARE_TYPES.has(counter.type) || HARDWARE_PMU.test(counter.pmu ?? '');
  let reason: string, severity: 2 | 3, target: number | undefined;
  if (counter.targetTid > 0) {
    target = hostThreadGroup(ctx, counter.targetTid);
    if (target === undefined || ctx.isDescendant(target, event.hostProcessId)) return undefined; // itself, or its own child
    if (spies) [reason, severity] = ['regs_or_stack_sampling', 3];
    else if (hardware) [reason, severity] = ['hardware_side_channel', 2];
    else return undefined;
  } else {
    if (processNamed(ctx.param('profilers'), event.processName, event.executablePath)) return undefined;
    [reason, severity] = spies ? ['regs_or_stack_sampling', 3] : ['system_wide', 2];
  }
  return {
    severity,
    data: {
      reason,
      target: target !== undefined ? processData(ctx, target) : undefined,
      targetTid: counter.targetTid,
      scope: counter.targetTid > 0 ? 'task' : (numArg(event, 'flags') & PERF_FLAG_PID_CGROUP) !== 0 ? 'cgroup' : 'cpu',
      cpu: counter.cpu,
      type: counter.type,
      config: BigInt(counter.config),
      pmu: counter.pmu ?? '',
      sampleType: perfSampleTypeNames(sampleType),
      sampleRegsUser: _bigint(attr.sample_regs_user),
      sampleStackUser: Number(attr.sample_stack_user ?? 0),
      sampleRegsIntr: _bigint(attr.sample_regs_intr),
    },
  };
}

function _setBpfFinding(event: TraceEvent, ctx: SignatureContext): Finding | undefined {
  if (event.hostProcessId === ctx.self.pid) return undefined;
  const tid = numArg(event, 'pid');
  const target = tid > 0 ? hostThreadGroup(ctx, tid) : undefined;
  return {
    data: {
      reason: 'set_bpf',
      target: target !== undefined ? processData(ctx, target) : undefined,
      targetTid: tid,
      scope: tid > 0 ? 'task' : 'cpu',
      cpu: numArg(event, 'cpu'),
      type: numArg(event, 'type'),
      config: _bigint(event.args.find((a) => a.spec.name === 'config')?.value),
      progFd: numArg(event, 'arg'),
    },
  };
}

export const perfEventAbuse: Signature = {
  metadata: {
    id: 'SYSRAY-3',
    version: '1',
    name: 'Perf events used to spy on other processes',
    eventName: 'perf_event_abuse',
    description: 'A process opened a perf event that samples the registers or stack of another process, counts another process with hardware counters, counts or samples every process on a CPU, or attached a BPF program to a perf event. Perf events read what other programs hold and do without ptrace: register and stack samples carry their data, hardware counters leak their secrets through timing and cache side channels.',
    tags: ['linux'],
    properties: {
      Severity: 2,
      Category: 'credential-access',
      Technique: 'Input Capture',
      Kubernetes_Technique: '',
      id: 'attack-pattern--bb5a00de-e086-4859-a231-fa793f6797e2',
      external_id: 'T1056',
    },
  },
  selects: [
    { event: 'perf_event_open', origin: 'any' },
    { event: 'perf_event_ioctl', origin: 'any', where: { request: { in: [PERF_EVENT_IOC_SET_BPF] } } },
  ],
  params: {
    // security agents (another sysray among them) attach their tracepoint programs through cpu-wide perf events
    profilers: { default: [...KNOWN_PROFILERS, ...KNOWN_AGENTS], doc: 'Programs (comm or executable base name) whose counters on whole CPUs are their trade, profilers and the security agents that attach BPF programs through tracepoint perf events: not reported.' },
  },
  doc: {
    data: [
      { name: 'reason', type: 'const char *', doc: '`regs_or_stack_sampling` (severity 3): samples PERF_SAMPLE_REGS_USER, STACK_USER or REGS_INTR of another process or of a whole CPU; `hardware_side_channel` (2): a hardware, cache or raw counter on another process; `system_wide` (2): any other counter on a whole CPU or cgroup; `set_bpf` (2): PERF_EVENT_IOC_SET_BPF attached a BPF program to a perf event.' },
      { name: 'target', type: 'unknown', doc: 'The process the counter follows, {hostProcessId, processName, executable: {path}, processEntityId}: the thread group of the host tid the kernel bound it to. Absent for counters on a whole CPU or cgroup.' },
      { name: 'targetTid', type: 'int', doc: 'The host thread id the kernel follows (a thread of `target`), -1 for a whole CPU or cgroup.' },
      { name: 'scope', type: 'const char *', doc: '`task`, `cpu` (pid -1: every process on `cpu`) or `cgroup` (PERF_FLAG_PID_CGROUP).' },
      { name: 'cpu', type: 'int', doc: 'The CPU the counter counts on, -1 for any.' },
      { name: 'type', type: 'int', doc: 'The counter\'s type as the kernel holds it (PERF_TYPE_*: 0 hardware, 1 software, 2 tracepoint, 3 cache, 4 raw; higher: a dynamic PMU).' },
      { name: 'config', type: 'unsigned long', doc: 'The counter\'s config (which event of that type).' },
      { name: 'pmu', type: 'const char *', doc: 'The kernel PMU serving it (perf_event_open only): software, cpu_clock, tracepoint, cpu...' },
      { name: 'sampleType', type: 'const char *', doc: 'attr.sample_type by name (perf_event_open only), as the caller passed it.' },
      { name: 'sampleRegsUser', type: 'unsigned long', doc: 'attr.sample_regs_user: the register mask of each sample.' },
      { name: 'sampleStackUser', type: 'int', doc: 'attr.sample_stack_user: bytes of user stack copied into each sample.' },
      { name: 'sampleRegsIntr', type: 'unsigned long', doc: 'attr.sample_regs_intr.' },
      { name: 'progFd', type: 'int', doc: 'set_bpf only: the BPF program\'s fd in the caller (see its bpf(BPF_PROG_LOAD) event).' },
    ],
    useCase: 'A process that may not ptrace its victim can often still perf it: with perf_event_paranoid at 2 (or below) and the same user, or with CAP_PERFMON, a sampling counter on another process copies its registers and up to 64 KiB of its user stack into every sample (PERF_SAMPLE_REGS_USER / STACK_USER), which is how keys, passwords and typed input are lifted from a process without touching its memory; a hardware or cache counter on it times its secret-dependent work (cache side channels, keystroke timing). Counters on a whole CPU see every process, and a BPF program attached to a tracepoint, kprobe or uprobe counter (PERF_EVENT_IOC_SET_BPF) can read any process\'s arguments and the kernel\'s memory: BPF rootkits and credential sniffers hooking PAM or SSL_read start this way. The MITRE fit is Input Capture (T1056, credential access and collection): the data taken is what the victim is processing, the way a keylogger or API hook takes it; Process Discovery would describe only counting. Severity 3 when registers or stack are sampled from another process (data leaves it), 2 for side channels, CPU-wide counters by unknown programs and SET_BPF (privileged, and what every bcc tool does: a lead to the program it attached, see the bpf events).',
    issues: 'Only successful opens are reported (a refused counter reads nothing: look for perf_event_open events with -1/-13). '
      + 'Targets: the kernel\'s host tid of the counter, resolved to its process (the tree, else /proc/<tid>/status while the thread exists; a thread gone before sysray handles the event leaves the open unreported). The caller itself and its descendants are not reported: perf stat and perf record of a program they start, a process profiling its own threads. '
      + 'Expected findings: perf record -p PID --call-graph dwarf (REGS_USER and STACK_USER of another process: 3) and perf stat -p PID with hardware events (2) by an administrator; profilers and BPF tools not listed in profilers (bcc tools, libbpf programs that attach kprobes, uprobes or tracepoints by perf_event_open with pid -1: system_wide, then set_bpf on older libbpf). Names in profilers are compared with comm and the executable\'s base name, which any program can take. '
      + 'attr is read from the caller\'s memory at entry (sample_type may be rewritten by another thread before the kernel copies it: a TOCTOU evasion of the sampling test; the counter\'s type and target are the kernel\'s). Under -o option:parse-arguments attr is decoded by name; the signature reads both forms. '
      + 'Not covered: sampling another process\'s IP, call chains, data addresses or branch stacks (PERF_SAMPLE_IP, CALLCHAIN, ADDR, BRANCH_STACK: control flow without data), software counters on another process, hardware breakpoints on it (PERF_TYPE_BREAKPOINT), counters inherited from a parent (attr.inherit) into children it then execs, and BPF attached with bpf(BPF_LINK_CREATE) instead of the ioctl (a bpf event). This machine has no hardware PMU: hardware_side_channel is reasoned from the kernel\'s types, not seen here.',
    related: ['perf_event_open', 'perf_event_ioctl', 'perf_event_read', 'bpf', 'ptrace_code_injection', 'process_vm_write_inject'],
  },
  onEvent: (event, ctx) => (event.eventName === 'perf_event_ioctl' ? _setBpfFinding(event, ctx) : _openFinding(event, ctx)),
};
