/**
 * Decodes perf_event_open's KERNEL_PERF_ATTR blob (bpf/sysray.h): read at
 * its exit from the returned fd's struct perf_event, never from user memory.
 *
 *   +0   struct sysray_kernel_perf_attr (24 bytes)
 *          u64 id, u64 leader_id (its own id: no group),
 *          u32 orig_type (the type it was given), u32 attr_len
 *   +24  attr_len bytes: the kernel's struct perf_event_attr
 *
 * Status REPLACED (no data): the fd held no event of the calling thread at
 * the exit (another thread dup2'd onto it).
 */
import { decodePerfEventAttr, type DecodedPerfEventAttr } from './perf-event-attr.js';
import { BlobStatus, KernelPerfAttr } from './record-layout.js';

/** What the kernel made of a successful perf_event_open. */
export type KernelPerfEvent =
  | { readonly replaced: true }
  | {
      readonly replaced: false;
      /** perf_event.id (FD_INFO PERF carries the same, FdDescription.id) */
      readonly id: number | bigint;
      /** its group leader's id; equal to id when it leads itself */
      readonly leaderId: number | bigint;
      /**
       * The kernel's attr, decoded as the user-memory one is; `type` is the
       * type it was given (orig_type): since 6.15 task-clock and cpu-clock
       * keep their PMU's dynamic type in attr.type.
       */
      readonly attr: DecodedPerfEventAttr;
    };

function u64(buf: Buffer, at: number): number | bigint {
  const v = buf.readBigUInt64LE(at);
  return v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;
}

/** The blob's `len` bytes at `start`; undefined when the kernel could not read the event (fault, no room). */
export function decodeKernelPerfAttr(buf: Buffer, start: number, len: number, status: number): KernelPerfEvent | undefined {
  if (status === BlobStatus.replaced) return { replaced: true };
  if ((status !== BlobStatus.ok && status !== BlobStatus.truncated) || len < KernelPerfAttr.bytes) return undefined;
  const attrLen = Math.min(buf.readUInt32LE(start + KernelPerfAttr.attrLen), len - KernelPerfAttr.bytes);
  const attr = decodePerfEventAttr(buf, start + KernelPerfAttr.bytes, attrLen, false);
  if (attr.type !== undefined) attr.type = buf.readUInt32LE(start + KernelPerfAttr.origType);
  return {
    replaced: false,
    id: u64(buf, start + KernelPerfAttr.id),
    leaderId: u64(buf, start + KernelPerfAttr.leaderId),
    attr,
  };
}
