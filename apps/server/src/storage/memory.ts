/**
 * Pages in this process's memory: for tests and simulations, and the reference
 * for the contract. It keeps the same rows as the durable backends (JSON text),
 * so it never shares an object with its caller and rebuilds pages the same way.
 */
import type { PageDocument } from '@tandem/protocol';
import { publicLabel, type StoredLabel } from './labels.ts';
import { DOCUMENT_FORMATS, type DocumentFormats } from './migrations.ts';
import {
  authorsOf,
  compactionLimit,
  DEFAULT_LOG_RETENTION,
  type EntryRow,
  entryToRow,
  type PageRows,
  parseAuthors,
  rebuild,
  recentEntries,
  type SnapshotRow,
  titleOf,
} from './rows.ts';
import {
  type AppendOptions,
  type CreateResult,
  type ListPagesOptions,
  type LoadOptions,
  type LogEntry,
  type PageInfo,
  type PageStorage,
  PageUnreadableError,
  StorageConflictError,
  type StorageOptions,
  type StoredPage,
  type VersionInfo,
} from './storage.ts';
import {
  type LivePublication,
  type NewPublication,
  PUBLICATION_RETENTION,
  type PublicationInfo,
  type PublicationListing,
} from './publications.ts';

export interface MemoryStorageOptions extends StorageOptions {
  /** The former name of `logRetention`. */
  logWindow?: number;
}

interface MemoryPage {
  info: PageInfo;
  /** Oldest first. */
  snapshots: SnapshotRow[];
  /** Oldest first, contiguous, ending at info.version. */
  log: EntryRow[];
  /** opId → version, for the entries in `log`. */
  opIds: Map<string, number>;
  /** Oldest first. */
  publications: StoredPublication[];
  live: number | null;
  /** What made each version, by version (SPEC H1). */
  labels: Map<number, StoredLabel>;
}

type StoredPublication = PublicationInfo & { html: string; etag: string };

export class MemoryStorage implements PageStorage {
  private readonly pages = new Map<string, MemoryPage>();
  private readonly logRetention: number;
  private readonly publicationRetention: number;
  private readonly formats: DocumentFormats;
  private readonly now: () => number;

  constructor(options: MemoryStorageOptions = {}) {
    this.logRetention = options.logRetention ?? options.logWindow ?? DEFAULT_LOG_RETENTION;
    this.publicationRetention = options.publicationRetention ?? PUBLICATION_RETENTION;
    this.formats = options.formats ?? DOCUMENT_FORMATS;
    this.now = options.now ?? Date.now;
  }

  async load(pageId: string, options: LoadOptions = {}): Promise<StoredPage | null> {
    const page = this.live(pageId);
    if (!page) return null;
    const { version } = page.info;
    const rebuilt = await rebuild(pageId, version, this.rows(page), this.formats);
    if (!rebuilt) throw new PageUnreadableError(pageId, [`the log after the newest snapshot does not reach version ${version}`]);
    const limit = options.logLimit ?? page.log.length;
    return { ...rebuilt, version, log: recentEntries(limit > 0 ? page.log.slice(-limit) : [], this.formats) };
  }

  async createIfMissing(pageId: string, doc: PageDocument): Promise<CreateResult> {
    const existing = this.pages.get(pageId);
    if (existing) return existing.info.deletedAt === null ? 'exists' : 'deleted';
    const now = this.now();
    this.pages.set(pageId, {
      info: { id: pageId, title: titleOf(doc), version: 0, createdAt: now, updatedAt: now, deletedAt: null },
      snapshots: [{ version: 0, format: this.formats.current, doc: JSON.stringify(doc), authors: '[]', ts: now }],
      log: [],
      opIds: new Map(),
      publications: [],
      live: null,
      labels: new Map(),
    });
    return 'created';
  }

  async append(pageId: string, entries: readonly LogEntry[], options: AppendOptions = {}): Promise<void> {
    const page = this.live(pageId);
    if (!page) throw new StorageConflictError(`append to ${pageId}, which does not exist or was deleted`);
    if (entries.length === 0) return;
    const rows = entries.map((e) => entryToRow(e, this.formats.current));
    rows.forEach((row, i) => {
      if (row.version !== page.info.version + 1 + i) {
        throw new StorageConflictError(`append to ${pageId} at version ${row.version}, expected ${page.info.version + 1 + i}`);
      }
    });
    const batch = new Set<string>();
    for (const row of rows) {
      if (page.opIds.has(row.opId) || batch.has(row.opId))
        throw new StorageConflictError(`opId ${row.opId} is already stored for ${pageId}`);
      batch.add(row.opId);
    }
    const last = rows.at(-1) as EntryRow;
    page.log.push(...rows);
    for (const row of rows) page.opIds.set(row.opId, row.version);
    page.info.version = last.version;
    page.info.updatedAt = last.ts;
    if (options.title !== undefined) page.info.title = options.title;
    if (options.snapshot) this.putSnapshot(page, last.version, options.snapshot);
  }

  async writeSnapshot(pageId: string, version: number, doc: PageDocument): Promise<void> {
    const page = this.live(pageId);
    if (!page) throw new StorageConflictError(`snapshot of ${pageId}, which does not exist or was deleted`);
    if (version > page.info.version || version < 0)
      throw new StorageConflictError(`snapshot of ${pageId} at ${version}, beyond ${page.info.version}`);
    this.putSnapshot(page, version, doc);
  }

  async findOp(pageId: string, opId: string): Promise<number | null> {
    return this.live(pageId)?.opIds.get(opId) ?? null;
  }

  async getPage(pageId: string): Promise<PageInfo | null> {
    const page = this.pages.get(pageId);
    return page ? { ...page.info } : null;
  }

  async listPages(options: ListPagesOptions = {}): Promise<PageInfo[]> {
    const { after, limit } = options;
    const listed = [...this.pages.values()]
      .filter((p) => p.info.deletedAt === null)
      .filter((p) => !after || p.info.updatedAt < after.updatedAt || (p.info.updatedAt === after.updatedAt && p.info.id > after.id))
      .map((p) => ({ ...p.info }))
      .sort((a, b) => b.updatedAt - a.updatedAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    return limit === undefined ? listed : listed.slice(0, limit);
  }

  async deletePage(pageId: string): Promise<boolean> {
    const page = this.live(pageId);
    if (!page) return false;
    page.info.deletedAt = this.now();
    page.snapshots = [];
    page.log = [];
    page.opIds.clear();
    page.publications = [];
    page.live = null;
    page.labels.clear();
    return true;
  }

  async labelVersion(pageId: string, version: number, label: StoredLabel): Promise<void> {
    const page = this.live(pageId);
    if (page && !page.labels.has(version)) page.labels.set(version, { ...label });
  }

  async listVersions(pageId: string): Promise<VersionInfo[]> {
    const page = this.live(pageId);
    if (!page) return [];
    return page.snapshots
      .map((s) => {
        const label = page.labels.get(s.version);
        return { version: s.version, ts: s.ts, authors: parseAuthors(s.authors), ...(label ? { label: publicLabel(label) } : {}) };
      })
      .reverse();
  }

  async loadVersion(pageId: string, version?: number): Promise<{ doc: PageDocument; version: number } | null> {
    const page = this.live(pageId);
    if (!page) return null;
    const target = version ?? page.info.version;
    if (target > page.info.version || target < 0) return null;
    const rebuilt = await rebuild(pageId, target, this.rows(page), this.formats);
    return rebuilt && { doc: rebuilt.doc, version: target };
  }

  async publish(pageId: string, publication: NewPublication): Promise<PublicationInfo> {
    const page = this.live(pageId);
    if (!page) throw new StorageConflictError(`publish ${pageId}, which does not exist or was deleted`);
    const info: PublicationInfo = {
      number: (page.publications.at(-1)?.number ?? 0) + 1,
      version: publication.version,
      publishedAt: this.now(),
      publishedBy: publication.publishedBy,
    };
    page.publications.push({ ...info, html: publication.html, etag: publication.etag });
    page.publications = page.publications.filter((p) => p.number > info.number - this.publicationRetention);
    page.live = info.number;
    return { ...info };
  }

  async listPublications(pageId: string): Promise<PublicationListing[]> {
    const page = this.live(pageId);
    if (!page) return [];
    return page.publications
      .map(({ number, version, publishedAt, publishedBy }) => ({ number, version, publishedAt, publishedBy, live: number === page.live }))
      .reverse();
  }

  async setLivePublication(pageId: string, number: number | null): Promise<boolean> {
    const page = this.live(pageId);
    if (!page || (number !== null && !page.publications.some((p) => p.number === number))) return false;
    page.live = number;
    return true;
  }

  async readLivePublication(pageId: string): Promise<LivePublication> {
    const page = this.pages.get(pageId);
    if (!page) return { state: 'unknown' };
    if (page.info.deletedAt !== null) return { state: 'deleted' };
    const live = page.publications.find((p) => p.number === page.live);
    if (!live) return { state: 'unpublished' };
    const { html, etag, ...publication } = live;
    return { state: 'live', publication, html, etag };
  }

  async close(): Promise<void> {}

  /** Test hook: replaces a stored snapshot's text, as a disk error or a bad write would. */
  corruptSnapshot(pageId: string, version: number, text: string): void {
    const snapshot = this.pages.get(pageId)?.snapshots.find((s) => s.version === version);
    if (!snapshot) throw new Error(`no snapshot ${version} of ${pageId}`);
    snapshot.doc = text;
  }

  private live(pageId: string): MemoryPage | undefined {
    const page = this.pages.get(pageId);
    return page && page.info.deletedAt === null ? page : undefined;
  }

  private rows(page: MemoryPage): PageRows {
    return {
      snapshotVersions: (atMost) =>
        page.snapshots
          .filter((s) => s.version <= atMost)
          .map((s) => s.version)
          .reverse(),
      snapshot: (version) => page.snapshots.find((s) => s.version === version),
      // The log is contiguous: entries are found by their offset from the first one.
      entries: (after, upTo) => {
        const first = page.log[0]?.version ?? 0;
        return page.log.slice(Math.max(0, after + 1 - first), Math.max(0, upTo + 1 - first));
      },
    };
  }

  private putSnapshot(page: MemoryPage, version: number, doc: PageDocument): void {
    const previous = page.snapshots.filter((s) => s.version < version).at(-1)?.version ?? -1;
    const edits = this.rows(page).entries(previous, version) as EntryRow[];
    const row: SnapshotRow = {
      version,
      format: this.formats.current,
      doc: JSON.stringify(doc),
      authors: authorsOf(edits),
      ts: edits.at(-1)?.version === version ? (edits.at(-1) as EntryRow).ts : this.now(),
    };
    page.snapshots = [...page.snapshots.filter((s) => s.version !== version), row].sort((a, b) => a.version - b.version);
    const limit = compactionLimit(page.info.version, page.snapshots.map((s) => s.version).reverse(), this.logRetention, page.log[0]?.version);
    const drop = page.log.findIndex((r) => r.version > limit);
    if (limit > 0 && drop !== 0) {
      for (const gone of page.log.splice(0, drop === -1 ? page.log.length : drop)) page.opIds.delete(gone.opId);
    }
  }
}
