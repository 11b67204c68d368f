/**
 * `pnpm bench`: how many patches a second the room accepts when each must be
 * durable before its ack, on SQLite and on PostgreSQL, next to the in-memory
 * store. Writers run a closed loop like real clients (one patch in flight, the
 * next sent a turn after its ack, on top of the version it last heard of), each
 * on its own Text of a 100-component page. One writer shows the latency of one
 * durable commit; 64 writers on 8 pages show what group commit makes of it.
 * PostgreSQL runs when DATABASE_URL or TEST_DATABASE_URL is set, in a schema of
 * its own that is dropped afterwards.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { systemClock } from '../src/clock.ts';
import { localFanout } from '../src/fanout.ts';
import { createLogger } from '../src/log.ts';
import { Room, type RoomClient } from '../src/room.ts';
import { MemoryStorage } from '../src/storage/memory.ts';
import { PostgresStorage } from '../src/storage/postgres.ts';
import { SqliteStorage } from '../src/storage/sqlite.ts';
import type { PageStorage } from '../src/storage/storage.ts';
import { withSearchPath } from '../src/testing.ts';
import { generatePage, textIds } from './pages.ts';

const RUN_MS = 2000;
const RUNS = 3;

interface Commits {
  transactions: number;
  writes: number;
}

/** Patches accepted per second with `writers` closed-loop writers spread over `pages` pages. */
async function run(storage: PageStorage, writers: number, pages: number, tag: string): Promise<{ rate: number; accepted: number }> {
  const page = generatePage(100);
  const ids = textIds(page);
  const rooms: Room[] = [];
  for (let p = 0; p < pages; p++) {
    const pageId = `bench-${tag}-${p}`;
    await storage.createIfMissing(pageId, page);
    rooms.push((await Room.load(pageId, { storage, fanout: localFanout, clock: systemClock, log: createLogger('silent') })) as Room);
  }
  let accepted = 0;
  let running = true;
  const done: Promise<void>[] = [];
  for (let w = 0; w < writers; w++) {
    const room = rooms[w % pages] as Room;
    const text = ids[Math.floor(w / pages) % ids.length] as string;
    let base = room.snapshot().version;
    let n = 0;
    let finish: () => void = () => {};
    done.push(new Promise<void>((resolve) => (finish = resolve)));
    const send = () => {
      if (!running) return finish();
      n++;
      room.submit(writer, {
        patches: [{ op: 'replace', path: `/components/${text}/props/text`, value: `w${w} ${n}` }],
        version: base,
        opId: `${tag}-${w}-${n}`,
      });
    };
    const writer: RoomClient = {
      send: (frame) => {
        if (!frame.startsWith('{"type":"ack"')) return;
        base = (JSON.parse(frame) as { payload: { version: number } }).payload.version;
        accepted++;
        setImmediate(send);
      },
      close: () => {},
    };
    room.join(writer, { userId: `w${w}`, userName: `Writer ${w}` });
    setImmediate(send);
  }
  const start = performance.now();
  await new Promise((resolve) => setTimeout(resolve, RUN_MS));
  const rate = (accepted * 1000) / (performance.now() - start);
  running = false;
  await Promise.all(done);
  for (const room of rooms) await room.settled();
  return { rate, accepted };
}

async function measure(storage: PageStorage, commits: () => Commits | null, label: string) {
  const ones: number[] = [];
  const manys: number[] = [];
  let patches = 0;
  let transactions = 0;
  for (let r = 0; r < RUNS; r++) {
    ones.push((await run(storage, 1, 1, `${label}-one-${r}`)).rate);
    const before = commits();
    const many = await run(storage, 64, 8, `${label}-many-${r}`);
    const after = commits();
    manys.push(many.rate);
    if (before && after) {
      patches += many.accepted;
      transactions += after.transactions - before.transactions;
    }
  }
  return { one: median(ones), many: median(manys), perTransaction: transactions > 0 ? patches / transactions : null };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

const rate = (n: number) => `${Math.round(n).toLocaleString('en-US')}/s`.padStart(12);

const rows: [string, Awaited<ReturnType<typeof measure>> | string][] = [];

rows.push(['in memory (no durability)', await measure(new MemoryStorage(), () => null, 'memory')]);

const dir = mkdtempSync(path.join(tmpdir(), 'tandem-bench-'));
const sqlite = SqliteStorage.open(path.join(dir, 'tandem.db'));
rows.push(['SQLite (WAL, fsync per batch)', await measure(sqlite, () => sqlite.commits, 'sqlite')]);
await sqlite.close();
rmSync(dir, { recursive: true, force: true });

const url = process.env.DATABASE_URL || process.env.TEST_DATABASE_URL;
if (url) {
  const schema = `tandem_bench_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Pool({ connectionString: url, max: 1 });
  await admin.query(`CREATE SCHEMA ${schema}`);
  try {
    const postgres = await PostgresStorage.open(withSearchPath(url, schema));
    rows.push(['PostgreSQL', await measure(postgres, () => postgres.commits, 'postgres')]);
    await postgres.close();
  } finally {
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await admin.end();
  }
} else {
  rows.push(['PostgreSQL', 'skipped: set DATABASE_URL or TEST_DATABASE_URL']);
}

console.log(`accepted patches per second, each stored before its ack (100-component page, median of ${RUNS} runs of ${RUN_MS / 1000} s)`);
console.log(`  ${'store'.padEnd(32)}${'1 writer'.padStart(12)}   ${'64 writers, 8 pages'.padStart(20)}   patches per transaction`);
for (const [label, row] of rows) {
  if (typeof row === 'string') console.log(`  ${label.padEnd(32)}${row}`);
  else
    console.log(
      `  ${label.padEnd(32)}${rate(row.one)}   ${rate(row.many).padStart(20)}   ${row.perTransaction === null ? '-' : row.perTransaction.toFixed(1)}`,
    );
}
