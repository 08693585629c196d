/**
 * Bounded state for signatures, keyed by entity ids (Tracee's hashes of host
 * id and start time, stable across pid reuse): a Map that forgets its least
 * recently used entry past `max`, so no signature's state grows without end.
 *
 * @example
 * const seen = new EntityMap<number>(4096);
 * seen.set(event.processEntityId, (seen.get(event.processEntityId) ?? 0) + 1);
 */
export class EntityMap<V> {
  private readonly map = new Map<number, V>();
  /** Entries forgotten because the map was full. */
  evicted = 0;

  constructor(private readonly max = 8192) {
    if (!(max > 0)) throw new Error('EntityMap: max must be positive');
  }

  get size(): number {
    return this.map.size;
  }

  get(entityId: number): V | undefined {
    const v = this.map.get(entityId);
    if (v !== undefined) {
      this.map.delete(entityId);
      this.map.set(entityId, v);
    }
    return v;
  }

  set(entityId: number, value: V): void {
    this.map.delete(entityId);
    this.map.set(entityId, value);
    if (this.map.size > this.max) {
      this.map.delete(this.map.keys().next().value as number);
      this.evicted++;
    }
  }

  delete(entityId: number): boolean {
    return this.map.delete(entityId);
  }
}
