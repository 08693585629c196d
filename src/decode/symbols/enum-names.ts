/**
 * Renders an enumerated argument by name (`SEEK_END`, `PR_SET_NAME`); a value
 * with no name renders as its decimal number, as Tracee does.
 */

/** A constant's name and value. */
export type EnumEntry = readonly [name: string, value: number];

export class EnumRenderer {
  readonly #byBigint = new Map<bigint, string>();
  readonly #byNumber = new Map<number, string>();

  /** When several entries share a value (aliases), the first one names it. */
  constructor(entries: readonly EnumEntry[]) {
    for (const [name, value] of entries) {
      if (this.#byNumber.has(value)) continue;
      this.#byNumber.set(value, name);
      this.#byBigint.set(BigInt(value), name);
    }
  }

  /** The name of `value`, or undefined. */
  name(value: bigint): string | undefined {
    return this.#byBigint.get(value);
  }

  /** The name of `value`, or its decimal number. */
  render(value: bigint): string {
    return this.#byBigint.get(value) ?? value.toString();
  }

  /** As `render`, for a value already held as a number. */
  renderNumber(value: number): string {
    return this.#byNumber.get(value) ?? String(value);
  }
}
