/**
 * A decoded event, with the field names of Tracee's `trace.Event` so that
 * every output can write them as they are.
 */
import type { ArgSpec } from '../events/catalog-types.js';
import type { FdDescription } from '../process/fd-description.js';
import type { WrittenHeader } from './written.js';
import type { KernelPerfEvent } from './kernel-perf-attr.js';

/**
 * How a race showed: the value read differs from the kernel's, the entry read
 * failed (the phantom attack's userfaultfd or unmapped page) and what was read
 * later differs or could not be read, or the fd was replaced (dup2) during
 * the call so the kernel's object is not the one named.
 */
export type RaceTechnique = 'value changed' | 'entry read failed' | 'fd replaced';

/** Why a pointer argument has no value. */
export type Unreadable = 'null' | 'fault' | 'lost';

export type ArgValue =
  | number
  | bigint
  | string
  | null
  | boolean
  | readonly string[]
  | readonly number[]
  | { readonly [key: string]: unknown };

export interface DecodedArg {
  readonly spec: ArgSpec;
  value: ArgValue;
  /** Set when user memory could not be captured; value is then null. */
  unreadable?: Unreadable;
  /** The pointer, for unreadable arguments. */
  address?: number | bigint;
  /**
   * Unreadable at entry (page not faulted in yet), read at exit after the
   * kernel copied it: a racing thread could have changed it in between.
   */
  readAtExit?: boolean;
  /**
   * With readAtExit: the read at entry failed (its page was not present), so
   * the value is what the memory held after the kernel's copy. Absent when
   * sysray put the read off to the exit itself (the path prefilter).
   */
  entryFault?: boolean;
  /**
   * What the kernel itself used, read at exit from kernel objects (the opened
   * file, the socket's peer, the perf event's attr...), never from user
   * memory: src/decode/kernel-truth/. Absent where the kernel holds no such
   * truth for this call (failed, or not one of src/events/kernel-values.ts).
   */
  kernelValue?: ArgValue;
  /** For path arguments with a kernelValue: the device and inode of that file. */
  kernelFile?: { readonly dev: number; readonly inode: number };
  /**
   * The value sysray read is not what the kernel used (beyond the kernel's
   * own normalisations), or could not be read at entry and differs from it:
   * a TOCTOU race, `raceTechnique` says which.
   */
  raced?: boolean;
  raceTechnique?: RaceTechnique;
  /** The value was cut at a sysray limit (4096-byte strings, 128 argv entries). */
  truncated?: boolean;
  /** The register value (raw), kept for symbolic rendering. */
  raw: bigint | number;
  /** For fd arguments the kernel described (pidfds, perf fds): what the fd refers to. */
  fd?: FdDescription;
  /**
   * An fd argument described at exit (connect's, bind's, listen's socket)
   * that held another file then than at entry: replaced during the call (a
   * dup2 from another thread). `fd` is then absent: the new file is not
   * what the syscall worked on.
   */
  fdReplaced?: boolean;
}

export interface TraceEvent {
  /** ns since the epoch */
  timestamp: bigint;
  threadStartTime: bigint;
  processorId: number;
  processId: number;
  threadId: number;
  parentProcessId: number;
  hostProcessId: number;
  hostThreadId: number;
  hostParentProcessId: number;
  userId: number;
  mountNamespace: number;
  pidNamespace: number;
  cgroupId: bigint;
  processName: string;
  /** Path of the process's executable, from the process tree ('' when unknown). Tracee's `executable.path`. */
  executablePath: string;
  hostName: string;
  containerId: string;
  eventId: number;
  eventName: string;
  syscall: string;
  returnValue: number | bigint;
  args: DecodedArg[];
  /** Names of the policies the event matched (Tracee's field); set by the policy matcher. */
  matchedPolicies: string[];
  /** Bits of the policies the kernel matched, and the generation of that policy set. */
  policyMask: bigint;
  policyGeneration: number;
  /** Tracee's entity ids: hashes of (host id, start time), stable across pid reuse. */
  threadEntityId: number;
  processEntityId: number;
  parentEntityId: number;
  /** For syscalls that return a new fd: what it refers to, as the kernel saw it at exit. */
  returnedFd?: FdDescription;
  /**
   * With a returnedFd of kind 'file' or 'memfd': that file's device (kernel
   * dev_t, MKDEV: major << 20 | minor) and inode, from the same description.
   * Apart from returnedFd, so that descriptions (compared, copied into
   * findings, kept in the fd table) stay as they were.
   */
  returnedFile?: { readonly dev: number; readonly inode: number };
  /** pipe, pipe2, socketpair: what their two new fds refer to, as the kernel saw them at exit. */
  returnedFdPair?: [FdDescription | undefined, FdDescription | undefined];
  /**
   * The caller's working directory as the kernel held it at entry, for
   * syscalls with a relative path argument resolved against it (AT_FDCWD, or
   * no dirfd); absent otherwise.
   */
  cwd?: string;
  /** magic_write's sources: the first write into an empty regular file, as the kernel saw it (bpf/sysray.h "magic_write"). */
  written?: WrittenHeader;
  /** perf_event_open: the event the kernel made, read at exit (kernel-perf-attr.ts); kernel-truth/perf.ts reads it. Not printed. */
  kernelPerf?: KernelPerfEvent;
  /** pidfd events: the process the pidfd refers to (src/derive/event-deriver.ts). */
  target?: ProcessRef;
  /** pidfd_getfd: what the duplicated fd refers to (the same file in both processes). */
  targetFd?: FdDescription;
  /** Findings (src/detect/): Tracee's `metadata` of the signature that made it. */
  metadata?: FindingMetadata;
}

/** Tracee's finding metadata (v0.24 `trace.Metadata`). */
export interface FindingMetadata {
  Version: string;
  Description: string;
  Tags: readonly string[] | null;
  Properties: { readonly Severity: number; readonly [key: string]: unknown };
}

/** A process named by another event (the target of a pidfd). */
export interface ProcessRef {
  hostProcessId: number;
  processName: string;
  executablePath: string;
  /** 0 when unknown */
  processEntityId: number;
}
