import { describe, expect, test } from 'vitest';
import type { PendingEdit } from './document-state.ts';
import { localPendingStore } from './pending-store.ts';

function memoryStorage() {
  const items = new Map<string, string>();
  return {
    items,
    getItem: (k: string) => items.get(k) ?? null,
    setItem: (k: string, v: string) => void items.set(k, v),
    removeItem: (k: string) => void items.delete(k),
  };
}

const path = '/components/hero-heading/props/text';

describe('localPendingStore', () => {
  test('[T16.2] keeps a sent edit with what it was sent as and its version, and an unsent one as it is', () => {
    const storage = memoryStorage();
    const store = localPendingStore(storage);
    const edits: PendingEdit[] = [
      {
        opId: 'a-1',
        ops: [{ op: 'replace', path, value: 'shown' }],
        sent: true,
        resend: {
          ops: [
            { op: 'test', path, value: 'old' },
            { op: 'replace', path, value: 'old!' },
          ],
          version: 4,
        },
      },
      { opId: 'a-2', ops: [{ op: 'replace', path, value: 'next' }], sent: false },
    ];
    store.save('p', edits);
    expect(store.load('p')).toEqual(edits);
    store.save('p', []);
    expect(storage.items.size).toBe(0);
  });

  test('reads what an older client saved (no version), and nothing from a damaged entry', () => {
    const storage = memoryStorage();
    storage.setItem('tandem:pending:p', JSON.stringify([{ opId: 'a-1', ops: [{ op: 'replace', path, value: 'x' }], sent: true }]));
    expect(localPendingStore(storage).load('p')).toEqual([{ opId: 'a-1', ops: [{ op: 'replace', path, value: 'x' }], sent: true }]);
    storage.setItem('tandem:pending:p', '{"not": "a list"');
    expect(localPendingStore(storage).load('p')).toEqual([]);
  });
});
