/**
 * A bounded map that forgets the least recently used entry first: for caches of derived values
 * that must not grow with the data (a Map keeps insertion order; a hit moves the key to the end).
 * `weigh` and `maxWeight` also bound the entries' total weight (bytes, say); an entry heavier than
 * `maxWeight` alone is not kept.
 */
export class LruMap<K, V> {
  private readonly map = new Map<K, V>();
  private weight = 0;
  constructor(
    readonly capacity: number,
    private readonly bound: { weigh: (value: V) => number; maxWeight: number } | null = null,
  ) {
    if (!(capacity >= 1)) throw new RangeError('capacity must be at least 1');
  }
  get size(): number {
    return this.map.size;
  }
  /** The entries' total weight (0 without `weigh`). */
  get totalWeight(): number {
    return this.weight;
  }
  get(key: K): V | undefined {
    if (!this.map.has(key)) return undefined;
    const value = this.map.get(key)!;
    this.map.delete(key);
    this.map.set(key, value);
    return value;
  }
  set(key: K, value: V): this {
    this.delete(key);
    const w = this.bound?.weigh(value) ?? 0;
    if (this.bound && w > this.bound.maxWeight) return this;
    this.map.set(key, value);
    this.weight += w;
    while (this.map.size > this.capacity || (this.bound && this.weight > this.bound.maxWeight))
      this.delete(this.map.keys().next().value as K);
    return this;
  }
  delete(key: K): boolean {
    if (!this.map.has(key)) return false;
    if (this.bound) this.weight -= this.bound.weigh(this.map.get(key)!);
    return this.map.delete(key);
  }
}
