/**
 * Decodes a WRITTEN blob (bpf/sysray.h "magic_write"): the first bytes
 * written into an empty regular file, with the file's identity and path.
 *
 *   +0   struct sysray_written (16 bytes): u64 ino, u32 dev, u8 flags, u8 len, 2 pad
 *   +16  MAGIC_BYTES (32) bytes: the first `len` written, the rest zero
 *   +48  the file's path (the rest of the blob, no NUL)
 */
import { MAGIC_BYTES, Written, WrittenFlags } from './record-layout.js';
import { decodeUserString } from './user-string.js';

/** What the kernel saw of the first write into an empty file. */
export interface WrittenHeader {
  /** The file as the kernel resolves it at exit. */
  readonly path: string;
  /** Kernel dev_t of its file system. */
  readonly dev: number;
  readonly inode: number | bigint;
  /** The first bytes written (empty when unknown or unreadable). */
  readonly bytes: Buffer;
  /** sendfile, copy_file_range: the kernel copied the bytes from another file. */
  readonly contentUnknown: boolean;
  /** The writer's buffer could not be read at exit. */
  readonly unreadable: boolean;
}

export function decodeWritten(buf: Buffer, start: number, len: number, fault: boolean): WrittenHeader | undefined {
  if (len < Written.bytes + MAGIC_BYTES) return undefined;
  const ino = buf.readBigUInt64LE(start + Written.ino);
  const n = Math.min(buf[start + Written.len], MAGIC_BYTES);
  const at = start + Written.bytes;
  return {
    path: decodeUserString(buf, at + MAGIC_BYTES, start + len),
    dev: buf.readUInt32LE(start + Written.dev),
    inode: ino <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(ino) : ino,
    bytes: Buffer.from(buf.subarray(at, at + n)),
    contentUnknown: (buf[start + Written.flags] & WrittenFlags.contentUnknown) !== 0,
    unreadable: fault,
  };
}
