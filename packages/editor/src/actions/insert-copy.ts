/** Inserts a copy of a subtree with fresh ids at a place; shared by duplicate and paste. */
import { type ComponentNode, cloneJson, type PageDocument } from '@tandem/protocol';
import type { Subtree } from '../clipboard-format.ts';
import type { Placement } from '../types.ts';
import { freshId, type IdFactory } from './ids.ts';

/** The new id of the copy's root. The caller has checked that `place` takes it. */
export function insertCopy(doc: PageDocument, subtree: Subtree, place: Placement, ids: IdFactory): string {
  const renamed = new Map<string, string>();
  const taken = new Set<string>();
  for (const node of Object.values(subtree.components)) {
    let id = freshId(doc, node.type, ids);
    while (taken.has(id)) id = freshId(doc, node.type, ids);
    taken.add(id);
    renamed.set(node.id, id);
  }
  for (const node of Object.values(subtree.components)) {
    const id = renamed.get(node.id) as string;
    doc.components[id] = {
      id,
      type: node.type,
      props: cloneJson(node.props),
      children: node.children.map((child) => renamed.get(child) as string),
    };
  }
  const rootId = renamed.get(subtree.rootId) as string;
  (doc.components[place.parentId] as ComponentNode).children.splice(place.index, 0, rootId);
  return rootId;
}
