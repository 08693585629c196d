/**
 * Follows a file another process appends to (sysray's `-o json:FILE`) and
 * stamps each complete line with when it was first seen: S1c's latency is
 * that stamp minus the finding's own timestamp.
 *
 * Polling (every `everyMs`, 1 by default) rather than fs.watch: the output
 * is written by a native thread with O_DIRECT and plain pwrite, and a size
 * check costs one fstat; a poll's period bounds what it adds to a latency.
 * A line is only taken once its newline is there (a write may end mid-line).
 *
 * @example
 * const tail = new FileTail('/tmp/out.json');
 * // ... later
 * tail.stop();
 * for (const { line, seenNs } of tail.lines) console.log(seenNs, line);
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

export interface SeenLine {
  /** The line, without its newline. */
  line: string;
  /** process.hrtime.bigint() (CLOCK_MONOTONIC, ns) at the poll that found it. */
  seenNs: bigint;
}

export class FileTail {
  readonly lines: SeenLine[] = [];
  /** ns between consecutive polls: what the poll itself may have added to a latency (a loaded machine stretches it). */
  readonly gapsNs: number[] = [];
  private lastPollNs: bigint | undefined;
  private fd: number | undefined;
  private offset = 0;
  /** Bytes of a line whose newline has not come yet. */
  private partial: Buffer = Buffer.alloc(0);
  private readonly chunk = Buffer.alloc(1 << 20);
  private timer: NodeJS.Timeout | undefined;

  /** Starts polling at once; `everyMs` 0 polls only when poll() is called (tests). */
  constructor(private readonly file: string, everyMs = 1) {
    if (everyMs > 0) this.timer = setInterval(() => this.poll(), everyMs);
  }

  /** Reads what was appended since the last poll; returns the number of new complete lines. */
  poll(now: bigint = process.hrtime.bigint()): number {
    if (this.lastPollNs !== undefined) this.gapsNs.push(Number(now - this.lastPollNs));
    this.lastPollNs = now;
    if (this.fd === undefined) {
      try {
        this.fd = openSync(this.file, 'r');
      } catch {
        return 0; // not created yet
      }
    }
    const size = fstatSync(this.fd).size;
    const before = this.lines.length;
    while (this.offset < size) {
      const n = readSync(this.fd, this.chunk, 0, Math.min(this.chunk.length, size - this.offset), this.offset);
      if (n <= 0) break;
      this.offset += n;
      this.take(this.chunk.subarray(0, n), now);
    }
    return this.lines.length - before;
  }

  /** Stops polling (after one last poll) and closes the file. */
  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.poll();
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }

  private take(bytes: Buffer, now: bigint): void {
    let start = 0;
    for (let nl = bytes.indexOf(10); nl !== -1; nl = bytes.indexOf(10, start)) {
      const piece = bytes.subarray(start, nl);
      const whole = this.partial.length ? Buffer.concat([this.partial, piece]) : piece;
      this.partial = Buffer.alloc(0);
      if (whole.length > 0) this.lines.push({ line: whole.toString('utf8'), seenNs: now });
      start = nl + 1;
    }
    if (start < bytes.length) this.partial = Buffer.concat([this.partial, bytes.subarray(start)]);
  }
}
