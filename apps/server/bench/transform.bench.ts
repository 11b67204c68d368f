/**
 * `pnpm bench` (second part): the price of concurrency. How long transforming
 * one patch takes against 1, 10 and 100 concurrent patches, and the room's
 * throughput when every patch arrives 10 versions stale, next to up to date;
 * and the longest transformation the room allows (TRANSFORM_BUDGET, SPEC L5).
 */
import { LIMITS, type Operation, transform } from '@tandem/protocol';
import { systemClock } from '../src/clock.ts';
import { localFanout } from '../src/fanout.ts';
import { createLogger } from '../src/log.ts';
import { Room, type RoomClient } from '../src/room.ts';
import { MemoryStorage } from '../src/storage/memory.ts';
import { fmt, medianRate } from './measure.ts';
import { generatePage, textIds } from './pages.ts';

const page = generatePage(500);
const ids = textIds(page);

/** A realistic mix: property edits and inserts/removals in the same children lists. */
function concurrent(count: number): Operation[] {
  const ops: Operation[] = [];
  for (let i = 0; i < count; i++) {
    if (i % 3 === 0) ops.push({ op: 'add', path: `/components/s${i % 5}/children/${i % 7}`, value: `n${i}` });
    else if (i % 3 === 1) ops.push({ op: 'remove', path: `/components/s${i % 5}/children/${i % 4}` });
    else ops.push({ op: 'replace', path: `/components/${ids[i % ids.length]}/props/text`, value: `t${i}` });
  }
  return ops;
}
const mine: Operation[] = [
  { op: 'replace', path: `/components/${ids[3]}/props/text`, value: 'mine' },
  { op: 'add', path: '/components/s2/children/3', value: 'mine-id' },
];

console.log('transform one 2-operation patch (median of 7 samples)');
for (const count of [1, 10, 100]) {
  const against = concurrent(count);
  const rate = await medianRate(() => {
    for (let i = 0; i < 1000; i++) transform(mine, against);
    return 1000;
  });
  console.log(`  against ${String(count).padStart(3)} concurrent: ${fmt(rate).padStart(18)}   ${(1e6 / rate).toFixed(2)} µs each`);
}

async function roomRate(stale: number): Promise<number> {
  const storage = new MemoryStorage({ logWindow: 100 });
  await storage.createIfMissing('bench', page);
  const room = (await Room.load('bench', { storage, fanout: localFanout, clock: systemClock, log: createLogger('silent') })) as Room;
  const author: RoomClient = { send: () => {}, close: () => {} };
  room.join(author, { userId: 'author', userName: 'Author' });
  room.join({ send: () => {}, close: () => {} }, { userId: 'reader', userName: 'Reader' });
  let n = 0;
  return medianRate(async () => {
    for (let i = 0; i < 500; i++, n++) {
      const version = room.snapshot().version;
      const id = ids[n % ids.length] as string;
      room.submit(author, {
        patches: [{ op: 'replace', path: `/components/${id}/props/text`, value: `edit ${n}` }],
        version: Math.max(0, version - stale),
        opId: `op-${stale}-${n}`,
      });
    }
    while (!room.isSettled) await new Promise((r) => setImmediate(r));
    return 500;
  });
}

const fresh = await roomRate(0);
const stale = await roomRate(10);
console.log('room submit path, 500-component page (median of 7 samples)');
console.log(`  up to date:        ${fmt(fresh).padStart(18)}`);
console.log(`  10 versions stale: ${fmt(stale).padStart(18)}   ${(fresh / stale).toFixed(2)}x the cost`);

// The worst the room lets one stale patch cost: operations x concurrent operations at the budget.
const budget = LIMITS.transformWork;
const wide = Array.from({ length: 20 }, (_, i): Operation => ({ op: 'replace', path: `/components/${ids[i]}/props/text`, value: `w${i}` }));
const deep = concurrent(budget / wide.length);
const worst = await medianRate(() => {
  for (let i = 0; i < 5; i++) transform(wide, deep);
  return 5;
});
console.log(`transform at the budget (${wide.length} ops x ${deep.length} concurrent = ${budget}): ${(1000 / worst).toFixed(2)} ms each`);
