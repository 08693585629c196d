import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DetectionEngine } from './detection-engine.js';
import { SignatureRegistry } from './signature-registry.js';
import type { Signature } from './signature.js';
import { ProcessContext } from '../process/process-context.js';
import { traceEventFixture } from '../decode/trace-event.fixture.js';
import { eventByName } from '../events/catalog.js';
import type { DecodedArg, TraceEvent } from '../decode/trace-event.js';
import type { Policy } from '../policy/policy-types.js';
import type { SignaturesConfig, SignatureTuning } from './signature-tuning.js';

const meta = (id: string, eventName: string, Severity: 0 | 1 | 2 | 3 = 2) => ({
  id, name: `${eventName} seen`, eventName, version: '1', description: `${eventName} happened`,
  properties: { Severity, Category: 'defense-evasion', Technique: 'T', external_id: 'T1000' },
});

function args(eventName: string, values: Record<string, DecodedArg['value']>): DecodedArg[] {
  const spec = eventByName(eventName)!;
  return spec.args.filter((a) => a.name in values).map((a) => ({ spec: a, value: values[a.name], raw: typeof values[a.name] === 'number' ? (values[a.name] as number) : 0 }));
}

const calls: string[] = [];
const injection: Signature = {
  metadata: meta('T-1', 'test_injection', 3),
  selects: [{ event: 'ptrace', where: { request: { in: [4, 5] } } }],
  onEvent: (e, ctx) => ({ data: { target: ctx.arg(e, 'pid') }, ...(ctx.arg(e, 'request') === 5 ? { severity: 1 as const } : {}) }),
};
const procOpen: Signature = {
  metadata: meta('T-2', 'test_proc_open'),
  selects: [{ event: 'openat', origin: 'host', where: { pathname: { prefix: ['/proc/'] }, flags: { anyBits: 3 } } }],
  onEvent: (e, ctx) => ({ data: { path: ctx.arg(e, 'pathname') } }),
};
const thrower: Signature = {
  metadata: meta('T-3', 'test_thrower'),
  selects: [{ event: 'ptrace' }],
  onEvent: () => {
    calls.push('thrower');
    throw new TypeError('nope');
  },
};
const echo: Signature = {
  metadata: meta('T-4', 'test_echo', 0),
  selects: [{ event: 'test_injection' }],
  onEvent: (f) => ({ data: { of: f.eventName } }),
  onEnd: () => undefined,
};
const ender: Signature = {
  metadata: meta('T-5', 'test_ender'),
  selects: [{ event: 'getppid' }],
  init: () => void calls.push('init'),
  onEvent: () => undefined,
  onEnd: () => [{ data: { last: true }, event: traceEventFixture('getppid', { policyMask: 1n, policyGeneration: 1 }) }],
};
const faultedOpen: Signature = {
  metadata: meta('T-6', 'test_faulted_open'),
  selects: [{ event: 'openat', where: { pathname: { entryFault: true } } }],
  onEvent: (e, ctx) => ({ data: { path: ctx.arg(e, 'pathname') } }),
};

const registry = new SignatureRegistry();
const [regInjection, regProc, , regEcho, regEnder] = registry.add([injection, procOpen, thrower, echo, ender, faultedOpen].map((signature) => ({ signature, origin: 'built-in' })));

function policy(id: number, events: string[]): Policy {
  return { id, name: `p${id}`, scope: [], rules: new Map(events.map((e) => [eventByName(e)!.id, [[]]])) };
}

function engine(policies: Policy[], tuning?: SignaturesConfig) {
  const warnings: string[] = [];
  const e = new DetectionEngine(registry, new ProcessContext({ clockOffset: 0n, trackFds: false }), { selfPid: 1, parentPid: 0, warn: (l) => warnings.push(l), tuning });
  e.addPolicies(1, policies);
  const out: TraceEvent[] = [];
  return { e, out, warnings, push: (ev: TraceEvent) => e.push(ev, (f) => out.push(f)) };
}

const ptrace = (request: number, mask = 1n) =>
  traceEventFixture('ptrace', { policyMask: mask, policyGeneration: 1, args: args('ptrace', { request, pid: 77 }), processEntityId: 9, returnValue: -1 });

test('a signature runs only for the policies that select it, on events its conditions pass', () => {
  const t = engine([policy(0, ['test_injection']), policy(1, ['openat'])]);
  t.push(ptrace(4, 0b10n)); // matched only by policy 1: not for this signature
  t.push(ptrace(2)); // PEEKDATA: not in {4, 5}
  t.push(ptrace(4, 0b11n));
  assert.equal(t.out.length, 1);
  const f = t.out[0];
  assert.equal(f.eventId, regInjection.id);
  assert.equal(f.eventName, 'test_injection');
  assert.equal(f.policyMask, 0b01n, 'the finding carries the policies that selected the signature');
  assert.equal(f.processEntityId, 9, 'context copied from the source event');
  assert.equal(f.returnValue, -1);
  assert.deepEqual(f.args.map((a) => [a.spec.name, a.spec.type]), [['target', 'int'], ['detectedFrom', 'unknown']]);
  assert.deepEqual(f.args[1].value, {
    id: eventByName('ptrace')!.id, name: 'ptrace', returnValue: -1,
    args: [{ name: 'request', type: 'long', value: 4 }, { name: 'pid', type: 'pid_t', value: 77 }],
  });
  assert.deepEqual(f.metadata, {
    Version: '1', Description: 'test_injection happened', Tags: null,
    Properties: { Severity: 3, Category: 'defense-evasion', Technique: 'T', external_id: 'T1000', signatureID: 'T-1', signatureName: 'test_injection seen' },
  });
  t.push(ptrace(5));
  assert.equal(t.out[1].metadata!.Properties.Severity, 1, 'a finding may set its own severity');
});

test('origin and path prefixes: relative paths pass (the signature resolves them), containers are not the host', () => {
  const t = engine([policy(0, ['test_proc_open'])]);
  const open = (pathname: string, flags: number, containerId = '') =>
    traceEventFixture('openat', { policyMask: 1n, policyGeneration: 1, containerId, args: args('openat', { pathname, flags }) });
  t.push(open('/proc/12/mem', 2));
  t.push(open('/proc/12/mem', 0)); // read-only: no write bit
  t.push(open('/etc/passwd', 1));
  t.push(open('mem', 1));
  t.push(open('/proc/12/mem', 1, 'a'.repeat(64)));
  assert.deepEqual(t.out.map((f) => f.args[0].value), ['/proc/12/mem', 'mem']);
  assert.equal(t.out[0].eventId, regProc.id);
});

test('path prefixes of an open that succeeded are decided on the opened fd\'s path (as the kernel does), of one that failed on the argument', () => {
  const t = engine([policy(0, ['test_proc_open'])]);
  const open = (pathname: string, returnValue: number, path?: string) =>
    traceEventFixture('openat', {
      policyMask: 1n, policyGeneration: 1, returnValue, args: args('openat', { pathname, flags: 2 }),
      ...(path !== undefined ? { returnedFd: { kind: 'file' as const, path } } : {}),
    });
  t.push(open('/tmp/l', 3, '/proc/12/mem')); // a symlink to it
  t.push(open('mem', 3, '/proc/12/mem')); // relative, from /proc/12
  t.push(open('/proc/12/../../tmp/x', 3, '/tmp/x')); // named under /proc/, opened elsewhere
  t.push(open('/proc/99/mem', -2)); // failed: the argument decides
  t.push(open('/tmp/absent', -2));
  t.push(open('absent', -2)); // failed and relative: passes
  assert.deepEqual(t.out.map((f) => f.args[0].value), ['/tmp/l', 'mem', '/proc/99/mem', 'absent']);
});

test('entryFault: only an argument whose entry read faulted passes (read at exit, or not at all)', () => {
  const t = engine([policy(0, ['test_faulted_open'])]);
  const open = (pathname: string | null, marks: Partial<DecodedArg>) => {
    const a = args('openat', { pathname });
    Object.assign(a[0], marks);
    return traceEventFixture('openat', { policyMask: 1n, policyGeneration: 1, args: a });
  };
  t.push(open('/etc/hostname', {}));
  t.push(open('/etc/deferred', { readAtExit: true })); // put off by sysray itself: no fault
  t.push(open('/tmp/benign', { readAtExit: true, entryFault: true }));
  t.push(open(null, { unreadable: 'fault' }));
  t.push(open(null, { unreadable: 'null' }));
  assert.deepEqual(t.out.map((f) => f.args[0].value), ['/tmp/benign', null]);
});

test('a signature that throws is disabled, said once; the others go on', () => {
  calls.length = 0;
  const t = engine([policy(0, ['test_thrower', 'test_injection'])]);
  t.push(ptrace(4));
  t.push(ptrace(4));
  assert.deepEqual(calls, ['thrower']);
  assert.deepEqual(t.warnings, ['signature T-3 (test_thrower) disabled: threw TypeError: nope; the others go on']);
  assert.equal(t.out.filter((f) => f.eventName === 'test_injection').length, 2);
  assert.equal(t.e.counters.disabled, 1);
});

test('findings feed signatures that select them, also for a policy that selects only the later one', () => {
  const t = engine([policy(3, ['test_echo'])]);
  t.push(ptrace(4, 1n << 3n));
  assert.deepEqual(t.out.map((f) => f.eventName), ['test_injection', 'test_echo']);
  assert.equal(t.out[1].eventId, regEcho.id);
  assert.deepEqual(t.out[1].args[0].value, 'test_injection');
  assert.equal((t.out[1].args[1].value as { name: string }).name, 'test_injection', 'detectedFrom is the finding it came from');
});

test('init before the first event; onEnd findings at the end of input', () => {
  calls.length = 0;
  const t = engine([policy(0, ['test_ender'])]);
  assert.deepEqual(calls, ['init']);
  t.e.end((f) => t.out.push(f));
  assert.equal(t.out.length, 1);
  assert.equal(t.out[0].eventId, regEnder.id);
  assert.deepEqual(t.out[0].args[0].value, true);
});

test('--signatures-config: an allowlist drops and counts, a severity overrides the finding\'s own, disabled never runs', () => {
  const tune = (t: Partial<SignatureTuning>): SignatureTuning => ({ enabled: true, allow: { comm: [], executable: [], containerImage: [] }, ...t });
  const t = engine([policy(0, ['test_injection', 'test_echo', 'test_thrower'])], new Map([
    ['test_injection', tune({ severity: 0, allow: { comm: ['gdb'], executable: ['/opt/dbg/*'], containerImage: [] } })],
    ['test_thrower', tune({ enabled: false })],
  ]));
  calls.length = 0;
  t.push(ptrace(5)); // the finding sets severity 1: the config's 0 wins
  t.push(traceEventFixture('ptrace', { policyMask: 1n, policyGeneration: 1, args: args('ptrace', { request: 4, pid: 77 }), processName: 'gdb' }));
  t.push(traceEventFixture('ptrace', { policyMask: 1n, policyGeneration: 1, args: args('ptrace', { request: 4, pid: 77 }), executablePath: '/opt/dbg/bin/x' }));
  assert.deepEqual(calls, [], 'the disabled signature was never called');
  assert.deepEqual(t.out.map((f) => [f.eventName, f.metadata!.Properties.Severity]), [['test_injection', 0], ['test_echo', 0]]);
  assert.equal(t.e.counters.allowlisted, 2);
  assert.deepEqual([...t.e.allowlistedBySignature], [['test_injection', 2]]);
});

test('wantsIn: an event is wanted under a generation only by the signatures its policies run', () => {
  const t = engine([policy(0, ['test_injection']), policy(1, ['openat'])]);
  const ptraceId = eventByName('ptrace')!.id;
  const openatId = eventByName('openat')!.id;
  // registered signatures select both; only test_injection (on ptrace) runs in generation 1
  assert.equal(t.e.wants(openatId), true);
  assert.equal(t.e.wantsIn(1, ptraceId), true);
  assert.equal(t.e.wantsIn(1, openatId), false);
  assert.equal(t.e.wantsIn(2, ptraceId), false, 'a generation it was not given');
  t.e.addPolicies(2, [policy(0, ['test_proc_open'])]);
  assert.equal(t.e.wantsIn(2, openatId), true);
  assert.equal(t.e.wantsIn(2, ptraceId), false);
});
