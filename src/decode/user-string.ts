/**
 * Bytes from user memory to a JS string without losing what they were:
 * valid UTF-8 is kept, each byte of an invalid sequence becomes the text
 * `\xNN`. Control characters stay in the string; the JSON writer escapes them.
 */
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

function isPlainAscii(buf: Buffer, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (buf[i] > 0x7e) return false;
  return true;
}

export function decodeUserString(buf: Buffer, start: number, end: number): string {
  if (isPlainAscii(buf, start, end)) return buf.toString('latin1', start, end);
  try {
    return strictUtf8.decode(buf.subarray(start, end));
  } catch {
    return decodeLossless(buf, start, end);
  }
}

/** Length of the valid UTF-8 sequence starting at i, or 0. */
function utf8SequenceLength(buf: Buffer, i: number, end: number): number {
  const b = buf[i];
  let n: number;
  let min: number;
  if (b < 0x80) return 1;
  if (b >= 0xc2 && b <= 0xdf) (n = 2), (min = 0x80);
  else if (b >= 0xe0 && b <= 0xef) (n = 3), (min = 0x800);
  else if (b >= 0xf0 && b <= 0xf4) (n = 4), (min = 0x10000);
  else return 0;
  if (i + n > end) return 0;
  let cp = b & (0xff >> (n + 1));
  for (let k = 1; k < n; k++) {
    const c = buf[i + k];
    if ((c & 0xc0) !== 0x80) return 0;
    cp = (cp << 6) | (c & 0x3f);
  }
  if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return 0;
  return n;
}

function decodeLossless(buf: Buffer, start: number, end: number): string {
  let out = '';
  let i = start;
  while (i < end) {
    const n = utf8SequenceLength(buf, i, end);
    if (n === 0) {
      out += '\\x' + buf[i].toString(16).padStart(2, '0');
      i++;
    } else {
      out += buf.toString('utf8', i, i + n);
      i += n;
    }
  }
  return out;
}

/** NUL-separated strings (argv as the kernel program captured it). */
export function decodeStringList(buf: Buffer, start: number, end: number): string[] {
  const out: string[] = [];
  let s = start;
  for (let i = start; i < end; i++) {
    if (buf[i] === 0) {
      out.push(decodeUserString(buf, s, i));
      s = i + 1;
    }
  }
  if (s < end) out.push(decodeUserString(buf, s, end));
  return out;
}
