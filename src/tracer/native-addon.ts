/**
 * Typed access to the native addon (native/addon.c, built to
 * build/sysray.node). See that file for the lifecycle.
 */
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

export interface NativeOpenOptions {
  selfTgid: number;
  /** The bulk ring buffer `events`. */
  ringBufferBytes: number;
  /** The ring buffer `security_events` (bpf/sysray.h, "Two ring buffers"); default 8 MiB. */
  securityRingBufferBytes?: number;
  batchBytes?: number;
  /** Wake the poller when this many bytes wait in the ring buffer (0: every record). */
  wakeupBytes?: number;
  securityWakeupBytes?: number;
  captureEnv: boolean;
  /** The dirfd of an empty path (AT_EMPTY_PATH) described too: parse-arguments-fds shows it (bpf/sysray.bpf.c describe_empty_paths). */
  describeEmptyPaths?: boolean;
  descs: Buffer;
  /** Where containers' cgroups are: a v1 controller's index and hierarchy id, or 0xff for cgroup v2. */
  containerSsid?: number;
  containerHierarchy?: number;
  /** Which syscall hook programs to load (default both): each pair costs start time to verify. */
  syscallHooks?: 'raw' | 'tracepoints' | 'both';
  verbose?: boolean;
}

export type NativeHandle = { readonly __brand: 'sysray-native-handle' };

/** Which ring a batch came from (native/addon.c RING_*). */
export const Ring = { bulk: 0, security: 1 } as const;
export type RingId = (typeof Ring)[keyof typeof Ring];

/** Kernel counters, summed over CPUs (bpf/sysray.h SYSRAY_STAT_*). */
export interface NativeStats {
  /** Records written, both rings. */
  submitted: bigint;
  /** Of them, into the security ring. */
  submittedSecurity: bigint;
  /** Records some policy selected that the bulk ring could not take. */
  lost: bigint;
  /** Records only for process state that the bulk ring could not take. */
  lostState: bigint;
  lostSecurity: bigint;
  lostSecurityState: bigint;
}

/** Is the tracer working, as the addon sees it (native/addon.c js_health). */
export interface NativeHealth {
  /** The poll thread is started and not told to stop. */
  pollerRunning: boolean;
  /** ns since the poll thread's last turn (it turns every 5 ms or sooner); -1 before start. */
  sinceLastTurnNs: number;
  /** Programs attached at open (process lifecycle, cgroups), and how many of them are attached now. */
  lifecyclePrograms: number;
  lifecycleAttached: number;
  /** The raw sys_enter/sys_exit pair is attached. */
  rawHooks: boolean;
  /** syscalls:sys_enter_X/sys_exit_X pairs attached. */
  syscallTracepointPairs: number;
  /** Thread state is in task storage (else the LRU hash: bpf/sysray.bpf.c task_store). */
  taskStorage: boolean;
  /** Per RingId: bytes written and not yet given back, over the ring's size (0 before start). */
  ringFill: [number, number];
}

export interface NativeAddon {
  open(options: NativeOpenOptions): NativeHandle;
  /**
   * Batches are views of a ring buffer's own memory (read-only: writing
   * to one kills the process), valid until batchDone; or, for a record
   * crossing the ring's end, a Buffer of its own. `ring` says which ring;
   * null (both arguments) marks the end, after both rings are drained.
   */
  start(handle: NativeHandle, onBatch: (batch: Uint8Array | null, ring: RingId | null, paired: boolean) => void): void;
  /** JS has finished with the oldest batch of `ring`: its space goes back to the kernel. */
  batchDone(handle: NativeHandle, ring: RingId): void;
  stop(handle: NativeHandle): void;
  stats(handle: NativeHandle): NativeStats;
  health(handle: NativeHandle): NativeHealth;
  close(handle: NativeHandle): void;
  clockOffset(): bigint;
  /** Configuration maps by name; keys and values laid out as in bpf/sysray.h. */
  mapUpdate(handle: NativeHandle, map: string, key: Buffer, value: Buffer): void;
  mapDelete(handle: NativeHandle, map: string, key: Buffer): boolean;
  mapLookup(handle: NativeHandle, map: string, key: Buffer): Buffer | null;
  mapKeys(handle: NativeHandle, map: string): Buffer[];
  /**
   * Attaches the syscall hooks: the raw sys_enter/sys_exit pair ('raw') or
   * syscalls:sys_enter_X/sys_exit_X for each name. With `prune`, the hooks
   * not named are detached too. Throws naming the tracepoint that failed.
   */
  setSyscallHooks(handle: NativeHandle, hooks: 'raw' | readonly string[], prune: boolean): void;
  /** Makes a config slot the one the kernel reads (one store). */
  setActiveSlot(handle: NativeHandle, slot: number): void;
  probe(): { ringbuf: boolean; rawTracepoint: boolean };
  /**
   * `sysray record`: from start on, records go to a recording file from
   * native threads (native/recorder.c), not to JS; start's callback is
   * called once, with null, at the end. `head`: the file head and JSON head
   * of file 0 (src/record/recording-header.ts). Throws one line.
   */
  recordOpen(handle: NativeHandle, options: RecordOpenOptions): void;
  /** A JSON chunk (native/record_format.h SNAPSHOT, POLICIES, END) into the stream, after everything before it; sticky: again at the start of each rotated file. */
  recordControl(handle: NativeHandle, kind: number, payload: Buffer, sticky: boolean): void;
  recordStats(handle: NativeHandle): RecordStats;
  /** After start's end callback: writes what is queued, closes the file. */
  recordClose(handle: NativeHandle): RecordStats;
}

export interface RecordOpenOptions {
  /** A file, or with `dir` a directory of sysray-NNNNNN.rec files. */
  path: string;
  dir: boolean;
  /** dir only: rotate past this size (0: never). */
  maxFileBytes: number;
  /** dir only: delete the oldest past this many files (0: keep all). */
  maxFiles: number;
  compress: boolean;
  head: Buffer;
}

export interface RecordStats {
  /** Records written, in `chunks` chunks, `bytes` on disk (heads and padding included), `rawBytes` before compression. */
  records: number;
  chunks: number;
  bytes: number;
  rawBytes: number;
  lossMarkers: number;
  /** Records not written because a write had failed. */
  unwritten: number;
  files: number;
  /** The first failed write, one line; null. */
  error: string | null;
  /** The file being written. */
  path: string;
}

/** The repository root: src/tracer and dist/tracer are both two levels below it. */
export const PACKAGE_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

let addon: NativeAddon | undefined;

export function loadNativeAddon(): NativeAddon {
  if (addon) return addon;
  const file = path.join(PACKAGE_ROOT, 'build', 'sysray.node');
  if (!existsSync(file)) {
    throw new Error(`the native addon ${file} is not built: run scripts/setup.sh (or make) first`);
  }
  addon = createRequire(import.meta.url)(file) as NativeAddon;
  return addon;
}

/**
 * The addon seen as one of its parts (the C JSON writer, the file writer),
 * or null when the addon is not built or was built before `fn` existed:
 * callers then keep to JavaScript.
 */
export function loadAddonPart<T>(fn: keyof T & string): T | null {
  try {
    const all = loadNativeAddon() as unknown as Record<string, unknown>;
    return typeof all[fn] === 'function' ? (all as unknown as T) : null;
  } catch {
    return null;
  }
}
