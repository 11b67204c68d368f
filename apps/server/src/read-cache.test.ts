import { describe, expect, it } from 'vitest';
import { ReadCache } from './read-cache.ts';

const doc = (version: number, size: number) => ({ version, title: 't', json: 'x'.repeat(size) });

describe('ReadCache', () => {
  it('keeps documents by page and version within its budget, dropping the least recently read first', () => {
    const cache = new ReadCache(100);
    cache.put('a', doc(1, 25));
    cache.put('b', doc(1, 25));
    cache.put('a', doc(2, 25));
    expect(cache.get('a', 1)?.json).toHaveLength(25); // now the most recent
    cache.put('c', doc(1, 25));
    cache.put('d', doc(1, 25)); // over 100: b@1 goes, the least recently read
    expect(cache.get('b', 1)).toBeUndefined();
    expect(cache.get('a', 1)).toBeDefined();
    expect(cache.get('a', 3)).toBeUndefined();
    expect(cache.stats).toEqual({ bytes: 100, documents: 4 });
  });

  it('does not keep a document larger than a quarter of its budget, and forgets a page whole', () => {
    const cache = new ReadCache(100);
    cache.put('big', doc(1, 26));
    expect(cache.get('big', 1)).toBeUndefined();
    cache.put('a', doc(1, 10));
    cache.put('a', doc(2, 10));
    cache.put('ab', doc(1, 10));
    cache.forget('a');
    expect(cache.get('a', 1)).toBeUndefined();
    expect(cache.get('a', 2)).toBeUndefined();
    expect(cache.get('ab', 1)).toBeDefined();
    expect(cache.stats).toEqual({ bytes: 10, documents: 1 });
  });

  it('replaces an entry put twice without counting it twice', () => {
    const cache = new ReadCache(100);
    cache.put('a', doc(1, 20));
    cache.put('a', doc(1, 20));
    expect(cache.stats).toEqual({ bytes: 20, documents: 1 });
  });
});
