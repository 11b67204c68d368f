import { jsonSize, type Operation } from '@tandem/protocol';
import { TestClient, until } from '@tandem/server/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectUnharmed, start } from './harness.ts';

let server: Awaited<ReturnType<typeof start>>;
beforeAll(async () => {
  // A small page budget, so that the test reaches it in a few frames.
  server = await start({ maxDocumentBytes: 256 * 1024 });
});
afterAll(() => server.close());

/** The ack or error for `opId`. */
async function replyTo(client: TestClient, opId: string) {
  const find = () => client.received.find((m) => (m.type === 'ack' || m.type === 'error') && m.payload.opId === opId);
  await until(() => find() !== undefined, `a reply to ${opId}`);
  return find() as NonNullable<ReturnType<typeof find>>;
}

describe('copy growth', () => {
  it('[L3] a ~1 KB frame of nested copies (each doubling the page) is refused with patch-too-large, and the page stays openable', async () => {
    const attacker = await TestClient.join(server, 'grow', 'Attacker');
    // Each op copies the whole component map into itself: 30 of them would make 2^30 copies.
    const ops: Operation[] = Array.from({ length: 30 }, (_, i) => ({ op: 'copy', from: '/components', path: `/components/k${i}` }));
    const text = JSON.stringify({ type: 'op-patch', payload: { patches: ops, version: 0, opId: 'grow-1' } });
    expect(text.length).toBeLessThan(2_000);
    attacker.send(text);
    expect((await attacker.next('error')).payload).toMatchObject({ code: 'patch-too-large', opId: 'grow-1' });

    const late = await TestClient.join(server, 'grow', 'Latecomer');
    expect(late.sync.payload.version).toBe(0);
    expect(jsonSize(late.sync.payload.schema)).toBeLessThan(10_000);
    await Promise.all([attacker.close(), late.close()]);
    await expectUnharmed(server);
  });

  it('[L4] copies that grow the page frame by frame stop at the document budget with document-too-large, and the page stays openable', async () => {
    const attacker = await TestClient.join(server, 'grow-slowly', 'Attacker');
    const rootId = attacker.sync.payload.schema.rootId;
    // One big text, then copied into new components, 15 KB a copy, until the 256 KB page budget says no.
    attacker.sendPatch(
      [
        { op: 'add', path: '/components/t0', value: { id: 't0', type: 'Text', props: { text: 'x'.repeat(15_000) }, children: [] } },
        { op: 'add', path: `/components/${rootId}/children/-`, value: 't0' },
      ],
      0,
      'seed',
    );
    let version = (await attacker.next('ack')).payload.version;
    let refused: string | null = null;
    for (let n = 1; n < 40 && refused === null; n++) {
      attacker.sendPatch(
        [
          { op: 'copy', from: '/components/t0', path: `/components/t${n}` },
          { op: 'replace', path: `/components/t${n}/id`, value: `t${n}` },
          { op: 'add', path: `/components/${rootId}/children/-`, value: `t${n}` },
        ],
        version,
        `copy-${n}`,
      );
      const reply = await replyTo(attacker, `copy-${n}`);
      if (reply.type === 'ack') version = reply.payload.version;
      else if (reply.type === 'error') refused = reply.payload.code;
    }
    expect(refused).toBe('document-too-large');
    const late = await TestClient.join(server, 'grow-slowly', 'Latecomer');
    expect(late.sync.payload.version).toBe(version);
    expect(jsonSize(late.sync.payload.schema)).toBeLessThanOrEqual(256 * 1024);
    await Promise.all([attacker.close(), late.close()]);
    await expectUnharmed(server);
  });
});
