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

const Saved = z.array(
  z.object({
    opId: z.string().min(1).max(128),
    ops: z.array(OperationSchema),
    sent: z.boolean(),
    // A sent edit's copy as sent and its base version (SPEC T16); absent in what older clients saved.
    resend: z.object({ ops: z.array(OperationSchema), version: z.number().int().min(0) }).optional(),
  }),
);

export function localPendingStore(storage: StorageLike, prefix = 'tandem:pending:'): PendingStore {
  return {
    load(pageId) {
      try {
        const parsed = Saved.safeParse(JSON.parse(storage.getItem(prefix + pageId) ?? '[]'));
        return parsed.success ? parsed.data.map(({ resend, ...edit }) => (resend ? { ...edit, resend } : edit)) : [];
      } catch {
        return [];
      }
    },
    save(pageId, edits) {
      try {
        if (edits.length === 0) storage.removeItem(prefix + pageId);
        else storage.setItem(prefix + pageId, JSON.stringify(edits.map(({ opId, ops, sent, resend }) => ({ opId, ops, sent, resend }))));
      } catch {
        // Full or unavailable storage: the edits still live in memory and are sent when possible.
      }
    },
  };
}
