/** Asserts the context fields of an event against what the test knows of the process. */
import assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import { cpus, hostname } from 'node:os';
import type { JsonEvent, TraceResult } from '../helpers/trace.js';

export function assertContext(
  e: JsonEvent,
  run: TraceResult,
  expected: { pid: number; ppid: number; comm: string; eventName: string; eventId: number; argsNum: number },
): void {
  assert.equal(e.eventName, expected.eventName);
  assert.equal(e.syscall, expected.eventName);
  assert.equal(e.eventId, expected.eventId);
  assert.equal(e.argsNum, expected.argsNum);
  assert.equal(e.args.length, expected.argsNum);
  assert.equal(e.hostProcessId, expected.pid);
  assert.equal(e.processId, expected.pid, 'host pid namespace: processId == hostProcessId');
  assert.equal(e.hostThreadId, expected.pid, 'single-threaded trigger');
  assert.equal(e.threadId, expected.pid);
  assert.equal(e.hostParentProcessId, expected.ppid);
  assert.equal(e.parentProcessId, expected.ppid);
  assert.equal(e.processName, expected.comm);
  assert.equal(e.userId, process.getuid!());
  assert.equal(e.hostName, hostname());
  assert.equal(e.containerId, '');
  assert.equal(e.mountNamespace, statSync('/proc/self/ns/mnt').ino);
  assert.equal(e.pidNamespace, statSync('/proc/self/ns/pid').ino);
  assert.ok(BigInt(e.cgroupId) > 0n, 'cgroupId');
  assert.ok(e.processorId >= 0 && e.processorId < cpus().length, 'processorId');
  // timestamps: exact ns since the epoch, within the run (clock offset error is µs)
  const ts = BigInt(e.timestamp);
  const slack = 50_000_000n;
  assert.ok(ts >= run.startNs - slack && ts <= run.endNs + slack, `timestamp ${ts} outside [${run.startNs}, ${run.endNs}]`);
  const start = BigInt(e.threadStartTime);
  assert.ok(start <= ts && start >= run.startNs - slack, `threadStartTime ${start}`);
}
