/**
 * The ring-buffer record layout, mirrored from `bpf/sysray.h` (the one
 * definition of the kernel/user contract). `test/layout/record-layout.test.ts`
 * compiles that header and fails when an offset here disagrees.
 *
 * Framing: records are 8-byte aligned and back to back in a batch; each
 * starts with a head {u32 size, u16 type, u16 nr_blobs}. An ENTRY record
 * (user memory read at sys_enter) precedes the EVENT record of the same
 * thread that completes it. Blobs: {u8 arg, u8 kind, u8 status, u8 pad,
 * u32 len} then `len` bytes padded to 8.
 */
export const RecordType = { event: 1, entry: 2 } as const;

export const Head = { size: 0, type: 4, nrBlobs: 6, bytes: 8 } as const;

export const EntryRecord = { hostTid: 8, syscallNr: 12, bytes: 16 } as const;

export const EventRecord = {
  timestamp: 8,
  startTime: 16,
  cgroupId: 24,
  retval: 32,
  args: 40,
  syscallNr: 88,
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
  utsNameLen: 64,
  bytes: 216,
} as const;

export const Blob = { arg: 0, kind: 1, status: 2, len: 4, bytes: 8 } as const;

export const BlobStatus = { ok: 0, null: 1, fault: 2, truncated: 3, okAtExit: 4 } as const;

export const EventFlags = { atEntry: 1, entryLost: 2, hasEntry: 4 } as const;

/** struct sysray_syscall_desc: written per syscall from the catalog. */
export const SyscallDescFlags = { noReturn: 1, replacesMemory: 2 } as const;

export const SyscallDesc = { selected: 0, flags: 1, capture: 2, lenArg: 8, entryCaptures: 14, exitCaptures: 15, bytes: 16 } as const;

export const MAX_ARGS = 6;
export const MAX_SYSCALLS = 512;
