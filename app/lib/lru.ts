/**
 * A bounded map that forgets the least recently used entry first: for caches of derived values
 * that must not grow with the data (a Map keeps insertion order; a hit moves the key to the end).
 */
export class LruMap<K, V> {
  private readonly map = new Map<K, V>();
  constructor(readonly capacity: number) {
    if (!(capacity >= 1)) throw new RangeError('capacity must be at least 1');
  }
  get size(): number {
    return this.map.size;
  }
  get(key: K): V | undefined {
    if (!this.map.has(key)) return undefined;
    const value = this.map.get(key)!;
    this.map.delete(key);
    this.map.set(key, value);
    return value;
  }
  set(key: K, value: V): this {
    this.map.delete(key);
    this.map.set(key, value);
    if (this.map.size > this.capacity) this.map.delete(this.map.keys().next().value as K);
    return this;
  }
  delete(key: K): boolean {
    return this.map.delete(key);
  }
}
