/**
 * JSON lines from a file (or `-`, stdin), one `onLine(line, 'FILE:LINENO')`
 * call per line, streamed in 1 MiB chunks: a file of many GB is never held
 * whole. Lines are split on `\n`; a `\r` before it (CRLF) is dropped, blank
 * lines are skipped (they still count for LINENO), a last line without `\n`
 * is a line, a UTF-8 byte order mark at the start is dropped.
 *
 * A line longer than MAX_LINE_BYTES is no event (sysray's longest, an
 * execve with 128 arguments and an environment of 4096-byte strings, is a
 * few MiB): it is not assembled in memory, nor given to onLine, but told to
 * `onOverlong` (the caller counts it as malformed) and reading goes on.
 *
 * @example await readJsonLines('events.jsonl', (line, where) => replay.push(line, where))
 *   // { lines: 41230, bytes: 18874368, overlong: 0 }
 */
import { createReadStream, statSync } from 'node:fs';
import { EnvironmentError, UsageError } from '../cli/usage-error.js';
import { accessProblem } from './input-kind.js';

/** Lines longer than this (bytes, without the newline) are skipped. */
export const MAX_LINE_BYTES = 64 << 20;

const CHUNK_BYTES = 1 << 20;
const NL = 0x0a;

export interface JsonLinesOptions {
  /** After each chunk: bytes read so far, and the file's size (undefined for stdin and pipes). */
  onProgress?(bytesRead: number, totalBytes: number | undefined): void;
  /** A line longer than MAX_LINE_BYTES, skipped: where it is and its length in bytes. */
  onOverlong?(where: string, bytes: number): void;
  /** Lines longer than this are skipped; default MAX_LINE_BYTES (tests set less). */
  maxLineBytes?: number;
}

export interface JsonLinesResult {
  /** Lines given to onLine (not blank, not overlong). */
  lines: number;
  /** Bytes read. */
  bytes: number;
  /** Lines skipped as longer than the limit. */
  overlong: number;
}

export async function readJsonLines(path: string, onLine: (line: string, where: string) => void, options: JsonLinesOptions = {}): Promise<JsonLinesResult> {
  const stdin = path === '-';
  const name = stdin ? 'stdin' : path;
  const max = options.maxLineBytes ?? MAX_LINE_BYTES;
  let total: number | undefined;
  if (!stdin) {
    try {
      const st = statSync(path);
      if (st.isFile()) total = st.size;
    } catch (err) {
      throw new UsageError(`analyze: ${path}: ${accessProblem(err)}`);
    }
  }
  const source: AsyncIterable<Buffer> = stdin ? process.stdin : createReadStream(path, { highWaterMark: CHUNK_BYTES });
  const result: JsonLinesResult = { lines: 0, bytes: 0, overlong: 0 };
  let lineNo = 0;
  // the start of a line that goes on into the next chunk: its pieces and their length
  let pieces: Buffer[] = [];
  let pending = 0;
  let first = true;

  const endLine = (chunk: Buffer, start: number, end: number): void => {
    lineNo++;
    const length = pending + end - start;
    let text: string;
    if (length > max) {
      result.overlong++;
      options.onOverlong?.(`${name}:${lineNo}`, length);
      pieces = [];
      pending = 0;
      return;
    }
    if (pieces.length === 0) {
      text = chunk.toString('utf8', start, end);
    } else {
      pieces.push(chunk.subarray(start, end));
      text = Buffer.concat(pieces, length).toString('utf8');
      pieces = [];
      pending = 0;
    }
    if (text.charCodeAt(text.length - 1) === 0x0d) text = text.slice(0, -1);
    if (isBlank(text)) return;
    result.lines++;
    onLine(text, `${name}:${lineNo}`);
  };

  try {
    for await (const chunk of source) {
      let start = 0;
      if (first) {
        first = false;
        if (chunk.length >= 3 && chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) start = 3;
      }
      for (let nl; (nl = chunk.indexOf(NL, start)) !== -1; start = nl + 1) endLine(chunk, start, nl);
      if (start < chunk.length) {
        // past the limit, only the length is kept
        if (pending + chunk.length - start <= max) pieces.push(chunk.subarray(start));
        else pieces = [];
        pending += chunk.length - start;
      }
      result.bytes += chunk.length;
      options.onProgress?.(result.bytes, total);
    }
  } catch (err) {
    if (!isFsError(err)) throw err;
    throw new EnvironmentError(`analyze: ${name}: read failed after line ${lineNo} (${accessProblem(err)})`);
  }
  if (pending > 0) endLine(Buffer.alloc(0), 0, 0);
  return result;
}

function isBlank(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c !== 0x20 && c !== 0x09 && c !== 0x0d) return false;
  }
  return true;
}

function isFsError(err: unknown): boolean {
  return err instanceof Error && typeof (err as NodeJS.ErrnoException).code === 'string' && typeof (err as NodeJS.ErrnoException).syscall === 'string';
}
