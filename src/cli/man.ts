/**
 * `sysray man <event>`: one event's page, in the layout of Tracee's event pages
 * (Intro, Description, Arguments, Available Tags, Hooks, Example Use Case,
 * Issues, Related Events).
 *
 * The catalog is the only source of an event's name, summary, arguments, types,
 * tags and captures. Prose that cannot be derived from it lives in
 * `docs/events/<name>.md` (hand-written Description, argument descriptions,
 * Example Use Case, Issues, Related Events) and is merged in here; every part a
 * doc file does not provide is generated from the catalog.
 *
 * @example
 *   process.stdout.write(renderMan('perf_event_open'));
 */
import { editDistance } from '../text/nearest-name.js';
import { DESCRIBE_SOCKET_AT_EXIT, RETURNS_FD } from '../events/fd-returning.js';
import { cwdPaths, dirfdPaths } from '../events/path-args.js';
import { argOrigin } from '../events/arg-source.js';
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { EVENTS, eventByName } from '../events/catalog.js';
import type { ArgSpec, SyscallSpec } from '../events/catalog.js';
import type { ArgCaptureName, ArgFormat, ArgTag } from '../events/catalog-types.js';
import { SIGNATURES } from '../detect/signature-registry.js';
import { renderSignaturePage } from './signature-man.js';

/** An event name that is not in the catalog. The CLI maps it to exit code 2. */
export class UnknownEventError extends Error {
  override readonly name = 'UnknownEventError';
  readonly exitCode = 2;
  /**
   * @param eventName what the user asked for
   * @param suggestion the closest catalog name, if the catalog is not empty
   */
  constructor(
    readonly eventName: string,
    readonly suggestion: string | undefined,
  ) {
    // JSON quoting keeps the message on one line whatever the user typed.
    super(
      `unknown event ${JSON.stringify(eventName)}` +
        (suggestion === undefined ? '' : `; did you mean ${JSON.stringify(suggestion)}?`),
    );
  }
}

/**
 * The catalog name closest to `input` by Levenshtein distance (case-insensitive).
 * A name that starts with the input counts as distance 1, so a prefix such as
 * `pidfd` suggests `pidfd_getfd` rather than the nearer-by-edits `pipe`.
 * Ties go to the lower syscall id.
 *
 * @example closestEventName('perf_event_opn') // 'perf_event_open'
 */
export function closestEventName(input: string): string | undefined {
  const wanted = input.toLowerCase();
  let best: SyscallSpec | undefined;
  let bestScore = Infinity;
  for (const s of EVENTS) {
    const score = s.name.startsWith(wanted) && wanted.length > 0 ? 1 : editDistance(wanted, s.name);
    if (score < bestScore || (score === bestScore && best !== undefined && s.id < best.id)) {
      best = s;
      bestScore = score;
    }
  }
  return best?.name;
}

/**
 * The page of the catalog event `name`, as markdown.
 * @throws {UnknownEventError} when the catalog has no such event
 * @example renderMan('pidfd_open').startsWith('# pidfd_open\n') // true
 */
export function renderMan(name: string): string {
  const spec = eventByName(name) ?? eventByName(SIGNATURES.byAlias(name)?.signature.metadata.eventName ?? '');
  if (spec === undefined) throw new UnknownEventError(name, closestEventName(name));
  const signature = SIGNATURES.byId(spec.id);
  if (signature) return renderSignaturePage(signature);
  return renderEventPage(spec, loadEventDoc(spec.name));
}

// ---------------------------------------------------------------------------
// Hand-written parts: docs/events/<name>.md

/** Hand-written parts of one event page. Absent parts are generated. */
export interface EventDoc {
  readonly description?: string;
  /** Argument name -> description (the catalog gives name, type and tags). */
  readonly args: ReadonlyMap<string, string>;
  readonly exampleUseCase?: string;
  readonly issues?: string;
  readonly relatedEvents?: string;
}

/**
 * Where the doc files are. `src/cli/man.ts` and its build output
 * `dist/cli/man.js` are both two levels below the package root.
 */
export const EVENT_DOCS_DIR = fileURLToPath(new URL('../../docs/events/', import.meta.url));

/** Names of the events that have a doc file, sorted. */
export function documentedEventNames(): string[] {
  let files: string[];
  try {
    files = readdirSync(EVENT_DOCS_DIR);
  } catch (err) {
    if (isNotFound(err)) return [];
    throw err;
  }
  return files
    .filter((f) => f.endsWith('.md'))
    .map((f) => f.slice(0, -3))
    .sort();
}

/** The parsed doc file of `name`, or undefined when there is none. */
export function loadEventDoc(name: string): EventDoc | undefined {
  const file = `${EVENT_DOCS_DIR}${name}.md`;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
  return parseEventDoc(text, file);
}

const DOC_SECTIONS = ['Description', 'Arguments', 'Example Use Case', 'Issues', 'Related Events'] as const;
type DocSection = (typeof DOC_SECTIONS)[number];

/**
 * Parses a doc file: `## <section>` headings from `DOC_SECTIONS`, HTML comments
 * ignored; under `## Arguments`, bullets `` * `name` - text `` (continuation
 * lines are joined). A malformed file throws: it is a bug in the repository,
 * better found by the tests than shown half-rendered.
 */
export function parseEventDoc(text: string, source: string): EventDoc {
  const withoutComments = text.replace(/<!--[\s\S]*?-->/g, '');
  const sections = new Map<DocSection, string[]>();
  let current: string[] | undefined;
  for (const line of withoutComments.split('\n')) {
    const heading = /^## (.+?)\s*$/.exec(line);
    if (heading) {
      const title = heading[1] as DocSection;
      if (!DOC_SECTIONS.includes(title)) {
        throw new Error(`${source}: unknown section "## ${heading[1]}" (expected one of: ${DOC_SECTIONS.join(', ')})`);
      }
      if (sections.has(title)) throw new Error(`${source}: section "## ${title}" appears twice`);
      current = [];
      sections.set(title, current);
    } else if (current !== undefined) {
      current.push(line);
    } else if (line.trim() !== '') {
      throw new Error(`${source}: text before the first section: ${JSON.stringify(line)}`);
    }
  }
  const body = (s: DocSection): string | undefined => {
    const lines = sections.get(s);
    if (lines === undefined) return undefined;
    const t = lines.join('\n').trim();
    return t === '' ? undefined : t;
  };

  const args = new Map<string, string>();
  const argText = body('Arguments');
  if (argText !== undefined) {
    let last: string | undefined;
    for (const line of argText.split('\n')) {
      if (line.trim() === '') continue;
      const bullet = /^\* `([^`]+)` - (.+)$/.exec(line);
      if (bullet) {
        if (args.has(bullet[1])) throw new Error(`${source}: argument \`${bullet[1]}\` described twice`);
        args.set(bullet[1], bullet[2].trim());
        last = bullet[1];
      } else if (last !== undefined && /^\s+\S/.test(line)) {
        args.set(last, `${args.get(last)} ${line.trim()}`);
      } else {
        throw new Error(`${source}: expected "* \`name\` - description" under ## Arguments, got ${JSON.stringify(line)}`);
      }
    }
  }

  return {
    description: body('Description'),
    args,
    exampleUseCase: body('Example Use Case'),
    issues: body('Issues'),
    relatedEvents: body('Related Events'),
  };
}

// ---------------------------------------------------------------------------
// The page

const TAG_MEANINGS: Readonly<Record<ArgTag, string>> = {
  K: "value taken in the kernel from the syscall's registers",
  U: 'read from user memory',
  TOCTOU: 'user memory the kernel reads again after sysray read it (a racing thread could change it in between)',
  OPT: 'may be NULL (then reported as such)',
};
const TAG_ORDER: readonly ArgTag[] = ['K', 'U', 'TOCTOU', 'OPT'];

/** After an argument's text: where it comes from, its kernel value, and the page's tags where they differ. */
function originText(spec: SyscallSpec, arg: ArgSpec): string {
  const origin = argOrigin(spec, arg);
  let text = ` Source: ${origin.source}.`;
  if (origin.kernelValue) text += ` Kernel value (\`kernelValue\`, read from kernel objects at exit): ${origin.kernelValue}; \`raced\` when it is not what was read.`;
  if (arg.documentedTags) text += ` Tracee documents: ${arg.documentedTags.length > 0 ? arg.documentedTags.join(',') : 'no tags'}.`;
  return text;
}

/**
 * Renders the page of `spec`, taking from `doc` the parts it provides.
 * `renderMan` is this with the event's doc file; tests call it directly.
 */
export function renderEventPage(spec: SyscallSpec, doc?: EventDoc): string {
  const out: string[] = [];
  out.push(`# ${spec.name}`, '');
  out.push('## Intro', `${spec.name} - ${spec.summary}`, '');
  out.push('## Description', doc?.description ?? (spec.source ? nonSyscallDescription(spec) : genericDescription(spec)), '');

  out.push('## Arguments');
  if (spec.args.length === 0) out.push(`\`${spec.name}\` takes no arguments.`);
  for (const arg of spec.args) {
    const tags = arg.tags.length > 0 ? `[${arg.tags.join(',')}]` : '';
    const text = doc?.args.get(arg.name) ?? arg.doc ?? genericArgDescription(arg, spec);
    out.push(`* \`${arg.name}\`:\`${arg.type}\`${tags} - ${text}${originText(spec, arg)}`);
  }
  out.push('');
  out.push('### Available Tags');
  for (const tag of TAG_ORDER) out.push(`* ${tag} - ${capitalize(TAG_MEANINGS[tag])}`);
  out.push('');

  out.push('## Hooks');
  if (spec.hooks) {
    for (const h of spec.hooks) out.push(`### ${h.name}`, '#### Type', h.type, '#### Purpose', h.purpose, '');
  } else {
    out.push('### sys_enter', '#### Type', 'Raw tracepoint (`raw_syscalls:sys_enter`)', '#### Purpose', sysEnterPurpose(spec), '');
    out.push('### sys_exit', '#### Type', 'Raw tracepoint (`raw_syscalls:sys_exit`)', '#### Purpose', sysExitPurpose(spec), '');
  }

  out.push('## Example Use Case', doc?.exampleUseCase ?? genericUseCase(spec), '');
  out.push('## Issues', doc?.issues ?? genericIssues(spec), '');
  out.push('## Related Events', doc?.relatedEvents ?? genericRelated(spec));
  return out.join('\n') + '\n';
}

// ---------------------------------------------------------------------------
// Hooks: derived from the captures, for every event, hand-written or not

interface CaptureInfo {
  readonly when: 'entry' | 'exit';
  /** Noun phrase for what is read, e.g. "a string of up to 4096 bytes". */
  readonly what: (arg: ArgSpec, spec: SyscallSpec) => string;
}

const CAPTURES: Readonly<Record<Exclude<ArgCaptureName, 'none'>, CaptureInfo>> = {
  string: { when: 'entry', what: () => 'a NUL-terminated string, up to 4096 bytes' },
  stringArray: { when: 'entry', what: () => 'a NULL-terminated array of strings' },
  envArray: {
    when: 'entry',
    what: () => 'a NULL-terminated array of `NAME=value` strings, only with `-o option:exec-env`',
  },
  sockaddrIn: {
    when: 'entry',
    what: (a, s) => `a \`struct sockaddr\` of the length given by ${lenArgRef(a, s, false)}`,
  },
  sockaddrOut: {
    when: 'exit',
    what: (a, s) => `the \`struct sockaddr\` the kernel wrote, of the length it stored in ${lenArgRef(a, s, true)}`,
  },
  perfEventAttr: { when: 'entry', what: () => 'a `struct perf_event_attr`, as many bytes as its own `size` field says' },
  intPairOut: { when: 'exit', what: () => 'the two descriptors the kernel wrote, an `int[2]`' },
  timespecIn: { when: 'entry', what: () => 'a `struct timespec` of seconds and nanoseconds' },
  timespecOut: { when: 'exit', what: () => 'the `struct timespec` the kernel wrote' },
  fsconfigValue: {
    when: 'entry',
    what: () => 'a NUL-terminated string, up to 4096 bytes, only when `cmd` is FSCONFIG_SET_STRING, FSCONFIG_SET_PATH or FSCONFIG_SET_PATH_EMPTY; for other commands the value stays the pointer (NULL, binary data or unused)',
  },
  openHow: {
    when: 'entry',
    what: (a, s) => `a \`struct open_how\` (flags, mode, resolve) of the size given by ${lenArgRef(a, s, false)}, up to 24 bytes`,
  },
  bpfAttr: {
    when: 'entry',
    what: (a, s) => `the first bytes of a \`union bpf_attr\` (up to 72, no more than ${lenArgRef(a, s, false)} says), decoded for BPF_PROG_LOAD (prog_type, insn_cnt, log_level, kern_version, prog_flags, prog_name, prog_ifindex, expected_attach_type; \`{}\` for other commands)`,
  },
};

function captureOf(arg: ArgSpec): CaptureInfo | undefined {
  return arg.capture === 'none' ? undefined : CAPTURES[arg.capture];
}

function lenArgRef(arg: ArgSpec, spec: SyscallSpec, deref: boolean): string {
  const len = arg.lenArg === undefined ? undefined : spec.args[arg.lenArg];
  if (len === undefined) return 'its length argument';
  return deref ? `\`*${len.name}\`` : `\`${len.name}\``;
}

/** The `sockaddrOut` argument whose length `arg` points to (`addrlen` of accept), if any. */
function lengthTarget(arg: ArgSpec, spec: SyscallSpec): ArgSpec | undefined {
  const i = spec.args.indexOf(arg);
  return spec.args.find((a) => a.capture === 'sockaddrOut' && a.lenArg === i);
}

function capturedArgs(spec: SyscallSpec, when: 'entry' | 'exit'): ArgSpec[] {
  return spec.args.filter((a) => captureOf(a)?.when === when);
}

function describeCaptures(args: readonly ArgSpec[], spec: SyscallSpec): string {
  return joinList(args.map((a) => `\`${a.name}\` (${captureOf(a)?.what(a, spec)})`));
}

const LOSS_NOTE =
  'A record that cannot be reserved because the ring buffer is full is counted per CPU and the loss is reported, never dropped silently.';

function sysEnterPurpose(spec: SyscallSpec): string {
  const parts: string[] = [
    `Runs at the entry of every syscall. It checks in the kernel whether \`${spec.name}\` is selected and whether the calling process is in scope, and returns at once if not.`,
  ];
  const n = spec.args.length;
  const entry = capturedArgs(spec, 'entry');
  if (n === 0) {
    parts.push(`For \`${spec.name}\`, which has no arguments, it records that the call started.`);
  } else if (entry.length === 0) {
    parts.push(
      `For \`${spec.name}\` it saves ${registerArgs(n)}; no user memory is read at entry.`,
    );
  } else {
    parts.push(
      `For \`${spec.name}\` it saves ${registerArgs(n)} and reads ${describeCaptures(entry, spec)} from user memory: the event shows what the process passed, before the kernel acted on it.`,
    );
  }
  if (dirfdPaths(spec) | cwdPaths(spec)) {
    parts.push(
      'When a path argument is relative, it also sends what the kernel resolves it against: the directory its dirfd refers to (shown as `FD=PATH` with `-o option:parse-arguments-fds`) or, for `AT_FDCWD` and paths without a dirfd, the working directory (for signatures, not in the JSON). Absolute paths need neither.',
    );
  }
  if (spec.noReturn) {
    parts.push(
      `Because \`${spec.name}\` never returns, the event is completed with its context and submitted to the BPF ring buffer here, at entry. ${LOSS_NOTE}`,
    );
  }
  return parts.join(' ');
}

function sysExitPurpose(spec: SyscallSpec): string {
  if (spec.noReturn) {
    return `Not reached for \`${spec.name}\`: the call never returns, so its event is submitted by \`sys_enter\` and has no return value.`;
  }
  const exit = capturedArgs(spec, 'exit');
  const reads =
    exit.length === 0 ? '' : `reads ${describeCaptures(exit, spec)} from the process's memory, where the kernel put it, then `;
  const entry = capturedArgs(spec, 'entry');
  const retry =
    entry.length === 0
      ? ''
      : ' Input memory that could not be read at entry because its page was not yet faulted in (eBPF cannot fault pages) is read here instead, after the kernel copied it, and marked `readAtExit`.';
  const socket = DESCRIBE_SOCKET_AT_EXIT.has(spec.name)
    ? ' When the call succeeded (or, for a non-blocking connect, is in progress) it describes the socket again, with its local and remote ends as they are now, for the fd table.'
    : '';
  return `Runs at the exit of every syscall. For each \`${spec.name}\` call that \`sys_enter\` accepted, it ${reads}adds the return value and the event context, and submits one record to the BPF ring buffer.${socket}${retry} ${LOSS_NOTE}`;
}

// ---------------------------------------------------------------------------
// Generic prose, from the catalog alone

function nonSyscallDescription(spec: SyscallSpec): string {
  const origin =
    spec.source === 'tracepoint'
      ? `\`${spec.name}\` is not a system call: sysray takes it from the kernel tracepoint of the same name, whether or not a process is traced (it also keeps sysray's process tree and container list up to date).`
      : `\`${spec.name}\` is not a system call: sysray derives it from other events (see Hooks), and the kernel sends those only when this event is selected and they qualify.`;
  return `${spec.name}: ${spec.summary}. ${origin} Its event id is ${spec.id}.`;
}

function genericDescription(spec: SyscallSpec): string {
  const paras: string[] = [];
  paras.push(
    `\`${spec.name}\` is system call ${spec.id} on x86_64: ${spec.summary}. Its full behaviour is described in \`man 2 ${/\bunimplemented\b/.test(spec.summary) ? 'unimplemented' : spec.name}\`.`,
  );

  const p2: string[] = [];
  if (spec.noReturn) {
    p2.push(`sysray emits one \`${spec.name}\` event per call, when the call starts, since it never returns.`);
  } else {
    p2.push(
      `sysray emits one \`${spec.name}\` event per call, when the call returns, so the event carries the result together with the arguments.`,
    );
  }
  const entry = capturedArgs(spec, 'entry');
  const exit = capturedArgs(spec, 'exit');
  const regs = spec.args.filter((a) => captureOf(a) === undefined);
  if (spec.args.length === 0) {
    p2.push('The call has no arguments.');
  } else {
    if (regs.length > 0) {
      p2.push(`${capitalize(joinList(regs.map((a) => `\`${a.name}\``)))} ${regs.length === 1 ? 'is' : 'are'} reported as passed in registers.`);
    }
    if (entry.length > 0) {
      p2.push(
        `${capitalize(joinList(entry.map((a) => `\`${a.name}\``)))} ${entry.length === 1 ? 'is' : 'are'} read from the process's memory when the call starts, as the process passed ${entry.length === 1 ? 'it' : 'them'}, before the kernel acted.`,
      );
    }
    if (exit.length > 0) {
      p2.push(
        `${capitalize(joinList(exit.map((a) => `\`${a.name}\``)))} ${exit.length === 1 ? 'is' : 'are'} read when the call returns, from what the kernel wrote.`,
      );
    }
    if (spec.args.some((a) => a.format !== undefined)) {
      p2.push('Symbolic values (flags, modes, commands) are shown by name with `-o option:parse-arguments`.');
    }
  }
  paras.push(p2.join(' '));

  if (/\bunimplemented\b/.test(spec.summary)) {
    paras.push(
      'The kernel does not implement it on x86_64: every call fails with -38 (ENOSYS). A call is a sign of very old code or of a program probing the system.',
    );
  } else if (NEVER_FAILS.has(spec.name)) {
    paras.push(`${returnValueText(spec)} The call cannot fail.`);
  } else if (!spec.noReturn) {
    paras.push(
      `${returnValueText(spec)} On failure it is a negated errno value, such as -1 (EPERM), -2 (ENOENT), -13 (EACCES) or -22 (EINVAL).`,
    );
  }
  if (spec.sets.length > 0) {
    paras.push(
      `It belongs to the event ${spec.sets.length === 1 ? 'set' : 'sets'} ${joinList(spec.sets.map((s) => `\`${s}\``))}.`,
    );
  }
  return paras.join('\n\n');
}

const RETURNS_BYTES = new Set([
  'read', 'write', 'pread64', 'pwrite64', 'readv', 'writev', 'preadv', 'pwritev', 'preadv2', 'pwritev2',
  'sendto', 'recvfrom', 'sendmsg', 'recvmsg', 'sendfile', 'splice', 'tee', 'vmsplice', 'copy_file_range',
  'readlink', 'readlinkat', 'getdents', 'getdents64', 'getrandom', 'process_vm_readv', 'process_vm_writev',
  'getxattr', 'lgetxattr', 'fgetxattr', 'listxattr', 'llistxattr', 'flistxattr', 'getcwd',
]);
const RETURNS_READY_COUNT = new Set(['poll', 'ppoll', 'select', 'pselect6', 'epoll_wait', 'epoll_pwait', 'epoll_pwait2']);
const RETURNS_ID = new Set([
  'getpid', 'getppid', 'gettid', 'getuid', 'geteuid', 'getgid', 'getegid', 'getpgid', 'getpgrp', 'getsid', 'setsid',
]);
const NEVER_FAILS = new Set(['getpid', 'getppid', 'gettid', 'getuid', 'geteuid', 'getgid', 'getegid', 'getpgrp']);
const RETURNS_CHILD = new Set(['fork', 'vfork', 'clone', 'clone3']);
const RETURNS_ADDRESS = new Set(['mmap', 'mremap', 'brk', 'shmat']);

function returnValueText(spec: SyscallSpec): string {
  const n = spec.name;
  if (RETURNS_FD.has(n)) return 'On success the return value is the new file descriptor.';
  if (RETURNS_BYTES.has(n)) return 'On success the return value is a number of bytes.';
  if (RETURNS_READY_COUNT.has(n)) return 'On success the return value is the number of ready descriptors (0 on timeout).';
  if (RETURNS_ID.has(n)) return 'The return value is the requested id.';
  if (RETURNS_CHILD.has(n)) return "On success the return value is the new child's id, as seen by the parent.";
  if (RETURNS_ADDRESS.has(n)) return 'On success the return value is an address.';
  return `On success the return value is what \`man 2 ${n}\` documents (often 0).`;
}

const FORMAT_MEANINGS: Readonly<Record<ArgFormat, string>> = {
  dirfd: 'directory file descriptor that a relative path is resolved against; AT_FDCWD (-100) means the current directory',
  openFlags: 'open flags: the access mode (O_RDONLY, O_WRONLY, O_RDWR) combined with O_CREAT, O_TRUNC, O_CLOEXEC and others',
  fileMode: 'file mode: permission bits such as 0644, with the file type where it applies',
  accessMode: 'access to check: F_OK, or a combination of R_OK, W_OK and X_OK',
  atFlags: 'AT_* flags such as AT_SYMLINK_NOFOLLOW or AT_EMPTY_PATH',
  signal: 'signal number (SIGTERM, SIGKILL, ...)',
  perfEventOpenFlags: 'PERF_FLAG_* flags',
  pidfdOpenFlags: 'PIDFD_* flags',
  pidfdGetfdFlags: 'flags, reserved (0)',
  pidfdSendSignalFlags: 'PIDFD_SIGNAL_* flags',
  mmapProt: 'memory protection: PROT_NONE, or a combination of PROT_READ, PROT_WRITE and PROT_EXEC',
  mmapFlags: 'mapping flags: MAP_SHARED or MAP_PRIVATE, combined with MAP_ANONYMOUS, MAP_FIXED and others',
  socketDomain: 'address family (AF_INET, AF_INET6, AF_UNIX, ...)',
  socketType: 'socket type (SOCK_STREAM, SOCK_DGRAM, ...), possibly with SOCK_NONBLOCK and SOCK_CLOEXEC',
  cloneFlags: 'CLONE_* flags: what the new task shares with its parent, and which namespaces it gets',
  clockId: 'clock (CLOCK_REALTIME, CLOCK_MONOTONIC, ...)',
  prctlOption: 'operation (PR_SET_NAME, PR_SET_SECCOMP, ...)',
  ptraceRequest: 'request (PTRACE_ATTACH, PTRACE_PEEKDATA, ...)',
  bpfCmd: 'command (BPF_PROG_LOAD, BPF_MAP_CREATE, ...)',
  fcntlCmd: 'command (F_DUPFD, F_GETFL, F_SETFL, ...)',
  capability: 'capability number (CAP_*)',
  perfType: 'counter type (PERF_TYPE_HARDWARE, PERF_TYPE_SOFTWARE, ...)',
  perfIoctl: 'request (PERF_EVENT_IOC_ENABLE, PERF_EVENT_IOC_DISABLE, ...; PR_TASK_PERF_EVENTS_* for prctl)',
  whence: 'origin of the offset: SEEK_SET, SEEK_CUR, SEEK_END, ...',
  memProtAlert: "what changed, as Tracee's mem_prot_alert says it (\"Protection changed from W to E!\", ...)",
};

/** Meaning of an integer argument guessed from its name; first match wins. */
const NAME_MEANINGS: readonly (readonly [RegExp, string])[] = [
  [/^pidfd$/, 'PID file descriptor, referring to a process'],
  [/^(sockfd|sock|s)$/, 'socket file descriptor'],
  [/^epfd$/, 'epoll instance file descriptor'],
  [/^(dirfd|olddirfd|newdirfd|dfd|olddfd|newdfd)$/, 'directory file descriptor'],
  [/^(fd|.*fd|fd_.*|.*_fd)$/, 'file descriptor'],
  [/^(pid|tgid|pgid)$/, "process id, in the caller's PID namespace"],
  [/^tid$/, "thread id, in the caller's PID namespace"],
  [/^(uid|euid|ruid|suid|fsuid|owner|user)$/, 'user id'],
  [/^(gid|egid|rgid|sgid|fsgid|group)$/, 'group id'],
  [/^(sig|signum|signal)$/, 'signal number'],
  [/^(flags?|.*flg|.*_?flags|options)$/, 'flags, a bit mask'],
  [/^(mask|.*_mask)$/, 'bit mask'],
  [/^(semid|msqid|shmid)$/, 'System V IPC identifier'],
  [/^key$/, 'System V IPC key'],
  [/^(keyring|dest_keyring)$/, 'key serial number'],
  [/^timer_id$/, 'POSIX timer id'],
  [/^ctx_id$/, 'AIO context id'],
  [/^mqdes$/, 'message queue descriptor'],
  [/^pid\d$/, "process id, in the caller's PID namespace"],
  [/^(arg\d?|aux)$/, 'operation-specific argument'],
  [/^advice$/, 'advice code'],
  [/^protocol$/, 'protocol number (0 selects the default for the type)'],
  [/^level$/, 'protocol level of the option (SOL_SOCKET, IPPROTO_TCP, ...)'],
  [/^optname$/, 'option name'],
  [/^resource$/, 'resource (RLIMIT_NOFILE, RLIMIT_AS, ...)'],
  [/^policy$/, 'policy'],
  [/^how$/, 'how the call applies its argument'],
  [/^(pos_l|pos_h)$/, 'low or high half of the file offset'],
  [/^dev$/, 'device number'],
  [/^(prio|ioprio)$/, 'priority'],
  [/^seconds$/, 'seconds'],
  [/^mode$/, 'mode bits'],
  [/^(status|error_code)$/, 'exit status'],
  [/^(offset|off|pos|.*_off|.*_offset)$/, 'offset in bytes'],
  [/^sigsetsize$/, 'size of the signal set in bytes'],
  [/^(vlen|iovcnt|.*cnt|nr_.*|maxevents|nfds|n|nr)$/, 'number of elements'],
  [/^(len|length|.*len)$/, 'length in bytes'],
  [/^(size|.*_size|.*size)$/, 'size in bytes'],
  [/^count$/, 'number of bytes or items'],
  [/^(cmd|request|option|op|operation)$/, 'command or operation code'],
  [/^(which|who)$/, 'selector of whom the call applies to'],
  [/^backlog$/, 'maximum length of the queue of pending connections'],
  [/^(timeout|.*timeout)$/, 'timeout'],
  [/^(addr|address|start)$/, 'address'],
];

/** An argument's description derived from its name, type and capture. */
function genericArgDescription(arg: ArgSpec, spec: SyscallSpec): string {
  let text: string;
  const cap = captureOf(arg);
  if (cap !== undefined) {
    const when = cap.when === 'entry' ? 'at entry' : 'at exit';
    switch (arg.capture) {
      case 'string': {
        const isPath = /path|file|dir/.test(arg.name);
        const noun = isPath ? 'Path' : /name/.test(arg.name) ? 'Name' : 'String';
        text = `${noun} read from user memory at entry (NUL-terminated, up to 4096 bytes)`;
        if (isPath) {
          const dirfd = spec.args.find((a) => a.format === 'dirfd');
          text += dirfd
            ? `; a relative path is relative to \`${dirfd.name}\``
            : '; a relative path is relative to the working directory';
        }
        break;
      }
      case 'stringArray':
        text = 'Argument list (a NULL-terminated array of strings) read from user memory at entry';
        break;
      case 'envArray':
        text =
          'Environment (a NULL-terminated array of `NAME=value` strings) read from user memory at entry, only with `-o option:exec-env`';
        break;
      default:
        text = `${capitalize(cap.what(arg, spec))}, read from user memory ${when}`;
    }
  } else if (lengthTarget(arg, spec) !== undefined) {
    const target = lengthTarget(arg, spec) as ArgSpec;
    text = `Address of the length of \`${target.name}\`, where the kernel stores the size of the address it wrote; sysray uses it to read \`${target.name}\` at exit, and reports this argument as an address`;
  } else if (arg.kind === 'pointer') {
    const target = pointee(arg.type);
    text = `Address ${target === undefined ? '' : `of ${target} `}in the process's memory; the address is reported, the memory behind it is not read`;
  } else {
    const index = spec.args.indexOf(arg);
    const measured = spec.args.find(
      (a) =>
        a !== arg &&
        (a.lenArg === index || ['len', '_len', 'size', '_size'].some((suffix) => arg.name === a.name + suffix)),
    );
    const meaning =
      (arg.format !== undefined ? FORMAT_MEANINGS[arg.format] : undefined) ??
      (measured !== undefined ? `length of \`${measured.name}\` in bytes` : undefined) ??
      NAME_MEANINGS.find(([re]) => re.test(arg.name))?.[1] ??
      `\`${arg.type}\` value`;
    text = `${capitalize(meaning)}, passed in a register`;
  }
  if (arg.tags.includes('OPT')) text += '; may be NULL';
  return `${text}.`;
}

/** "a `struct stat`" for `struct stat*`; undefined for `void*` or a non-pointer type. */
function pointee(type: string): string | undefined {
  if (!/\*\s*$/.test(type)) return undefined;
  const target = type.replace(/\s*\*\s*$/, '').replace(/^const\s+/, '');
  if (target === 'void' || target === '') return undefined;
  if (target === 'char') return 'a character buffer';
  return `${/^[aeiou]/.test(target) ? 'an' : 'a'} \`${target}\``;
}

/** A use-case paragraph per event set; the most specific set that has one wins. */
const USE_CASES: Readonly<Record<string, (name: string) => string>> = {
  fs_read_write: (n) =>
    `Following data flow: \`${n}\` events show which descriptors a process reads or writes, how many bytes the kernel moved, and which calls failed. Join them with the \`openat\`, \`socket\` or \`accept\` that created the descriptor to know which file or peer was involved.`,
  fs_fd_ops: (n) =>
    `Keeping track of file descriptors: \`${n}\` events show how a process duplicates, changes or releases descriptors, which is what links a later read, write or send back to the open or connect that created the descriptor.`,
  fs_mux_io: (n) =>
    `Seeing what a process waits on: \`${n}\` events show which descriptors it waits for, for how long, and how many became ready; a server stuck in a loop or a beacon waking on a fixed interval is visible here.`,
  fs: (n) =>
    `Auditing file activity: \`${n}\` events show which process touched which path or descriptor, with what flags or modes, and whether the kernel allowed it. Failures such as -13 (EACCES) or -1 (EPERM) point at refused attempts, and paths under \`/etc\`, \`/root\`, \`/proc\` or \`/sys\` at activity worth reviewing.`,
  net_snd_rcv: (n) =>
    `Following network traffic per process: \`${n}\` events show which socket a process sends to or receives from, to which address where the call names one, and how many bytes were moved.`,
  net: (n) =>
    `Mapping network activity to processes: \`${n}\` events show which process creates, binds, connects or accepts sockets, with the addresses involved and the result. An unexpected listener or an outbound connection from a process that should not talk to the network stands out.`,
  proc_life: (n) =>
    `Following process lifecycles: \`${n}\` events show which process starts, replaces its image, creates children or ends, building the process tree that other events are read against.`,
  proc_ids: (n) =>
    `Following identities: \`${n}\` events show which ids a process asks for or changes; a change of user or group id, successful or refused, is a privilege transition worth recording.`,
  proc_mem: (n) =>
    `Watching memory layout changes: \`${n}\` events show mappings and protections a process asks for; memory that becomes both writable and executable, or anonymous executable mappings, are typical of injected code.`,
  proc: (n) =>
    `Observing process behaviour: \`${n}\` events show which process asked the kernel for what, with which arguments and result; they are read together with the process tree to explain what a program does.`,
  signals: (n) =>
    `Following signals: \`${n}\` events show which process signals whom, or how a process handles and waits for signals; a SIGKILL or SIGSTOP aimed at a monitoring agent stands out.`,
  ipc: (n) =>
    `Mapping inter-process communication: \`${n}\` events show which processes set up or use shared memory, message queues, semaphores, futexes or pipes, and so which processes can influence each other.`,
  time: (n) =>
    `Timing behaviour: \`${n}\` events show how a process reads, sets or waits on clocks and timers; setting the system clock, or sleeping in regular intervals like a beacon, stands out.`,
  system_numa: (n) =>
    `Observing memory placement: \`${n}\` events show how a process binds its memory or threads to NUMA nodes, or moves pages between them, which explains performance behaviour on multi-socket machines.`,
  system: (n) =>
    `Auditing system-wide changes: \`${n}\` events show which process changes or inspects the state of the whole system (modules, keys, mounts, BPF, reboot, limits); these calls are rare, usually privileged, and each one deserves a record.`,
};

function genericUseCase(spec: SyscallSpec): string {
  for (const set of setsBySpecificity(spec)) {
    const direct = USE_CASES[set];
    if (direct) return direct(spec.name);
    const parent = USE_CASES[set.split('_')[0]];
    if (parent) return parent(spec.name);
  }
  return `Recording \`${spec.name}\` calls: each event shows which process made the call, with which arguments, and what the kernel answered. Select it alone to follow a specific behaviour of a program, or with its related events to see the whole sequence.`;
}

function genericIssues(spec: SyscallSpec): string {
  const issues: string[] = [];
  const toctou = spec.args.filter((a) => a.tags.includes('TOCTOU'));
  if (toctou.length > 0) {
    issues.push(
      `${capitalize(joinList(toctou.map((a) => `\`${a.name}\``)))} ${toctou.length === 1 ? 'is' : 'are'} read from user memory when the call starts, and the kernel reads the same memory again afterwards. Another thread of the process can change ${toctou.length === 1 ? 'it' : 'them'} in between, and the event then shows a value the kernel did not use (TOCTOU).`,
    );
    const truth = toctou.filter((a) => argOrigin(spec, a).kernelValue);
    if (truth.length > 0) {
      issues.push(
        `For ${joinList(truth.map((a) => `\`${a.name}\``))} the event also carries \`kernelValue\`: what the kernel used, read from kernel objects when the call returns, never from user memory again. The argument is marked \`"raced": true\` (with \`raceTechnique\`) when the value read is not the kernel's beyond the kernel's own normalisations, or when it could not be read at entry (the phantom attack's userfaultfd or unmapped page) and what was read later differs; the \`toctou_race\` signature reports each such call.`,
      );
    }
  }
  if (spec.args.some((a) => a.capture === 'string')) {
    issues.push('Strings longer than 4096 bytes are cut at that length.');
  }
  const exit = capturedArgs(spec, 'exit');
  if (exit.length > 0) {
    issues.push(
      `${capitalize(joinList(exit.map((a) => `\`${a.name}\``)))} ${exit.length === 1 ? 'is' : 'are'} what the kernel wrote, read when the call returns; ${exit.length === 1 ? 'it is' : 'they are'} meaningful only when the call succeeded.`,
    );
  }
  const pointers = spec.args.filter((a) => a.kind === 'pointer' && a.capture === 'none' && lengthTarget(a, spec) === undefined);
  if (pointers.length > 0) {
    issues.push(
      `${capitalize(joinList(pointers.map((a) => `\`${a.name}\``)))} ${pointers.length === 1 ? 'is' : 'are'} reported as ${pointers.length === 1 ? 'an address' : 'addresses'}: the memory behind ${pointers.length === 1 ? 'it' : 'them'} is not captured.`,
    );
  }
  if (spec.args.some((a) => a.capture === 'none' && a.kind !== 'pointer' && /fd$/.test(a.name))) {
    issues.push(
      'File descriptors are numbers private to the process and reused after `close`: what a descriptor refers to is known from the earlier event that created it.',
    );
  }
  if (spec.args.some((a) => /^(pid|tid|tgid|pgid)$/.test(a.name))) {
    issues.push("Process and thread ids are those of the caller's PID namespace: inside a container they differ from host ids.");
  }
  const top = new Set(spec.sets.map((s) => s.split('_')[0]));
  if (top.has('fs') || top.has('net')) {
    issues.push(
      'Operations submitted through io_uring do not pass through syscall entry and exit: sysray then sees the `io_uring_enter` call, not the individual operations.',
    );
  }
  if (spec.name.startsWith('io_uring_')) {
    issues.push(
      'The operations an io_uring instance performs (reads, writes, opens, connects, ...) are submitted through shared memory and do not pass through syscall entry and exit: sysray sees these `io_uring_*` calls, not the individual operations.',
    );
  }
  if (spec.noReturn) {
    issues.push('The event is emitted at entry and has no return value.');
  }
  if (issues.length === 0) {
    issues.push(
      spec.args.length === 0
        ? `No issues specific to \`${spec.name}\`: it takes no arguments, and the event carries its return value and context.`
        : `No issues specific to \`${spec.name}\`: all its arguments are register values, reported as the process passed them.`,
    );
  }
  return issues.join('\n\n');
}

/**
 * Other events of the same family, then of the most specific shared set, at
 * most 6. A family is found by name: `openat2`, `openat` and `open` share a
 * root, as do `fchown`/`lchown`/`chown`, `pread64`/`read`, `getuid`/`setuid`,
 * and names with the same first word (`pidfd_*`, `sched_*`, `epoll_*`).
 */
function genericRelated(spec: SyscallSpec): string {
  const max = 6;
  const names = new Set(EVENTS.map((s) => s.name));
  const keys = familyKeys(spec.name, names);
  const chosen: SyscallSpec[] = [];
  const family = EVENTS.filter(
    (s) => s.name !== spec.name && [...familyKeys(s.name, names)].some((k) => keys.has(k)),
  ).sort((a, b) => a.id - b.id);
  chosen.push(...family.slice(0, max));

  for (const set of setsBySpecificity(spec)) {
    if (chosen.length >= max) break;
    const members = EVENTS.filter((s) => s.name !== spec.name && s.sets.includes(set) && !chosen.includes(s)).sort(
      (a, b) => Math.abs(a.id - spec.id) - Math.abs(b.id - spec.id) || a.id - b.id,
    );
    chosen.push(...members.slice(0, max - chosen.length));
  }
  if (chosen.length === 0) return 'No related events in the catalog.';
  return chosen.map((s) => `* \`${s.name}\` - ${s.summary}`).join('\n');
}

/** Sets other than the catch-alls, most specific (last listed) first. */
function setsBySpecificity(spec: SyscallSpec): string[] {
  return spec.sets.filter((s) => s !== 'syscalls' && s !== 'default').reverse();
}

/** Name variants that are stripped to find a family root. */
const STRIP_RULES: readonly RegExp[] = [/\d+$/, /at$/, /^[fl](?=[a-z])/, /^new/, /v$/, /^p(?=[a-z])/, /^tg?(?=[a-z])/];

function familyKeys(name: string, names: ReadonlySet<string>): Set<string> {
  // The root is the shortest catalog name reachable by stripping, through
  // intermediates that need not exist themselves (pread64 -> pread -> read).
  let root = name;
  const seen = new Set([name]);
  const queue = [name];
  while (queue.length > 0) {
    const cur = queue.shift() as string;
    for (const rule of STRIP_RULES) {
      const next = cur.replace(rule, '');
      if (next === cur || next.length < 3 || seen.has(next)) continue;
      seen.add(next);
      queue.push(next);
      if (names.has(next) && (next.length < root.length || (next.length === root.length && next < root))) root = next;
    }
  }
  const keys = new Set([`root:${root.replace(/^(get|set)_?/, '')}`]);
  const word = /^([a-z0-9]+)_/.exec(name)?.[1];
  if (word !== undefined && word !== 'get' && word !== 'set') keys.add(`root:${word}`);
  return keys;
}

// ---------------------------------------------------------------------------
// Small text helpers


function capitalize(s: string): string {
  return s.length === 0 ? s : s[0].toUpperCase() + s.slice(1);
}

function joinList(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

function registerArgs(n: number): string {
  return n === 1 ? 'its register argument' : `the ${n} register arguments`;
}

function isNotFound(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === 'ENOENT';
}
