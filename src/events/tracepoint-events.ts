/**
 * Events from kernel tracepoints rather than syscalls. Their records come
 * from the programs of bpf/sysray.bpf.c named after them; which register or
 * blob holds each argument is in bpf/sysray.h ("Registers of the tracepoint
 * events"), and src/decode/tracepoint-args.ts reads them.
 */
import type { ArgSpec, SyscallSpec } from './catalog-types.js';

/** What each argument is, for `sysray man`. */
const ARG_DOCS: Readonly<Record<string, string>> = {
  parent_tid: "Host thread id of the thread that forked.",
  parent_ns_tid: "The same, in its pid namespace.",
  parent_pid: "Host process id (tgid) of the parent.",
  parent_ns_pid: "The same, in its pid namespace.",
  child_tid: "Host thread id of the new task.",
  child_ns_tid: "The same, in the child's pid namespace.",
  child_pid: "Host process id of the new task: the parent's for a new thread.",
  child_ns_pid: "The same, in the child's pid namespace.",
  start_time: "When the child started, ns since the epoch.",
  cmdpath: "The program path as the caller passed it to execve (relative paths stay relative).",
  pathname: "The file the kernel executed, resolved to an absolute path in the mount namespace; for a script, its interpreter.",
  dev: "Device of the file system holding the executed file (kernel dev_t).",
  inode: "Inode number of the executed file.",
  ctime: "Inode change time of the executed file, ns since the epoch.",
  inode_mode: "Type and permission bits of the executed file.",
  interp: "For a script, the interpreter named on its `#!` line; absent otherwise.",
  argv: "The new program's arguments, read from its own memory after exec (up to 4096 bytes).",
  stdin_type: "File type bits (S_IFMT of the inode mode) of the new program's fd 0: S_IFCHR for a terminal or /dev/null, S_IFIFO for a pipe, S_IFSOCK, S_IFREG; 0 when fd 0 is not open.",
  stdin_path: "What the new program's fd 0 is, as the kernel names it: a path (/dev/pts/3 in its mount namespace), pipe:[INODE], socket:[INODE], an anonymous inode's name; '' when fd 0 is not open.",
  env: "Only the environment entries (NAME=value) that selected signatures declared (selects[].env), read from the new program's own memory; at most 256 entries are scanned and values are cut at 256 bytes (truncated then). Absent when the exec matched no policy with a signature that declared names (the kernel then reads none).",
  exit_code: "The exit status (0-255) passed to exit or exit_group.",
  signal: "The signal that ended the thread, 0 when none.",
  process_group_exit: "True when this was the last thread of its process.",
  cgroup_id: "Id of the cgroup (its directory inode).",
  cgroup_path: "Path of the cgroup in its hierarchy.",
  hierarchy_id: "The cgroup hierarchy (the containers' one).",
};

const documented = (a: ArgSpec): ArgSpec => (ARG_DOCS[a.name] ? { ...a, doc: ARG_DOCS[a.name] } : a);
import { TracepointEventId } from '../decode/record-layout.js';

const int = (name: string): ArgSpec => ({ name, type: 'int', kind: 's32', capture: 'none', tags: ['K'] });
const kernelString = (name: string, type = 'const char*', tags: ArgSpec['tags'] = ['K']): ArgSpec => ({
  name, type, kind: 'captured', capture: 'string', tags,
});

const rawTracepoint = (name: string, purpose: string) => ({
  name,
  type: `Raw tracepoint (\`${name.startsWith('cgroup') ? 'cgroup' : 'sched'}:${name}\`)`,
  purpose,
});

const CGROUP_ARGS: readonly ArgSpec[] = [
  { name: 'cgroup_id', type: 'u64', kind: 'u64', capture: 'none', tags: ['K'] },
  kernelString('cgroup_path'),
  { name: 'hierarchy_id', type: 'u32', kind: 'u32', capture: 'none', tags: ['K'] },
];

const UNDOCUMENTED: readonly SyscallSpec[] = [
  {
    id: TracepointEventId.schedProcessFork,
    name: 'sched_process_fork',
    source: 'tracepoint',
    sets: ['proc', 'proc_life'],
    summary: 'a new process or thread was created (fork, vfork, clone, clone3)',
    args: [
      int('parent_tid'), int('parent_ns_tid'), int('parent_pid'), int('parent_ns_pid'),
      int('child_tid'), int('child_ns_tid'), int('child_pid'), int('child_ns_pid'),
      { name: 'start_time', type: 'unsigned long', kind: 'u64', capture: 'none', tags: ['K'] },
    ],
    hooks: [
      rawTracepoint(
        'sched_process_fork',
        "Runs in the parent when the child task is complete: records the child's host and namespace ids and its start time (ns since the epoch). Host ids are the kernel's; `ns` ids are as seen in the child's pid namespace. A thread has child_pid equal to the parent's pid.",
      ),
    ],
  },
  {
    id: TracepointEventId.schedProcessExec,
    name: 'sched_process_exec',
    source: 'tracepoint',
    sets: ['proc', 'proc_life'],
    summary: 'a process started running a new program (execve, execveat)',
    args: [
      kernelString('cmdpath'),
      kernelString('pathname'),
      { name: 'dev', type: 'dev_t', kind: 'u32', capture: 'none', tags: ['K'] },
      { name: 'inode', type: 'unsigned long', kind: 'u64', capture: 'none', tags: ['K'] },
      { name: 'ctime', type: 'unsigned long', kind: 'u64', capture: 'none', tags: ['K'] },
      { name: 'inode_mode', type: 'umode_t', kind: 'u32', capture: 'none', tags: ['K'], format: 'fileMode' },
      kernelString('interp', 'const char*', ['K', 'OPT']),
      { name: 'argv', type: 'const char**', kind: 'captured', capture: 'stringArray', tags: ['U'] },
      { name: 'stdin_type', type: 'u16', kind: 'u32', capture: 'none', tags: ['K'], format: 'fileMode' },
      kernelString('stdin_path'),
      // last: removed from events that carry none (src/decode/batch-decoder.ts)
      { name: 'env', type: 'const char**', kind: 'captured', capture: 'stringArray', tags: ['U', 'OPT'] },
    ],
    hooks: [
      rawTracepoint(
        'sched_process_exec',
        'Runs once the new program is loaded, in its context. `cmdpath` is the path as the caller passed it; `pathname` is the executed file resolved by the kernel (for a script, its interpreter); `interp` is the `#!` interpreter of a script (absent otherwise); `argv` is read from the new program\'s own memory, so it is what its `main` receives, not what a racing thread could rewrite. `dev`, `inode`, `ctime` and `inode_mode` identify the file. `stdin_type` and `stdin_path` say what fd 0 is once the program runs (a terminal, a pipe...). `env` holds only the environment entries selected signatures asked for (never a whole environment), read from the new program\'s memory (mm->env_start..env_end), only for execs that matched a policy with such a signature.',
      ),
    ],
  },
  {
    id: TracepointEventId.schedProcessExit,
    name: 'sched_process_exit',
    source: 'tracepoint',
    sets: ['proc', 'proc_life'],
    summary: 'a thread ended; with process_group_exit, the whole process',
    args: [
      { name: 'exit_code', type: 'int', kind: 's32', capture: 'none', tags: ['K'] },
      { name: 'signal', type: 'int', kind: 's32', capture: 'none', tags: ['K'], format: 'signal' },
      { name: 'process_group_exit', type: 'bool', kind: 'bool', capture: 'none', tags: ['K'] },
    ],
    hooks: [
      rawTracepoint(
        'sched_process_exit',
        'Runs in the exiting thread. `exit_code` is the status passed to exit (0-255), `signal` the signal that killed it (0 when none), `process_group_exit` true when this was the last thread of the process.',
      ),
    ],
  },
  {
    id: TracepointEventId.cgroupMkdir,
    name: 'cgroup_mkdir',
    source: 'tracepoint',
    sets: ['containers'],
    summary: 'a cgroup was created in the hierarchy where containers are looked for',
    args: CGROUP_ARGS,
    hooks: [
      rawTracepoint(
        'cgroup_mkdir',
        'Runs when a cgroup directory is made in the containers\' hierarchy (cgroup v2, or the memory controller\'s on a v1 system). A cgroup named after a container id, or made below one, is a container\'s from then on (scope `container`).',
      ),
    ],
  },
  {
    id: TracepointEventId.cgroupRmdir,
    name: 'cgroup_rmdir',
    source: 'tracepoint',
    sets: ['containers'],
    summary: 'a cgroup was removed from the hierarchy where containers are looked for',
    args: CGROUP_ARGS,
    hooks: [rawTracepoint('cgroup_rmdir', 'Runs when a cgroup directory of the containers\' hierarchy is removed.')],
  },
];

export const TRACEPOINT_EVENTS: readonly SyscallSpec[] = UNDOCUMENTED.map((e) => ({ ...e, args: e.args.map(documented) }));
