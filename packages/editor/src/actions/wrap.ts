/**
 * wrapInSection: a new Section, where the first of the group was, holding the
 * group in page order, as one change. The group must sit side by side in one
 * container (else there is no one place for the Section), that container must
 * take a Section in their stead, and a Section must take each of them.
 */
import { defaultProps, locate, nodeOf, type PageDocument } from '@tandem/protocol';
import { groupHoldRefusal } from '../group-rules.ts';
import { fail, type Outcome, ok } from '../outcome.ts';
import { topLevel } from '../selection.ts';
import { freshId, type IdFactory } from './ids.ts';

export const WRAPPER_TYPE = 'Section';

/** The new Section's id. */
export function wrap(doc: PageDocument, ids: readonly string[], idFactory: IdFactory): Outcome<string> {
  const group = topLevel(doc, ids);
  if (group.length === 0)
    return fail(ids.includes(doc.rootId) ? 'the page itself cannot be wrapped in a section' : 'those components no longer exist');
  const places = group.map((id) => locate(doc, id) as { parentId: string; index: number });
  const parentId = (places[0] as { parentId: string }).parentId;
  if (places.some((p) => p.parentId !== parentId)) {
    return fail(
      'Only components side by side in one container can be wrapped in a Section together. Select components with the same parent.',
    );
  }
  // The parent loses the group and gains the Section.
  const outer = groupHoldRefusal(doc, parentId, [WRAPPER_TYPE], 1 - group.length);
  if (outer !== null) return fail(outer);
  const types = group.map((id) => nodeOf(doc, id)?.type as string);
  const section = freshId(doc, WRAPPER_TYPE, idFactory);
  doc.components[section] = { id: section, type: WRAPPER_TYPE, props: defaultProps(WRAPPER_TYPE), children: [] };
  const inner = groupHoldRefusal(doc, section, types, group.length);
  if (inner !== null) return fail(inner);
  const parent = doc.components[parentId] as { children: string[] };
  const first = (places[0] as { index: number }).index;
  for (const p of [...places].reverse()) parent.children.splice(p.index, 1);
  parent.children.splice(first, 0, section);
  (doc.components[section] as { children: string[] }).children.push(...group);
  return ok(section);
}
