/**
 * A buffered, synchronous text stream to stdout or a file. Large writes keep
 * syscalls few; synchronous writes keep memory bounded (a slow reader slows
 * the pipeline, and the kernel counts what it then cannot keep).
 *
 * A regular file is written by the addon's writer thread with O_DIRECT
 * (output-file-native.ts): growing a file through the page cache cost the
 * main thread more system time than the JSON took to make. Text is encoded
 * into the writer's buffers in turn; a full one is handed over and the
 * producer waits only when all are still being written. Anything else
 * (stdout, pipes, ttys, /dev/null), or a file when the addon is not built,
 * goes through writeSync from here.
 */
import { closeSync, fstatSync, openSync, writeSync } from 'node:fs';
import { loadOutputFileNative, type OutputFileHandle, type OutputFileNative } from './output-file-native.js';

/** The buffer text is encoded into; full, it is written with one syscall (or handed to the writer thread). */
const BUFFER_BYTES = 1 << 20;
/** The writer hands back a buffer holding up to this much of the last one (what was not block-aligned). */
const CARRIED_MAX = 4095;
/** UTF-8 takes at most 3 bytes per UTF-16 unit: text this short always fits an emptied buffer. */
const MAX_DIRECT_UNITS = Math.floor((BUFFER_BYTES - CARRIED_MAX) / 3);
/** The most room() can promise: what an emptied buffer always has. */
export const ROOM_MAX = BUFFER_BYTES - CARRIED_MAX;

export interface OutputStreamOptions {
  /** 'js' writes regular files with writeSync too (benchmarks compare the two). Default 'auto'. */
  writer?: 'auto' | 'js';
}

/** The target of a memory stream (no file has this name: it is not a path). */
const MEMORY = '\0memory';

export class OutputStream {
  /**
   * Text is encoded straight into this buffer, from `used` on: joining many
   * small strings first, then encoding, cost more than the JSON itself.
   * Encoders that write bytes in place (json-bytes.ts) call room() first,
   * then write here and advance `used`.
   */
  buf: Buffer;
  used = 0;
  private readonly fd: number;
  private readonly ownsFd: boolean;
  /** The regular file's writer thread, its handle and buffers. */
  private readonly native: OutputFileNative | null = null;
  private readonly handle: OutputFileHandle | undefined;
  private readonly buffers: Buffer[] = [];
  /** A buffer was handed over since the last flush, or `used` grew past flushedUsed: flush has work. */
  private handedOver = false;
  private flushedUsed = 0;
  private closed = false;
  /** How the output is written: 'direct' (writer thread, O_DIRECT), 'thread' (writer thread, page cache), 'js' (writeSync). */
  readonly mode: 'direct' | 'thread' | 'js' = 'js';
  /** In memory (`OutputStream.memory()`): what flush and spills gave, for take(). */
  private readonly kept: Buffer[] | undefined;
  /** The reader went away (EPIPE): further output is dropped. */
  closedByReader = false;

  constructor(
    readonly target: string | undefined,
    options: OutputStreamOptions = {},
  ) {
    if (target === MEMORY) {
      this.fd = -1;
      this.ownsFd = false;
      this.kept = [];
    } else if (target === undefined || target === '-' || target === 'stdout') {
      this.fd = 1;
      this.ownsFd = false;
    } else if (target === 'stderr') {
      this.fd = 2;
      this.ownsFd = false;
    } else {
      this.fd = openSync(target, 'w');
      this.ownsFd = true;
      const native = options.writer === 'js' ? null : loadOutputFileNative();
      if (native && fstatSync(this.fd).isFile()) {
        let opened;
        try {
          opened = native.outputFileOpen(this.fd, target);
        } catch (err) {
          closeSync(this.fd);
          throw err;
        }
        this.native = native;
        this.handle = opened.handle;
        this.buffers = opened.buffers;
        this.mode = opened.direct ? 'direct' : 'thread';
        if (this.buffers[0].length !== BUFFER_BYTES) throw new Error('sysray: the addon\'s output buffers are not 1 MiB: rebuild it');
      }
    }
    this.buf = this.native ? this.buffers[0] : Buffer.allocUnsafe(BUFFER_BYTES);
  }

  /** A stream that keeps what is written, for take(): the network sinks encode events with the JSON printer through it. */
  static memory(): OutputStream {
    return new OutputStream(MEMORY);
  }

  /** In memory: everything written since the last take(), as one copy. */
  take(): Buffer {
    if (!this.kept) throw new Error('take() is for memory streams');
    const tail = Buffer.from(this.buf.subarray(0, this.used));
    this.used = 0;
    if (this.kept.length === 0) return tail;
    const all = Buffer.concat([...this.kept.splice(0), tail]);
    return all;
  }

  write(text: string): void {
    if (text.length > MAX_DIRECT_UNITS) {
      this.writeLarge(Buffer.from(text, 'utf8'));
      return;
    }
    if (BUFFER_BYTES - this.used < text.length * 3) this.spill();
    this.used += this.buf.write(text, this.used);
  }

  /** At least `bytes` (at most ROOM_MAX) are free in `buf` after `used`. */
  room(bytes: number): void {
    if (BUFFER_BYTES - this.used < bytes) this.spill();
  }

  /**
   * Everything written so far reaches its readers: written before this
   * returns through writeSync; queued right after what the writer thread
   * already has, without waiting for it (the file has it within the time
   * that takes, a few MiB of writes at most).
   */
  flush(): void {
    if (this.native) {
      if (!this.handedOver && this.used === this.flushedUsed) return;
      this.buf = this.buffers[this.native.outputFileFlush(this.handle!, this.used)];
      this.used &= CARRIED_MAX;
      this.handedOver = false;
      this.flushedUsed = this.used;
      return;
    }
    if (this.used === 0) return;
    const data = this.buf.subarray(0, this.used);
    this.used = 0;
    this.writeAll(data);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.native) {
      this.native.outputFileClose(this.handle!, this.used);
      return;
    }
    try {
      this.flush();
    } finally {
      if (this.ownsFd) closeSync(this.fd);
    }
  }

  /** Makes room: the buffer is handed to the writer thread, or written here. */
  private spill(): void {
    if (!this.native) {
      this.flush();
      return;
    }
    this.buf = this.buffers[this.native.outputFileSubmit(this.handle!, this.used)];
    this.used &= CARRIED_MAX;
    this.handedOver = true;
  }

  private writeLarge(data: Buffer): void {
    if (!this.native) {
      this.flush();
      this.writeAll(data);
      return;
    }
    for (let at = 0; at < data.length; ) {
      if (this.used === BUFFER_BYTES) this.spill();
      const n = data.copy(this.buf, this.used, at);
      this.used += n;
      at += n;
    }
  }

  private writeAll(data: Buffer): void {
    if (this.kept) {
      this.kept.push(Buffer.from(data));
      return;
    }
    if (this.closedByReader) return;
    let off = 0;
    while (off < data.length) {
      try {
        off += writeSync(this.fd, data, off, data.length - off);
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (code === 'EAGAIN') continue; // non-blocking stdout: retry
        if (code === 'EPIPE') {
          this.closedByReader = true;
          return;
        }
        if (this.ownsFd) {
          // one line naming the file, as the writer thread's errors do
          throw Object.assign(new Error(`cannot write output file "${this.target}": ${(err as Error).message}`), { code });
        }
        throw err;
      }
    }
  }
}
