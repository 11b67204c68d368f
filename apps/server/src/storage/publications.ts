/**
 * Publications: the immutable, rendered releases of a page, and which one is
 * live at its public address. Part of PageStorage (every backend implements it
 * and passes the same contract, contract.ts). Each publication keeps the HTML
 * rendered once when it was made, so that serving it costs one lookup.
 */

/** One publication, as the API shows it. Times are milliseconds since the epoch. */
export interface PublicationInfo {
  /** 1, 2, … per page, in the order they were made. */
  number: number;
  /** The page's version that was published. */
  version: number;
  publishedAt: number;
  /** Who published it (the request's userName until accounts exist: see #10). */
  publishedBy: string;
}

/**
 * Publications kept per page: each holds a whole page of HTML, so a page
 * published over and over must not grow without bound. Publishing number n
 * deletes those numbered n − 50 and below (the live one is always the new one).
 */
export const PUBLICATION_RETENTION = 50;

export interface PublicationListing extends PublicationInfo {
  /** Whether this is the publication served at the public address. */
  live: boolean;
}

export interface NewPublication {
  version: number;
  publishedBy: string;
  /** The complete HTML document, rendered once, served as it is. */
  html: string;
  /** Its HTTP entity tag (quoted), stored beside it so that a conditional GET needs no hashing. */
  etag: string;
}

/** What the public address serves: the live publication, or why there is none. */
export type LivePublication =
  | { state: 'unknown' }
  | { state: 'deleted' }
  | { state: 'unpublished' }
  | { state: 'live'; publication: PublicationInfo; html: string; etag: string };

export interface PublicationStorage {
  /**
   * Stores a new publication of a live page, numbered one past the page's last,
   * and makes it live, in one transaction; publications older than the
   * retention (PUBLICATION_RETENTION) go. StorageConflictError when the page
   * does not exist or was deleted.
   */
  publish(pageId: string, publication: NewPublication): Promise<PublicationInfo>;
  /** A live page's publications, newest first ([] for an unknown or deleted page). */
  listPublications(pageId: string): Promise<PublicationListing[]>;
  /**
   * Makes publication `number` live, or none (null: unpublished). False when the
   * page is not live or has no such publication; nothing changes then.
   */
  setLivePublication(pageId: string, number: number | null): Promise<boolean>;
  /** The live publication with its HTML: one read. */
  readLivePublication(pageId: string): Promise<LivePublication>;
}
