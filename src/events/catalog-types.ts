/**
 * The shape of the event catalog: one typed table that drives the kernel's
 * argument capture, decoding, event selection, `sysray list` and `sysray man`.
 *
 * The table itself (`syscalls.generated.ts`) is written by `scripts/gen-catalog.ts`
 * from the kernel's own syscall descriptions; nothing else repeats it.
 */

/** Argument tags, as in Tracee's event pages. */
export type ArgTag = 'U' | 'K' | 'TOCTOU' | 'OPT';

/**
 * How the raw 64-bit register value of an argument becomes a JSON value.
 * Integer kinds truncate and sign-extend to the C type's width.
 */
export type ArgValueKind =
  | 's32'
  | 'u32'
  | 's64'
  | 'u64'
  | 'pointer'
  /** 0 or 1 in the kernel, false or true in events. */
  | 'bool'
  /** The value comes from user memory captured by the kernel program (see `ArgCapture`). */
  | 'captured'
  /** Derived events: the value is computed in user space, never read from a register. */
  | 'derived';

/**
 * What the kernel program reads from user memory behind a pointer argument,
 * and when. Numbers are the kernel/user contract: they must equal the
 * `CAPTURE_*` constants of `bpf/sysray.h` (a test checks this).
 */
export const ArgCapture = {
  /** No user memory; the register value is the argument. */
  none: 0,
  /** NUL-terminated string (paths, names), up to 4096 bytes, read at entry. */
  string: 1,
  /** NULL-terminated array of strings (argv), read at entry. */
  stringArray: 2,
  /** `struct sockaddr`, length from the value of arg `lenArg`, read at entry. */
  sockaddrIn: 3,
  /** `struct sockaddr` written by the kernel, length from `*lenArg`, read at exit. */
  sockaddrOut: 4,
  /** `struct perf_event_attr`, its own `size` honoured, read at entry. */
  perfEventAttr: 5,
  /** `int[2]` written by the kernel (pipe, pipe2, socketpair), read at exit. */
  intPairOut: 6,
  /** `struct timespec` passed in, read at entry. */
  timespecIn: 7,
  /** `struct timespec` written by the kernel, read at exit. */
  timespecOut: 8,
  /** NULL-terminated array of strings (envp), read at entry only when env capture is on. */
  envArray: 9,
  /** fsconfig's `value`: a string, read at entry, only when `cmd` (arg 1) is FSCONFIG_SET_STRING, _SET_PATH or _SET_PATH_EMPTY. */
  fsconfigValue: 16,
  /** openat2's `struct open_how` (u64 flags, mode, resolve), up to the value of arg `lenArg` bytes (24 at most), read at entry. */
  openHow: 13,
  /**
   * `union bpf_attr`, its first bytes (up to 72: what BPF_PROG_LOAD's
   * prog_type...expected_attach_type take), at most `lenArg`'s value (bpf's
   * `size`), read at entry. Decoded for BPF_PROG_LOAD (src/decode/bpf-attr.ts).
   */
  bpfAttr: 17,
} as const;
export type ArgCaptureName = keyof typeof ArgCapture;

/** Captures taken at sys_exit (memory the syscall writes); all others are taken at sys_enter. */
export function isExitCapture(capture: ArgCaptureName): boolean {
  return capture === 'sockaddrOut' || capture === 'intPairOut' || capture === 'timespecOut';
}

/**
 * Symbolic rendering used by `-o option:parse-arguments`. Each name is
 * implemented in `src/decode/symbols/`.
 */
export type ArgFormat =
  | 'dirfd' // AT_FDCWD
  | 'openFlags' // O_RDONLY|O_CLOEXEC...
  | 'fileMode' // S_IFREG|0644 style (mode_t / umode_t)
  | 'accessMode' // F_OK, R_OK, W_OK, X_OK
  | 'atFlags' // AT_SYMLINK_NOFOLLOW|AT_EMPTY_PATH...
  | 'signal' // SIGKILL
  | 'perfEventOpenFlags' // PERF_FLAG_FD_CLOEXEC...
  | 'pidfdOpenFlags' // PIDFD_NONBLOCK
  | 'pidfdGetfdFlags'
  | 'pidfdSendSignalFlags'
  | 'mmapProt' // PROT_READ|PROT_WRITE
  | 'mmapFlags' // MAP_PRIVATE|MAP_ANONYMOUS
  | 'socketDomain' // AF_INET
  | 'socketType' // SOCK_STREAM|SOCK_CLOEXEC
  | 'cloneFlags' // CLONE_VM|CLONE_PIDFD...
  | 'clockId' // CLOCK_MONOTONIC
  | 'prctlOption' // PR_SET_NAME
  | 'ptraceRequest' // PTRACE_ATTACH
  | 'bpfCmd' // BPF_PROG_LOAD
  | 'fcntlCmd' // F_DUPFD
  | 'capability' // unused for now
  | 'whence' // SEEK_SET
  | 'perfType' // PERF_TYPE_SOFTWARE
  | 'perfIoctl' // PERF_EVENT_IOC_ENABLE
  | 'memProtAlert'; // Tracee's mem_prot_alert text

export interface ArgSpec {
  /** Argument name as Tracee names it (the kernel's name where Tracee has none). */
  readonly name: string;
  /** The C type, as Tracee writes it: `int`, `const char*`, `struct perf_event_attr*`. */
  readonly type: string;
  readonly kind: ArgValueKind;
  readonly capture: ArgCaptureName;
  /** For `sockaddrIn`/`sockaddrOut`: index of the length argument. */
  readonly lenArg?: number;
  readonly tags: readonly ArgTag[];
  /**
   * The tags Tracee's event page gives, where they differ from `tags`
   * (perf_event_open.attr: the page says U; sysray's TOCTOU tag comes from
   * the capture). Shown by `sysray man` as the page wrote them.
   */
  readonly documentedTags?: readonly ArgTag[];
  readonly format?: ArgFormat;
  /** For `sysray man`, where the generic text would be wrong (non-syscall events). */
  readonly doc?: string;
}

/**
 * An event of the catalog. Most are syscalls (no `source`); the others come
 * from kernel tracepoints (`tracepoint`: sched_process_exec...) or are
 * derived in user space from other events (`derived`: perf_event_read...).
 */
export interface SyscallSpec {
  /** x86_64 syscall number, also the event id as in Tracee; above 1000 for other events. */
  readonly id: number;
  /** Absent for syscalls; 'signature': a signature's findings (src/detect/). */
  readonly source?: 'tracepoint' | 'derived' | 'signature';
  /** For `sysray man`: the hooks of a non-syscall event (syscalls' are generic). */
  readonly hooks?: readonly { readonly name: string; readonly type: string; readonly purpose: string }[];
  readonly name: string;
  /** Event sets this syscall belongs to: always `syscalls`, plus `fs`, `net`, ... */
  readonly sets: readonly string[];
  readonly args: readonly ArgSpec[];
  /** One-line summary for `list` and the Intro of `man`. */
  readonly summary: string;
  /** The syscall does not return to the caller (exit, exit_group): emitted at entry. */
  readonly noReturn?: boolean;
}

/** Any catalog event (the name says what most of them are). */
export type EventSpec = SyscallSpec;
