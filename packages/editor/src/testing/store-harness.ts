/** A store on a fake client with predictable ids and a hand-driven clock. */
import type { PageDocument } from '@tandem/protocol';
import { createEditorStore } from '../editor-store.ts';
import { FakeClient } from './fake-client.ts';
import { counterIds, sampleDocument } from './fixtures.ts';

export function harness(doc: PageDocument | null = sampleDocument()) {
  const client = new FakeClient(doc);
  const clock = { now: 1_000_000 };
  const store = createEditorStore(client, { ids: counterIds(), now: () => clock.now });
  const state = () => store.getState();
  const doc$ = () => {
    const current = state().doc;
    if (current === null) throw new Error('no document');
    return current;
  };
  const node = (id: string) => doc$().components[id];
  const children = (id: string) => node(id)?.children;
  /** The ops of the last patch sent, and how many were sent. */
  const lastSent = () => client.sent[client.sent.length - 1];
  return { client, clock, store, state, doc: doc$, node, children, lastSent };
}
