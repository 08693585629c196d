/**
 * The ring-buffer record layout, mirrored from `bpf/sysray.h` (the one
 * definition of the kernel/user contract). `test/layout/record-layout.test.ts`
 * compiles that header and fails when an offset here disagrees.
 *
 * Framing: a batch is a run of the ring buffer as the kernel wrote it: each
 * record follows the ring's own 8-byte header (RingHeader) and is padded to
 * 8 bytes. A record starts with a head {u32 size, u16 type, u16 nr_blobs}. An ENTRY record
 * (user memory read at sys_enter) precedes the EVENT record of the same
 * thread that completes it. Blobs: {u8 arg, u8 kind, u8 status, u8 pad,
 * u32 len} then `len` bytes padded to 8.
 */
export const RecordType = { event: 1, entry: 2 } as const;

/**
 * The ring buffer's header before each record (kernel/bpf/ringbuf.c):
 * {u32 len, u32 page offset}; len's top bits say busy and discarded.
 */
export const RingHeader = { bytes: 8, busyBit: 0x80000000, discardBit: 0x40000000, lenMask: 0x3fffffff } as const;

export const Head = { size: 0, type: 4, nrBlobs: 6, bytes: 8 } as const;

export const EntryRecord = { hostTid: 8, syscallNr: 12, bytes: 16 } as const;

export const EventRecord = {
  timestamp: 8,
  startTime: 16,
  cgroupId: 24,
  retval: 32,
  args: 40,
  eventId: 88,
  hostPid: 92,
  hostTid: 96,
  hostPpid: 100,
  pid: 104,
  tid: 108,
  ppid: 112,
  uid: 116,
  cpu: 120,
  mntNs: 124,
  pidNs: 128,
  flags: 132,
  comm: 136,
  commLen: 16,
  utsName: 152,
  utsNameLen: 68,
  policies: 224,
  generation: 232,
  processStartTime: 240,
  parentStartTime: 248,
  bytes: 256,
} as const;

/** Kernel-side blob kinds (not catalog captures) and the blob arg of a returned fd. */
export const BlobKind = { fdInfo: 10, written: 11, cwd: 14, kernelPerfAttr: 18 } as const;
export const BLOB_ARG_RETVAL = 0xff;
/** Blob args of the two fds of pipe/pipe2/socketpair. */
export const BLOB_ARG_PAIR_FIRST = 0xfe;
export const BLOB_ARG_PAIR_SECOND = 0xfd;
/** Blob arg of the CWD blob: the working directory relative paths were resolved against (sysray.h). */
export const BLOB_ARG_CWD = 0xfc;
/**
 * struct sysray_kernel_perf_attr: the KERNEL_PERF_ATTR blob of perf_event_open's exit (blob arg 0), then
 * attrLen bytes of the kernel's own struct perf_event .attr, at most PERF_ATTR_MAX (sysray.h).
 */
export const KernelPerfAttr = { id: 0, leaderId: 8, origType: 16, attrLen: 20, bytes: 24 } as const;
export const PERF_ATTR_MAX = 256;
/** Bytes of struct open_how read at most (openat2's `how`: u64 flags, mode, resolve). */
export const OPEN_HOW_MAX = 24;

/**
 * struct sysray_exec_env (map `exec_env`, keyed by config slot), sysray.h
 * "Exec environment", and the sched_process_exec blob args it fills.
 */
export const ExecEnv = { policies: 0, count: 8, len: 12, name: 24, mask: 280, bytes: 536 } as const;
export const EXEC_ENV_NAMES = 8;
export const EXEC_ENV_NAME_LEN = 32;
export const EXEC_ENV_SCAN = 256;
export const EXEC_ENV_VALUE_MAX = 256;
export const BLOB_ARG_EXEC_STDIN = 8;
export const BLOB_ARG_EXEC_ENV = 10;

/** struct sysray_fd_info (then path or name bytes), sysray.h "fd descriptions"; PERF: startTime is perf_event.id. */
export const FdInfo = {
  kind: 0, mode: 4, ino: 8, dev: 16, cpu: 20, target: 24, type: 28, config: 32, startTime: 40, comm: 48, bytes: 64,
} as const;
export const FdKind = { none: 0, file: 1, socket: 2, pipe: 3, pidfd: 4, perf: 5, anon: 6 } as const;
/** struct sysray_fd_socket: after a SOCKET's FdInfo, then the local and the remote address bytes. */
export const FdSocket = { protocol: 0, state: 2, localLen: 3, localPort: 4, remotePort: 6, remoteLen: 8, bytes: 12 } as const;

/** Events from tracepoints: their event ids, and their entries in the selection map. */
export const TracepointEventId = { schedProcessFork: 1002, schedProcessExec: 1003, schedProcessExit: 1004, cgroupMkdir: 1020, cgroupRmdir: 1021 } as const;
export const TracepointSelectIndex = { schedProcessFork: 512, schedProcessExec: 513, schedProcessExit: 514, cgroupMkdir: 515, cgroupRmdir: 516 } as const;
export const SELECTION_PER_SLOT = 528;
/** struct sysray_selection */
export const Selection = { policies: 0, derived: 8, signature: 16, signatureDerived: 24, state: 32, prefilter: 36, bytes: 40 } as const;
/** sysray_selection.prefilter: which kinds of conditions the needs of map `prefilters` have for the entry */
export const PrefilterKind = { int: 1, path: 2, entryFault: 4 } as const;
/** struct sysray_prefilter (map `prefilters`, same index as `selection`): the entry's needs, a disjunction. */
export const Prefilter = { needs: 0, nrNeeds: 384, pathArg: 385, bytes: 392 } as const;
/** struct sysray_prefilter_need: one need's conditions (flags PrefilterNeedFlag). */
export const PrefilterNeed = { values: 0, anyBits: 32, flags: 40, intArg: 41, intBits: 42, nrValues: 43, faultArg: 44, bytes: 48 } as const;
/** sysray_prefilter_need.flags */
/** entryFault: argument faultArg's entry read faulted (decided once the entry captures are read). */
export const PrefilterNeedFlag = { int: 1, path: 2, container: 4, host: 8, entryFault: 16 } as const;
/** struct sysray_prefix_key: key of the LPM trie map `prefilter_prefixes`, value a __u32 bit mask of needs. */
export const PrefixKey = { prefixlen: 0, index: 4, path: 8, bytes: 72 } as const;
export const PREFILTER_NEEDS = 8;
export const PREFILTER_VALUES = 4;
export const PREFILTER_PATH_MAX = 64;
export const PREFILTER_PREFIX_ENTRIES = 4096;

/** Indexes of the per-CPU array `stats` (bpf/sysray.h SYSRAY_STAT_*). */
export const Stat = { submitted: 0, lost: 1, lostState: 2, lostSecurity: 3, lostSecurityState: 4, submittedSecurity: 5, count: 6 } as const;

export const Blob = { arg: 0, kind: 1, status: 2, len: 4, bytes: 8 } as const;

export const BlobStatus = { ok: 0, null: 1, fault: 2, truncated: 3, okAtExit: 4, replaced: 5, deferred: 6 } as const;

export const EventFlags = { atEntry: 1, entryLost: 2, hasEntry: 4 } as const;

/** struct sysray_syscall_desc: written per syscall from the catalog. */
export const SyscallDescFlags = { noReturn: 1, replacesMemory: 2, returnsFd: 4 } as const;

/** sysray_syscall_desc.derive */
export const DeriveTest = {
  none: 0, perfFd: 1, perfPrctl: 2,
  // magic_write's sources (sysray.h "magic_write")
  magicWrite: 3, magicPwrite: 4, magicWritev: 5, magicPwritev: 6, magicSendfile: 7, magicCopy: 8,
  // mem_prot_alert's mmap (sysray.h SYSRAY_DERIVE_MEM_PROT)
  memProt: 9,
} as const;

/**
 * Blob WRITTEN (sysray.h "magic_write"): struct sysray_written, then
 * MAGIC_BYTES bytes (the first `len` written), then the file's path.
 */
export const Written = { ino: 0, dev: 8, flags: 12, len: 13, bytes: 16 } as const;
export const WrittenFlags = { contentUnknown: 1 } as const;
export const MAGIC_BYTES = 32;

export const SyscallDesc = {
  flags: 0, capture: 1, lenArg: 7, entryCaptures: 13, exitCaptures: 14, derive: 15, describeFds: 16, dirfdPaths: 17, cwdPaths: 18, describeAtExit: 19, bytes: 24,
} as const;

export const MAX_ARGS = 6;
export const MAX_SYSCALLS = 512;

/*
 * Policies (bpf/sysray.h, "Policies"): written by src/policy/kernel-config.ts.
 */
export const MAX_POLICIES = 64;
export const CONFIG_SLOTS = 2;

/** sysray_policy_config.fields */
export const ScopeFieldBit = {
  uid: 1 << 0, pid: 1 << 1, mntns: 1 << 2, pidns: 1 << 3, uts: 1 << 4, comm: 1 << 5, exe: 1 << 6, container: 1 << 7, proc: 1 << 8, newPid: 1 << 9,
} as const;

/** struct sysray_policy_config: u64 masks, then generation, fields, and per-policy u32 bounds. */
export const PolicyConfig = {
  enabled: 0, uidEq: 8, uidRange: 16, pidEq: 24, pidRange: 32, mntnsEq: 40, pidnsEq: 48, utsEq: 56, commEq: 64, exeEq: 72,
  treeEq: 80, newPid: 88, container: 96, notContainer: 104, newContainer: 112, follow: 120, startNs: 128,
  generation: 136, fields: 140, uidMin: 144, uidMax: 400, pidMin: 656, pidMax: 912, entryHook: 1168, bytes: 1176,
} as const;

/** sysray_policy_config.entry_hook: which programs take syscall entries (SYSRAY_HOOK_*). */
export const EntryHook = { raw: 0, syscallTracepoints: 1 } as const;

/** Value of the scope_* maps: {u64 eq, u64 ne}. */
export const ScopeMatch = { eq: 0, ne: 8, bytes: 16 } as const;
/** Keys of the scope_* maps; each starts with the u32 slot. */
export const ScopeU32Key = { slot: 0, value: 4, bytes: 8 } as const;
export const ScopeCommKey = { slot: 0, comm: 4, bytes: 20 } as const;
export const ScopeUtsKey = { slot: 0, name: 4, bytes: 72 } as const;
export const ScopeExeKey = { slot: 0, dev: 8, ino: 16, bytes: 24 } as const;
/** struct sysray_proc_scope: per slot u64 masks. */
export const ProcScope = { treeIn: 0, treeOut: 16, follow: 32, bytes: 48 } as const;
export const Container = { isNew: 0, bytes: 8 } as const;
