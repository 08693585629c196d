/** What every output format implements; `test/output` runs one contract suite over all. */
import type { TraceEvent } from '../decode/trace-event.js';

export interface PrinterOptions {
  /** `-o option:parse-arguments`: render flag and enum arguments by name. */
  parseArguments: boolean;
  /** `-o option:parse-arguments-fds`: fd arguments as `3=/etc/passwd`. */
  parseArgumentsFds?: boolean;
}

export interface Printer {
  /** Called once before the first event (table header, ...). */
  preamble(): void;
  print(event: TraceEvent): void;
  /** Writes what is buffered: called when the tracer has no batch waiting, so readers see events live. */
  flush(): void;
  /** Flushes and closes the stream. */
  close(): void;
}
