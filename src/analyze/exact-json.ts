/**
 * JSON text → values, with integers beyond 2^53 as bigints (sysray writes
 * 64-bit values as exact integers; JSON.parse would round them). Strings,
 * objects and arrays are what JSON.parse makes of them.
 *
 * @example parseExactJson('{"t":1795239743274129904,"n":3}') // { t: 1795239743274129904n, n: 3 }
 */
export class JsonSyntaxError extends Error {}

export function parseExactJson(text: string): unknown {
  const p = new ExactJsonParser(text);
  const v = p.value();
  p.space();
  if (p.at < text.length) throw new JsonSyntaxError(`unexpected "${text[p.at]}" at ${p.at}`);
  return v;
}

class ExactJsonParser {
  at = 0;
  constructor(private readonly s: string) {}

  space(): void {
    while (this.at < this.s.length && ' \t\r\n'.includes(this.s[this.at])) this.at++;
  }

  value(): unknown {
    this.space();
    const c = this.s[this.at];
    if (c === '{') return this.object();
    if (c === '[') return this.array();
    if (c === '"') return this.string();
    if (c === '-' || (c >= '0' && c <= '9')) return this.number();
    for (const [word, v] of [['true', true], ['false', false], ['null', null]] as const) {
      if (this.s.startsWith(word, this.at)) {
        this.at += word.length;
        return v;
      }
    }
    throw new JsonSyntaxError(c === undefined ? 'unexpected end' : `unexpected "${c}" at ${this.at}`);
  }

  private object(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    this.at++;
    this.space();
    if (this.s[this.at] === '}') {
      this.at++;
      return out;
    }
    for (;;) {
      this.space();
      if (this.s[this.at] !== '"') throw new JsonSyntaxError(`expected a key at ${this.at}`);
      const key = this.string();
      this.space();
      if (this.s[this.at++] !== ':') throw new JsonSyntaxError(`expected ":" at ${this.at - 1}`);
      out[key] = this.value();
      this.space();
      const c = this.s[this.at++];
      if (c === '}') return out;
      if (c !== ',') throw new JsonSyntaxError(`expected "," or "}" at ${this.at - 1}`);
    }
  }

  private array(): unknown[] {
    const out: unknown[] = [];
    this.at++;
    this.space();
    if (this.s[this.at] === ']') {
      this.at++;
      return out;
    }
    for (;;) {
      out.push(this.value());
      this.space();
      const c = this.s[this.at++];
      if (c === ']') return out;
      if (c !== ',') throw new JsonSyntaxError(`expected "," or "]" at ${this.at - 1}`);
    }
  }

  private string(): string {
    // the string's text, escapes and all, is JSON.parse's to read
    const start = this.at++;
    for (;;) {
      const c = this.s[this.at++];
      if (c === undefined) throw new JsonSyntaxError('unterminated string');
      if (c === '\\') this.at++;
      else if (c === '"') return JSON.parse(this.s.slice(start, this.at)) as string;
    }
  }

  private number(): number | bigint {
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(this.s.slice(this.at, this.at + 400));
    if (!m) throw new JsonSyntaxError(`bad number at ${this.at}`);
    this.at += m[0].length;
    if (m[2] === undefined && m[3] === undefined) {
      const n = Number(m[0]);
      return Number.isSafeInteger(n) ? n : BigInt(m[0]);
    }
    return Number(m[0]);
  }
}
