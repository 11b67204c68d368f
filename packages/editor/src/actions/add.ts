/** addComponent: a new component with default props (Columns come with two Columns). */
import { type ComponentNode, defaultProps, getDefinition, type Json, type PageDocument, ROOT_TYPE } from '@tandem/protocol';
import { placementFor } from '../insert-placement.ts';
import { fail, type Outcome, ok } from '../outcome.ts';
import type { Placement } from '../types.ts';
import { freshId, type IdFactory } from './ids.ts';

/** What a new component of `type` is made of: itself first, then what it comes with. */
export function newComponents(doc: PageDocument, type: string, ids: IdFactory): ComponentNode[] {
  const node = (t: string): ComponentNode => ({ id: freshId(doc, t, ids), type: t, props: defaultProps(t), children: [] });
  const root = node(type);
  if (type !== 'Columns') return [root];
  const columns = [node('Column'), node('Column')];
  root.children = columns.map((c) => c.id);
  return [root, ...columns];
}

/** `props` are set over the defaults in the same change (an Image dropped with its src is one edit, one undo step). */
export function add(
  doc: PageDocument,
  args: { type: string; at?: Placement; selection: string | null; ids: IdFactory; props?: Readonly<Record<string, Json>> },
): Outcome<string> {
  if (!getDefinition(args.type) || args.type === ROOT_TYPE) return fail(`there is no component type "${args.type}"`);
  const place = placementFor(doc, args.type, args.selection, args.at);
  if (!place.ok) return place;
  const nodes = newComponents(doc, args.type, args.ids);
  for (const node of nodes) doc.components[node.id] = node;
  const root = nodes[0] as ComponentNode;
  if (args.props) root.props = { ...root.props, ...args.props };
  doc.components[place.value.parentId]?.children.splice(place.value.index, 0, root.id);
  return ok(root.id);
}
