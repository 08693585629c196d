/**
 * What an `analyze` INPUT is, told from its first bytes, never its name: a
 * recording of `sysray record` (a file starting with the SYSRAYRC magic of
 * native/record_format.h, or a directory of rotated `*.rec` files), or JSON
 * lines (`sysray -o json`, `tracee -o json`: the first non-blank byte is
 * `{`), or `-` for JSON lines on stdin. Anything else is a UsageError of one
 * line that names the path and says what to give instead.
 *
 * @example detectInputs(['/var/lib/sysray/rec', 'events.jsonl'])
 *   // [{ kind: 'recording', files: ['/var/lib/sysray/rec/a-0000.rec', ...] }, { kind: 'json-lines', files: ['events.jsonl'] }]
 */
import { closeSync, fstatSync, openSync, readSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { UsageError } from '../cli/usage-error.js';

export type AnalyzeInput = { kind: 'recording'; files: string[] } | { kind: 'json-lines'; files: string[] };

/** native/record_format.h SYSRAY_REC_MAGIC. */
const RECORDING_MAGIC = Buffer.from('SYSRAYRC', 'latin1');

/** How far a file is read for its first non-blank byte before it is called blank. */
const SNIFF_BYTES = 64 << 10;

/** Compressed files, by their magic: the message says to decompress. */
const COMPRESSED: readonly { magic: Buffer; name: string; tool: string }[] = [
  { magic: Buffer.from([0x1f, 0x8b]), name: 'gzip', tool: 'zcat' },
  { magic: Buffer.from([0x28, 0xb5, 0x2f, 0xfd]), name: 'zstd', tool: 'zstdcat' },
  { magic: Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]), name: 'xz', tool: 'xzcat' },
  { magic: Buffer.from('BZh', 'latin1'), name: 'bzip2', tool: 'bzcat' },
];

const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);

const WHAT = 'give a recording (sysray record), JSON lines (sysray -o json, tracee -o json) or nats://HOST:PORT/PREFIX';

export function detectInputs(paths: readonly string[]): AnalyzeInput[] {
  return paths.map(_detectInput);
}

function _detectInput(p: string): AnalyzeInput {
  if (p === '-') return { kind: 'json-lines', files: ['-'] };
  let isDir: boolean;
  try {
    isDir = statSync(p).isDirectory();
  } catch (err) {
    throw new UsageError(`analyze: ${p}: ${accessProblem(err)}`);
  }
  return isDir ? _recordingDir(p) : _fileKind(p);
}

/** A directory: its `*.rec` files, by name (rotated files are numbered in order). */
function _recordingDir(dir: string): AnalyzeInput {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (err) {
    throw new UsageError(`analyze: ${dir}: ${accessProblem(err)}`);
  }
  const files = names.filter((n) => n.endsWith('.rec')).sort();
  if (files.length === 0) {
    throw new UsageError(`analyze: ${dir}: a directory with no .rec files (${names.length ? `${names.length} other entries` : 'empty'}); give the recording's directory, or the files themselves`);
  }
  return { kind: 'recording', files: files.map((n) => path.join(dir, n)) };
}

function _fileKind(file: string): AnalyzeInput {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (err) {
    throw new UsageError(`analyze: ${file}: ${accessProblem(err)}`);
  }
  try {
    const st = fstatSync(fd);
    // a pipe (<(zcat FILE)) or a device cannot be peeked at without taking what it gives: read as JSON lines
    if (st.isFIFO() || st.isCharacterDevice()) return { kind: 'json-lines', files: [file] };
    if (!st.isFile()) throw new UsageError(`analyze: ${file}: not a regular file; ${WHAT}`);
    const head = Buffer.alloc(SNIFF_BYTES);
    let n = _readAll(fd, head, file);
    if (n === 0) throw new UsageError(`analyze: ${file}: empty file; ${WHAT}`);
    const start = head.subarray(0, n);
    if (start.subarray(0, 8).equals(RECORDING_MAGIC)) return { kind: 'recording', files: [file] };
    if (n < 8 && RECORDING_MAGIC.subarray(0, n).equals(start)) throw new UsageError(`analyze: ${file}: ${n} bytes, too short for a recording (cut at its start?)`);
    for (const c of COMPRESSED) {
      if (n >= c.magic.length && start.subarray(0, c.magic.length).equals(c.magic)) {
        throw new UsageError(`analyze: ${file}: ${c.name}: decompress it first (${c.tool} ${file} > FILE, or ${c.tool} ${file} | sysray analyze -)`);
      }
    }
    // the first byte that is not blank, past a UTF-8 byte order mark; a blank head is read on
    let at = start.subarray(0, 3).equals(UTF8_BOM) ? 3 : 0;
    for (;;) {
      while (at < n && _isBlank(head[at])) at++;
      if (at < n) break;
      n = _readAll(fd, head, file);
      at = 0;
      if (n === 0) throw new UsageError(`analyze: ${file}: only blank lines; ${WHAT}`);
    }
    const first = head[at];
    if (first === 0x7b) return { kind: 'json-lines', files: [file] };
    if (first === 0x5b) throw new UsageError(`analyze: ${file}: a JSON array, not JSON lines; write one event object per line (jq -c '.[]' ${file} > FILE)`);
    throw new UsageError(`analyze: ${file}: neither a recording (no SYSRAYRC magic) nor JSON lines (starts with ${_describeByte(first)}, not "{"); ${WHAT}`);
  } finally {
    closeSync(fd);
  }
}

/** Fills `buf` from the file's current position as far as it goes; the bytes read. */
function _readAll(fd: number, buf: Buffer, file: string): number {
  let n = 0;
  try {
    for (let r; n < buf.length && (r = readSync(fd, buf, n, buf.length - n, null)) > 0; ) n += r;
  } catch (err) {
    throw new UsageError(`analyze: ${file}: ${accessProblem(err)}`);
  }
  return n;
}

function _isBlank(b: number): boolean {
  return b === 0x20 || b === 0x09 || b === 0x0a || b === 0x0d;
}

function _describeByte(b: number): string {
  return b >= 0x21 && b < 0x7f ? JSON.stringify(String.fromCharCode(b)) : `byte 0x${b.toString(16).padStart(2, '0')}`;
}

/** An fs error as the one thing to say about the path, and what to do. */
export function accessProblem(err: unknown): string {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOENT':
      return 'no such file or directory; check the path';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied; run as a user that may read it';
    case 'ENOTDIR':
      return 'a part of the path is not a directory; check the path';
    case 'ELOOP':
      return 'too many symbolic links; check the path';
    case 'EISDIR':
      return 'a directory';
    default:
      return `cannot be read (${code ?? (err instanceof Error ? err.message : String(err))})`;
  }
}
