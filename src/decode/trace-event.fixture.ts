/**
 * A TraceEvent for unit tests: a plausible context, no arguments; tests
 * override what they are about. Not used by the tracer itself.
 */
import type { TraceEvent } from './trace-event.js';
import { eventByName } from '../events/catalog.js';

export function traceEventFixture(eventName: string, over: Partial<TraceEvent> = {}): TraceEvent {
  const spec = eventByName(eventName);
  if (!spec) throw new Error(`no event ${eventName}`);
  return {
    timestamp: 1795239743274129904n,
    threadStartTime: 1795239743205575684n,
    processorId: 1, processId: 42, threadId: 43, parentProcessId: 1,
    hostProcessId: 4242, hostThreadId: 4243, hostParentProcessId: 100,
    userId: 1000, mountNamespace: 4026531832, pidNamespace: 4026531836,
    cgroupId: 18446744073709551615n,
    processName: 'bash', executablePath: '/usr/bin/bash', hostName: 'web1', containerId: '',
    eventId: spec.id, eventName, syscall: eventName,
    returnValue: 0,
    args: [],
    matchedPolicies: [],
    policyMask: 0n,
    policyGeneration: 0,
    threadEntityId: 0, processEntityId: 0, parentEntityId: 0,
    ...over,
  };
}
