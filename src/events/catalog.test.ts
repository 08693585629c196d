import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { ArgCapture, type ArgFormat, type ArgSpec, type ArgTag } from './catalog-types.js';
import { MAX_SYSCALL_ID, SYSCALLS, allSetNames, eventById, eventByName } from './catalog.js';

const UNISTD = '/usr/include/x86_64-linux-gnu/asm/unistd_64.h';
/** unistd_64.h names that Tracee (and so sysray) names differently. */
const EVENT_NAME_OF: Record<string, string> = { _sysctl: 'sysctl' };

function event(name: string) {
  const e = eventByName(name);
  assert.ok(e, `no event ${name}`);
  return e;
}

/** An arg without its optional fields, for exact comparison with a seed page. */
/** An argument as its Tracee page shows it: the page's tags (documentedTags where sysray's differ). */
function seedView(a: ArgSpec): Pick<ArgSpec, 'name' | 'type' | 'tags'> {
  return { name: a.name, type: a.type, tags: a.documentedTags ?? a.tags };
}

test('the table covers every x86_64 syscall, sorted, with unique ids and names', () => {
  assert.ok(SYSCALLS.length > 330, `${SYSCALLS.length} entries`);
  const ids = SYSCALLS.map((s) => s.id);
  assert.deepEqual(ids, [...ids].sort((a, b) => a - b), 'sorted by id');
  assert.equal(new Set(ids).size, SYSCALLS.length, 'unique ids');
  assert.equal(new Set(SYSCALLS.map((s) => s.name)).size, SYSCALLS.length, 'unique names');
  assert.ok(Math.max(...ids) < MAX_SYSCALL_ID);
  for (const s of SYSCALLS) {
    assert.equal(eventById(s.id), s);
    assert.equal(eventByName(s.name), s);
  }
});

test('ids are the unistd_64.h numbers', (t) => {
  if (!existsSync(UNISTD)) {
    t.skip(`${UNISTD} not installed`);
    return;
  }
  const header = [...readFileSync(UNISTD, 'utf8').matchAll(/^#define __NR_(\w+)\s+(\d+)\s*$/gm)];
  assert.ok(header.length > 330);
  for (const name of ['read', 'openat', 'execve', 'rt_sigreturn', 'perf_event_open', 'pidfd_open', 'futex_waitv']) {
    const line = header.find((m) => m[1] === name);
    assert.ok(line, `${name} in ${UNISTD}`);
    assert.equal(event(name).id, Number(line[2]), name);
  }
  // and every number the header defines has its event
  for (const [, name, nr] of header) {
    assert.equal(eventById(Number(nr))?.name, EVENT_NAME_OF[name] ?? name, `__NR_${name}`);
  }
});

test('perf_event_open matches its Tracee page', () => {
  const e = event('perf_event_open');
  assert.deepEqual(e.args.map(seedView), [
    { name: 'attr', type: 'struct perf_event_attr*', tags: ['U'] },
    { name: 'pid', type: 'pid_t', tags: ['K'] },
    { name: 'cpu', type: 'int', tags: ['K'] },
    { name: 'group_fd', type: 'int', tags: ['U', 'K'] },
    { name: 'flags', type: 'unsigned long', tags: ['K'] },
  ]);
  assert.equal(e.args[0].capture, 'perfEventAttr');
  assert.equal(e.args[4].format, 'perfEventOpenFlags');
  // the kernel copies attr after sysray's entry read: TOCTOU by sysray's definition, whatever the page says
  assert.deepEqual(e.args[0].tags, ['U', 'TOCTOU']);
});

test('pidfd_open matches its Tracee page (no tags)', () => {
  const e = event('pidfd_open');
  assert.deepEqual(e.args.map(seedView), [
    { name: 'pid', type: 'pid_t', tags: [] },
    { name: 'flags', type: 'unsigned int', tags: [] },
  ]);
  assert.equal(e.args[1].format, 'pidfdOpenFlags');
});

test('pidfd_getfd and pidfd_send_signal follow the tag rule', () => {
  assert.deepEqual(event('pidfd_getfd').args.map(seedView), [
    { name: 'pidfd', type: 'int', tags: ['K'] },
    { name: 'targetfd', type: 'int', tags: ['K'] },
    { name: 'flags', type: 'unsigned int', tags: ['K'] },
  ]);
  assert.deepEqual(event('pidfd_send_signal').args.map(seedView), [
    { name: 'pidfd', type: 'int', tags: ['K'] },
    { name: 'sig', type: 'int', tags: ['K'] },
    { name: 'info', type: 'siginfo_t*', tags: ['U', 'OPT'] },
    { name: 'flags', type: 'unsigned int', tags: ['K'] },
  ]);
});

test('kind agrees with capture and type', () => {
  const captureNames = new Set(Object.keys(ArgCapture));
  for (const s of SYSCALLS) {
    for (const a of s.args) {
      const where = `${s.name}.${a.name}`;
      assert.ok(captureNames.has(a.capture), `${where}: capture ${a.capture}`);
      assert.equal(a.kind === 'captured', a.capture !== 'none', `${where}: kind ${a.kind}, capture ${a.capture}`);
      const pointerType = /[*[]/.test(a.type) || /^(const )?cap_user_(header|data)_t$/.test(a.type);
      if (a.kind === 'captured' || a.kind === 'pointer') assert.ok(pointerType, `${where}: ${a.kind} of ${a.type}`);
      else assert.ok(!pointerType, `${where}: ${a.kind} of ${a.type}`);
    }
  }
});

test('sockaddr captures name a valid length argument', () => {
  let count = 0;
  for (const s of SYSCALLS) {
    s.args.forEach((a, i) => {
      const where = `${s.name}.${a.name}`;
      if (a.capture === 'sockaddrIn' || a.capture === 'sockaddrOut') {
        count++;
        assert.equal(typeof a.lenArg, 'number', `${where}: lenArg`);
        const len = s.args[a.lenArg as number];
        assert.ok(len && a.lenArg !== i, `${where}: lenArg ${a.lenArg} out of range`);
        if (a.capture === 'sockaddrIn') assert.equal(len.type, 'int', `${where}: length by value`);
        else assert.equal(len.type, 'int*', `${where}: length by pointer`);
      } else if (a.capture === 'openHow') {
        assert.equal(s.args[a.lenArg as number]?.name, 'size', `${where}: open_how's size by value`);
      } else if (a.capture === 'bpfAttr') {
        assert.equal(s.args[a.lenArg as number]?.name, 'size', `${where}: bpf's size bounds the capture`);
      } else {
        assert.equal(a.lenArg, undefined, `${where}: lenArg without a sockaddr or open_how capture`);
      }
    });
  }
  assert.equal(count, 8); // connect, bind, sendto; accept, accept4, recvfrom, getsockname, getpeername
  assert.equal(event('connect').args[1].lenArg, 2);
  assert.equal(event('sendto').args[4].lenArg, 5);
  assert.equal(event('recvfrom').args[4].capture, 'sockaddrOut');
});

test('execve and execveat capture argv and envp', () => {
  for (const name of ['execve', 'execveat']) {
    const byName = new Map(event(name).args.map((a) => [a.name, a]));
    assert.equal(byName.get('pathname')?.capture, 'string');
    assert.equal(byName.get('argv')?.capture, 'stringArray');
    assert.equal(byName.get('envp')?.capture, 'envArray');
  }
  assert.equal(event('execve').noReturn, undefined);
});

test('Tracee arg names, not the kernel ones', () => {
  assert.equal(event('openat').args[1].name, 'pathname');
  assert.equal(event('perf_event_open').args[0].name, 'attr');
  assert.equal(event('openat').args[1].capture, 'string');
  assert.equal(event('write').args[1].capture, 'none'); // a data buffer, not a string
  assert.deepEqual(
    event('pipe2').args.map((a) => a.capture),
    ['intPairOut', 'none'],
  );
  assert.equal(event('clock_gettime').args[1].capture, 'timespecOut');
  assert.equal(event('nanosleep').args[0].capture, 'timespecIn');
});

test('syscalls without a tracepoint are present with their args', () => {
  assert.deepEqual(event('rt_sigreturn').args, []);
  assert.deepEqual(event('init_module').args.map((a) => a.name), ['module_image', 'len', 'param_values']);
  assert.deepEqual(event('kexec_load').args.length, 4);
  assert.deepEqual(event('afs_syscall').args, []);
});

test('tags: K for values, U for pointers, TOCTOU for re-read input, OPT only on pointers', () => {
  const known = new Set<ArgTag>(['U', 'K', 'TOCTOU', 'OPT']);
  const reread = new Set(['string', 'stringArray', 'envArray', 'sockaddrIn', 'timespecIn', 'fsconfigValue', 'openHow', 'perfEventAttr', 'bpfAttr']);
  const seeds = new Set(['perf_event_open', 'pidfd_open']);
  for (const s of SYSCALLS) {
    for (const a of s.args) {
      const where = `${s.name}.${a.name}`;
      for (const tag of a.tags) assert.ok(known.has(tag), `${where}: tag ${tag}`);
      assert.equal(new Set(a.tags).size, a.tags.length, `${where}: duplicate tag`);
      // TOCTOU is derived from the capture for every syscall, the seeds' included
      assert.equal(a.tags.includes('TOCTOU'), reread.has(a.capture), `${where}: TOCTOU`);
      if (seeds.has(s.name)) continue;
      const pointer = a.kind === 'pointer' || a.kind === 'captured';
      assert.equal(a.tags[0], pointer ? 'U' : 'K', where);
      assert.equal(a.tags.includes('TOCTOU'), reread.has(a.capture), `${where}: TOCTOU`);
      if (a.tags.includes('OPT')) assert.ok(pointer, `${where}: OPT on a value`);
    }
  }
});

test('formats are on integer args', () => {
  const formats = new Set<ArgFormat>();
  for (const s of SYSCALLS) {
    for (const a of s.args) {
      if (!a.format) continue;
      formats.add(a.format);
      assert.ok(a.kind !== 'pointer' && a.kind !== 'captured', `${s.name}.${a.name}: format on a pointer`);
    }
  }
  assert.equal(event('openat').args[0].format, 'dirfd');
  assert.equal(event('openat').args[2].format, 'openFlags');
  assert.equal(event('kill').args[1].format, 'signal');
  assert.equal(event('mmap').args[2].format, 'mmapProt');
  assert.equal(event('clone').args[0].format, 'cloneFlags');
  assert.ok(formats.size >= 20, `${formats.size} formats used`);
});

test('sets: every event in syscalls, no empty set names, a sensible default', () => {
  for (const s of SYSCALLS) {
    assert.equal(s.sets[0], 'syscalls', s.name);
    assert.equal(new Set(s.sets).size, s.sets.length, `${s.name}: duplicate set`);
    for (const set of s.sets) assert.match(set, /^[a-z][a-z0-9_]*$/, `${s.name}: set "${set}"`);
    assert.ok(s.summary.length > 0 && !s.summary.includes('\n'), `${s.name}: summary`);
  }
  const sets = allSetNames();
  for (const set of ['fs', 'net', 'proc', 'ipc', 'signals', 'system', 'time', 'default']) assert.ok(sets.includes(set), set);
  const def = SYSCALLS.filter((s) => s.sets.includes('default')).map((s) => s.name);
  assert.ok(def.length >= 30 && def.length <= 60, `${def.length} default events`);
  for (const name of ['perf_event_open', 'pidfd_open', 'execve', 'ptrace', 'init_module', 'bpf']) {
    assert.ok(def.includes(name), name);
  }
});

test('only exit and exit_group never return', () => {
  assert.deepEqual(
    SYSCALLS.filter((s) => s.noReturn).map((s) => s.name),
    ['exit', 'exit_group'],
  );
});
