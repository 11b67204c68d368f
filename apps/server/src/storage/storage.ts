/**
 * Where pages live between rooms. The room depends on this interface only, so a
 * durable store slots in without touching it. The in-memory store is the default
 * and the reference for the contract: it never shares an object with its caller.
 */
import { applyPatch, cloneJson, type Operation, type PageDocument } from '@tandem/protocol';

/** One accepted patch, as the room ordered it. */
export interface LogEntry {
  version: number;
  opId: string;
  senderId: string;
  patches: Operation[];
  ts: number;
}

export interface StoredPage {
  doc: PageDocument;
  version: number;
  /** The most recent entries, oldest first, ending at `version`; may be empty. */
  log: LogEntry[];
}

export interface PageStorage {
  /** The page at its latest version, or null when it does not exist. */
  load(pageId: string): Promise<StoredPage | null>;
  /** Creates the page at version 0 unless it exists; true when it was created. */
  createIfMissing(pageId: string, doc: PageDocument): Promise<boolean>;
  /** Appends accepted patches, in order; resolves once they are stored. */
  append(pageId: string, entries: readonly LogEntry[]): Promise<void>;
}

export interface MemoryStorageOptions {
  /** How many log entries to keep in front of the snapshot (for catch-up). */
  logWindow?: number;
}

export class MemoryStorage implements PageStorage {
  private readonly pages = new Map<string, { snapshot: PageDocument; snapshotVersion: number; log: LogEntry[] }>();
  private readonly logWindow: number;

  constructor(options: MemoryStorageOptions = {}) {
    this.logWindow = options.logWindow ?? 1000;
  }

  async load(pageId: string): Promise<StoredPage | null> {
    const page = this.pages.get(pageId);
    if (!page) return null;
    const doc = cloneJson(page.snapshot);
    let version = page.snapshotVersion;
    for (const entry of page.log) {
      if (entry.version <= version) continue;
      const result = applyPatch(doc, entry.patches, { inPlace: true });
      if (!result.ok) throw new Error(`stored log of ${pageId} does not replay at version ${entry.version}: ${result.error.message}`);
      version = entry.version;
    }
    return { doc, version, log: page.log.slice() };
  }

  async createIfMissing(pageId: string, doc: PageDocument): Promise<boolean> {
    if (this.pages.has(pageId)) return false;
    this.pages.set(pageId, { snapshot: cloneJson(doc), snapshotVersion: 0, log: [] });
    return true;
  }

  async append(pageId: string, entries: readonly LogEntry[]): Promise<void> {
    const page = this.pages.get(pageId);
    if (!page) throw new Error(`append to unknown page ${pageId}`);
    page.log.push(...entries.map(cloneJson));
    // Fold what falls out of the window into the snapshot, so memory stays bounded.
    const excess = page.log.length - this.logWindow;
    if (excess > 0) {
      for (const entry of page.log.splice(0, excess)) {
        const result = applyPatch(page.snapshot, entry.patches, { inPlace: true });
        if (!result.ok) throw new Error(`compaction of ${pageId} failed at version ${entry.version}`);
        page.snapshotVersion = entry.version;
      }
    }
  }
}
