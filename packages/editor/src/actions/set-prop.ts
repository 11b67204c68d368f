/** setProp: one prop of one component, checked against its field. O(1): no tree walk. */
import { checkFieldValue, cloneJson, getDefinition, hasOwn, type Json, jsonEqual, nodeOf, type PageDocument } from '@tandem/protocol';
import { fail, type Outcome, ok } from '../outcome.ts';

export function setProp(doc: PageDocument, id: string, name: string, value: Json): Outcome<void> {
  const node = nodeOf(doc, id);
  if (!node) return fail('that component no longer exists');
  const def = getDefinition(node.type);
  const field = def && hasOwn(def.fields, name) ? def.fields[name] : undefined;
  if (!def || !field) return fail(`a ${def?.label ?? node.type} has no "${name}"`);
  const why = checkFieldValue(field, value);
  if (why !== null) return fail(`${field.label} ${why}`);
  // The same value again is no change: nothing to send, no undo step.
  if (hasOwn(node.props, name) && jsonEqual(node.props[name], value)) return ok(undefined);
  node.props[name] = cloneJson(value);
  return ok(undefined);
}

/** setProps: one prop of several components (of one type, or sharing the field) to one value, as one change. */
export function setPropMany(doc: PageDocument, ids: readonly string[], name: string, value: Json): Outcome<void> {
  if (ids.length === 0) return fail('nothing is selected');
  for (const id of ids) {
    const set = setProp(doc, id, name, value);
    if (!set.ok) return set;
  }
  return ok(undefined);
}
