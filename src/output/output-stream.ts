/**
 * A buffered, synchronous text stream to stdout or a file. Large writes keep
 * syscalls few; synchronous writes keep memory bounded (a slow reader slows
 * the pipeline, and the kernel counts what it then cannot keep).
 */
import { closeSync, openSync, writeSync } from 'node:fs';

const FLUSH_AT = 1 << 20;

export class OutputStream {
  private chunks: string[] = [];
  private pendingBytes = 0;
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
    this.chunks.push(text);
    this.pendingBytes += text.length;
    if (this.pendingBytes >= FLUSH_AT) this.flush();
  }

  flush(): void {
    if (this.chunks.length === 0) return;
    const data = Buffer.from(this.chunks.join(''), 'utf8');
    this.chunks = [];
    this.pendingBytes = 0;
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
