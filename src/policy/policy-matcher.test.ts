import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { TraceEvent } from '../decode/trace-event.js';
import { traceEventFixture } from '../decode/trace-event.fixture.js';
import { PolicyMatcher } from './policy-matcher.js';
import type { EventFilter, Policy } from './policy-types.js';

function event(over: Partial<TraceEvent>): TraceEvent {
  return traceEventFixture('openat', { hostProcessId: 999999, policyGeneration: 1, ...over });
}

const retvalNegative: EventFilter = { text: 'retval<0', kind: 'retval', matches: (e) => Number(e.returnValue) < 0 };

const policies: Policy[] = [
  { id: 0, name: 'all-openat', scope: [], rules: new Map([[257, [[]]]]) },
  { id: 3, name: 'failed-openat', scope: [], rules: new Map([[257, [[retvalNegative]]]]) },
  { id: 7, name: 'ba-star', scope: [{ field: 'comm', op: '=', values: ['ba*'] }], rules: new Map([[257, [[]]]]) },
];

function matcher(): PolicyMatcher {
  const m = new PolicyMatcher();
  m.add({ generation: 1, policies, userChecks: new Map([[7, [{ field: 'comm', op: '=', values: ['ba*'] }]]]) });
  return m;
}

test('names of the policies whose kernel bit is set and whose filters hold, in id order', () => {
  const e = event({ policyMask: (1n << 0n) | (1n << 3n) | (1n << 7n), returnValue: -2 });
  assert.equal(matcher().match(e), true);
  assert.deepEqual(e.matchedPolicies, ['all-openat', 'failed-openat', 'ba-star']);
});

test('a failing filter or user-space scope check removes that policy only', () => {
  const e = event({ policyMask: (1n << 0n) | (1n << 3n) | (1n << 7n), returnValue: 3, processName: 'sh' });
  assert.equal(matcher().match(e), true);
  assert.deepEqual(e.matchedPolicies, ['all-openat']);
});

test('no policy left: dropped', () => {
  assert.equal(matcher().match(event({ policyMask: 1n << 3n, returnValue: 0 })), false);
});

test('an event is judged by the generation the kernel used; unknown generations are dropped and counted', () => {
  const m = matcher();
  m.add({ generation: 2, policies: [{ id: 0, name: 'new-set', scope: [], rules: new Map([[257, [[]]]]) }], userChecks: new Map() });
  const old = event({ policyMask: 1n, policyGeneration: 1 });
  const fresh = event({ policyMask: 1n, policyGeneration: 2 });
  assert.ok(m.match(old) && m.match(fresh));
  assert.deepEqual(old.matchedPolicies, ['all-openat']);
  assert.deepEqual(fresh.matchedPolicies, ['new-set']);
  assert.equal(m.match(event({ policyMask: 1n, policyGeneration: 9 })), false);
  assert.equal(m.unknownGeneration, 1);
});

test('a policy that does not select the event does not match it', () => {
  const e = event({ policyMask: 1n, eventId: 39, eventName: 'getppid' });
  assert.equal(matcher().match(e), false);
});

test('events decided by the kernel alone share their names; filters and user checks are still run on every event', () => {
  const m = matcher();
  const a = event({ policyMask: 1n });
  const b = event({ policyMask: 1n });
  assert.ok(m.match(a) && m.match(b));
  assert.equal(a.matchedPolicies, b.matchedPolicies);
  assert.deepEqual(b.matchedPolicies, ['all-openat']);
  // the same mask, one filter (retval<0) and one user check (comm=ba*): judged each time
  const mask = (1n << 0n) | (1n << 3n) | (1n << 7n);
  const seen = [
    event({ policyMask: mask, returnValue: -2, processName: 'bash' }),
    event({ policyMask: mask, returnValue: 3, processName: 'bash' }),
    event({ policyMask: mask, returnValue: -2, processName: 'sh' }),
    event({ policyMask: mask, returnValue: 3, processName: 'sh' }),
  ].map((e) => (m.match(e), e.matchedPolicies));
  assert.deepEqual(seen, [
    ['all-openat', 'failed-openat', 'ba-star'],
    ['all-openat', 'ba-star'],
    ['all-openat', 'failed-openat'],
    ['all-openat'],
  ]);
});
