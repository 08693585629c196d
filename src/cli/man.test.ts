import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SYSCALLS, eventByName } from '../events/catalog.js';
import type { SyscallSpec } from '../events/catalog.js';
import {
  UnknownEventError,
  closestEventName,
  documentedEventNames,
  loadEventDoc,
  parseEventDoc,
  renderEventPage,
  renderMan,
} from './man.js';

/** The headings of the seed pages, in order, with sysray's two hooks. */
const PAGE_HEADINGS = [
  '# NAME',
  '## Intro',
  '## Description',
  '## Arguments',
  '### Available Tags',
  '## Hooks',
  '### sys_enter',
  '#### Type',
  '#### Purpose',
  '### sys_exit',
  '#### Type',
  '#### Purpose',
  '## Example Use Case',
  '## Issues',
  '## Related Events',
];

function headings(page: string): string[] {
  return page.split('\n').filter((l) => l.startsWith('#'));
}

/** The text of one `## ` section, without its heading. */
function section(page: string, title: string): string {
  const start = page.indexOf(`\n## ${title}\n`);
  assert.notEqual(start, -1, `missing section ## ${title}`);
  const body = page.slice(start + title.length + 5);
  const end = body.search(/^## /m);
  return (end === -1 ? body : body.slice(0, end)).trim();
}

function argLines(page: string): string[] {
  return section(page, 'Arguments')
    .split('\n')
    .filter((l) => l.startsWith('* `'));
}

function expectedArgPrefix(spec: SyscallSpec, i: number): string {
  const a = spec.args[i];
  return `* \`${a.name}\`:\`${a.type}\`${a.tags.length > 0 ? `[${a.tags.join(',')}]` : ''} - `;
}

describe('renderMan(perf_event_open)', () => {
  const page = renderMan('perf_event_open');

  it('has the sections of the seed page, in order', () => {
    assert.deepEqual(headings(page), PAGE_HEADINGS.map((h) => h.replace('NAME', 'perf_event_open')));
  });

  it('has the intro line from the catalog summary', () => {
    assert.equal(section(page, 'Intro'), `perf_event_open - ${eventByName('perf_event_open')?.summary}`);
  });

  it('has one argument line per catalog argument, with the tags the catalog gives', () => {
    const lines = argLines(page);
    const expected = [
      '* `attr`:`struct perf_event_attr*`[U,TOCTOU] - ',
      '* `pid`:`pid_t`[K] - ',
      '* `cpu`:`int`[K] - ',
      '* `group_fd`:`int`[U,K] - ',
      '* `flags`:`unsigned long`[K] - ',
    ];
    assert.equal(lines.length, expected.length);
    lines.forEach((line, i) => {
      assert.ok(line.startsWith(expected[i]), `${JSON.stringify(line)} should start with ${expected[i]}`);
      assert.ok(line.length > expected[i].length + 20, `argument ${i} has a real description`);
    });
  });

  it('uses the hand-written parts of docs/events/perf_event_open.md', () => {
    const doc = loadEventDoc('perf_event_open');
    assert.ok(doc, 'docs/events/perf_event_open.md exists');
    assert.equal(section(page, 'Description'), doc.description);
    assert.equal(section(page, 'Example Use Case'), doc.exampleUseCase);
    assert.equal(section(page, 'Issues'), doc.issues);
    assert.match(section(page, 'Arguments'), new RegExp(`- ${escapeRe(doc.args.get('attr') ?? '?')}`));
  });

  it('lists perf_event_read among the related events', () => {
    assert.match(section(page, 'Related Events'), /^\* `perf_event_read` - /m);
  });

  it('describes the raw tracepoint hooks, with attr read at entry', () => {
    const hooks = section(page, 'Hooks');
    assert.match(hooks, /### sys_enter\n#### Type\nRaw tracepoint \(`raw_syscalls:sys_enter`\)/);
    assert.match(hooks, /### sys_exit\n#### Type\nRaw tracepoint \(`raw_syscalls:sys_exit`\)/);
    assert.match(hooks, /### sys_enter[\s\S]*reads `attr` \(a `struct perf_event_attr`, as many bytes as its own `size` field says\) from user memory/);
    assert.doesNotMatch(hooks, /kprobe/i);
  });

  it('explains the four tags in sysray wording', () => {
    const tags = section(page, 'Arguments').split('### Available Tags')[1];
    assert.match(tags, /^\* K - Value taken in the kernel from the syscall's registers$/m);
    assert.match(tags, /^\* U - Read from user memory$/m);
    assert.match(tags, /^\* TOCTOU - User memory the kernel reads again after sysray read it/m);
    assert.match(tags, /^\* OPT - May be NULL/m);
  });

  it('ends with one newline', () => {
    assert.ok(page.endsWith('\n') && !page.endsWith('\n\n'));
  });
});

describe('renderMan(pidfd_open)', () => {
  const page = renderMan('pidfd_open');

  it('has the seed sections in order', () => {
    assert.deepEqual(headings(page), PAGE_HEADINGS.map((h) => h.replace('NAME', 'pidfd_open')));
  });

  it('writes arguments without tag brackets when the catalog has no tags', () => {
    const lines = argLines(page);
    assert.equal(lines.length, 2);
    assert.ok(lines[0].startsWith('* `pid`:`pid_t` - '), lines[0]);
    assert.ok(lines[1].startsWith('* `flags`:`unsigned int` - '), lines[1]);
  });

  it('does not repeat the seed page errors', () => {
    // The pidfd stays open when the process exits; opening one needs no permission.
    assert.doesNotMatch(page, /closed when the process terminates/i);
    assert.doesNotMatch(page, /permission denied/i);
  });

  it('says the event shows which process the pid resolved to (target), not only the number', () => {
    assert.doesNotMatch(page, /not which process it resolved to/);
    assert.match(section(page, 'Issues'), /`target` is the process the kernel resolved it to, read at exit from the new pidfd/);
  });
});

describe('renderMan for every catalog event', () => {
  for (const spec of SYSCALLS) {
    it(spec.name, () => {
      const page = renderMan(spec.name);
      assert.deepEqual(headings(page), PAGE_HEADINGS.map((h) => h.replace('NAME', spec.name)));
      assert.doesNotMatch(page, /undefined|NaN|\[object /);
      const lines = argLines(page);
      assert.equal(lines.length, spec.args.length);
      lines.forEach((line, i) => assert.ok(line.startsWith(expectedArgPrefix(spec, i)), line));
      const related = section(page, 'Related Events').split('\n').filter((l) => l.startsWith('* '));
      if (loadEventDoc(spec.name) === undefined) {
        assert.ok(related.length <= 6);
        assert.ok(!related.some((l) => l.startsWith(`* \`${spec.name}\``)), 'an event is not related to itself');
      }
    });
  }
});

describe('generated pages', () => {
  const openat: SyscallSpec = {
    id: 257,
    name: 'openat',
    sets: ['syscalls', 'fs', 'fs_file_ops'],
    summary: 'open and possibly create a file',
    args: [
      { name: 'dirfd', type: 'int', kind: 's32', capture: 'none', tags: ['K'], format: 'dirfd' },
      { name: 'pathname', type: 'const char*', kind: 'captured', capture: 'string', tags: ['U', 'TOCTOU'] },
      { name: 'flags', type: 'int', kind: 's32', capture: 'none', tags: ['K'], format: 'openFlags' },
      { name: 'mode', type: 'mode_t', kind: 'u32', capture: 'none', tags: ['K'], format: 'fileMode' },
    ],
  };

  it('describe a string argument as read from user memory at entry', () => {
    const page = renderEventPage(openat);
    assert.match(page, /^\* `pathname`:`const char\*`\[U,TOCTOU\] - Path read from user memory at entry \(NUL-terminated, up to 4096 bytes\); a relative path is relative to `dirfd`\. Source: user memory at entry\. Kernel value \(`kernelValue`, read from kernel objects at exit\): the path, device and inode of the file the kernel opened/m);
    assert.match(section(page, 'Issues'), /For `pathname` the event also carries `kernelValue`/);
    assert.match(section(page, 'Hooks'), /reads `pathname` \(a NUL-terminated string, up to 4096 bytes\) from user memory/);
    assert.match(section(page, 'Issues'), /`pathname` is read from user memory when the call starts/);
    assert.match(section(page, 'Description'), /-2 \(ENOENT\)/);
    assert.match(section(page, 'Description'), /the new file descriptor/);
  });

  it('read kernel outputs at exit', () => {
    const pipe: SyscallSpec = {
      id: 22,
      name: 'pipe',
      sets: ['syscalls', 'ipc', 'ipc_pipe'],
      summary: 'create pipe',
      args: [{ name: 'pipefd', type: 'int[2]', kind: 'captured', capture: 'intPairOut', tags: ['U'] }],
    };
    const page = renderEventPage(pipe);
    assert.match(section(page, 'Hooks'), /### sys_exit[\s\S]*reads `pipefd` \(the two descriptors the kernel wrote, an `int\[2\]`\)/);
    assert.match(section(page, 'Hooks'), /no user memory is read at entry/);
  });

  it('emit exit_group at entry', () => {
    const exitGroup: SyscallSpec = {
      id: 231,
      name: 'exit_group',
      sets: ['syscalls', 'proc', 'proc_life'],
      summary: 'exit all threads in a process',
      args: [{ name: 'status', type: 'int', kind: 's32', capture: 'none', tags: ['K'] }],
      noReturn: true,
    };
    const page = renderEventPage(exitGroup);
    assert.match(section(page, 'Hooks'), /submitted to the BPF ring buffer here, at entry/);
    assert.match(section(page, 'Hooks'), /### sys_exit\n#### Type\n.*\n#### Purpose\nNot reached/);
    assert.doesNotMatch(section(page, 'Description'), /negated errno/);
  });

  it('say "takes no arguments" for getpid-like events', () => {
    const page = renderEventPage({ id: 39, name: 'getpid', sets: ['syscalls', 'proc'], summary: 'get process identification', args: [] });
    assert.match(section(page, 'Arguments'), /^`getpid` takes no arguments\.$/m);
    assert.deepEqual(argLines(page), []);
  });
});

describe('docs/events', () => {
  const names = documentedEventNames();

  it('has the hand-written pages', () => {
    for (const n of ['perf_event_open', 'pidfd_open', 'pidfd_getfd', 'pidfd_send_signal']) {
      assert.ok(names.includes(n), `docs/events/${n}.md`);
    }
  });

  for (const name of names) {
    it(`${name}.md parses and matches the catalog`, () => {
      const doc = loadEventDoc(name);
      assert.ok(doc);
      assert.ok(doc.description && doc.exampleUseCase && doc.issues && doc.relatedEvents, 'all prose sections present');
      const spec = eventByName(name);
      if (spec === undefined) return; // documented ahead of the catalog
      const catalogArgs = spec.args.map((a) => a.name);
      for (const documented of doc.args.keys()) {
        assert.ok(catalogArgs.includes(documented), `${name}.md describes \`${documented}\`, not a catalog argument`);
      }
      for (const arg of catalogArgs) {
        assert.ok(doc.args.has(arg), `${name}.md lacks a description of \`${arg}\``);
      }
    });
  }

  it('says `info` of pidfd_send_signal is only an address, which the catalog must agree with', () => {
    const info = eventByName('pidfd_send_signal')?.args.find((a) => a.name === 'info');
    if (info !== undefined) assert.equal(info.capture, 'none');
  });

  it('rejects an unknown section or a malformed argument line', () => {
    assert.throws(() => parseEventDoc('## Descripton\ntext\n', 'x.md'), /unknown section/);
    assert.throws(() => parseEventDoc('## Arguments\n* pid - no backticks\n', 'x.md'), /expected/);
    const doc = parseEventDoc('<!-- note -->\n## Arguments\n* `pid` - first\n  continued\n', 'x.md');
    assert.equal(doc.args.get('pid'), 'first continued');
    assert.equal(doc.description, undefined);
  });
});

describe('unknown events', () => {
  it('throw UnknownEventError with the closest name', () => {
    assert.throws(
      () => renderMan('perf_event_opn'),
      (err: unknown) => {
        assert.ok(err instanceof UnknownEventError);
        assert.equal(err.eventName, 'perf_event_opn');
        assert.equal(err.suggestion, 'perf_event_open');
        assert.equal(err.exitCode, 2);
        assert.equal(err.message, 'unknown event "perf_event_opn"; did you mean "perf_event_open"?');
        return true;
      },
    );
  });

  it('keep the message on one line', () => {
    assert.throws(() => renderMan('bad\nname'), (err: unknown) => err instanceof UnknownEventError && !err.message.includes('\n'));
  });

  it('suggest by prefix and ignore case', () => {
    assert.equal(closestEventName('PIDFD_OPEN'), 'pidfd_open');
    assert.equal(closestEventName('pidfd')?.startsWith('pidfd_'), true);
    assert.equal(closestEventName('getpdi'), 'getpid');
  });
});

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
