/**
 * What every attack shares: a real server on an ephemeral port, and the check
 * that follows each attack: the server answers, another page still takes an
 * edit, and every page it holds is a valid document.
 */
import { type Operation, validateDocument } from '@tandem/protocol';
import type { Config } from '@tandem/server';
import { type RunningServer, startTestServer, TestClient } from '@tandem/server/testing';
import { expect } from 'vitest';

export async function start(config: Partial<Config> = {}): Promise<RunningServer> {
  return startTestServer({ config });
}

let bystanders = 0;

/** After an attack: alive, another page edits, every document valid. */
export async function expectUnharmed(server: RunningServer): Promise<void> {
  const health = await fetch(`${server.http}/healthz`);
  expect(health.status).toBe(200);

  const pageId = `bystander-${++bystanders}`;
  const peer = await TestClient.join(server, pageId, 'Bystander');
  const rootId = peer.sync.payload.schema.rootId;
  const ops: Operation[] = [{ op: 'replace', path: `/components/${rootId}/props/title`, value: 'still editing' }];
  peer.sendPatch(ops, peer.sync.payload.version, `bystander-${bystanders}-1`);
  const ack = await peer.next('ack');
  expect(ack.payload.version).toBe(peer.sync.payload.version + 1);
  await peer.close();

  const { storage, hub } = server.server;
  for (const page of await storage.listPages()) {
    const live = hub.snapshot(page.id);
    const doc = live?.doc ?? (await storage.loadVersion(page.id))?.doc;
    expect(doc, `page ${page.id} opens`).toBeDefined();
    expect(validateDocument(doc), `page ${page.id} is valid`).toEqual([]);
  }
}

/** Milliseconds `work` takes. */
export async function timed(work: () => Promise<unknown>): Promise<number> {
  const t = performance.now();
  await work();
  return performance.now() - t;
}
