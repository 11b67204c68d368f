/** The ledger's order (SPEC U7: a page's unused uploads are listed newest first), on the real file system. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { AssetLedger } from './asset-ledger.ts';

let dir: string;
afterEach(() => rmSync(dir, { recursive: true, force: true }));

it('[U7] lists records newest first even when many fall within one tick of the file system clock', async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'tandem-ledger-'));
  const ledger = new AssetLedger(dir);
  // Twenty records as fast as they can be made: far more than one per millisecond, let alone per clock tick.
  const hashes = Array.from({ length: 20 }, (_, i) => i.toString(16).padStart(64, 'f'));
  for (const hash of hashes) await ledger.record('pages', 'site', hash);
  expect(await ledger.hashes('pages', 'site')).toEqual([...hashes].reverse());
  // A record made again keeps its first time: it does not jump to the front.
  await ledger.record('pages', 'site', hashes[0] as string);
  expect((await ledger.hashes('pages', 'site')).at(-1)).toBe(hashes[0]);
});
