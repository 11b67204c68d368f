import type { Operation } from '@tandem/protocol';
import { TestClient } from '@tandem/server/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectUnharmed, start } from './harness.ts';

let server: Awaited<ReturnType<typeof start>>;
beforeAll(async () => {
  server = await start();
});
afterAll(() => server.close());

describe('opId hijack', () => {
  it("[L8] a peer's empty patches under the victim's next opIds do not make the victim's real edits vanish", async () => {
    const victim = await TestClient.join(server, 'hijack', 'Victim');
    const attacker = await TestClient.join(server, 'hijack', 'Attacker');
    const rootId = victim.sync.payload.schema.rootId;
    // The attack: opIds were `<clientId>-<counter>`, relayed to everyone, so the next ones were known.
    for (const n of [1, 2, 3]) attacker.sendPatch([], 0, `victim-${n}`);
    for (let n = 0; n < 3; n++) await attacker.next('ack');

    const edit: Operation[] = [{ op: 'replace', path: `/components/${rootId}/props/title`, value: 'my real edit' }];
    victim.sendPatch(edit, 0, 'victim-1');
    const refused = await victim.next('error');
    // Never a silent ack: the victim is told, and its client sends the edit again under a fresh opId.
    expect(refused.payload).toMatchObject({ code: 'op-id-conflict', opId: 'victim-1' });
    expect(victim.all('ack')).toEqual([]);
    victim.sendPatch(edit, 0, 'victim-fresh-1');
    expect((await victim.next('ack')).payload).toEqual({ opId: 'victim-fresh-1', version: 1 });
    expect(server.server.hub.snapshot('hijack')?.doc.components[rootId]?.props.title).toBe('my real edit');
    await Promise.all([victim.close(), attacker.close()]);
    await expectUnharmed(server);
  });

  it('[L8] exactly-once still holds for the author, and for the same patch sent again after a reconnection', async () => {
    const first = await TestClient.join(server, 'resend', 'Writer');
    const rootId = first.sync.payload.schema.rootId;
    const edit: Operation[] = [{ op: 'replace', path: `/components/${rootId}/props/title`, value: 'once' }];
    first.sendPatch(edit, 0, 'w-1');
    expect((await first.next('ack')).payload.version).toBe(1);
    first.sendPatch(edit, 0, 'w-1');
    expect((await first.next('ack')).payload.version).toBe(1);
    await first.close();
    // Back with a new ticket (a new user id): the same patch under its opId is acknowledged, not applied again.
    const again = await TestClient.join(server, 'resend', 'Writer');
    again.sendPatch(edit, 0, 'w-1');
    expect((await again.next('ack')).payload).toEqual({ opId: 'w-1', version: 1 });
    expect(server.server.hub.snapshot('resend')?.version).toBe(1);
    await again.close();
    await expectUnharmed(server);
  });
});
