/**
 * JSON written as UTF-8 bytes straight into an OutputStream's buffer, for
 * the JSON printer's hot path: numbers digit by digit, plain ASCII strings
 * byte by byte, repeated text as bytes encoded once. Building a string per
 * event and then encoding it was a third of user space's time per event.
 *
 * The output is byte for byte what jsonValue() (json-value.ts) gives, which
 * stays the reference and the path for rare shapes (objects, long or
 * non-ASCII strings).
 */
import { jsonValue } from './json-value.js';
import { ROOM_MAX, type OutputStream } from './output-stream.js';

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
/** Longer strings go through JSON.stringify, native and faster per character than a loop here. */
const BYTE_LOOP_MAX = 64;
/** Fixed text this short is copied byte by byte: cheaper than a TypedArray.set call. */
const SET_MIN = 16;

/** Text as the UTF-8 bytes JsonBytes.raw() copies. */
export function utf8Bytes(text: string): Uint8Array {
  return new Uint8Array(Buffer.from(text, 'utf8'));
}

/** Writes 0 <= n < 1e8 at pos; returns the end. */
function smallDigits(buf: Buffer, pos: number, n: number): number {
  const len = n < 10 ? 1 : n < 100 ? 2 : n < 1e3 ? 3 : n < 1e4 ? 4 : n < 1e5 ? 5 : n < 1e6 ? 6 : n < 1e7 ? 7 : 8;
  for (let i = pos + len - 1; i > pos; i--) {
    const q = (n / 10) | 0;
    buf[i] = 48 + n - q * 10;
    n = q;
  }
  buf[pos] = 48 + n;
  return pos + len;
}

export class JsonBytes {
  constructor(private readonly out: OutputStream) {}

  /** Bytes kept encoded (utf8Bytes). */
  raw(bytes: Uint8Array): void {
    const out = this.out;
    const n = bytes.length;
    if (n > ROOM_MAX) {
      out.write(Buffer.from(bytes).toString('utf8'));
      return;
    }
    out.room(n);
    const buf = out.buf;
    const at = out.used;
    if (n >= SET_MIN) buf.set(bytes, at);
    else for (let i = 0; i < n; i++) buf[at + i] = bytes[i];
    out.used = at + n;
  }

  /** Text known to need no escaping and to be ASCII (names, digits). */
  ascii(text: string): void {
    const out = this.out;
    const n = text.length;
    if (n > BYTE_LOOP_MAX) {
      out.write(text);
      return;
    }
    out.room(n);
    const buf = out.buf;
    const at = out.used;
    for (let i = 0; i < n; i++) buf[at + i] = text.charCodeAt(i);
    out.used = at + n;
  }

  /** A number as JSON: integers digit by digit, others as JavaScript writes them, non-finite as null. */
  number(n: number): void {
    if (!Number.isSafeInteger(n)) {
      this.ascii(Number.isFinite(n) ? String(n) : 'null');
      return;
    }
    const out = this.out;
    out.room(17); // '-' and 16 digits (2^53 has 16)
    const buf = out.buf;
    let pos = out.used;
    if (n < 0) {
      buf[pos++] = 45; // '-'
      n = -n;
    }
    if (n >= 1e8) {
      const hi = Math.floor(n / 1e8);
      let lo = n - hi * 1e8;
      pos = smallDigits(buf, pos, hi);
      for (let i = pos + 7; i >= pos; i--) {
        const q = (lo / 10) | 0;
        buf[i] = 48 + lo - q * 10;
        lo = q;
      }
      pos += 8;
    } else {
      pos = smallDigits(buf, pos, n);
    }
    out.used = pos;
  }

  bigint(v: bigint): void {
    this.ascii(v.toString());
  }

  /** The whole seconds of the last timestamp written, as ns, and their digits. */
  private second = -1n;
  private secondDigits = '';

  /**
   * A timestamp (ns, ≥ 1 s): as bigint() writes it, but the digits of its
   * second are kept, since events come many to a second: the rest is nine
   * digits of a number, not a BigInt's decimal conversion.
   */
  timestamp(v: bigint): void {
    let ns = v - this.second;
    if (ns < 0n || ns >= 1_000_000_000n) {
      if (v < 1_000_000_000n) {
        this.ascii(v.toString());
        return;
      }
      ns = v % 1_000_000_000n;
      this.second = v - ns;
      this.secondDigits = (this.second / 1_000_000_000n).toString();
    }
    this.ascii(this.secondDigits);
    let n = Number(ns);
    const out = this.out;
    out.room(9);
    const buf = out.buf;
    const at = out.used;
    for (let i = at + 8; i >= at; i--) {
      const q = (n / 10) | 0;
      buf[i] = 48 + n - q * 10;
      n = q;
    }
    out.used = at + 9;
  }

  /** A number or bigint (decoded 64-bit values are either). */
  integer(v: number | bigint): void {
    if (typeof v === 'number') this.number(v);
    else this.ascii(v.toString());
  }

  /** A string as JSON, quoted and escaped as JSON.stringify does. */
  string(s: string): void {
    const n = s.length;
    if (n > BYTE_LOOP_MAX) {
      this.out.write(JSON.stringify(s));
      return;
    }
    const out = this.out;
    out.room(n + 2);
    const buf = out.buf;
    const start = out.used;
    let pos = start;
    buf[pos++] = QUOTE;
    for (let i = 0; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c < 0x20 || c === QUOTE || c === BACKSLASH || c > 0x7f) {
        // escapes and UTF-8: JSON.stringify and the stream's encoder
        out.used = start;
        out.write(JSON.stringify(s));
        return;
      }
      buf[pos++] = c;
    }
    buf[pos++] = QUOTE;
    out.used = pos;
  }

  /**
   * Bytes of printable ASCII with nothing to escape, quoted: what string()
   * writes of them as a string. False, and nothing written, for any other.
   */
  plainAscii(bytes: Uint8Array, start: number, len: number): boolean {
    const end = start + len;
    for (let i = start; i < end; i++) {
      const c = bytes[i];
      if (c < 0x20 || c > 0x7e || c === QUOTE || c === BACKSLASH) return false;
    }
    const out = this.out;
    if (len + 2 > ROOM_MAX) return false;
    out.room(len + 2);
    const buf = out.buf;
    let pos = out.used;
    buf[pos++] = QUOTE;
    if (len >= SET_MIN) buf.set(bytes.subarray(start, end), pos);
    else for (let i = 0; i < len; i++) buf[pos + i] = bytes[start + i];
    pos += len;
    buf[pos++] = QUOTE;
    out.used = pos;
    return true;
  }

  /** Any decoded value, as jsonValue() writes it. */
  value(v: unknown): void {
    switch (typeof v) {
      case 'number':
        this.number(v);
        return;
      case 'bigint':
        this.ascii(v.toString());
        return;
      case 'string':
        this.string(v);
        return;
      case 'boolean':
        this.ascii(v ? 'true' : 'false');
        return;
      case 'object':
        if (v === null) {
          this.ascii('null');
          return;
        }
        if (Array.isArray(v)) {
          this.ascii('[');
          for (let i = 0; i < v.length; i++) {
            if (i) this.ascii(',');
            this.value(v[i]);
          }
          this.ascii(']');
          return;
        }
        this.out.write(jsonValue(v));
        return;
      default:
        this.ascii('null');
    }
  }
}
