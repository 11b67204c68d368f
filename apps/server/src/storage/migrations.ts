/**
 * Two kinds of migration, both run when the server starts or a page loads:
 *
 * - Document formats. Every stored snapshot and log entry carries the format it
 *   was written in. When the component registry changes in a way old pages do
 *   not fit (a prop renamed, a type split), the format goes up by one and a step
 *   is added below that rewrites a document of the format before; loading runs
 *   the steps in order, so an old page opens as a page of today.
 * - Database schemas. Each backend's tables are created and altered by numbered
 *   SQL steps, recorded in `tandem_migrations`; start-up applies the missing ones
 *   in one transaction.
 */

/** A step from format N to N + 1: takes the parsed document of format N, returns one of N + 1. */
export type DocumentMigration = (doc: unknown) => unknown;

export interface DocumentFormats {
  /** The format this server writes. */
  current: number;
  /** `steps[n]` turns format n into n + 1. */
  steps: Readonly<Record<number, DocumentMigration>>;
}

/**
 * Format 1: `{ rootId, components }` with the registry of SPEC D5–D9. No steps
 * yet; the first registry change that old pages do not fit adds `1: (doc) => …`
 * here and sets `current` to 2.
 */
export const DOCUMENT_FORMATS: DocumentFormats = { current: 1, steps: {} };

/** Brings a document of format `from` up to `formats.current`; throws when a step is missing or fails. */
export function migrateDocument(doc: unknown, from: number, formats: DocumentFormats): unknown {
  if (from > formats.current) throw new Error(`format ${from} is newer than this server's ${formats.current}`);
  let out = doc;
  for (let format = from; format < formats.current; format++) {
    const step = formats.steps[format];
    if (!step) throw new Error(`no migration from format ${format} to ${format + 1}`);
    out = step(out);
  }
  return out;
}

/**
 * Accounts and access (auth/), the same SQL in both databases (times are
 * milliseconds, as integers). Emails are stored lower-cased, so the unique index
 * makes them unique case-insensitively. Session and API token secrets are stored
 * only as SHA-256 hashes; share-link tokens are 256 random bits kept as they are,
 * so that an owner can copy a link again.
 */
const ACCESS_SQL = `
  CREATE TABLE users (
    id TEXT PRIMARY KEY,
    email TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    color TEXT NOT NULL,
    created_at BIGINT NOT NULL
  );
  CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users (id),
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
  );
  CREATE INDEX sessions_by_user ON sessions (user_id);
  CREATE TABLE api_tokens (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users (id),
    name TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    created_at BIGINT NOT NULL
  );
  CREATE TABLE page_members (
    page_id TEXT NOT NULL,
    user_id TEXT NOT NULL REFERENCES users (id),
    role TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (page_id, user_id)
  );
  CREATE INDEX page_members_by_user ON page_members (user_id);
  CREATE TABLE share_links (
    id TEXT PRIMARY KEY,
    page_id TEXT NOT NULL,
    role TEXT NOT NULL,
    token TEXT NOT NULL UNIQUE,
    created_by TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    revoked_at BIGINT
  );
  CREATE INDEX share_links_by_page ON share_links (page_id);
`;

/**
 * What made each stored version (SPEC H1; storage/labels.ts), the same SQL in both
 * databases: a table beside `snapshots`, so that neither the snapshot nor the log
 * writes change. One row per page and version.
 */
const VERSION_LABELS_SQL = `
  CREATE TABLE version_labels (
    page_id TEXT NOT NULL,
    version INTEGER NOT NULL,
    kind TEXT NOT NULL,
    user_id TEXT NOT NULL,
    user_name TEXT NOT NULL,
    restored_from INTEGER,
    ts BIGINT NOT NULL,
    PRIMARY KEY (page_id, version)
  );
`;

export interface SchemaMigration {
  version: number;
  name: string;
  sql: string;
}

/**
 * SQLite. Times are milliseconds. Step 1 made patches and snapshots WITHOUT
 * ROWID tables keyed by (page_id, version); step 2 turns them into ordinary
 * rowid tables with a unique index on that key. In a WITHOUT ROWID table the
 * rows themselves are the key's B-tree, so a page with large patches or
 * documents spreads its neighbours (pages whose ids sort nearby) over many
 * more pages of the file, and their loads slow down with it. With a rowid, the
 * index holds only keys and the row's big columns sit in the table's own
 * B-tree (and overflow pages), touched only for the rows a query reads.
 */
export const SQLITE_MIGRATIONS: readonly SchemaMigration[] = [
  {
    version: 1,
    name: 'pages, patches and snapshots',
    sql: `
      CREATE TABLE pages (
        id TEXT PRIMARY KEY,
        title TEXT NOT NULL,
        version INTEGER NOT NULL,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        deleted_at INTEGER
      );
      CREATE INDEX pages_by_update ON pages (updated_at DESC) WHERE deleted_at IS NULL;
      CREATE TABLE patches (
        page_id TEXT NOT NULL,
        version INTEGER NOT NULL,
        op_id TEXT NOT NULL,
        sender_id TEXT NOT NULL,
        user_name TEXT NOT NULL,
        patches TEXT NOT NULL,
        format INTEGER NOT NULL,
        ts INTEGER NOT NULL,
        PRIMARY KEY (page_id, version)
      ) WITHOUT ROWID;
      CREATE UNIQUE INDEX patches_by_op ON patches (page_id, op_id);
      CREATE TABLE snapshots (
        page_id TEXT NOT NULL,
        version INTEGER NOT NULL,
        format INTEGER NOT NULL,
        doc TEXT NOT NULL,
        authors TEXT NOT NULL,
        ts INTEGER NOT NULL,
        PRIMARY KEY (page_id, version)
      ) WITHOUT ROWID;
    `,
  },
  {
    version: 2,
    name: 'patches and snapshots as rowid tables',
    sql: `
      CREATE TABLE patches_rowid (
        id INTEGER PRIMARY KEY,
        page_id TEXT NOT NULL,
        version INTEGER NOT NULL,
        op_id TEXT NOT NULL,
        sender_id TEXT NOT NULL,
        user_name TEXT NOT NULL,
        patches TEXT NOT NULL,
        format INTEGER NOT NULL,
        ts INTEGER NOT NULL
      );
      INSERT INTO patches_rowid (page_id, version, op_id, sender_id, user_name, patches, format, ts)
        SELECT page_id, version, op_id, sender_id, user_name, patches, format, ts FROM patches ORDER BY page_id, version;
      DROP TABLE patches;
      ALTER TABLE patches_rowid RENAME TO patches;
      CREATE UNIQUE INDEX patches_by_version ON patches (page_id, version);
      CREATE UNIQUE INDEX patches_by_op ON patches (page_id, op_id);
      CREATE TABLE snapshots_rowid (
        id INTEGER PRIMARY KEY,
        page_id TEXT NOT NULL,
        version INTEGER NOT NULL,
        format INTEGER NOT NULL,
        doc TEXT NOT NULL,
        authors TEXT NOT NULL,
        ts INTEGER NOT NULL
      );
      INSERT INTO snapshots_rowid (page_id, version, format, doc, authors, ts)
        SELECT page_id, version, format, doc, authors, ts FROM snapshots ORDER BY page_id, version;
      DROP TABLE snapshots;
      ALTER TABLE snapshots_rowid RENAME TO snapshots;
      CREATE UNIQUE INDEX snapshots_by_version ON snapshots (page_id, version);
    `,
  },
  {
    version: 3,
    name: 'publications',
    sql: `
      CREATE TABLE publications (
        page_id TEXT NOT NULL,
        number INTEGER NOT NULL,
        version INTEGER NOT NULL,
        published_at INTEGER NOT NULL,
        published_by TEXT NOT NULL,
        html TEXT NOT NULL,
        etag TEXT NOT NULL
      );
      -- A rowid table: a publication's HTML is a big row, which must not slow other pages' look-ups.
      CREATE UNIQUE INDEX publications_by_number ON publications (page_id, number);
      CREATE TABLE live_publications (
        page_id TEXT PRIMARY KEY,
        number INTEGER NOT NULL
      );
    `,
  },
  {
    version: 4,
    name: 'accounts, sessions, tokens, page members and share links',
    sql: ACCESS_SQL,
  },
  {
    version: 5,
    name: 'version labels',
    sql: VERSION_LABELS_SQL,
  },
];

/** PostgreSQL: the same tables. Documents and patches are JSON text, stored as written and checked on load. */
export const POSTGRES_MIGRATIONS: readonly SchemaMigration[] = [
  {
    version: 1,
    name: 'pages, patches and snapshots',
    sql: `
      CREATE TABLE pages (
        id text PRIMARY KEY,
        title text NOT NULL,
        version integer NOT NULL,
        created_at bigint NOT NULL,
        updated_at bigint NOT NULL,
        deleted_at bigint
      );
      CREATE INDEX pages_by_update ON pages (updated_at DESC) WHERE deleted_at IS NULL;
      CREATE TABLE patches (
        page_id text NOT NULL,
        version integer NOT NULL,
        op_id text NOT NULL,
        sender_id text NOT NULL,
        user_name text NOT NULL,
        patches text NOT NULL,
        format integer NOT NULL,
        ts bigint NOT NULL,
        PRIMARY KEY (page_id, version)
      );
      CREATE UNIQUE INDEX patches_by_op ON patches (page_id, op_id);
      CREATE TABLE snapshots (
        page_id text NOT NULL,
        version integer NOT NULL,
        format integer NOT NULL,
        doc text NOT NULL,
        authors text NOT NULL,
        ts bigint NOT NULL,
        PRIMARY KEY (page_id, version)
      );
    `,
  },
  {
    version: 2,
    name: 'publications',
    sql: `
      CREATE TABLE publications (
        page_id text NOT NULL,
        number integer NOT NULL,
        version integer NOT NULL,
        published_at bigint NOT NULL,
        published_by text NOT NULL,
        html text NOT NULL,
        etag text NOT NULL,
        PRIMARY KEY (page_id, number)
      );
      CREATE TABLE live_publications (
        page_id text PRIMARY KEY,
        number integer NOT NULL
      );
    `,
  },
  {
    version: 3,
    name: 'accounts, sessions, tokens, page members and share links',
    sql: ACCESS_SQL,
  },
  {
    version: 4,
    name: 'join tickets, shared by every process',
    sql: `
      CREATE TABLE tickets (
        hash text PRIMARY KEY,
        page_id text NOT NULL,
        grant_json text NOT NULL,
        expires_at bigint NOT NULL
      );
      CREATE INDEX tickets_by_expiry ON tickets (expires_at);
    `,
  },
  {
    version: 5,
    name: 'version labels',
    sql: VERSION_LABELS_SQL,
  },
  {
    version: 6,
    name: 'login and page-creation limits, shared by every process',
    sql: `
      CREATE TABLE rate_limits (
        name text NOT NULL,
        key text NOT NULL,
        minute bigint NOT NULL,
        count integer NOT NULL,
        PRIMARY KEY (name, key, minute)
      );
      CREATE INDEX rate_limits_by_minute ON rate_limits (minute);
    `,
  },
];

/** The steps not yet applied, in order; throws when the database is ahead of this server. */
export function pendingMigrations(applied: number, all: readonly SchemaMigration[]): SchemaMigration[] {
  const latest = all.at(-1)?.version ?? 0;
  if (applied > latest)
    throw new Error(`the database schema is at version ${applied}, newer than this server knows (${latest}): upgrade the server`);
  return all.filter((m) => m.version > applied);
}
