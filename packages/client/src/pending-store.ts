/**
 * Where a client keeps its unsent edits between page loads, so that an edit made
 * offline survives closing the tab. The browser's is localStorage, one key per page.
 */
import { OperationSchema } from '@tandem/protocol';
import { z } from 'zod';
import type { PendingEdit } from './document-state.ts';

export interface PendingStore {
  load(pageId: string): PendingEdit[];
  save(pageId: string, edits: readonly PendingEdit[]): void;
}

interface StorageLike {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

const Saved = z.array(z.object({ opId: z.string().min(1).max(128), ops: z.array(OperationSchema), sent: z.boolean() }));

export function localPendingStore(storage: StorageLike, prefix = 'tandem:pending:'): PendingStore {
  return {
    load(pageId) {
      try {
        const parsed = Saved.safeParse(JSON.parse(storage.getItem(prefix + pageId) ?? '[]'));
        return parsed.success ? parsed.data : [];
      } catch {
        return [];
      }
    },
    save(pageId, edits) {
      try {
        if (edits.length === 0) storage.removeItem(prefix + pageId);
        else storage.setItem(prefix + pageId, JSON.stringify(edits.map(({ opId, ops, sent }) => ({ opId, ops, sent }))));
      } catch {
        // Full or unavailable storage: the edits still live in memory and are sent when possible.
      }
    },
  };
}
