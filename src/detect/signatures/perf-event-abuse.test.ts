/**
 * perf_event_abuse (SYSRAY-3) on the real kernel:
 * test/triggers/perf_abuse_trigger.c forks a spy that samples the registers
 * and stack of its parent (also by REGS_INTR, and by the tid of the parent's
 * second thread), counts every process on CPU 0, or attaches a BPF program
 * to a tracepoint counter with PERF_EVENT_IOC_SET_BPF: one finding each, with
 * the kernel's target. The same from a pid namespace of its own. Benign
 * twins: software counting of the parent, a refused hardware counter (this
 * VM has no PMU), sampling itself and its own child, perf stat of its
 * workload and perf stat -a (a known profiler), the trigger's system-wide
 * counter once it is listed in profilers, and PERF_EVENT_IOC_ENABLE.
 */
import { symbolicPerfEventAttr } from '../../decode/perf-event-attr.js';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileTrigger, keyValues, run, traceDuring, type JsonEvent, traceeArgs } from '../../../test/helpers/trace.js';
import { BUILTIN_SIGNATURES } from './index.js';

const EVENT_ID = 6000 + BUILTIN_SIGNATURES.findIndex((s) => s.metadata.eventName === 'perf_event_abuse');
const COMM = 'perf_abuse_trig';
const PERF_TYPE_SOFTWARE = 1, PERF_TYPE_TRACEPOINT = 2, PERF_COUNT_SW_CPU_CLOCK = 0;
const ENOENT = -2;

interface Run { mode: string; pid: number; kv: Record<string, string> }

/** Runs each program under one tracer (perf_event_open too: every open is seen). */
async function traceRuns(programs: { mode: string; file?: string; args?: string[] }[], extra: string[] = []) {
  const bin = compileTrigger('perf_abuse_trigger');
  const runs: Run[] = [];
  const r = await traceDuring(['-e', 'perf_event_abuse,perf_event_open,perf_event_ioctl', '-s', `comm=${COMM},perf`, ...extra], async () => {
    for (const p of programs) {
      const out = await run(p.file ?? bin, p.args ?? [p.mode]);
      assert.equal(out.code, 0, `${p.mode}: ${out.stdout}`);
      runs.push({ mode: p.mode, pid: out.pid, kv: keyValues(out.stdout) });
    }
  });
  assert.equal(r.exitCode, 0, r.stderr);
  assert.equal(r.lost, 0, r.stderr);
  const of = (pid: number, name: string): JsonEvent[] => r.events.filter((e) => e.hostProcessId === pid && e.eventName === name);
  return { r, bin, runs, of };
}

const METADATA = {
  Version: '1',
  Description: 'A process opened a perf event that samples the registers or stack of another process, counts another process with hardware counters, counts or samples every process on a CPU, or attached a BPF program to a perf event. Perf events read what other programs hold and do without ptrace: register and stack samples carry their data, hardware counters leak their secrets through timing and cache side channels.',
  Tags: ['linux'],
  Properties: {
    Severity: 3, Category: 'credential-access', Technique: 'Input Capture', Kubernetes_Technique: '',
    id: 'attack-pattern--bb5a00de-e086-4859-a231-fa793f6797e2', external_id: 'T1056',
    signatureID: 'SYSRAY-3', signatureName: 'Perf events used to spy on other processes',
  },
};

const metadata = (severity: number) => ({ ...METADATA, Properties: { ...METADATA.Properties, Severity: severity } });

/** The finding's data for a software cpu-clock sampler of `target`. */
function samplerData(target: { pid: number; entity: number; bin: string }, tid: number, sampleType: string, regsUser: number, stackUser: number, regsIntr: number) {
  return [
    { name: 'reason', type: 'const char *', value: 'regs_or_stack_sampling' },
    { name: 'target', type: 'unknown', value: { hostProcessId: target.pid, processName: COMM, executable: { path: target.bin }, processEntityId: target.entity } },
    { name: 'targetTid', type: 'int', value: tid },
    { name: 'scope', type: 'const char *', value: 'task' },
    { name: 'cpu', type: 'int', value: -1 },
    { name: 'type', type: 'int', value: PERF_TYPE_SOFTWARE },
    { name: 'config', type: 'unsigned long', value: PERF_COUNT_SW_CPU_CLOCK },
    { name: 'pmu', type: 'const char *', value: 'cpu_clock' },
    { name: 'sampleType', type: 'const char *', value: sampleType },
    { name: 'sampleRegsUser', type: 'unsigned long', value: regsUser },
    { name: 'sampleStackUser', type: 'int', value: stackUser },
    { name: 'sampleRegsIntr', type: 'unsigned long', value: regsIntr },
  ];
}

/** The one finding of `pid`, from its one perf_event_open (or ioctl `fromEvent`), with its data before detectedFrom. */
function oneFinding(of: (pid: number, name: string) => JsonEvent[], pid: number, fromEvent = 'perf_event_open', symbolic = false): { f: JsonEvent; data: unknown[]; source: JsonEvent } {
  const findings = of(pid, 'perf_event_abuse');
  assert.equal(findings.length, 1, `pid ${pid}: ${JSON.stringify(findings)}`);
  const f = findings[0];
  const sources = of(pid, fromEvent).filter((e) => fromEvent !== 'perf_event_ioctl' || e.args[1].value === 0x40042408);
  assert.equal(sources.length, 1);
  const source = sources[0];
  assert.deepEqual([f.eventId, f.processName, f.timestamp], [EVENT_ID, COMM, source.timestamp]);
  // with parse-arguments the event's args print by name, detectedFrom's stay numbers: the attr named is the event's
  const from = f.args.at(-1).value;
  if (symbolic) {
    assert.deepEqual(symbolicPerfEventAttr(from.args[0].value), source.args[0].value);
    assert.equal(typeof from.args[0].value.sample_type, 'number');
  }
  const args = symbolic ? [] : from.args;
  assert.deepEqual({ ...f.args.at(-1), value: { ...from, args } }, {
    name: 'detectedFrom', type: 'unknown',
    value: { id: source.eventId, name: fromEvent, args: symbolic ? [] : traceeArgs(source.args), returnValue: source.returnValue },
  });
  return { f, data: f.args.slice(0, -1), source };
}

test('a spy sampling its parent\'s registers and stack, system-wide counting, SET_BPF: one finding each, the kernel\'s target', async () => {
  const { bin, runs, of } = await traceRuns([
    { mode: 'sample-other' }, { mode: 'sample-intr-other' }, { mode: 'sample-thread' }, { mode: 'syswide' }, { mode: 'setbpf' },
  ]);
  const [other, intr, thread, syswide, setbpf] = runs;
  for (const t of runs.slice(0, 4)) assert.equal(t.kv.open, '3', `${t.mode}: the counter was opened`);
  assert.deepEqual([setbpf.kv.fd, setbpf.kv.prog, setbpf.kv.setbpf, setbpf.kv.enable], ['3', '4', '0', '0']);

  const userSampler = 'PERF_SAMPLE_IP|PERF_SAMPLE_TID|PERF_SAMPLE_REGS_USER|PERF_SAMPLE_STACK_USER';
  for (const [t, tid, sampleType, regs, stack, intrRegs] of [
    [other, other.pid, userSampler, 255, 4096, 0],
    [intr, intr.pid, 'PERF_SAMPLE_IP|PERF_SAMPLE_TID|PERF_SAMPLE_REGS_INTR', 0, 0, 255],
    [thread, Number(thread.kv.tid), userSampler, 255, 4096, 0],
  ] as const) {
    const spy = Number(t.kv.spy);
    const { f, data, source } = oneFinding(of, spy);
    // pid as passed: the parent (or its thread); the kernel's target is the same host tid here
    assert.equal(source.args[1].value, tid, t.mode);
    assert.deepEqual(data, samplerData({ pid: t.pid, entity: f.parentEntityId, bin }, tid, sampleType, regs, stack, intrRegs), t.mode);
    assert.deepEqual(f.metadata, metadata(3), t.mode);
    assert.equal(f.hostParentProcessId, t.pid);
  }

  const sys = oneFinding(of, Number(syswide.kv.spy));
  assert.deepEqual(sys.data, [
    { name: 'reason', type: 'const char *', value: 'system_wide' },
    { name: 'targetTid', type: 'int', value: -1 },
    { name: 'scope', type: 'const char *', value: 'cpu' },
    { name: 'cpu', type: 'int', value: 0 },
    { name: 'type', type: 'int', value: PERF_TYPE_SOFTWARE },
    { name: 'config', type: 'unsigned long', value: PERF_COUNT_SW_CPU_CLOCK },
    { name: 'pmu', type: 'const char *', value: 'cpu_clock' },
    { name: 'sampleType', type: 'const char *', value: '0' },
    { name: 'sampleRegsUser', type: 'unsigned long', value: 0 },
    { name: 'sampleStackUser', type: 'int', value: 0 },
    { name: 'sampleRegsIntr', type: 'unsigned long', value: 0 },
  ]);
  assert.deepEqual(sys.f.metadata, metadata(2));

  // SET_BPF on its own tracepoint counter: the ioctl is the finding; its open (its own thread) and ENABLE are not
  const bpf = oneFinding(of, setbpf.pid, 'perf_event_ioctl');
  assert.deepEqual(bpf.data, [
    { name: 'reason', type: 'const char *', value: 'set_bpf' },
    { name: 'target', type: 'unknown', value: { hostProcessId: setbpf.pid, processName: COMM, executable: { path: bin }, processEntityId: bpf.f.processEntityId } },
    { name: 'targetTid', type: 'int', value: setbpf.pid },
    { name: 'scope', type: 'const char *', value: 'task' },
    { name: 'cpu', type: 'int', value: -1 },
    { name: 'type', type: 'int', value: PERF_TYPE_TRACEPOINT },
    { name: 'config', type: 'unsigned long', value: Number(setbpf.kv.tracepoint) },
    { name: 'progFd', type: 'int', value: 4 },
  ]);
  assert.deepEqual(bpf.f.metadata, metadata(2));
  assert.deepEqual(of(setbpf.pid, 'perf_event_ioctl').map((e) => [e.args[1].value, e.returnValue]), [[0x40042408, 0], [0x2400, 0]], 'SET_BPF, then ENABLE');
});

test('in a pid namespace of its own: the spy passes its parent\'s pid there (1), the finding names the host process', async () => {
  const { bin, runs, r, of } = await traceRuns([{ mode: 'sample-other', file: '/usr/bin/unshare', args: ['--pid', '--fork', compileTrigger('perf_abuse_trigger'), 'sample-other'] }]);
  const { kv, pid: unsharePid } = runs[0];
  assert.deepEqual([kv.pid, kv.spy, kv.open], ['1', '2', '3']);
  const trigger = r.events.find((e) => e.eventName === 'perf_event_abuse')?.hostParentProcessId;
  assert.ok(trigger && trigger !== 1 && trigger !== unsharePid, JSON.stringify(r.events));
  const spy = r.events.find((e) => e.eventName === 'perf_event_open' && e.processId === 2)!.hostProcessId;
  const { f, data, source } = oneFinding(of, spy);
  assert.deepEqual([source.args[1].value, f.processId], [1, 2], 'pid as passed, in the namespace');
  const userSampler = 'PERF_SAMPLE_IP|PERF_SAMPLE_TID|PERF_SAMPLE_REGS_USER|PERF_SAMPLE_STACK_USER';
  assert.deepEqual(data, samplerData({ pid: trigger, entity: f.parentEntityId, bin }, trigger, userSampler, 255, 4096, 0));
});

test('with -o option:parse-arguments (attr decoded by name) the sampler is the same finding', async () => {
  const { bin, runs, of } = await traceRuns([{ mode: 'sample-other' }], ['-o', 'option:parse-arguments']);
  const [t] = runs;
  const { f, data, source } = oneFinding(of, Number(t.kv.spy), 'perf_event_open', true);
  assert.equal(source.args[0].value.sample_type, 'PERF_SAMPLE_IP|PERF_SAMPLE_TID|PERF_SAMPLE_REGS_USER|PERF_SAMPLE_STACK_USER');
  assert.deepEqual(data, samplerData({ pid: t.pid, entity: f.parentEntityId, bin }, t.pid, 'PERF_SAMPLE_IP|PERF_SAMPLE_TID|PERF_SAMPLE_REGS_USER|PERF_SAMPLE_STACK_USER', 255, 4096, 0));
});

test('benign twins: counting the parent, a refused hardware counter, sampling itself or its child, perf stat, perf stat -a', async () => {
  const { runs, of } = await traceRuns([
    { mode: 'count-other' }, { mode: 'hw-other' }, { mode: 'sample-self' }, { mode: 'sample-child' },
    { mode: 'perf-stat', file: '/usr/bin/perf', args: ['stat', '-e', 'task-clock', 'true'] },
    { mode: 'perf-stat-a', file: '/usr/bin/perf', args: ['stat', '-a', '-e', 'cpu-clock', 'true'] },
  ]);
  const [count, hw, self, child, perfStat, perfStatA] = runs;
  assert.deepEqual([count.kv.open, hw.kv.open, self.kv.open, child.kv.open], ['3', String(ENOENT), '3', '3']);
  // every open was seen: the spies' one each, perf's (of its workload; of each CPU with -a)
  for (const t of [count, hw, self, child]) {
    assert.deepEqual(of(Number(t.kv.spy), 'perf_event_open').map((e) => e.returnValue), [Number(t.kv.open)], t.mode);
  }
  const perfOpens = (t: Run) => of(t.pid, 'perf_event_open').filter((e) => e.returnValue >= 0);
  assert.ok(perfOpens(perfStat).length >= 1 && perfOpens(perfStat).every((e) => e.args[1].value > 0), 'perf stat counts its workload');
  assert.ok(perfOpens(perfStatA).some((e) => e.args[1].value === -1), 'perf stat -a counts whole CPUs');
  for (const t of runs) {
    for (const pid of [t.pid, Number(t.kv.spy)]) assert.deepEqual(of(pid, 'perf_event_abuse'), [], t.mode);
  }
});

test('benign twin: the trigger\'s system-wide counter once its name is in profilers', async () => {
  const { runs, of } = await traceRuns([{ mode: 'syswide' }], ['--signature-param', `perf_event_abuse.profilers=perf,${COMM}`]);
  const spy = Number(runs[0].kv.spy);
  assert.deepEqual(of(spy, 'perf_event_open').map((e) => [e.args[1].value, e.returnValue]), [[-1, 3]]);
  assert.deepEqual(of(spy, 'perf_event_abuse'), []);
});
