/**
 * `pnpm bench`: the cost of applying a small patch must not grow with the page.
 * Applies 1-operation patches to a 10-component and a 5,000-component page, both
 * through the bare `applyDocumentPatch` (in place, as the room does) and through
 * the room's whole submit path (parse, version check, apply, validate, store,
 * ack, fan-out to one other member), and prints the medians and their ratio.
 */
import { applyDocumentPatch, cloneJson, type PageDocument } from '@tandem/protocol';
import { systemClock } from '../src/clock.ts';
import { localFanout } from '../src/fanout.ts';
import { createLogger } from '../src/log.ts';
import { Room, type RoomClient } from '../src/room.ts';
import { MemoryStorage } from '../src/storage/memory.ts';
import { fmt, medianRate } from './measure.ts';
import { generatePage, textIds } from './pages.ts';

const sink: RoomClient = { send: () => {}, close: () => {} };

async function benchPage(size: number): Promise<{ bare: number; room: number }> {
  const page = generatePage(size);
  const ids = textIds(page);

  const doc: PageDocument = cloneJson(page);
  let n = 0;
  const bare = await medianRate(() => {
    for (let i = 0; i < 1000; i++, n++) {
      const id = ids[n % ids.length] as string;
      const r = applyDocumentPatch(doc, [{ op: 'replace', path: `/components/${id}/props/text`, value: `edit ${n}` }], { inPlace: true });
      if (!r.ok) throw new Error(r.error.message);
    }
    return 1000;
  });

  const storage = new MemoryStorage({ logWindow: 100 });
  await storage.createIfMissing('bench', page);
  const room = (await Room.load('bench', { storage, fanout: localFanout, clock: systemClock, log: createLogger('silent') })) as Room;
  const author: RoomClient = { send: () => {}, close: () => {} };
  room.join(author, { userId: 'author', userName: 'Author' });
  room.join(sink, { userId: 'reader', userName: 'Reader' });
  const roomRate = await medianRate(async () => {
    const base = room.snapshot().version;
    for (let i = 0; i < 1000; i++, n++) {
      const id = ids[n % ids.length] as string;
      room.submit(author, {
        patches: [{ op: 'replace', path: `/components/${id}/props/text`, value: `edit ${n}` }],
        version: base + i,
        opId: `op-${n}`,
      });
    }
    while (!room.isSettled) await new Promise((r) => setImmediate(r));
    return 1000;
  });
  return { bare, room: roomRate };
}

const small = await benchPage(10);
const large = await benchPage(5000);
console.log('apply 1-operation patches (median of 7 samples)');
console.log(
  `  applyDocumentPatch    10 components: ${fmt(small.bare).padStart(18)}   5,000 components: ${fmt(large.bare).padStart(18)}   ratio ${(small.bare / large.bare).toFixed(2)}x`,
);
console.log(
  `  room submit path      10 components: ${fmt(small.room).padStart(18)}   5,000 components: ${fmt(large.room).padStart(18)}   ratio ${(small.room / large.room).toFixed(2)}x`,
);
