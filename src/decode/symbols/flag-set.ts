/**
 * Renders a bit-flag argument the way Tracee's parse-arguments does:
 * `O_WRONLY|O_CREAT|O_CLOEXEC`.
 *
 * Order of the output: first each enumerated sub-field (the access mode of
 * open(2), the mapping type of mmap(2), ...), then flag names in table order,
 * then trailing sub-fields (mmap's page size), then any bits no name accounts
 * for as one hex number (`0x40000000`).
 * A value with no bits set renders as the table's zero name, else `0`.
 *
 * Results are memoised per renderer (bounded), because a traced process tends
 * to pass the same few flag values over and over; the hot path is then one
 * Map lookup and no allocation.
 */

/** A flag name and its mask; the name applies only when every bit of the mask is set. */
export type FlagEntry = readonly [name: string, mask: number];

/** An enumerated sub-field of a flag word: `mask` selects it, `names` name its values. */
export interface FlagField {
  readonly mask: number;
  readonly names: readonly (readonly [name: string, value: number])[];
}

export interface FlagSetOptions {
  /** Width of the C type in bits; the value is read as unsigned of this width. Default 32. */
  readonly width?: 32 | 64;
  /** Name of the value 0 (e.g. `PROT_NONE`); default `'0'`. */
  readonly zeroName?: string;
  /** Enumerated sub-fields rendered before the flags. */
  readonly fields?: readonly FlagField[];
  /** Enumerated sub-fields rendered after the flags (mmap's MAP_HUGE_2MB). */
  readonly trailingFields?: readonly FlagField[];
}

const CACHE_LIMIT = 1024;

interface CompiledField {
  readonly mask: bigint;
  readonly names: ReadonlyMap<bigint, string>;
}

function compileField(field: FlagField): CompiledField {
  return {
    mask: BigInt(field.mask),
    names: new Map(field.names.map(([name, v]) => [BigInt(v), name] as const)),
  };
}

export class FlagSetRenderer {
  readonly #names: readonly string[];
  readonly #masks: readonly bigint[];
  readonly #fields: readonly CompiledField[];
  readonly #trailingFields: readonly CompiledField[];
  readonly #width: number;
  readonly #zero: string;
  readonly #cache = new Map<bigint, string>();

  constructor(entries: readonly FlagEntry[], options: FlagSetOptions = {}) {
    this.#names = entries.map((e) => e[0]);
    this.#masks = entries.map((e) => BigInt(e[1]));
    this.#fields = (options.fields ?? []).map(compileField);
    this.#trailingFields = (options.trailingFields ?? []).map(compileField);
    this.#width = options.width ?? 32;
    this.#zero = options.zeroName ?? '0';
  }

  render(value: bigint): string {
    const hit = this.#cache.get(value);
    if (hit !== undefined) return hit;
    const text = this.#compute(value);
    if (this.#cache.size < CACHE_LIMIT) this.#cache.set(value, text);
    return text;
  }

  #compute(value: bigint): string {
    let rest = BigInt.asUintN(this.#width, value);
    let out = '';
    for (const field of this.#fields) {
      const name = field.names.get(rest & field.mask);
      if (name !== undefined) {
        out = out === '' ? name : out + '|' + name;
        rest &= ~field.mask;
      }
    }
    if (rest === 0n && out === '') return this.#zero;
    // Trailing fields are read before the flags take their bits, so a flag
    // name cannot eat part of a field.
    let trailing = '';
    for (const field of this.#trailingFields) {
      const name = field.names.get(rest & field.mask);
      if (name !== undefined) {
        trailing = trailing + '|' + name;
        rest &= ~field.mask;
      }
    }
    for (let i = 0; i < this.#masks.length && rest !== 0n; i++) {
      const mask = this.#masks[i];
      if ((rest & mask) === mask) {
        out = out === '' ? this.#names[i] : out + '|' + this.#names[i];
        rest &= ~mask;
      }
    }
    if (trailing !== '') out = out === '' ? trailing.slice(1) : out + trailing;
    if (rest !== 0n) {
      const hex = '0x' + rest.toString(16);
      out = out === '' ? hex : out + '|' + hex;
    }
    return out;
  }
}
