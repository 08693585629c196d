import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SYSCALLS, eventByName } from '../events/catalog.js';
import { fdArgIndexes, formatFdArg } from './fd-args.js';

/** Names of the fd arguments of a syscall. */
function fdArgs(name: string): string[] {
  const spec = eventByName(name);
  if (!spec) throw new Error(`no event ${name}`);
  return fdArgIndexes(spec).map((i) => spec.args[i].name);
}

test('fd arguments by name and by dirfd format', () => {
  assert.deepEqual(fdArgs('read'), ['fd']);
  assert.deepEqual(fdArgs('openat'), ['dirfd']);
  assert.deepEqual(fdArgs('faccessat2'), ['fd']);
  assert.deepEqual(fdArgs('dup2'), ['oldfd', 'newfd']);
  assert.deepEqual(fdArgs('connect'), ['sockfd']);
  assert.deepEqual(fdArgs('sendfile'), ['out_fd', 'in_fd']);
  assert.deepEqual(fdArgs('splice'), ['fd_in', 'fd_out']);
  assert.deepEqual(fdArgs('epoll_ctl'), ['epfd', 'fd']);
  assert.deepEqual(fdArgs('perf_event_open'), ['group_fd']);
  assert.deepEqual(fdArgs('renameat2'), ['olddirfd', 'newdirfd']);
  assert.deepEqual(fdArgs('move_mount'), ['from_dfd', 'to_dfd']);
  assert.deepEqual(fdArgs('open_tree'), ['dfd']);
  assert.deepEqual(fdArgs('fanotify_mark'), ['fanotify_fd', 'dirfd']);
  assert.deepEqual(fdArgs('fsmount'), ['fsfd']);
  assert.deepEqual(fdArgs('fsconfig'), ['fs_fd']);
  assert.deepEqual(fdArgs('open_by_handle_at'), ['mount_fd']);
  assert.deepEqual(fdArgs('landlock_restrict_self'), ['ruleset_fd']);
  assert.deepEqual(fdArgs('kexec_file_load'), ['kernel_fd', 'initrd_fd']);
  assert.deepEqual(fdArgs('io_uring_enter'), ['fd']);
});

test('not fds of the caller: targetfd, kcmp indexes, fd arrays and sets', () => {
  assert.deepEqual(fdArgs('pidfd_getfd'), ['pidfd']);
  assert.deepEqual(fdArgs('kcmp'), []);
  assert.deepEqual(fdArgs('pipe2'), []);
  assert.deepEqual(fdArgs('socketpair'), []);
  assert.deepEqual(fdArgs('poll'), []);
  assert.deepEqual(fdArgs('select'), []);
  assert.deepEqual(fdArgs('open'), []);
});

test('every catalog argument whose name ends in fd is classified on purpose', () => {
  const notCallerFds = new Set(['targetfd', 'pipefd', 'readfds', 'writefds', 'exceptfds', 'fds', 'nfds']);
  for (const spec of SYSCALLS) {
    const idx = new Set(fdArgIndexes(spec));
    spec.args.forEach((arg, i) => {
      if (!/fds?$/.test(arg.name)) return;
      assert.equal(idx.has(i), !notCallerFds.has(arg.name), `${spec.name}(${arg.name})`);
    });
  }
});

test('computed once per spec', () => {
  const spec = { name: 'x', args: [{ name: 'a' }, { name: 'fd' }] };
  const first = fdArgIndexes(spec);
  assert.deepEqual(first, [1]);
  assert.equal(fdArgIndexes(spec), first);
  assert.ok(Object.isFrozen(first));
});

test('formatFdArg: Tracee style fd=what', () => {
  assert.equal(formatFdArg(3, { kind: 'file', path: '/etc/passwd' }), '3=/etc/passwd');
  assert.equal(formatFdArg(4, { kind: 'socket', family: 'AF_INET', type: 'SOCK_STREAM', inode: 0 }), '4=socket:[AF_INET]');
  assert.equal(formatFdArg(4, { kind: 'socket', family: '', type: '', inode: 123 }), '4=socket:[123]');
  assert.equal(formatFdArg(5, { kind: 'pipe', inode: 456 }), '5=pipe:[456]');
  assert.equal(formatFdArg(6, { kind: 'pidfd', hostPid: 4242 }), '6=pidfd:[4242]');
  assert.equal(formatFdArg(7, { kind: 'perf_event', type: 1, config: 9, cpu: -1, targetTid: 10 }), '7=perf_event:[1/9]');
  assert.equal(formatFdArg(7, { kind: 'perf_event', type: 4, config: 0xffffffffffffffffn, cpu: 0, targetTid: -1 }), '7=perf_event:[4/18446744073709551615]');
  assert.equal(formatFdArg(8, { kind: 'memfd', name: 'jit' }), '8=memfd:jit');
  assert.equal(formatFdArg(9, { kind: 'anon', name: '[eventfd]' }), '9=anon_inode:[eventfd]');
  assert.equal(formatFdArg(9, { kind: 'anon', name: 'inotify' }), '9=anon_inode:inotify');
  assert.equal(formatFdArg(10, { kind: 'unknown' }), '10');
  assert.equal(formatFdArg(-100, undefined), '-100');
});

test('formatFdArg: a socket with its ends, `LOCAL->REMOTE` after the family', () => {
  const sock = { kind: 'socket', type: 'SOCK_STREAM', inode: 0 } as const;
  const inet = (address: string, port: number) => ({ address, port });
  assert.equal(
    formatFdArg(5, { ...sock, family: 'AF_INET', local: inet('127.0.0.1', 40000), remote: inet('127.0.0.1', 8080), protocol: 'IPPROTO_TCP', state: 'TCP_ESTABLISHED' }),
    '5=socket:[AF_INET 127.0.0.1:40000->127.0.0.1:8080]',
  );
  assert.equal(formatFdArg(3, { ...sock, family: 'AF_INET', local: inet('0.0.0.0', 8080), state: 'TCP_LISTEN' }), '3=socket:[AF_INET 0.0.0.0:8080]');
  assert.equal(formatFdArg(6, { ...sock, family: 'AF_INET6', local: inet('::1', 443), remote: inet('::ffff:10.0.0.1', 5000) }), '6=socket:[AF_INET6 [::1]:443->[::ffff:10.0.0.1]:5000]');
  assert.equal(formatFdArg(7, { ...sock, family: 'AF_UNIX', local: { path: '/run/x.sock' } }), '7=socket:[AF_UNIX /run/x.sock]');
  assert.equal(formatFdArg(8, { ...sock, family: 'AF_UNIX', remote: { path: '@hidden' } }), '8=socket:[AF_UNIX ->@hidden]', 'unnamed, connected to an abstract name');
  assert.equal(formatFdArg(9, { ...sock, family: 'AF_UNIX', state: 'TCP_ESTABLISHED' }), '9=socket:[AF_UNIX]', 'a socketpair: no names');
  assert.equal(formatFdArg(4, { ...sock, family: '', inode: 77, local: inet('1.2.3.4', 1) }), '4=socket:[77]', 'family unknown: the inode, as before');
});

