import { createId, hasOwn, type PageDocument } from '@tandem/protocol';

/** Makes a fresh component id for a type; tests pass a predictable one. */
export type IdFactory = (type: string) => string;

export const randomIds: IdFactory = (type) => createId(type.toLowerCase().replace(/[^a-z0-9]/g, '') || 'c');

/** A fresh id that is not already in the page (D9: it starts with a letter). */
export function freshId(doc: PageDocument, type: string, ids: IdFactory): string {
  for (;;) {
    const id = ids(type);
    if (!hasOwn(doc.components, id)) return id;
  }
}
