/**
 * Who uploaded which image, and for which page (SPEC U7, U8): one empty marker
 * file per (account, hash) and per (page, hash) under `uploads/` in the assets
 * directory, beside the images themselves. The account's markers are what its
 * quota counts (distinct images, so the same bytes twice are charged once); the
 * page's are what its assets panel lists besides the images the document uses.
 *
 * Kept as files because the images are files: the ledger lives and is backed up
 * with them, whichever store holds the pages. Uploads by one account are
 * checked and recorded one at a time in this process, so two at once cannot
 * both slip under the limit; across several processes each checks on its own,
 * so an account can exceed its quota by at most one image per process.
 */
import { mkdir, readdir, stat, unlink, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ASSET_HASH_PATTERN } from '@tandem/protocol';

export interface QuotaLimits {
  /** Most bytes of distinct images per account; 0: no limit. */
  bytes: number;
  /** Most distinct images per account; 0: no limit. */
  count: number;
}

export interface Usage {
  count: number;
  bytes: number;
}

type Owner = 'accounts' | 'pages';

/** Ids are checked before they get here (PAGE_ID_PATTERN, account ids we made), but a path must never climb out. */
const SAFE_ID = /^[A-Za-z0-9_-]{1,128}$/;

export class AssetLedger {
  private readonly queues = new Map<string, Promise<unknown>>();

  /** The last record's time, in ms: each new one is later, so the order of records is the order of uploads. */
  private lastStamp = 0;

  constructor(private readonly dir: string) {}

  private nextStamp(): number {
    this.lastStamp = Math.max(Date.now(), this.lastStamp + 1);
    return this.lastStamp;
  }

  private folder(owner: Owner, id: string): string {
    if (!SAFE_ID.test(id)) throw new Error(`unsafe ledger id ${JSON.stringify(id)}`);
    return path.join(this.dir, 'uploads', owner, id);
  }

  /** The hashes recorded for an account or a page, newest first (by when they were first recorded). */
  async hashes(owner: Owner, id: string): Promise<string[]> {
    const folder = this.folder(owner, id);
    const names = await readdir(folder).catch(() => [] as string[]);
    const dated = await Promise.all(
      names
        .filter((name) => ASSET_HASH_PATTERN.test(name))
        .map(async (name) => ({
          name,
          at: await stat(path.join(folder, name)).then(
            (s) => s.mtimeMs,
            () => 0,
          ),
        })),
    );
    return dated.sort((a, b) => b.at - a.at || a.name.localeCompare(b.name)).map((entry) => entry.name);
  }

  async holds(owner: Owner, id: string, hash: string): Promise<boolean> {
    return stat(path.join(this.folder(owner, id), hash)).then(
      () => true,
      () => false,
    );
  }

  /** What an account has uploaded: its distinct images and their bytes (an image no longer on disk counts nothing). */
  async usage(userId: string): Promise<Usage> {
    const hashes = await this.hashes('accounts', userId);
    const sizes = await Promise.all(
      hashes.map((hash) =>
        stat(path.join(this.dir, hash)).then(
          (s) => s.size,
          () => 0,
        ),
      ),
    );
    return { count: sizes.filter((size) => size > 0).length, bytes: sizes.reduce((sum, size) => sum + size, 0) };
  }

  async record(owner: Owner, id: string, hash: string): Promise<void> {
    const folder = this.folder(owner, id);
    await mkdir(folder, { recursive: true });
    const file = path.join(folder, hash);
    // `wx`: the first record's time stays (the panel's order); a second one is not an error.
    const created = await writeFile(file, '', { flag: 'wx' }).then(
      () => true,
      (error: NodeJS.ErrnoException) => {
        if (error.code !== 'EEXIST') throw error;
        return false;
      },
    );
    // The file system's clock ticks every few milliseconds: two uploads in one tick would tie. A stamp of our own never does.
    if (created) {
      const stamp = this.nextStamp() / 1000;
      await utimes(file, stamp, stamp);
    }
  }

  /** Removes a record; false when there was none. */
  async forget(owner: Owner, id: string, hash: string): Promise<boolean> {
    return unlink(path.join(this.folder(owner, id), hash)).then(
      () => true,
      (error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT') return false;
        throw error;
      },
    );
  }

  /** Runs `task` after every earlier task of the same account has finished (check-then-record without a race). */
  serially<T>(userId: string, task: () => Promise<T>): Promise<T> {
    const before = this.queues.get(userId) ?? Promise.resolve();
    const run = before.then(task, task);
    const settled = run.catch(() => {});
    this.queues.set(userId, settled);
    void settled.then(() => {
      if (this.queues.get(userId) === settled) this.queues.delete(userId);
    });
    return run;
  }
}

/** Why an upload of `size` bytes (a new image for this account) would pass the quota, or null when it fits. */
export function quotaRefusal(usage: Usage, size: number, limits: QuotaLimits): string | null {
  if (limits.count > 0 && usage.count + 1 > limits.count)
    return `this account has uploaded ${usage.count} images, the most it may (ASSET_QUOTA_COUNT is ${limits.count})`;
  if (limits.bytes > 0 && usage.bytes + size > limits.bytes)
    return `this image (${megabytes(size)}) would take this account's uploads to ${megabytes(usage.bytes + size)}, over its quota of ${megabytes(limits.bytes)}`;
  return null;
}

const megabytes = (bytes: number): string => `${(bytes / (1024 * 1024)).toFixed(bytes < 1024 * 1024 ? 2 : 1)} MB`;
