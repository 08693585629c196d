/**
 * Checks the constant tables of this folder against the system's headers:
 * for every name a table holds, C compiled with that domain's headers prints
 * the header's value, which must equal the table's. Enumerators the installed
 * headers are too old for are looked up in the running kernel's BTF; the
 * remaining names (macros newer than the headers, kernel-internal errnos) must
 * be listed in NOT_IN_HEADERS, so a misspelt name cannot slip through.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ACCESS_MODES } from './access-mode.js';
import { AT_FDCWD, AT_FLAGS } from './at-flags.js';
import { BPF_CMDS } from './bpf-cmd.js';
import { CAPABILITIES } from './capability.js';
import { CLOCK_IDS } from './clock.js';
import { CLONE_FLAGS, CSIGNAL } from './clone.js';
import { ERRNO_NAMES } from './errno.js';
import { FCNTL_CMDS } from './fcntl.js';
import { FILE_TYPES, S_IFMT } from './file-mode.js';
import { MAP_HUGE_SHIFT, MAP_HUGE_SIZES, MAP_TYPES, MMAP_FLAGS, MMAP_PROT } from './mmap.js';
import { O_ACCMODE, OPEN_ACCESS_MODES, OPEN_FLAGS } from './open-flags.js';
import * as perf from './perf.js';
import { PIDFD_OPEN_FLAGS, PIDFD_SEND_SIGNAL_FLAGS } from './pidfd.js';
import { PRCTL_OPTIONS } from './prctl.js';
import { PTRACE_REQUESTS } from './ptrace.js';
import { SIGNALS } from './signals.js';
import { ADDRESS_FAMILIES, IP_PROTOCOLS, SOCKET_STATES, SOCKET_TYPE_FLAGS, SOCKET_TYPES } from './socket.js';
import { WHENCE } from './whence.js';

type Entries = readonly (readonly [string, number])[];

interface Group {
  readonly label: string;
  readonly includes: readonly string[];
  readonly entries: Entries;
  /** Table name → the header's name for the same constant. */
  readonly headerName?: Readonly<Record<string, string>>;
}

const GROUPS: readonly Group[] = [
  { label: 'errno', includes: ['errno.h'], entries: [...ERRNO_NAMES].map(([n, name]) => [name, n] as const) },
  { label: 'signals', includes: ['signal.h'], entries: SIGNALS },
  {
    label: 'open flags',
    includes: ['linux/fcntl.h'],
    entries: [...OPEN_ACCESS_MODES.names, ...OPEN_FLAGS, ['O_ACCMODE', O_ACCMODE]],
    headerName: { O_ASYNC: 'FASYNC' },
  },
  { label: 'file mode', includes: ['sys/stat.h'], entries: [...FILE_TYPES, ['S_IFMT', S_IFMT]] },
  { label: 'access mode', includes: ['unistd.h'], entries: ACCESS_MODES },
  { label: 'at flags', includes: ['linux/fcntl.h'], entries: [...AT_FLAGS, ['AT_FDCWD', AT_FDCWD]] },
  { label: 'whence', includes: ['unistd.h'], entries: WHENCE },
  {
    label: 'perf',
    includes: ['linux/perf_event.h', 'linux/hw_breakpoint.h'],
    entries: [
      ...perf.PERF_EVENT_OPEN_FLAGS, ...perf.PERF_TYPES, ...perf.PERF_HW_IDS, ...perf.PERF_SW_IDS,
      ...perf.PERF_HW_CACHE_IDS, ...perf.PERF_HW_CACHE_OPS, ...perf.PERF_HW_CACHE_RESULTS,
      ...perf.PERF_SAMPLE_TYPES, ...perf.PERF_READ_FORMATS, ...perf.PERF_BRANCH_SAMPLE_TYPES,
      ...perf.PERF_BP_TYPES,
    ],
  },
  { label: 'pidfd', includes: ['linux/pidfd.h'], entries: [...PIDFD_OPEN_FLAGS, ...PIDFD_SEND_SIGNAL_FLAGS] },
  {
    label: 'mmap',
    includes: ['linux/mman.h'],
    entries: [
      ...MMAP_PROT, ['PROT_NONE', 0], ...MAP_TYPES.names, ...MMAP_FLAGS, ['MAP_UNINITIALIZED', 0x4000000],
      ...MAP_HUGE_SIZES.names, ['MAP_HUGE_SHIFT', MAP_HUGE_SHIFT],
    ],
  },
  { label: 'socket', includes: ['sys/socket.h'], entries: [...ADDRESS_FAMILIES, ...SOCKET_TYPES.names, ...SOCKET_TYPE_FLAGS] },
  // TCP_NEW_SYN_RECV, TCP_BOUND_INACTIVE are kernel-internal: found in BTF
  { label: 'socket protocols and states', includes: ['netinet/in.h', 'netinet/tcp.h'], entries: [...IP_PROTOCOLS, ...SOCKET_STATES] },
  { label: 'clone', includes: ['linux/sched.h'], entries: [...CLONE_FLAGS, ['CSIGNAL', CSIGNAL]] },
  { label: 'clock', includes: ['linux/time.h'], entries: CLOCK_IDS },
  { label: 'prctl', includes: ['linux/prctl.h'], entries: PRCTL_OPTIONS },
  { label: 'ptrace', includes: ['linux/ptrace.h'], entries: PTRACE_REQUESTS },
  { label: 'bpf', includes: ['linux/bpf.h'], entries: BPF_CMDS },
  { label: 'fcntl', includes: ['linux/fcntl.h'], entries: FCNTL_CMDS },
  { label: 'capability', includes: ['linux/capability.h'], entries: CAPABILITIES },
];

/** Macros newer than the installed uapi headers (6.1 here), or not in uapi at all. */
const NOT_IN_HEADERS = new Set([
  // include/linux/errno.h (kernel-internal)
  'ERESTARTSYS', 'ERESTARTNOINTR', 'ERESTARTNOHAND', 'ENOIOCTLCMD', 'ERESTART_RESTARTBLOCK',
  'EPROBE_DEFER', 'EOPENSTALE', 'ENOPARAM', 'EBADHANDLE', 'ENOTSYNC', 'EBADCOOKIE', 'ENOTSUPP',
  'ETOOSMALL', 'ESERVERFAULT', 'EBADTYPE', 'EJUKEBOX', 'EIOCBQUEUED', 'ERECALLCONFLICT', 'ENOGRACE',
  // 6.2+
  'AT_EXECVE_CHECK', 'PIDFD_THREAD', 'PIDFD_SIGNAL_THREAD', 'PIDFD_SIGNAL_THREAD_GROUP',
  'PIDFD_SIGNAL_PROCESS_GROUP', 'MAP_DROPPABLE', 'F_DUPFD_QUERY', 'F_CREATED_QUERY',
  'PR_SET_MDWE', 'PR_GET_MDWE', 'PR_SET_MEMORY_MERGE', 'PR_GET_MEMORY_MERGE', 'PR_RISCV_V_SET_CONTROL',
  'PR_RISCV_V_GET_CONTROL', 'PR_RISCV_SET_ICACHE_FLUSH_CTX', 'PR_PPC_GET_DEXCR', 'PR_PPC_SET_DEXCR',
  'PR_GET_SHADOW_STACK_STATUS', 'PR_SET_SHADOW_STACK_STATUS', 'PR_LOCK_SHADOW_STACK_STATUS',
  'PR_TIMER_CREATE_RESTORE_IDS', 'PR_FUTEX_HASH', 'PR_GET_AUXV',
  'PTRACE_SET_SYSCALL_USER_DISPATCH_CONFIG', 'PTRACE_GET_SYSCALL_USER_DISPATCH_CONFIG',
  'PTRACE_SET_SYSCALL_INFO',
]);

let hasCc = true;
try {
  execFileSync('cc', ['--version'], { stdio: 'ignore' });
} catch {
  hasCc = false;
}

/** Enumerator values from the running kernel's BTF, when bpftool can read it. */
function btfEnumerators(): Map<string, number> {
  const values = new Map<string, number>();
  try {
    const dump = execFileSync('bpftool', ['btf', 'dump', 'file', '/sys/kernel/btf/vmlinux', 'format', 'c'], {
      encoding: 'utf8',
      maxBuffer: 256 * 1024 * 1024,
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    for (const m of dump.matchAll(/^\t(\w+) = (-?\d+),$/gm)) values.set(m[1], Number(m[2]));
  } catch {
    // No bpftool or no BTF: newer enumerators then count as missing.
  }
  return values;
}

describe('symbol tables agree with the system headers', { skip: hasCc ? false : 'no C compiler' }, () => {
  let work = '';
  let btf = new Map<string, number>();
  before(() => {
    work = mkdtempSync(join(tmpdir(), 'sysray-symbols-'));
    btf = btfEnumerators();
  });
  after(() => rmSync(work, { recursive: true, force: true }));

  for (const group of GROUPS) {
    it(group.label, () => {
      const prelude = `#define _GNU_SOURCE\n${group.includes.map((h) => `#include <${h}>`).join('\n')}\n`;
      const cc = (args: string[]) => execFileSync('cc', [...args, '-x', 'c', '-'], { input: prelude, encoding: 'utf8' });
      const macros = new Set([...cc(['-E', '-dM']).matchAll(/^#define (\w+)/gm)].map((m) => m[1]));
      const text = cc(['-E', '-P']);
      const available = (name: string) => macros.has(name) || new RegExp(`\\b${name}\\b`).test(text);

      const lines: string[] = [];
      const missing: string[] = [];
      for (const [name] of group.entries) {
        const cName = group.headerName?.[name] ?? name;
        if (available(cName)) lines.push(`  printf("%s %lld\\n", "${name}", (long long)(${cName}));`);
        else missing.push(name);
      }
      const src = join(work, `${group.label.replace(/\W/g, '_')}.c`);
      const exe = src.slice(0, -2);
      writeFileSync(src, `${prelude}#include <stdio.h>\nint main(void)\n{\n${lines.join('\n')}\n  return 0;\n}\n`);
      execFileSync('cc', ['-w', '-o', exe, src], { stdio: ['ignore', 'ignore', 'pipe'] });
      const fromHeaders = new Map(
        execFileSync(exe, { encoding: 'utf8' })
          .trim()
          .split('\n')
          .filter((l) => l !== '')
          .map((l) => l.split(' '))
          .map(([name, value]) => [name, Number(value)] as const),
      );

      for (const [name, value] of group.entries) {
        const header = fromHeaders.get(name) ?? btf.get(name);
        if (header === undefined) {
          assert.ok(NOT_IN_HEADERS.has(name), `${name} is neither in <${group.includes.join('>, <')}> nor in BTF`);
          continue;
        }
        assert.equal(value, header, name);
      }
    });
  }
});
