/**
 * analyze's progress line on stderr, when stderr is a terminal and the input
 * is big enough to wait for: how far into the file, events/s, and the time
 * the events have reached. Redrawn at most 4 times a second, erased at the end.
 */
export class Progress {
  private file = '';
  private size = 0;
  private started = 0;
  private drawn = 0;
  private shown = false;
  private eventsAtStart = 0;

  constructor(
    private readonly out: NodeJS.WriteStream = process.stderr,
    /** Files smaller than this get no line. */
    private readonly minBytes = 4 << 20,
  ) {}

  static forStderr(): Progress | undefined {
    return process.stderr.isTTY ? new Progress() : undefined;
  }

  beginFile(file: string, size: number): void {
    this.file = file;
    this.size = size;
    this.started = Date.now();
    this.drawn = 0;
    this.eventsAtStart = -1;
  }

  /** `offset` bytes into the file; `realtimeNs` the latest event time reached; `events` written so far. */
  update(offset: number, realtimeNs: bigint | undefined, events: number): void {
    if (this.size < this.minBytes) return;
    if (this.eventsAtStart < 0) this.eventsAtStart = events;
    const now = Date.now();
    if (now - this.drawn < 250) return;
    this.drawn = now;
    const secs = Math.max(0.001, (now - this.started) / 1000);
    const rate = Math.round((events - this.eventsAtStart) / secs);
    const at = realtimeNs === undefined ? '' : `, at ${new Date(Number(realtimeNs / 1_000_000n)).toISOString()}`;
    const pct = Math.min(100, Math.floor((offset / this.size) * 100));
    this.out.write(`\r\x1b[Ksysray: analyze ${this.file}: ${pct}%, ${rate.toLocaleString('en-US')} events/s${at}`);
    this.shown = true;
  }

  endFile(): void {
    if (this.shown) this.out.write('\r\x1b[K');
    this.shown = false;
  }
}
