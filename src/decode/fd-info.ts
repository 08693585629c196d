/**
 * Decodes an FD_INFO blob (struct sysray_fd_info then path or name bytes,
 * bpf/sysray.h) into what the fd refers to.
 */
import type { FdDescription } from '../process/fd-description.js';
import { FdInfo, FdKind } from './record-layout.js';
import { addressFamilyName } from './symbols/index.js';
import { renderSocketType } from './symbols/socket.js';
import { decodeUserString } from './user-string.js';

const DELETED = ' (deleted)';
const PERF_TYPE_SOFTWARE = 1;
const SOFTWARE_CLOCK_PMUS = new Set(['task_clock', 'cpu_clock']);

function cString(buf: Buffer, start: number, max: number): string {
  let end = start;
  while (end < start + max && buf[end] !== 0) end++;
  return buf.toString('latin1', start, end);
}

export function decodeFdInfo(buf: Buffer, start: number, len: number): FdDescription {
  if (len < FdInfo.bytes) return { kind: 'unknown' };
  const text = (): string => decodeUserString(buf, start + FdInfo.bytes, start + len);
  switch (buf[start + FdInfo.kind]) {
    case FdKind.file: {
      const path = text();
      // memfd_create files live on an internal shmem mount, named memfd:NAME
      if (path.startsWith('/memfd:')) {
        const name = path.slice('/memfd:'.length);
        return { kind: 'memfd', name: name.endsWith(DELETED) ? name.slice(0, -DELETED.length) : name };
      }
      return { kind: 'file', path };
    }
    case FdKind.socket: {
      const family = buf.readInt32LE(start + FdInfo.target);
      const type = buf.readUInt32LE(start + FdInfo.type);
      return {
        kind: 'socket',
        family: addressFamilyName(family) ?? String(family),
        type: renderSocketType(BigInt(type)),
        inode: Number(buf.readBigUInt64LE(start + FdInfo.ino)),
      };
    }
    case FdKind.pipe:
      return { kind: 'pipe', inode: Number(buf.readBigUInt64LE(start + FdInfo.ino)) };
    case FdKind.pidfd:
      return {
        kind: 'pidfd',
        hostPid: buf.readInt32LE(start + FdInfo.target),
        comm: cString(buf, start + FdInfo.comm, 16),
        startTime: buf.readBigUInt64LE(start + FdInfo.startTime),
      };
    case FdKind.perf: {
      const config = buf.readBigUInt64LE(start + FdInfo.config);
      const pmu = cString(buf, start + FdInfo.comm, 16);
      const type = buf.readUInt32LE(start + FdInfo.type);
      return {
        kind: 'perf_event',
        // since 6.15 task-clock and cpu-clock run on PMUs of their own, with dynamic type numbers:
        // report the type perf_event_open was given
        type: SOFTWARE_CLOCK_PMUS.has(pmu) ? PERF_TYPE_SOFTWARE : type,
        pmu,
        config: config <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(config) : config,
        cpu: buf.readInt32LE(start + FdInfo.cpu),
        targetTid: buf.readInt32LE(start + FdInfo.target),
      };
    }
    case FdKind.anon:
      return { kind: 'anon', name: text() };
    default:
      return { kind: 'unknown' };
  }
}
