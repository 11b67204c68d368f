/**
 * `pnpm bench`: what big rows cost the other pages of a SQLite file, in the old
 * layout (schema step 1: WITHOUT ROWID patches and snapshots) and today's
 * (step 2: rowid tables with unique indexes). 400 ordinary pages (30 small
 * patches and a snapshot each) share the file with 10 pages of 10 patches of
 * 380 KB whose ids sort between theirs; the figure is the median time of the
 * queries that load an ordinary page (its record, its snapshots, the log after
 * the newest, the recent log), and of a findOp, over every ordinary page.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { SQLITE_MIGRATIONS } from '../src/storage/migrations.ts';

const SMALL_PAGES = 400;
const BIG_PAGES = 10;
const BIG_PATCHES = 10;
const BIG_BYTES = 380 * 1024;

function fill(db: Database.Database): void {
  const page = db.prepare('INSERT INTO pages (id, title, version, created_at, updated_at) VALUES (?, ?, ?, 0, 0)');
  const patch = db.prepare(
    "INSERT INTO patches (page_id, version, op_id, sender_id, user_name, patches, format, ts) VALUES (?, ?, ?, 'u', 'Ada', ?, 1, 0)",
  );
  const snapshot = db.prepare("INSERT INTO snapshots (page_id, version, format, doc, authors, ts) VALUES (?, 0, 1, ?, '[]', 0)");
  const small = JSON.stringify([{ op: 'replace', path: '/components/hero-heading/props/text', value: 'x'.repeat(100) }]);
  const big = JSON.stringify([{ op: 'replace', path: '/components/hero-heading/props/text', value: 'y'.repeat(BIG_BYTES) }]);
  const doc = JSON.stringify({
    rootId: 'root',
    components: { root: { id: 'root', type: 'Page', props: { pad: 'z'.repeat(5000) }, children: [] } },
  });
  db.transaction(() => {
    for (let i = 0; i < SMALL_PAGES; i++) {
      const id = `p-${String(i).padStart(4, '0')}`;
      page.run(id, id, 30);
      snapshot.run(id, doc);
      for (let v = 1; v <= 30; v++) patch.run(id, v, `${id}-${v}`, small);
      if (i % (SMALL_PAGES / BIG_PAGES) === 0) {
        // Sorts right after `id`: the big page's rows sit among the ordinary ones.
        const bigId = `${id}-big`;
        page.run(bigId, bigId, BIG_PATCHES);
        snapshot.run(bigId, doc);
        for (let v = 1; v <= BIG_PATCHES; v++) patch.run(bigId, v, `${bigId}-${v}`, big);
      }
    }
  })();
}

function measure(db: Database.Database): { load: number; findOp: number } {
  const pageRow = db.prepare('SELECT id, title, version, created_at, updated_at, deleted_at FROM pages WHERE id = ?');
  const versions = db.prepare('SELECT version FROM snapshots WHERE page_id = ? AND version <= ? ORDER BY version DESC');
  const snapshot = db.prepare('SELECT version, format, doc, authors, ts FROM snapshots WHERE page_id = ? AND version = ?');
  const entries = db.prepare(
    'SELECT version, op_id, sender_id, user_name, patches, format, ts FROM patches WHERE page_id = ? AND version > ? AND version <= ? ORDER BY version',
  );
  const recent = db.prepare('SELECT version, op_id, patches FROM patches WHERE page_id = ? ORDER BY version DESC LIMIT 1000');
  const findOp = db.prepare('SELECT version FROM patches WHERE page_id = ? AND op_id = ?');
  const loads: number[] = [];
  const finds: number[] = [];
  for (let round = 0; round < 3; round++) {
    for (let i = 0; i < SMALL_PAGES; i++) {
      const id = `p-${String(i).padStart(4, '0')}`;
      let start = performance.now();
      pageRow.get(id);
      versions.all(id, 30);
      snapshot.get(id, 0);
      entries.all(id, 0, 30);
      recent.all(id);
      loads.push(performance.now() - start);
      start = performance.now();
      findOp.get(id, `${id}-7`);
      finds.push(performance.now() - start);
    }
  }
  const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
  return { load: median(loads), findOp: median(finds) };
}

const dir = mkdtempSync(path.join(tmpdir(), 'tandem-layout-bench-'));
try {
  console.log(
    `SQLite: ${SMALL_PAGES} ordinary pages beside ${BIG_PAGES} pages of ${BIG_PATCHES} x ${BIG_BYTES / 1024} KB patches (medians)`,
  );
  for (const [name, steps] of [
    ['WITHOUT ROWID (schema 1)', 1],
    ['rowid + indexes (schema 2)', 2],
  ] as const) {
    const file = path.join(dir, `${steps}.db`);
    const db = new Database(file);
    db.pragma('journal_mode = WAL');
    for (const step of SQLITE_MIGRATIONS.slice(0, steps)) db.exec(step.sql);
    fill(db);
    db.close();
    // Reopened, as a server after a restart: the page cache starts empty.
    const again = new Database(file, { readonly: true });
    const { load, findOp } = measure(again);
    again.close();
    console.log(
      `  ${name.padEnd(28)} load an ordinary page ${(load * 1000).toFixed(0).padStart(6)} µs   findOp ${(findOp * 1000).toFixed(0).padStart(5)} µs`,
    );
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
