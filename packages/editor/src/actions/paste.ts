/**
 * paste: clipboard JSON (one subtree or several), checked, inserted with fresh ids
 * where addComponent would put the first of them, side by side in their copied
 * order. Every container rule holds for the whole group or nothing is pasted.
 */
import type { ComponentNode, PageDocument } from '@tandem/protocol';
import { parseSubtrees } from '../clipboard-format.ts';
import { groupHoldRefusal } from '../group-rules.ts';
import { placementFor } from '../insert-placement.ts';
import { fail, type Outcome, ok } from '../outcome.ts';
import type { Placement } from '../types.ts';
import type { IdFactory } from './ids.ts';
import { insertCopy } from './insert-copy.ts';

/** The new roots' ids, in order. */
export function pasteMany(
  doc: PageDocument,
  args: { json: string; at?: Placement; selection: string | null; ids: IdFactory },
): Outcome<string[]> {
  const parsed = parseSubtrees(args.json);
  if (!parsed.ok) return parsed;
  const { rootIds, components } = parsed.value;
  const types = rootIds.map((id) => (components[id] as ComponentNode).type);
  const place = placementFor(doc, types[0] as string, args.selection, args.at);
  if (!place.ok) return place;
  const why = groupHoldRefusal(doc, place.value.parentId, types, types.length);
  if (why !== null) return fail(why);
  const pasted = rootIds.map((rootId, i) =>
    insertCopy(
      doc,
      { rootId, components: onlyUnder(components, rootId) },
      { parentId: place.value.parentId, index: place.value.index + i },
      args.ids,
    ),
  );
  return ok(pasted);
}

/** One subtree pasted: the new root's id (the last, when the clipboard held several). */
export function paste(
  doc: PageDocument,
  args: { json: string; at?: Placement; selection: string | null; ids: IdFactory },
): Outcome<string> {
  const pasted = pasteMany(doc, args);
  return pasted.ok ? ok(pasted.value[pasted.value.length - 1] as string) : pasted;
}

/** The part of a checked clipboard's components under one root (a tree: each is reached once). */
function onlyUnder(components: Record<string, ComponentNode>, rootId: string): Record<string, ComponentNode> {
  const out: Record<string, ComponentNode> = {};
  const stack = [rootId];
  while (stack.length > 0) {
    const node = components[stack.pop() as string] as ComponentNode;
    out[node.id] = node;
    stack.push(...node.children);
  }
  return out;
}
