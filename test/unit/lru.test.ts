import { describe, expect, it } from 'vitest';
import { LruMap } from '../../app/lib/lru';

describe('LruMap', () => {
  it('forgets the least recently used entry past its capacity', () => {
    const m = new LruMap<string, number>(2);
    m.set('a', 1).set('b', 2);
    expect(m.get('a')).toBe(1);
    m.set('c', 3);
    expect([m.get('a'), m.get('b'), m.get('c')]).toEqual([1, undefined, 3]);
  });

  it('with a weight bound, keeps the total weight within it, forgetting the least recently used first', () => {
    const m = new LruMap<string, Buffer>(100, { weigh: (b) => b.length, maxWeight: 10 });
    m.set('a', Buffer.alloc(4)).set('b', Buffer.alloc(4));
    m.get('a');
    m.set('c', Buffer.alloc(4));
    expect([m.get('a')?.length, m.get('b'), m.get('c')?.length]).toEqual([4, undefined, 4]);
    expect(m.totalWeight).toBe(8);
    // Replacing an entry counts its new weight only; one heavier than the bound is not kept.
    m.set('a', Buffer.alloc(6));
    expect(m.totalWeight).toBe(10);
    m.set('big', Buffer.alloc(11));
    expect(m.get('big')).toBeUndefined();
    expect(m.totalWeight).toBe(10);
    m.delete('a');
    expect(m.totalWeight).toBe(4);
  });
});
