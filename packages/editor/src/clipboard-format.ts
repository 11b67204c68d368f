/**
 * The clipboard form of a subtree, which works across pages and tabs:
 *
 *   { "tandem": "subtree", "rootId": "...", "components": { "<id>": ComponentNode, ... } }
 *   { "tandem": "subtrees", "rootIds": ["...", ...], "components": { ... } }   (a multi-selection)
 *
 * What comes back from the clipboard is untrusted text, so `parseSubtree` accepts
 * only a tree that could live in a page: registered types (not the page root),
 * known props whose values fit their fields, children that exist, each reached
 * once from the root, in containers that take them. Ids are replaced on paste.
 */
import {
  checkFieldValue,
  childCountRefusal,
  childTypeRefusal,
  cloneJson,
  type ComponentNode,
  describeRefusal,
  findDangerousKey,
  getDefinition,
  hasOwn,
  isDangerousKey,
  isPlainObject,
  type Json,
  nodeOf,
  type PageDocument,
  ROOT_TYPE,
  subtreeIds,
} from '@tandem/protocol';
import { fail, type Outcome, ok } from './outcome.ts';

export const CLIPBOARD_KIND = 'subtree';
/** The kind of several subtrees copied together. */
export const CLIPBOARD_MANY_KIND = 'subtrees';
/** More than any real copy; keeps a pasted blob from freezing the tab. */
export const MAX_PASTED_COMPONENTS = 2_000;

export interface Subtree {
  rootId: string;
  components: Record<string, ComponentNode>;
}

export function serializeSubtree(doc: PageDocument, id: string): string | null {
  if (id === doc.rootId || !nodeOf(doc, id)) return null;
  const components: Record<string, ComponentNode> = {};
  for (const each of subtreeIds(doc, id)) components[each] = doc.components[each] as ComponentNode;
  return JSON.stringify({ tandem: CLIPBOARD_KIND, rootId: id, components });
}

export function parseSubtree(text: string): Outcome<Subtree> {
  const parsed = parseSubtrees(text);
  if (!parsed.ok) return parsed;
  if (parsed.value.rootIds.length !== 1) return fail('the clipboard holds several components');
  return ok({ rootId: parsed.value.rootIds[0] as string, components: parsed.value.components });
}

/** Several subtrees copied together (a multi-selection), in page order. */
export interface Subtrees {
  rootIds: string[];
  components: Record<string, ComponentNode>;
}

/**
 * Several top-level components (see selection.ts `topLevel`) as clipboard JSON:
 * one is the single form above, so a tab running an older editor can paste it;
 * more are `{ "tandem": "subtrees", "rootIds": [...], "components": {...} }`.
 */
export function serializeSubtrees(doc: PageDocument, rootIds: readonly string[]): string | null {
  if (rootIds.length === 1) return serializeSubtree(doc, rootIds[0] as string);
  if (rootIds.length === 0 || rootIds.some((id) => id === doc.rootId || !nodeOf(doc, id))) return null;
  const components: Record<string, ComponentNode> = {};
  for (const root of rootIds) for (const each of subtreeIds(doc, root)) components[each] = doc.components[each] as ComponentNode;
  return JSON.stringify({ tandem: CLIPBOARD_MANY_KIND, rootIds, components });
}

/** Either clipboard form, checked as untrusted text (see the top of this file). */
export function parseSubtrees(text: string): Outcome<Subtrees> {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return fail('the clipboard does not hold a Tandem component');
  }
  if (!isPlainObject(data) || !isPlainObject(data.components)) return fail('the clipboard does not hold a Tandem component');
  let roots: unknown[];
  if (data.tandem === CLIPBOARD_KIND && typeof data.rootId === 'string') roots = [data.rootId];
  else if (data.tandem === CLIPBOARD_MANY_KIND && Array.isArray(data.rootIds) && data.rootIds.length > 0) roots = data.rootIds;
  else return fail('the clipboard does not hold a Tandem component');
  if (roots.length > MAX_PASTED_COMPONENTS) return fail(`at most ${MAX_PASTED_COMPONENTS} components can be pasted at once`);
  if (!roots.every((root): root is string => typeof root === 'string')) return fail('the clipboard does not hold a Tandem component');
  if (findDangerousKey(data, isDangerousKey) !== null) return fail('the clipboard holds a reserved key');
  const source = data.components;
  const count = Object.keys(source).length;
  if (count > MAX_PASTED_COMPONENTS) return fail(`at most ${MAX_PASTED_COMPONENTS} components can be pasted at once`);

  const components: Record<string, ComponentNode> = {};
  // Every node is visited once in all (a node reached twice is refused), so the work is bounded by `count`.
  const stack = [...roots].reverse();
  while (stack.length > 0) {
    const id = stack.pop() as string;
    if (hasOwn(components, id)) return fail('the pasted components are not a tree');
    const node = hasOwn(source, id) ? source[id] : undefined;
    const checked = checkNode(id, node, source);
    if (!checked.ok) return checked;
    components[id] = checked.value;
    stack.push(...checked.value.children);
  }
  if (Object.keys(components).length !== count) return fail('the pasted components are not one tree');
  return ok({ rootIds: roots, components });
}

/** One pasted node, checked against the registry (D5–D7); a clean copy of it. */
function checkNode(id: string, node: Json | undefined, source: Record<string, Json>): Outcome<ComponentNode> {
  if (!isPlainObject(node) || node.id !== id || typeof node.type !== 'string') return fail('a pasted component is malformed');
  const def = getDefinition(node.type);
  if (!def || node.type === ROOT_TYPE) return fail(`cannot paste a component of type "${node.type}"`);
  if (!isPlainObject(node.props) || !Array.isArray(node.children)) return fail('a pasted component is malformed');
  for (const [name, value] of Object.entries(node.props)) {
    const field = hasOwn(def.fields, name) ? def.fields[name] : undefined;
    if (!field) return fail(`a ${def.label} has no "${name}"`);
    const why = checkFieldValue(field, value);
    if (why !== null) return fail(`a pasted ${def.label}'s ${field.label.toLowerCase()} ${why}`);
  }
  const children: string[] = [];
  for (const child of node.children) {
    if (typeof child !== 'string' || !hasOwn(source, child)) return fail('a pasted component has a missing child');
    children.push(child);
  }
  // D7, by the protocol's container rules.
  const count = childCountRefusal(node.type, children.length);
  if (count !== null) return fail(describeRefusal(count, node.type));
  for (const child of children) {
    const type = (source[child] as { type?: unknown } | undefined)?.type;
    const refusal = typeof type === 'string' ? childTypeRefusal(node.type, type) : def.allowedChildren ? 'type-not-allowed' : null;
    if (refusal !== null) return fail(describeRefusal(refusal, node.type, String(type)));
  }
  return ok({ id, type: node.type, props: cloneJson(node.props), children });
}
