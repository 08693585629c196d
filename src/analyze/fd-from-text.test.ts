/**
 * fdFromText is formatFdArg's inverse as far as the text goes: each kind
 * comes back as that kind and prints the same text again; a text that
 * would not is a file of that path.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { FdDescription } from '../process/fd-description.js';
import { formatFdArg } from '../process/fd-args.js';
import { fdFromText } from './fd-from-text.js';

test('each kind back, printing the same text', () => {
  const cases: [string, FdDescription][] = [
    ['5=/etc/passwd', { kind: 'file', path: '/etc/passwd' }],
    ['42=socket:[AF_INET 127.0.0.1:58905]', { kind: 'socket', family: 'AF_INET', type: '', inode: 0, local: { address: '127.0.0.1', port: 58905 } }],
    ['4=socket:[AF_INET6 [::1]:40000->[fe80::1]:443]', { kind: 'socket', family: 'AF_INET6', type: '', inode: 0, local: { address: '::1', port: 40000 }, remote: { address: 'fe80::1', port: 443 } }],
    ['6=socket:[AF_UNIX ->/run/x.sock]', { kind: 'socket', family: 'AF_UNIX', type: '', inode: 0, remote: { path: '/run/x.sock' } }],
    ['7=socket:[AF_NETLINK]', { kind: 'socket', family: 'AF_NETLINK', type: '', inode: 0 }],
    ['8=socket:[123456]', { kind: 'socket', family: '', type: '', inode: 123456 }],
    ['9=pipe:[777]', { kind: 'pipe', inode: 777 }],
    ['10=pidfd:[4242]', { kind: 'pidfd', hostPid: 4242 }],
    ['11=memfd:jit', { kind: 'memfd', name: 'jit' }],
    ['12=anon_inode:[eventfd]', { kind: 'anon', name: '[eventfd]' }],
    ['13', { kind: 'unknown' }],
    // no description reprints these: files of that text
    ['14=perf_event:[1/0]', { kind: 'file', path: 'perf_event:[1/0]' }],
    ['15=socket:[AF_INET nowhere]', { kind: 'file', path: 'socket:[AF_INET nowhere]' }],
  ];
  for (const [text, want] of cases) {
    const got = fdFromText(text);
    assert.deepEqual(got, want, text);
    assert.equal(formatFdArg(Number(text.split('=')[0]), got), text, text);
  }
});
