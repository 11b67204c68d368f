/** paste: clipboard JSON, checked, inserted with fresh ids where addComponent would put it. */
import type { ComponentNode, PageDocument } from '@tandem/protocol';
import { parseSubtree } from '../clipboard-format.ts';
import { type Outcome, ok } from '../outcome.ts';
import { placementFor } from '../insert-placement.ts';
import type { Placement } from '../types.ts';
import type { IdFactory } from './ids.ts';
import { insertCopy } from './insert-copy.ts';

export function paste(
  doc: PageDocument,
  args: { json: string; at?: Placement; selection: string | null; ids: IdFactory },
): Outcome<string> {
  const subtree = parseSubtree(args.json);
  if (!subtree.ok) return subtree;
  const root = subtree.value.components[subtree.value.rootId] as ComponentNode;
  const place = placementFor(doc, root.type, args.selection, args.at);
  if (!place.ok) return place;
  return ok(insertCopy(doc, subtree.value, place.value, args.ids));
}
