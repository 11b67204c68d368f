/**
 * Documents as JSON text, by page and version, for the read routes
 * (`GET /api/pages/:id`, `/versions/:version`) of pages whose room is not
 * loaded: the store rebuilds a version (the snapshot before it, then the log)
 * once, and every later read of it is a look-up. A page's document at a
 * version never changes (ids are never reused, and every change makes a new
 * version), so entries need no invalidation; they leave when the budget is
 * spent (least recently read first) or when their page is deleted.
 *
 * Bounded by characters of JSON text (`READ_CACHE_BYTES`); a document larger
 * than a quarter of the budget is not kept, so one page cannot evict all others.
 */
export interface CachedDocument {
  version: number;
  title: string;
  /** `JSON.stringify` of the document. */
  json: string;
}

export class ReadCache {
  /** Insertion order is recency order: a hit is moved to the end. */
  private readonly entries = new Map<string, CachedDocument>();
  private size = 0;

  constructor(private readonly maxBytes: number) {}

  get(pageId: string, version: number): CachedDocument | undefined {
    const key = keyOf(pageId, version);
    const found = this.entries.get(key);
    if (found) {
      this.entries.delete(key);
      this.entries.set(key, found);
    }
    return found;
  }

  put(pageId: string, entry: CachedDocument): void {
    if (entry.json.length > this.maxBytes / 4) return;
    const key = keyOf(pageId, entry.version);
    const old = this.entries.get(key);
    if (old) {
      this.entries.delete(key);
      this.size -= old.json.length;
    }
    this.entries.set(key, entry);
    this.size += entry.json.length;
    for (const [oldest, value] of this.entries) {
      if (this.size <= this.maxBytes) break;
      this.entries.delete(oldest);
      this.size -= value.json.length;
    }
  }

  /** Forgets every version of a page (it was deleted). */
  forget(pageId: string): void {
    const prefix = `${pageId}@`;
    for (const [key, value] of this.entries) {
      if (!key.startsWith(prefix)) continue;
      this.entries.delete(key);
      this.size -= value.json.length;
    }
  }

  /** Characters of JSON held, and documents. */
  get stats(): { bytes: number; documents: number } {
    return { bytes: this.size, documents: this.entries.size };
  }
}

// Page ids never contain "@" (PAGE_ID_PATTERN), so keys cannot collide.
const keyOf = (pageId: string, version: number) => `${pageId}@${version}`;
