/**
 * A buffered, synchronous text stream to stdout or a file. Large writes keep
 * syscalls few; synchronous writes keep memory bounded (a slow reader slows
 * the pipeline, and the kernel counts what it then cannot keep).
 */
import { closeSync, openSync, writeSync } from 'node:fs';

/** The buffer text is encoded into; full, it is written with one syscall. */
const BUFFER_BYTES = 1 << 20;
/** UTF-8 takes at most 3 bytes per UTF-16 unit: text this short always fits an emptied buffer. */
const MAX_DIRECT_UNITS = Math.floor(BUFFER_BYTES / 3);

export class OutputStream {
  // text is encoded straight into this buffer: joining many small strings
  // first, then encoding, cost more than the JSON itself
  private readonly buf = Buffer.allocUnsafe(BUFFER_BYTES);
  private used = 0;
  private readonly fd: number;
  private readonly ownsFd: boolean;
  /** The reader went away (EPIPE): further output is dropped. */
  closedByReader = false;

  constructor(readonly target: string | undefined) {
    if (target === undefined || target === '-' || target === 'stdout') {
      this.fd = 1;
      this.ownsFd = false;
    } else if (target === 'stderr') {
      this.fd = 2;
      this.ownsFd = false;
    } else {
      this.fd = openSync(target, 'w');
      this.ownsFd = true;
    }
  }

  write(text: string): void {
    if (text.length > MAX_DIRECT_UNITS) {
      this.flush();
      this.writeAll(Buffer.from(text, 'utf8'));
      return;
    }
    if (BUFFER_BYTES - this.used < text.length * 3) this.flush();
    this.used += this.buf.write(text, this.used);
  }

  flush(): void {
    if (this.used === 0) return;
    const data = this.buf.subarray(0, this.used);
    this.used = 0;
    this.writeAll(data);
  }

  private writeAll(data: Buffer): void {
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
        throw err;
      }
    }
  }

  close(): void {
    this.flush();
    if (this.ownsFd) closeSync(this.fd);
  }
}
