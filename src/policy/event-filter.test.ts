import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodePerfEventAttr } from '../decode/perf-event-attr.js';
import { decodeSockaddr } from '../decode/sockaddr.js';
import type { ArgValue, DecodedArg, TraceEvent } from '../decode/trace-event.js';
import { eventByName } from '../events/catalog.js';
import { traceEventFixture } from '../decode/trace-event.fixture.js';
import { EventFilterError, parseCliEventFilter, parseRuleFilter } from './event-filter.js';
import type { SourceLocation } from './policy-types.js';

/** An argument as the decoder makes it: `value`, and the register value for symbolic rendering. */
type ArgInit = ArgValue | { value: ArgValue; raw?: number | bigint; unreadable?: DecodedArg['unreadable'] };

function event(name: string, args: ArgInit[], context: Partial<TraceEvent> = {}): TraceEvent {
  const spec = eventByName(name)!;
  return traceEventFixture(name, {
    args: args.map((init, i): DecodedArg => {
      const full = init !== null && typeof init === 'object' && 'value' in init && !Array.isArray(init)
        ? (init as { value: ArgValue; raw?: number | bigint; unreadable?: DecodedArg['unreadable'] })
        : { value: init as ArgValue };
      const raw = full.raw ?? (typeof full.value === 'number' || typeof full.value === 'bigint' ? full.value : 0x7ffd0000);
      return { spec: spec.args[i], value: full.value, raw, unreadable: full.unreadable };
    }),
    ...context,
  });
}

const cli = (expr: string) => parseCliEventFilter(expr).filter;
const where: SourceLocation = { file: 'p.yaml', line: 12, column: 11 };
const rule = (eventName: string, text: string) => parseRuleFilter(eventName, { text, where });

/** Which of `events` the `-e` filter selects. */
function selects(expr: string, ...events: TraceEvent[]): boolean[] {
  const filter = cli(expr);
  return events.map((e) => filter.matches(e));
}

function rejects(expr: string, message: string): void {
  assert.throws(
    () => parseCliEventFilter(expr),
    (err: unknown) => {
      assert.ok(err instanceof EventFilterError, `${expr}: ${String(err)}`);
      assert.equal(err.message, message);
      assert.equal(err.where, undefined);
      return true;
    },
  );
}

function rejectsRule(eventName: string, text: string, message: string): void {
  assert.throws(
    () => rule(eventName, text),
    (err: unknown) => {
      assert.ok(err instanceof EventFilterError, `${text}: ${String(err)}`);
      assert.equal(err.message, message);
      assert.deepEqual(err.where, where);
      return true;
    },
  );
}

const O_WRONLY_CREAT_CLOEXEC = 0o2000101;
const openat = (pathname: ArgInit, flags = O_WRONLY_CREAT_CLOEXEC, ret: number = 3, context: Partial<TraceEvent> = {}) =>
  event('openat', [-100, pathname, flags, 0o644], { returnValue: ret, ...context });

describe('parseCliEventFilter: forms', () => {
  it('names the event and keeps the text', () => {
    const { eventName, filter } = parseCliEventFilter('openat.data.pathname=/etc/*');
    assert.equal(eventName, 'openat');
    assert.equal(filter.text, 'openat.data.pathname=/etc/*');
    assert.equal(filter.kind, 'data');
    assert.equal(cli('openat.retval=0').kind, 'retval');
    assert.equal(cli('openat.scope.comm=bash').kind, 'context');
  });

  it('an event of another syscall has none of the arguments', () => {
    const read = event('read', [3, 0x7ffd0000, 4096]);
    assert.deepEqual(selects('openat.data.pathname=/x', read), [false]);
    assert.deepEqual(selects('openat.data.flags!=O_RDONLY', read), [true]);
  });

  it('args. is the old spelling of data.', () => {
    assert.deepEqual(selects('openat.args.pathname=/etc/passwd', openat('/etc/passwd'), openat('/etc/shadow')), [true, false]);
  });
});

describe('data: strings', () => {
  const passwd = openat('/etc/passwd');
  const tmp = openat('/tmp/x');

  it('exact, prefix, suffix, contains', () => {
    assert.deepEqual(selects('openat.data.pathname=/etc/passwd', passwd, tmp), [true, false]);
    assert.deepEqual(selects('openat.data.pathname=/etc/*', passwd, tmp), [true, false]);
    assert.deepEqual(selects('openat.data.pathname=*wd', passwd, tmp), [true, false]);
    assert.deepEqual(selects('openat.data.pathname=*mp/*', passwd, tmp), [false, true]);
  });

  it('= any of a list, != none of it', () => {
    assert.deepEqual(selects('openat.data.pathname=/tmp/x,/etc/passwd', passwd, tmp, openat('/x')), [true, true, false]);
    assert.deepEqual(selects('openat.data.pathname!=/tmp/*,/etc/passwd', passwd, tmp, openat('/x')), [false, false, true]);
  });

  it('an unreadable value fails = and passes !=', () => {
    const fault = openat({ value: null, raw: 0x1000, unreadable: 'fault' });
    assert.deepEqual(selects('openat.data.pathname=/etc/*', fault), [false]);
    assert.deepEqual(selects('openat.data.pathname!=/etc/*', fault), [true]);
    // not captured (a failed syscall): the address stays, the string is unknown
    assert.deepEqual(selects('openat.data.pathname=/etc/*', openat(0x7ffd1000)), [false]);
  });

  it('argv is matched element by element', () => {
    const ls = event('execve', ['/bin/ls', ['ls', '-la', '/tmp'], null]);
    const cat = event('execve', ['/bin/cat', ['cat', '/etc/passwd'], null]);
    assert.deepEqual(selects('execve.data.argv=-la', ls, cat), [true, false]);
    assert.deepEqual(selects('execve.data.argv=/etc/*', ls, cat), [false, true]);
    assert.deepEqual(selects('execve.data.argv!=-la', ls, cat), [false, true]);
  });
});

describe('data: numbers', () => {
  const read = (fd: number) => event('read', [fd, 0x7ffd0000, 4096]);

  it('every operator', () => {
    const three = read(3);
    const cases: [string, boolean][] = [
      ['read.data.fd=3', true], ['read.data.fd!=3', false], ['read.data.fd<4', true], ['read.data.fd<3', false],
      ['read.data.fd>2', true], ['read.data.fd>3', false], ['read.data.fd<=3', true], ['read.data.fd<=2', false],
      ['read.data.fd>=3', true], ['read.data.fd>=4', false],
    ];
    for (const [expr, want] of cases) assert.equal(cli(expr).matches(three), want, expr);
  });

  it('lists, hex and octal literals, negative values', () => {
    assert.deepEqual(selects('read.data.fd=1,3', read(3), read(2)), [true, false]);
    assert.deepEqual(selects('read.data.fd!=1,3', read(3), read(2)), [false, true]);
    assert.deepEqual(selects('read.data.fd=0x10', read(16)), [true]);
    assert.deepEqual(selects('read.data.fd=010', read(8)), [true]);
    assert.deepEqual(selects('read.data.fd=-1', read(-1)), [true]);
    assert.deepEqual(selects('read.data.fd>-2', read(-1)), [true]);
  });

  it('= takes both spellings of a bit pattern, as C converts', () => {
    // fd is an int: 0xffffffff is -1
    assert.deepEqual(selects('read.data.fd=0xffffffff', read(-1)), [true]);
    // count is a size_t (u64): -1 is 2^64-1
    const huge = event('read', [3, 0x7ffd0000, 0xffffffffffffffffn]);
    assert.deepEqual(selects('read.data.count=-1', huge), [true]);
  });

  it('64-bit values compare exactly above 2^53', () => {
    const big = (length: number | bigint) => event('mmap', [0, length, 3, 0x22, -1, 0]);
    const exact = big(9007199254740993n); // 2^53 + 1, not a double
    const below = big(9007199254740992); // 2^53, a double
    assert.deepEqual(selects('mmap.data.length=9007199254740993', exact, below), [true, false]);
    assert.deepEqual(selects('mmap.data.length>9007199254740992', exact, below), [true, false]);
    assert.deepEqual(selects('mmap.data.length=0x20000000000000', exact, below), [false, true]);
    const kernelAddr = event('mmap', [0xffff800000000001n, 4096, 3, 0x22, -1, 0]);
    assert.deepEqual(selects('mmap.data.addr=18446603336221196289', kernelAddr), [true]);
    assert.deepEqual(selects('mmap.data.addr=0xffff800000000000', kernelAddr), [false]);
    assert.deepEqual(selects('mmap.data.addr>=0xffff800000000000', kernelAddr), [true]);
  });

  it('pipe fds element by element', () => {
    const pipe = event('pipe', [[3, 4]]);
    assert.deepEqual(selects('pipe.data.pipefd=4', pipe), [true]);
    assert.deepEqual(selects('pipe.data.pipefd>4', pipe), [false]);
    assert.deepEqual(selects('pipe.data.pipefd!=5', pipe), [true]);
  });
});

describe('data: symbolic names', () => {
  it('one name or several in any order, against the rendering of the raw value', () => {
    const wrCreat = openat('/x', 0o101);
    const wrCreatCloexec = openat('/x');
    assert.deepEqual(selects('openat.data.flags=O_WRONLY|O_CREAT', wrCreat, wrCreatCloexec), [true, false]);
    assert.deepEqual(selects('openat.data.flags=O_CREAT|O_WRONLY', wrCreat, wrCreatCloexec), [true, false]);
    assert.deepEqual(selects('openat.data.flags=O_WRONLY|O_CREAT|O_CLOEXEC', wrCreat, wrCreatCloexec), [false, true]);
    assert.deepEqual(selects('openat.data.flags!=O_WRONLY|O_CREAT', wrCreat, wrCreatCloexec), [false, true]);
  });

  it('a wildcard tests the rendering: one flag, or the access mode', () => {
    const rdonly = openat('/x', 0o2000000);
    const wr = openat('/x');
    assert.deepEqual(selects('openat.data.flags=*O_CREAT*', rdonly, wr), [false, true]);
    assert.deepEqual(selects('openat.data.flags=O_RDONLY*', rdonly, wr), [true, false]);
  });

  it('a number compares with the raw value', () => {
    assert.deepEqual(selects(`openat.data.flags=${O_WRONLY_CREAT_CLOEXEC}`, openat('/x')), [true]);
    assert.deepEqual(selects('openat.data.flags=0x80041', openat('/x')), [true]);
    assert.deepEqual(selects('openat.data.flags>0', openat('/x'), openat('/x', 0)), [true, false]);
  });

  it('numbers inside a rendering compare by value: modes, hex remainders', () => {
    const mode = (m: number) => event('chmod', ['/x', m]);
    assert.deepEqual(selects('chmod.data.mode=0755', mode(0o755)), [true]);
    assert.deepEqual(selects('chmod.data.mode=S_IFREG|0644', mode(0o100644), mode(0o644)), [true, false]);
    assert.deepEqual(selects('openat.data.flags=O_RDONLY|O_CREAT|0x40000000', openat('/x', 0x40000000 | 0o100)), [true]);
  });

  it('signals, perf_event_open flags, dirfd', () => {
    const kill = (sig: number) => event('kill', [1234, sig]);
    assert.deepEqual(selects('kill.data.sig=SIGKILL', kill(9), kill(15)), [true, false]);
    assert.deepEqual(selects('kill.data.sig=SIGKILL,SIGTERM', kill(9), kill(15), kill(1)), [true, true, false]);
    assert.deepEqual(selects('kill.data.sig=SIGRTMIN+2', kill(36)), [true]);
    assert.deepEqual(selects('kill.data.sig=9', kill(9)), [true]);
    const perf = (flags: number) => event('perf_event_open', [{}, 0, -1, -1, flags]);
    assert.deepEqual(selects('perf_event_open.data.flags=PERF_FLAG_FD_CLOEXEC', perf(8), perf(0)), [true, false]);
    assert.deepEqual(selects('openat.data.dirfd=AT_FDCWD', openat('/x'), event('openat', [3, '/x', 0, 0])), [true, false]);
    assert.deepEqual(selects('openat.data.dirfd=-100', openat('/x')), [true]);
  });
});

/** A perf_event_attr: PERF_TYPE_HARDWARE, PERF_COUNT_HW_INSTRUCTIONS, disabled + exclude_kernel, precise_ip 2. */
function perfAttrBytes(): Buffer {
  const b = Buffer.alloc(136);
  b.writeUInt32LE(0, 0); // type
  b.writeUInt32LE(136, 4); // size
  b.writeBigUInt64LE(1n, 8); // config
  b.writeBigUInt64LE(3n, 24); // sample_type IP|TID
  b.writeUInt32LE((1 << 0) | (1 << 5) | (2 << 15), 40); // disabled, exclude_kernel, precise_ip=2
  b.writeBigUInt64LE((1n << 60n) + 1n, 56); // config1
  return b;
}

describe('data: struct fields', () => {
  const bytes = perfAttrBytes();
  const raw = event('perf_event_open', [decodePerfEventAttr(bytes, 0, bytes.length, false), -1, 0, -1, 8]);
  const named = event('perf_event_open', [decodePerfEventAttr(bytes, 0, bytes.length, true), -1, 0, -1, 8]);
  const both = [raw, named];

  it('perf_event_attr enums by name or number, decoded raw or by name', () => {
    assert.equal(named.args[0].value && (named.args[0].value as Record<string, unknown>).type, 'PERF_TYPE_HARDWARE');
    assert.deepEqual(selects('perf_event_open.data.attr.type=PERF_TYPE_HARDWARE', ...both), [true, true]);
    assert.deepEqual(selects('perf_event_open.data.attr.type=PERF_TYPE_SOFTWARE', ...both), [false, false]);
    assert.deepEqual(selects('perf_event_open.data.attr.type=0', ...both), [true, true]);
    assert.deepEqual(selects('perf_event_open.data.attr.type<1', ...both), [true, true]);
    assert.deepEqual(selects('perf_event_open.data.attr.type!=PERF_TYPE_HARDWARE', ...both), [false, false]);
  });

  it('attr.config is named by its type', () => {
    assert.deepEqual(selects('perf_event_open.data.attr.config=PERF_COUNT_HW_INSTRUCTIONS', ...both), [true, true]);
    // the software event with the same number is another event
    assert.deepEqual(selects('perf_event_open.data.attr.config=PERF_COUNT_SW_TASK_CLOCK', ...both), [false, false]);
    assert.deepEqual(selects('perf_event_open.data.attr.config=1', ...both), [true, true]);
    assert.deepEqual(selects('perf_event_open.data.attr.config>=1', ...both), [true, true]);
  });

  it('flag words and bits', () => {
    assert.deepEqual(selects('perf_event_open.data.attr.sample_type=PERF_SAMPLE_TID|PERF_SAMPLE_IP', ...both), [true, true]);
    assert.deepEqual(selects('perf_event_open.data.attr.sample_type=3', ...both), [true, true]);
    assert.deepEqual(selects('perf_event_open.data.attr.disabled=true', ...both), [true, true]);
    assert.deepEqual(selects('perf_event_open.data.attr.exclude_kernel=false', ...both), [false, false]);
    assert.deepEqual(selects('perf_event_open.data.attr.exclude_user=false', ...both), [true, true]);
    assert.deepEqual(selects('perf_event_open.data.attr.exclude_user!=1', ...both), [true, true]);
    assert.deepEqual(selects('perf_event_open.data.attr.precise_ip>=2', ...both), [true, true]);
  });

  it('64-bit members are exact', () => {
    assert.deepEqual(selects('perf_event_open.data.attr.config1=1152921504606846977', ...both), [true, true]);
    assert.deepEqual(selects('perf_event_open.data.attr.config1=1152921504606846976', ...both), [false, false]);
  });

  it('a member the attr does not have fails = and passes !=', () => {
    // only 48 bytes captured: no config1
    const short = event('perf_event_open', [decodePerfEventAttr(bytes, 0, 48, false), -1, 0, -1, 8]);
    assert.equal('config1' in (short.args[0].value as object), false);
    assert.deepEqual(selects('perf_event_open.data.attr.config1=1152921504606846977', short), [false]);
    assert.deepEqual(selects('perf_event_open.data.attr.config1>0', short), [false]);
    assert.deepEqual(selects('perf_event_open.data.attr.config1!=1152921504606846977', short), [true]);
    const lost = event('perf_event_open', [{ value: null, unreadable: 'fault' }, -1, 0, -1, 8]);
    assert.deepEqual(selects('perf_event_open.data.attr.type=0', lost), [false]);
    assert.deepEqual(selects('perf_event_open.data.attr.type!=0', lost), [true]);
  });

  it('sockaddr', () => {
    const inet = Buffer.from([2, 0, 0x01, 0xbb, 10, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0]);
    const unix = Buffer.concat([Buffer.from([1, 0]), Buffer.from('/run/x.sock\0')]);
    const connect = (addr: Buffer) => event('connect', [3, decodeSockaddr(addr, 0, addr.length, false), addr.length]);
    const [a, u] = [connect(inet), connect(unix)];
    assert.deepEqual(selects('connect.data.addr.sin_port=443', a, u), [true, false]);
    assert.deepEqual(selects('connect.data.addr.sin_port!=443', a, u), [false, true]);
    assert.deepEqual(selects('connect.data.addr.sin_port<1024', a, u), [true, false]);
    assert.deepEqual(selects('connect.data.addr.sa_family=AF_INET', a, u), [true, false]);
    assert.deepEqual(selects('connect.data.addr.sa_family=2', a, u), [true, false]);
    assert.deepEqual(selects('connect.data.addr.sin_addr=10.0.*', a, u), [true, false]);
    assert.deepEqual(selects('connect.data.addr.sun_path=/run/*', a, u), [false, true]);
  });

  it('timespec', () => {
    const sleep = event('clock_nanosleep', [1, 0, { tv_sec: 5n, tv_nsec: 0n }, null]);
    assert.deepEqual(selects('clock_nanosleep.data.request.tv_sec>=5', sleep), [true]);
    assert.deepEqual(selects('clock_nanosleep.data.clockid=CLOCK_MONOTONIC', sleep), [true]);
  });
});

describe('retval', () => {
  const ok = openat('/x', 0, 3);
  const enoent = openat('/x', 0, -2);
  const eacces = openat('/x', 0, -13);

  it('numbers with every operator', () => {
    assert.deepEqual(selects('openat.retval=3', ok, enoent), [true, false]);
    assert.deepEqual(selects('openat.retval!=3', ok, enoent), [false, true]);
    assert.deepEqual(selects('openat.retval<0', ok, enoent), [false, true]);
    assert.deepEqual(selects('openat.retval>=0', ok, enoent), [true, false]);
    assert.deepEqual(selects('openat.retval<=-2', ok, enoent), [false, true]);
    assert.deepEqual(selects('openat.retval>-3', ok, enoent, eacces), [true, true, false]);
    assert.deepEqual(selects('openat.retval=-2,-13', ok, enoent, eacces), [false, true, true]);
  });

  it('errno names, with or without the minus, and aliases', () => {
    assert.deepEqual(selects('openat.retval=ENOENT', ok, enoent, eacces), [false, true, false]);
    assert.deepEqual(selects('openat.retval=-ENOENT', ok, enoent, eacces), [false, true, false]);
    assert.deepEqual(selects('openat.retval!=ENOENT,EACCES', ok, enoent, eacces), [true, false, false]);
    assert.deepEqual(selects('read.retval=EWOULDBLOCK', event('read', [3, 0, 1], { returnValue: -11 })), [true]);
  });

  it('64-bit return values', () => {
    const mmap = event('mmap', [0, 4096, 3, 0x22, -1, 0], { returnValue: 0x7f0000000001n });
    assert.deepEqual(selects('mmap.retval=0x7f0000000001', mmap), [true]);
    assert.deepEqual(selects('mmap.retval>0', mmap), [true]);
  });

  it('in a policy rule', () => {
    assert.equal(rule('openat', 'retval<0').matches(enoent), true);
    assert.equal(rule('openat', 'retval=ENOENT').matches(ok), false);
  });
});

describe('context fields', () => {
  const e = openat('/x', 0, 3, {
    processId: 1000, threadId: 1001, parentProcessId: 1, hostProcessId: 5000, hostThreadId: 5001,
    hostParentProcessId: 4000, userId: 0, mountNamespace: 4026531840, pidNamespace: 4026531836,
    processName: 'uname', hostName: 'web1', cgroupId: 18446744073709551615n, processorId: 3,
  });

  it("Tracee's names and aliases", () => {
    const holds = [
      'p=1000', 'pid=1000', 'processId=1000', 'tid=1001', 'threadId=1001', 'ppid=1', 'parentProcessId=1',
      'hostTid=5001', 'hostThreadId=5001', 'hostPid=5000', 'hostProcessId=5000', 'hostParentProcessId=4000',
      'uid=0', 'userId=0', 'mntns=4026531840', 'mountNamespace=4026531840', 'pidns=4026531836',
      'pidNamespace=4026531836', 'comm=uname', 'processName=uname', 'hostName=web1', 'cgroupId=18446744073709551615',
      'processorId=3', 'syscall=openat', 'eventName=openat', 'not-container', '!container', 'containerId!=abc*',
    ];
    for (const text of holds) {
      assert.equal(rule('openat', text).matches(e), true, text);
      assert.equal(cli(`openat.scope.${text}`).matches(e), true, text);
    }
    for (const text of ['pid=1', 'comm=bash', 'container', 'uid!=0', 'hostName=web2']) {
      assert.equal(rule('openat', text).matches(e), false, text);
    }
  });

  it('numbers take every operator; strings wildcards', () => {
    assert.equal(rule('openat', 'pid>999').matches(e), true);
    assert.equal(rule('openat', 'pid<1000').matches(e), false);
    assert.equal(rule('openat', 'uid<=0').matches(e), true);
    assert.equal(rule('openat', 'uid>=1').matches(e), false);
    assert.equal(rule('openat', 'uid>-1').matches(e), true);
    assert.equal(rule('openat', 'cgroupId>18446744073709551614').matches(e), true);
    assert.equal(rule('openat', 'comm=un*').matches(e), true);
    assert.equal(rule('openat', 'comm!=*ame').matches(e), false);
    assert.equal(rule('openat', 'comm=bash,uname').matches(e), true);
    assert.equal(rule('openat', 'pid!=1,1000').matches(e), false);
  });

  it('container: any, none, ids by prefix, containerId as a string', () => {
    const id = '4f3a9c1e2b7d' + 'a'.repeat(52);
    const inside = openat('/x', 0, 3, { containerId: id });
    const host = openat('/x');
    const both = [inside, host];
    assert.deepEqual(both.map((x) => rule('openat', 'container').matches(x)), [true, false]);
    assert.deepEqual(both.map((x) => rule('openat', 'not-container').matches(x)), [false, true]);
    assert.deepEqual(both.map((x) => rule('openat', 'container=4F3A9C').matches(x)), [true, false]);
    assert.deepEqual(both.map((x) => rule('openat', 'container=fffff,4f3a9c1e2b7d').matches(x)), [true, false]);
    assert.deepEqual(both.map((x) => rule('openat', 'container!=4f3a9c').matches(x)), [false, true]);
    assert.deepEqual(both.map((x) => rule('openat', `containerId=${id}`).matches(x)), [true, false]);
    assert.deepEqual(both.map((x) => rule('openat', 'containerId=4f3a*').matches(x)), [true, false]);
    assert.deepEqual(both.map((x) => cli('openat.scope.container').matches(x)), [true, false]);
  });

  it('a rule may copy the scope. prefix from the command line', () => {
    assert.equal(rule('openat', 'scope.pid=1000').matches(e), true);
  });

  it('data filters in rules', () => {
    assert.equal(rule('openat', 'data.pathname=/x').matches(e), true);
    assert.equal(rule('openat', 'args.flags=O_RDONLY').matches(e), true);
  });
});

describe('errors', () => {
  it('names: events, arguments, struct fields, filter kinds', () => {
    rejects('openat.data.pathnme=/etc/*', 'filter "openat.data.pathnme=/etc/*": openat has no argument "pathnme"; did you mean "pathname"?');
    rejects('openat.data.zzz=1', 'filter "openat.data.zzz=1": openat has no argument "zzz"; its arguments: dirfd, pathname, flags, mode');
    rejects('getpid.data.x=1', 'filter "getpid.data.x=1": getpid has no arguments to filter on');
    rejects('perf_event_open.data.attr.tpye=1', 'filter "perf_event_open.data.attr.tpye=1": perf_event_attr has no field "tpye"; did you mean "type"?');
    rejects('perf_event_open.data.attr.zzz=1', 'filter "perf_event_open.data.attr.zzz=1": perf_event_attr has no field "zzz"; -o json shows its fields');
    rejects('connect.data.addr.port=443', 'filter "connect.data.addr.port=443": sockaddr has no field "port"; did you mean "sin_port" or "sin6_port"?');
    rejects('clock_nanosleep.data.request.zzz=1', 'filter "clock_nanosleep.data.request.zzz=1": timespec has no field "zzz"; its fields: tv_sec, tv_nsec');
    rejects('connect.data.addr=1', 'filter "connect.data.addr=1": addr is a struct sockaddr; filter on one of its fields, e.g. addr.sin_port=443');
    rejects('openat.data.flags.x=1', 'filter "openat.data.flags.x=1": flags is not a struct (int); it has no field "x"');
    rejects('connect.data.addr.sin_port.x=1', 'filter "connect.data.addr.sin_port.x=1": addr.sin_port is not a struct; it has no field "x"');
    rejects('connect.data.addr..sin_port=1', 'filter "connect.data.addr..sin_port=1": "addr..sin_port" has an empty name; write ARG or ARG.FIELD');
    rejects('opnat.data.x=1', 'filter "opnat.data.x=1": unknown event "opnat"; did you mean "openat"?');
    rejects('zzzzzz.data.x=1', 'filter "zzzzzz.data.x=1": unknown event "zzzzzz"; sysray list shows the events');
    rejects('open*.data.x=1', 'filter "open*.data.x=1": "open*" names several events; a filter applies to one event, give its full name');
    rejects('openat.dta.x=1', 'filter "openat.dta.x=1": unknown filter kind "dta"; did you mean "data"?');
    rejects('openat.zzzz=1', 'filter "openat.zzzz=1": unknown filter kind "zzzz"; write openat.data.ARG, openat.retval or openat.scope.FIELD');
    rejects('openat', 'filter "openat": no filter; write EVENT.data.ARG=VALUE, EVENT.retval=N or EVENT.scope.FIELD=VALUE');
    rejects('openat=1', 'filter "openat=1": no filter; write EVENT.data.ARG=VALUE, EVENT.retval=N or EVENT.scope.FIELD=VALUE');
    rejects('openat.data=1', "filter \"openat.data=1\": name an argument: data.ARG=VALUE; openat's arguments: dirfd, pathname, flags, mode");
    rejects('openat.scope', 'filter "openat.scope": name a field after scope: openat.scope.FIELD=VALUE, e.g. openat.scope.comm=bash');
  });

  it('operators and values', () => {
    rejects('openat.data.pathname', 'filter "openat.data.pathname": no operator; write data.pathname=VALUE or data.pathname!=VALUE');
    rejects('openat.data.pathname=', 'filter "openat.data.pathname=": missing value after "="; write data.pathname=VALUE or data.pathname!=VALUE');
    rejects('openat.data.pathname==/x', 'filter "openat.data.pathname==/x": unknown operator "=="; use one of = != < > <= >=');
    rejects('openat.data.pathname=/a,,/b', 'filter "openat.data.pathname=/a,,/b": empty value in "/a,,/b"; separate values with single commas; write data.pathname=VALUE or data.pathname!=VALUE');
    rejects('openat.data.pathname</x', 'filter "openat.data.pathname</x": operator "<" compares numbers and pathname is a string; use = or !=');
    rejects('openat.data.pathname=/a*b', 'filter "openat.data.pathname=/a*b": "/a*b" has * in the middle; * may only start and/or end a value (ba*, *sh, *as*)');
    rejects('openat.data.pathname=*', 'filter "openat.data.pathname=*": "*" matches everything; drop the condition or give a pattern such as ba* or *sh');
    rejects('read.data.fd=abc', 'filter "read.data.fd=abc": "abc" is not a number; fd takes integers (decimal, 0x hex or 0 octal)');
    rejects('read.data.fd=08', 'filter "read.data.fd=08": "08" is not a number (a leading 0 means octal); fd takes integers (decimal, 0x hex or 0 octal)');
    rejects('read.data.fd=1*', 'filter "read.data.fd=1*": wildcards apply to strings; fd is a number');
    rejects('read.data.fd=4294967296', 'filter "read.data.fd=4294967296": "4294967296" does not fit in fd (int, 32 bits)');
    rejects('read.data.fd<0xffffffff', 'filter "read.data.fd<0xffffffff": "0xffffffff" is out of range for fd (int: -2147483648..2147483647)');
    rejects('read.data.count<-1', 'filter "read.data.count<-1": "-1" is out of range for count (size_t: 0..18446744073709551615)');
    rejects('read.data.fd<1,2', 'filter "read.data.fd<1,2": operator "<" takes one value, not a list; write fd<1');
    rejects('perf_event_open.data.attr.disabled=yes', 'filter "perf_event_open.data.attr.disabled=yes": "yes" is not a boolean; attr.disabled is true or false');
    rejects('perf_event_open.data.attr.disabled>0', 'filter "perf_event_open.data.attr.disabled>0": operator ">" compares numbers and attr.disabled is true or false; use = or !=');
    rejects('openat.scope.pid=18446744073709551616', 'filter "openat.scope.pid=18446744073709551616": "18446744073709551616" is out of range for pid (-9223372036854775808..18446744073709551615)');
  });

  it('symbolic names', () => {
    rejects('perf_event_open.data.attr.type=PERF_TYPE_HARDWAR', 'filter "perf_event_open.data.attr.type=PERF_TYPE_HARDWAR": "PERF_TYPE_HARDWAR" is not a value of attr.type; did you mean "PERF_TYPE_HARDWARE"?');
    rejects('openat.data.flags=O_WRONLY|O_CRAET', 'filter "openat.data.flags=O_WRONLY|O_CRAET": "O_CRAET" is not a value of flags; did you mean "O_CREAT"?');
    rejects('kill.data.sig=sigkill', 'filter "kill.data.sig=sigkill": "sigkill" is not a value of sig; did you mean "SIGKILL"?');
    rejects('kill.data.sig=HUP', 'filter "kill.data.sig=HUP": "HUP" is not a value of sig; did you mean "SIGHUP"?');
    rejects('kill.data.sig=FOOBAR', 'filter "kill.data.sig=FOOBAR": "FOOBAR" is not a value of sig; -o option:parse-arguments shows the names it takes');
    rejects('openat.data.flags=O_WRONLY||O_CREAT', 'filter "openat.data.flags=O_WRONLY||O_CREAT": empty name in "O_WRONLY||O_CREAT"; join names with single |');
    rejects('openat.data.flags>O_CREAT', 'filter "openat.data.flags>O_CREAT": operator ">" compares numbers, not the name "O_CREAT"; give flags as a number, or use = or != with names');
    rejects('pidfd_getfd.data.flags=X', 'filter "pidfd_getfd.data.flags=X": flags has no symbolic names; give a number');
    rejects('connect.data.addr.sa_family=AF_INTE', 'filter "connect.data.addr.sa_family=AF_INTE": "AF_INTE" is not a value of addr.sa_family; did you mean "AF_INET"?');
  });

  it('retval', () => {
    rejects('openat.retval', 'filter "openat.retval": no operator; write retval=N, retval<0 or retval=ENOENT');
    rejects('openat.retval=ENOENTT', 'filter "openat.retval=ENOENTT": "ENOENTT" is not an errno name; did you mean "ENOENT"?');
    rejects('openat.retval=EZZZZZZZZZ', 'filter "openat.retval=EZZZZZZZZZ": "EZZZZZZZZZ" is not an errno name; retval takes numbers or errno names (ENOENT)');
    rejects('openat.retval<ENOENT', 'filter "openat.retval<ENOENT": operator "<" compares numbers, not the name "ENOENT"; write retval<-2, or use = or != with names');
    rejects('openat.retval=ok', 'filter "openat.retval=ok": "ok" is not a number; retval takes integers (decimal, 0x hex or 0 octal)');
    rejects('openat.retval.x=1', 'filter "openat.retval.x=1": retval has no fields; write retval=N, retval<0 or retval=ENOENT');
  });

  it('context fields', () => {
    rejects('openat.scope.pidd=1', 'filter "openat.scope.pidd=1": unknown field "pidd"; did you mean "pid"?');
    rejects('openat.scope.comm>a', 'filter "openat.scope.comm>a": operator ">" compares numbers and comm is a string; use = or !=');
    rejects('openat.scope.comm=abcdefghijklmnop', 'filter "openat.scope.comm=abcdefghijklmnop": comm "abcdefghijklmnop" can never match: the kernel keeps only the first 15 bytes of a process name; use "abcdefghijklmno"');
    rejects('openat.scope.syscall=opnat', 'filter "openat.scope.syscall=opnat": "opnat" is not an event name; did you mean "openat"?');
    rejects('openat.scope.containerImage=ubuntu', 'filter "openat.scope.containerImage=ubuntu": sysray has no container runtime data (images, names, pods); filter on containerId or container instead');
    rejects('openat.scope.tree=1', "filter \"openat.scope.tree=1\": tree is a scope field, not an event field; put it in the policy's scope (or -s)");
    rejects('openat.scope.uts=web1', "filter \"openat.scope.uts=web1\": uts is a scope field, not an event field; put it in the policy's scope (or -s), or filter on hostName");
    rejects('openat.scope.pid=new', 'filter "openat.scope.pid=new": pid=new is a scope term (-s pid=new), not an event filter');
    rejects('openat.scope.container=new', 'filter "openat.scope.container=new": container=new is a scope term (-s container=new), not an event filter; use container');
    rejects('openat.scope.container=xyz', 'filter "openat.scope.container=xyz": "xyz" is not a container id; give the 64-hex-digit id or a prefix of at least 5 hex digits (as docker ps shows: 12)');
    rejects('openat.scope.container>abcde', 'filter "openat.scope.container>abcde": operator ">" is not allowed for container; use = or !=');
    rejects('openat.scope.container=started', 'filter "openat.scope.container=started": container=started is not supported (sysray does not follow container start-up); use container');
    rejects('openat.scope.container=true', 'filter "openat.scope.container=true": container takes ids, not "true"; write container or not-container');
  });

  it('policy rules: the location, and a forgotten data. prefix', () => {
    rejectsRule('openat', 'pathname=/etc/passwd', 'filter "pathname=/etc/passwd": "pathname" is an argument of openat; write data.pathname=/etc/passwd');
    rejectsRule('openat', 'data.pathnme=/etc/*', 'filter "data.pathnme=/etc/*": openat has no argument "pathnme"; did you mean "pathname"?');
    rejectsRule('openat', 'retvl=0', 'filter "retvl=0": unknown field "retvl"; did you mean "retval"?');
    rejectsRule('openat', 'zzzzzz=0', 'filter "zzzzzz=0": unknown field "zzzzzz"; fields: pid, tid, ppid, hostPid, hostTid, hostParentProcessId, uid, mntns, pidns, cgroupId, processorId, timestamp, comm, hostName, containerId, syscall, eventName, container');
  });

  it('every message is one line', () => {
    for (const expr of ['openat.data.pathnme=/etc/*', 'openat.retval<ENOENT', 'openat.scope.zzzzzz=1']) {
      assert.throws(() => parseCliEventFilter(expr), (err: Error) => !err.message.includes('\n'));
    }
  });
});

describe('derived events\' string and bool arguments', () => {
  it('magic_write.args.pathname takes wildcards, content_unknown true or false, inode numbers', () => {
    const mw = (pathname: string, unknown: boolean) => event('magic_write', [pathname, 'f0VMRg==', 266338304, 2195731, unknown]);
    assert.deepEqual(selects('magic_write.args.pathname=/tmp/*', mw('/tmp/x', false), mw('/usr/bin/x', false)), [true, false]);
    assert.deepEqual(selects('magic_write.args.content_unknown=true', mw('/tmp/x', false), mw('/tmp/y', true)), [false, true]);
    assert.deepEqual(selects('magic_write.args.bytes=f0VMRg*', mw('/tmp/x', false)), [true]);
    assert.deepEqual(selects('magic_write.args.inode=2195731', mw('/tmp/x', false)), [true]);
    rejects('magic_write.args.content_unknown=maybe', 'filter "magic_write.args.content_unknown=maybe": "maybe" is not a boolean; content_unknown is true or false');
  });
});

describe('kernel values: data.ARG.kernel and data.ARG.raced', () => {
  /** openat whose pathname read `read`, and the kernel opened `kernel`. */
  function opened(read: string, kernel: string | undefined, raced = false): TraceEvent {
    const e = event('openat', [-100, read, 0, 0]);
    e.args[1].kernelValue = kernel;
    if (raced) {
      e.args[1].raced = true;
      e.args[1].raceTechnique = 'entry read failed';
    }
    return e;
  }

  it('pathname.kernel compares the file the kernel opened, with the string rules', () => {
    const swapped = opened('/tmp/benign', '/etc/shadow', true);
    const plain = opened('/etc/hosts', '/etc/hosts');
    assert.deepEqual(selects('openat.data.pathname.kernel=/etc/shadow', swapped, plain), [true, false]);
    assert.deepEqual(selects('openat.data.pathname=/etc/shadow', swapped, plain), [false, false]);
    assert.deepEqual(selects('openat.data.pathname.kernel=/etc/*', swapped, plain), [true, true]);
    // no kernel value (a failed open): fails = and passes !=
    assert.deepEqual(selects('openat.data.pathname.kernel=/etc/*', opened('/etc/nope', undefined)), [false]);
    assert.deepEqual(selects('openat.data.pathname.kernel!=/etc/*', opened('/etc/nope', undefined)), [true]);
  });

  it('ARG.raced is true or false; absent is false', () => {
    const swapped = opened('/tmp/benign', '/etc/shadow', true);
    const plain = opened('/etc/hosts', '/etc/hosts');
    assert.deepEqual(selects('openat.data.pathname.raced=true', swapped, plain), [true, false]);
    assert.deepEqual(selects('openat.args.pathname.raced=false', swapped, plain), [false, true]);
    assert.equal(rule('openat', 'data.pathname.raced=true').matches(swapped), true);
  });

  it('a struct kernel value is filtered by field, as the value is', () => {
    const attr = (config: number) => decodePerfEventAttr(Buffer.from([1, 0, 0, 0, 64, 0, 0, 0, config, 0, 0, 0, 0, 0, 0, 0, ...new Array(48).fill(0)]), 0, 64, false);
    const e = event('perf_event_open', [attr(9), -1, 0, -1, 8]);
    e.args[0].kernelValue = attr(2);
    assert.deepEqual(selects('perf_event_open.data.attr.kernel.config=2', e), [true]);
    assert.deepEqual(selects('perf_event_open.data.attr.config=2', e), [false]);
    assert.deepEqual(selects('perf_event_open.data.attr.kernel.type=PERF_TYPE_SOFTWARE', e), [true]);
  });

  it('says which arguments have a kernel value when one has none', () => {
    rejects('openat.data.flags.kernel=0', 'filter "openat.data.flags.kernel=0": openat.flags has no kernel value, so no kernel; openat\'s arguments with one: pathname');
    rejects('read.data.fd.raced=true', 'filter "read.data.fd.raced=true": read.fd has no kernel value, so no raced; none of read\'s arguments has one (sysray man read)');
    rejects('openat.data.pathname.raced.x=true', 'filter "openat.data.pathname.raced.x=true": pathname.raced is true or false; it has no field "x"');
    rejects('perf_event_open.data.attr.kernel=1', 'filter "perf_event_open.data.attr.kernel=1": attr.kernel is a struct perf_event_attr; filter on one of its fields, e.g. attr.kernel.type=PERF_TYPE_HARDWARE');
  });
});
