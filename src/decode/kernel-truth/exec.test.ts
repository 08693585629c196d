import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ExecTruth, kernelCmdpath } from './exec.js';
import { eventByName } from '../../events/catalog.js';
import { traceEventFixture } from '../trace-event.fixture.js';
import type { DecodedArg, TraceEvent } from '../trace-event.js';

/** sched_process_exec of thread `tid`: cmdpath, pathname, dev, inode. */
function executed(tid: number, cmdpath: string, pathname: string): TraceEvent {
  const spec = eventByName('sched_process_exec')!;
  const values = [cmdpath, pathname, 2049, 777];
  return traceEventFixture('sched_process_exec', { hostThreadId: tid, args: values.map((value, i) => ({ spec: spec.args[i], value, raw: 0 })) });
}
function execve(tid: number, pathname: string | null, marks: Partial<DecodedArg> = {}, returnValue = 0): TraceEvent {
  const spec = eventByName('execve')!;
  return traceEventFixture('execve', { hostThreadId: tid, returnValue, args: [{ spec: spec.args[0], value: pathname, raw: 0, ...marks }] });
}
function execveat(tid: number, dirfd: number, pathname: string, flags = 0): TraceEvent {
  const spec = eventByName('execveat')!;
  const values = [dirfd, pathname, [], null, flags];
  return traceEventFixture('execveat', { hostThreadId: tid, args: values.map((value, i) => ({ spec: spec.args[i], value, raw: 0 })) });
}
const pathArg = (e: TraceEvent) => e.args.find((a) => a.spec.name === 'pathname')!;
const truth = (e: TraceEvent) => {
  const a = pathArg(e);
  return { kernelValue: a.kernelValue, kernelFile: a.kernelFile, raced: a.raced, raceTechnique: a.raceTechnique };
};

test('the executed file of the same thread\'s sched_process_exec; the name as passed is the kernel\'s cmdpath: nothing raced', () => {
  const t = new ExecTruth();
  t.note(executed(10, '/usr/bin/sh', '/usr/bin/dash'));
  const e = execve(10, '/usr/bin/sh');
  t.apply(e);
  assert.deepEqual(truth(e), { kernelValue: '/usr/bin/dash', kernelFile: { dev: 2049, inode: 777 }, raced: undefined, raceTechnique: undefined });
  const again = execve(10, '/usr/bin/sh');
  t.apply(again);
  assert.equal(pathArg(again).kernelValue, undefined, 'used once');
});

test('another thread\'s exec, a failed execve, no exec seen: no kernel value', () => {
  const t = new ExecTruth();
  t.note(executed(10, '/bin/true', '/usr/bin/true'));
  const other = execve(11, '/bin/true');
  t.apply(other);
  assert.equal(pathArg(other).kernelValue, undefined);
  const failed = execve(10, '/bin/true', {}, -2);
  t.apply(failed);
  assert.equal(pathArg(failed).kernelValue, undefined);
});

test('raced: the name read is not what the kernel took (value changed), or could not be read (entry read failed)', () => {
  const t = new ExecTruth();
  t.note(executed(10, '/bin/true', '/usr/bin/true'));
  const changed = execve(10, '/bin/echo');
  t.apply(changed);
  assert.deepEqual(truth(changed), { kernelValue: '/usr/bin/true', kernelFile: { dev: 2049, inode: 777 }, raced: true, raceTechnique: 'value changed' });
  t.note(executed(10, '/bin/true', '/usr/bin/true'));
  const phantom = execve(10, null, { unreadable: 'fault' });
  t.apply(phantom);
  assert.deepEqual([pathArg(phantom).raced, pathArg(phantom).raceTechnique], [true, 'entry read failed']);
  t.note(executed(10, '/bin/true', '/usr/bin/true'));
  const reread = execve(10, '/bin/echo', { readAtExit: true, entryFault: true });
  t.apply(reread);
  assert.deepEqual([pathArg(reread).raced, pathArg(reread).raceTechnique], [true, 'entry read failed']);
  t.note(executed(10, '/bin/true', '/usr/bin/true'));
  const cut = execve(10, '/bin/tr', { truncated: true });
  t.apply(cut);
  assert.equal(pathArg(cut).raced, undefined, 'a cut value is not compared');
});

test('execveat: the kernel names a relative path /dev/fd/N/PATH, an empty one /dev/fd/N; absolute and AT_FDCWD as passed', () => {
  assert.equal(kernelCmdpath(execveat(1, 3, 'true'), 'true'), '/dev/fd/3/true');
  assert.equal(kernelCmdpath(execveat(1, 3, '', 0x1000), ''), '/dev/fd/3');
  assert.equal(kernelCmdpath(execveat(1, 3, '/bin/true'), '/bin/true'), '/bin/true');
  assert.equal(kernelCmdpath(execveat(1, -100, 'true'), 'true'), 'true');
  assert.equal(kernelCmdpath(execve(1, 'x'), 'x'), 'x');
  const t = new ExecTruth();
  t.note(executed(10, '/dev/fd/3', '/usr/bin/true'));
  const e = execveat(10, 3, '', 0x1000);
  t.apply(e);
  assert.deepEqual(truth(e).kernelValue, '/usr/bin/true');
  assert.equal(truth(e).raced, undefined);
});

test('remembered execs are bounded: the oldest go', () => {
  const t = new ExecTruth();
  for (let tid = 1; tid <= 1100; tid++) t.note(executed(tid, '/bin/true', '/usr/bin/true'));
  const oldest = execve(1, '/bin/true');
  t.apply(oldest);
  assert.equal(pathArg(oldest).kernelValue, undefined);
  const newest = execve(1100, '/bin/true');
  t.apply(newest);
  assert.equal(pathArg(newest).kernelValue, '/usr/bin/true');
});
