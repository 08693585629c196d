/**
 * The seed events, exact: C triggers call perf_event_open and the pidfd
 * syscalls with known values (failures included); every decoded field and
 * the context are checked.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { arg, argEntry, compileTrigger, keyValues, run, traceDuring } from '../helpers/trace.js';
import { assertContext } from './context.js';

const ENOENT = -2, ESRCH = -3, EBADF = -9, EFAULT = -14;

test('perf_event_open: attr decoded field by field, pid/cpu/group_fd signed, failures', async () => {
  const bin = compileTrigger('perf_trigger');
  let out: { pid: number; stdout: string } = { pid: 0, stdout: '' };
  const r = await traceDuring(['-e', 'perf_event_open', '-s', 'comm=perf_trigger'], async () => {
    out = await run(bin);
  });
  assert.equal(r.exitCode, 0);
  assert.equal(r.lost, 0);
  const kv = keyValues(out.stdout);
  const evs = r.events.filter((e) => e.hostProcessId === out.pid);
  assert.equal(evs.length, 5, 'five perf_event_open calls');
  for (const e of evs) {
    assertContext(e, r, { pid: out.pid, ppid: process.pid, comm: 'perf_trigger', eventName: 'perf_event_open', eventId: 298, argsNum: 5 });
    assert.equal(arg(e, 'pid'), 0);
    assert.equal(arg(e, 'cpu'), -1);
    assert.equal(arg(e, 'group_fd'), -1);
    assert.deepEqual(
      e.args.map((a: { name: string; type: string }) => [a.name, a.type]),
      [['attr', 'struct perf_event_attr*'], ['pid', 'pid_t'], ['cpu', 'int'], ['group_fd', 'int'], ['flags', 'unsigned long']],
    );
  }
  const [plain, freq, badtype, nullattr, ver0] = evs;

  assert.equal(plain.returnValue, Number(kv.plain));
  assert.ok(plain.returnValue >= 3);
  assert.equal(arg(plain, 'flags'), 8); // PERF_FLAG_FD_CLOEXEC
  const attr = arg(plain, 'attr');
  assert.equal(attr.type, 1);
  assert.equal(attr.size, Number(kv.size));
  assert.equal(attr.config, 1);
  assert.equal(attr.sample_period, 12345);
  assert.equal('sample_freq' in attr, false);
  assert.equal(attr.sample_type, 1 | 2);
  assert.equal(attr.read_format, 1 | 4);
  assert.equal(attr.disabled, true);
  assert.equal(attr.inherit, false);
  assert.equal(attr.exclude_user, false);
  assert.equal(attr.exclude_kernel, true);
  assert.equal(attr.exclude_hv, true);
  assert.equal(attr.freq, false);
  assert.equal(attr.wakeup_events, 7);
  assert.equal(attr.bp_type, 0);
  assert.equal(String(attr.config1), BigInt('0xfedcba9876543210').toString(), 'u64 beyond 2^53 exact');
  assert.equal(attr.config2, 0);
  assert.equal(attr.branch_sample_type, 0);
  for (const flag of ['pinned', 'exclusive', 'exclude_idle', 'mmap', 'comm', 'inherit_stat', 'enable_on_exec', 'task', 'watermark', 'mmap_data', 'sample_id_all', 'exclude_host', 'exclude_guest', 'mmap2', 'comm_exec', 'use_clockid', 'context_switch', 'write_backward', 'namespaces', 'ksymbol', 'bpf_event', 'aux_output', 'cgroup', 'text_poke', 'build_id', 'inherit_thread', 'remove_on_exec', 'sigtrap']) {
    assert.equal(attr[flag], false, flag);
  }

  const fattr = arg(freq, 'attr');
  assert.equal(freq.returnValue, Number(kv.freq));
  assert.equal(fattr.freq, true);
  assert.equal(fattr.sample_freq, 4000);
  assert.equal('sample_period' in fattr, false);
  assert.equal(arg(freq, 'flags'), 0);

  assert.equal(badtype.returnValue, ENOENT);
  assert.equal(Number(kv.badtype), ENOENT);
  assert.equal(arg(badtype, 'attr').type, 0x7ffffff0);

  assert.equal(nullattr.returnValue, EFAULT);
  const nullEntry = argEntry(nullattr, 'attr');
  assert.equal(nullEntry.value, null);
  assert.equal(nullEntry.unreadable, 'null');
  assert.equal(nullEntry.address, 0);

  const v0 = arg(ver0, 'attr');
  assert.equal(ver0.returnValue, Number(kv.ver0));
  assert.equal(v0.size, 64);
  assert.equal(v0.bp_type, 0, 'fields inside VER0 are present');
  assert.equal(v0.config1, 0, 'config1 ends at 64: inside VER0');
  assert.equal('config2' in v0, false, 'config2 lies past size 64');
  assert.equal('branch_sample_type' in v0, false);
});

test('perf_event_open with option:parse-arguments: symbolic names', async () => {
  const bin = compileTrigger('perf_trigger');
  let pid = 0;
  const r = await traceDuring(['-e', 'perf_event_open', '-s', 'comm=perf_trigger', '-o', 'option:parse-arguments'], async () => {
    pid = (await run(bin)).pid;
  });
  const evs = r.events.filter((e) => e.hostProcessId === pid);
  assert.equal(evs.length, 5);
  const attr = arg(evs[0], 'attr');
  assert.equal(attr.type, 'PERF_TYPE_SOFTWARE');
  assert.equal(attr.config, 'PERF_COUNT_SW_TASK_CLOCK');
  assert.equal(attr.sample_type, 'PERF_SAMPLE_IP|PERF_SAMPLE_TID');
  assert.equal(arg(evs[0], 'flags'), 'PERF_FLAG_FD_CLOEXEC');
  assert.equal(arg(evs[0], 'cpu'), -1);
  assert.equal(evs[2].returnValue, ENOENT);
  assert.equal(evs[2].returnValueName, 'ENOENT');
});

test('pidfd_open, pidfd_getfd, pidfd_send_signal: exact values, failures', async () => {
  const bin = compileTrigger('pidfd_trigger');
  let out: { pid: number; stdout: string } = { pid: 0, stdout: '' };
  const r = await traceDuring(['-e', 'pidfd_open,pidfd_getfd,pidfd_send_signal', '-s', 'comm=pidfd_trigger'], async () => {
    out = await run(bin);
  });
  assert.equal(r.exitCode, 0);
  assert.equal(r.lost, 0);
  const kv = keyValues(out.stdout);
  const evs = r.events.filter((e) => e.hostProcessId === out.pid);
  assert.deepEqual(
    evs.map((e) => e.eventName),
    ['pidfd_open', 'pidfd_open', 'pidfd_open', 'pidfd_getfd', 'pidfd_getfd', 'pidfd_send_signal'],
  );
  const ids: Record<string, number> = { pidfd_open: 434, pidfd_getfd: 438, pidfd_send_signal: 424 };
  const nargs: Record<string, number> = { pidfd_open: 2, pidfd_getfd: 3, pidfd_send_signal: 4 };
  for (const e of evs) {
    assertContext(e, r, { pid: out.pid, ppid: process.pid, comm: 'pidfd_trigger', eventName: e.eventName, eventId: ids[e.eventName], argsNum: nargs[e.eventName] });
  }
  const [self, dead, child, stolen, badfd, kill] = evs;
  assert.deepEqual(self.args, [
    { name: 'pid', type: 'pid_t', value: out.pid },
    { name: 'flags', type: 'unsigned int', value: 0o4000 }, // PIDFD_NONBLOCK
  ]);
  assert.equal(self.returnValue, Number(kv.selffd));

  assert.equal(arg(dead, 'pid'), Number(kv.dead));
  assert.equal(arg(dead, 'flags'), 0);
  assert.equal(dead.returnValue, ESRCH);

  assert.equal(arg(child, 'pid'), Number(kv.child));
  assert.equal(child.returnValue, Number(kv.childfd));

  assert.deepEqual(stolen.args, [
    { name: 'pidfd', type: 'int', value: Number(kv.childfd) },
    { name: 'targetfd', type: 'int', value: 42 },
    { name: 'flags', type: 'unsigned int', value: 0 },
  ]);
  assert.equal(stolen.returnValue, Number(kv.stolen));
  assert.equal(arg(badfd, 'targetfd'), 999);
  assert.equal(badfd.returnValue, EBADF);

  assert.equal(arg(kill, 'pidfd'), Number(kv.childfd));
  assert.equal(arg(kill, 'sig'), 9);
  assert.equal(arg(kill, 'info'), 0, 'NULL siginfo pointer');
  assert.equal(arg(kill, 'flags'), 0);
  assert.equal(kill.returnValue, 0);
  assert.equal(kv.signaled, '9');
});

test('pidfd with option:parse-arguments: PIDFD_NONBLOCK, SIGKILL, ESRCH', async () => {
  const bin = compileTrigger('pidfd_trigger');
  let pid = 0;
  const r = await traceDuring(['-e', 'pidfd_open,pidfd_send_signal', '-s', 'comm=pidfd_trigger', '-o', 'option:parse-arguments'], async () => {
    pid = (await run(bin)).pid;
  });
  const evs = r.events.filter((e) => e.hostProcessId === pid);
  assert.equal(arg(evs[0], 'flags'), 'PIDFD_NONBLOCK');
  assert.equal(evs[1].returnValueName, 'ESRCH');
  const kill = evs.find((e) => e.eventName === 'pidfd_send_signal')!;
  assert.equal(arg(kill, 'sig'), 'SIGKILL');
});
