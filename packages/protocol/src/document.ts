/**
 * The page document: a flat map of components by id, one of which is the root.
 * Flat, so that a patch to one component names it by id and never walks a tree.
 * Invariants are numbered D1–D7 in SPEC.md.
 */
import { z } from 'zod';
import { ErrorCode, type ProtocolError } from './errors.ts';
import { hasOwn, isPlainObject, type Json } from './json.ts';
import { type ApplyResult, applyPatch, type Operation } from './patch.ts';
import { isDangerousKey, parsePointer } from './pointer.ts';
import { checkFieldValue, getDefinition, ROOT_TYPE } from './registry.ts';
import { childCountRefusal, childTypeRefusal, isAncestor, subtreeIds } from './tree.ts';

export const ComponentNodeSchema = z.object({
  id: z.string(),
  type: z.string(),
  props: z.record(z.string(), z.json()),
  children: z.array(z.string()),
});
export const PageDocumentSchema = z.object({
  rootId: z.string(),
  components: z.record(z.string(), ComponentNodeSchema),
});
export type ComponentNode = z.infer<typeof ComponentNodeSchema>;
export type PageDocument = z.infer<typeof PageDocumentSchema>;

/**
 * D9: a letter or "_" first, so that an id is never an array index or "-" and
 * `transform` can tell object keys from array slots without the document.
 */
export const COMPONENT_ID_PATTERN = /^[A-Za-z_][A-Za-z0-9_-]{0,127}$/;

/** Every broken invariant of `doc`, as readable sentences; empty when valid. */
export function validateDocument(doc: unknown): string[] {
  const problems: string[] = [];
  if (!isPlainObject(doc)) return ['the document must be an object'];
  for (const key of Object.keys(doc)) if (key !== 'rootId' && key !== 'components') problems.push(`unknown document key "${key}"`);
  const { rootId, components } = doc as { rootId: unknown; components: unknown };
  if (typeof rootId !== 'string') problems.push('rootId must be a string');
  if (!isPlainObject(components)) return [...problems, 'components must be an object'];
  if (typeof rootId === 'string' && !hasOwn(components, rootId)) problems.push(`D1: root "${rootId}" does not exist`);
  else if (typeof rootId === 'string' && (components[rootId] as { type?: unknown } | undefined)?.type !== ROOT_TYPE) {
    problems.push(`D1: the root "${rootId}" must be a ${ROOT_TYPE}`);
  }

  const parents = new Map<string, string[]>();
  for (const [id, node] of Object.entries(components)) {
    problems.push(...checkNode(id, node, components));
    if (isPlainObject(node) && Array.isArray(node.children)) {
      for (const childId of node.children) {
        if (typeof childId !== 'string') continue;
        const list = parents.get(childId) ?? [];
        list.push(id);
        parents.set(childId, list);
      }
    }
  }
  for (const id of Object.keys(components)) {
    const count = parents.get(id)?.length ?? 0;
    if (id === rootId && count > 0) problems.push(`D3: the root "${id}" must have no parent`);
    if (id !== rootId && count !== 1) problems.push(`D3: "${id}" has ${count} parents, not exactly one`);
  }
  // D4: with one parent each, anything the root cannot reach sits on a cycle.
  if (problems.length === 0 && typeof rootId === 'string') {
    const seen = new Set(subtreeIds(doc as PageDocument, rootId));
    for (const id of Object.keys(components)) if (!seen.has(id)) problems.push(`D4: "${id}" is on a cycle`);
  }
  return problems;
}

/** D2, D5, D6, D7 for one component: its own shape, type, props and children. */
function checkNode(id: string, node: unknown, components: Record<string, unknown>): string[] {
  if (!isPlainObject(node)) return [`"${id}" must be an object`];
  const problems: string[] = [];
  if (node.id !== id) problems.push(`"${id}" has id ${JSON.stringify(node.id)}, not its key`);
  if (!COMPONENT_ID_PATTERN.test(id) || isDangerousKey(id)) problems.push(`D9: "${id}" is not a valid component id`);
  for (const key of Object.keys(node)) {
    if (key !== 'id' && key !== 'type' && key !== 'props' && key !== 'children') problems.push(`"${id}" has unknown key "${key}"`);
  }
  const def = typeof node.type === 'string' ? getDefinition(node.type) : undefined;
  if (!def) problems.push(`D5: "${id}" has unregistered type ${JSON.stringify(node.type)}`);
  if (!isPlainObject(node.props)) problems.push(`"${id}".props must be an object`);
  else if (def) {
    for (const [name, value] of Object.entries(node.props)) {
      const field = hasOwn(def.fields, name) ? def.fields[name] : undefined;
      if (!field) problems.push(`D6: ${def.type} "${id}" has no prop "${name}"`);
      else {
        const why = checkFieldValue(field, value);
        if (why !== null) problems.push(`D6: "${id}".props.${name} ${why}`);
      }
    }
  }
  if (!Array.isArray(node.children)) return [...problems, `"${id}".children must be a list`];
  // D7: the container rules are tree.ts's, shared with the editor and drag and drop.
  const count = def ? childCountRefusal(def.type, node.children.length) : null;
  if (def && count === 'not-a-container') problems.push(`D7: ${def.type} "${id}" cannot have children`);
  if (def && count === 'full') problems.push(`D7: ${def.type} "${id}" holds at most ${def.maxChildren} children`);
  if (def?.acceptsChildren) {
    for (const childId of node.children) {
      const child = typeof childId === 'string' && hasOwn(components, childId) ? (components[childId] as { type?: unknown }) : undefined;
      if (!child) continue;
      const refusal =
        typeof child.type === 'string' ? childTypeRefusal(def.type, child.type) : def.allowedChildren ? 'type-not-allowed' : null;
      if (refusal === 'type-not-allowed') problems.push(`D7: ${def.type} "${id}" cannot hold ${String(child.type)} "${childId}"`);
      else if (refusal === 'root-only') problems.push(`D7: a ${String(child.type)} is only ever the root, so "${id}" cannot hold "${childId}"`);
    }
  }
  for (const childId of node.children) {
    if (typeof childId !== 'string') problems.push(`"${id}" has a child id that is not a string`);
    else if (!hasOwn(components, childId)) problems.push(`D2: "${id}" has missing child "${childId}"`);
  }
  return problems;
}

/** Which components a patch can touch, or `full` when it reaches past them. */
export interface ChangeScope {
  full: boolean;
  ids: Set<string>;
}

export function changeScope(ops: readonly Operation[]): ChangeScope {
  const ids = new Set<string>();
  for (const op of ops) {
    if (op.op === 'test') continue;
    for (const pointer of op.op === 'move' ? [op.path, op.from] : [op.path]) {
      const tokens = parsePointer(pointer);
      if (tokens === null || tokens.length < 2 || tokens[0] !== 'components') return { full: true, ids };
      ids.add(tokens[1] as string);
    }
  }
  return { full: false, ids };
}

/** What `validateChange` needs of the touched components before the patch: children and type, or null when absent. */
type Before = Map<string, { children: readonly string[]; type: string } | null>;

function captureBefore(doc: PageDocument, ids: Set<string>): Before {
  const before: Before = new Map();
  for (const id of ids) {
    const node = hasOwn(doc.components, id) ? doc.components[id] : undefined;
    before.set(id, node ? { children: [...node.children], type: node.type } : null);
  }
  return before;
}

/**
 * The invariants, checked only where a patch reached: the touched components
 * themselves, the parent counts of children that were added or dropped, and
 * cycles below each new edge. Assumes the document was valid before (SPEC D8),
 * which is what lets the cost follow the patch rather than the page.
 */
export function validateChange(after: PageDocument, before: Before): string[] {
  const { components, rootId } = after;
  const problems: string[] = [];
  const delta = new Map<string, number>();
  const bump = (id: string, by: number) => delta.set(id, (delta.get(id) ?? 0) + by);
  const gained: [parent: string, child: string][] = [];

  for (const [id, old] of before) {
    const node = hasOwn(components, id) ? components[id] : undefined;
    // A component that changes type may no longer fit its (untouched) parent: rare, so check all.
    if (old && node && node.type !== old.type) return validateDocument(after);
    const oldChildren = old?.children;
    if (node !== undefined) problems.push(...checkNode(id, node, components));
    if (problems.length > 0) return problems;
    const newChildren = node?.children ?? [];
    const counts = new Map<string, number>();
    for (const c of newChildren) counts.set(c, (counts.get(c) ?? 0) + 1);
    for (const c of oldChildren ?? []) counts.set(c, (counts.get(c) ?? 0) - 1);
    for (const [c, n] of counts) {
      if (n === 0) continue;
      bump(c, n);
      if (n > 0) gained.push([id, c]);
    }
  }
  if (!hasOwn(components, rootId)) return [`D1: root "${rootId}" does not exist`];

  for (const id of new Set([...delta.keys(), ...before.keys()])) {
    const existsAfter = hasOwn(components, id);
    const existedBefore = before.has(id) ? before.get(id) !== null : existsAfter;
    const count = (existedBefore && id !== rootId ? 1 : 0) + (delta.get(id) ?? 0);
    const expected = existsAfter && id !== rootId ? 1 : 0;
    if (!existsAfter && count > 0) problems.push(`D2: "${id}" is still a child somewhere but no longer exists`);
    else if (count !== expected) problems.push(`D3: "${id}" would have ${count} parents, not ${expected}`);
  }
  if (problems.length > 0) return problems;

  for (const [parent, child] of gained) {
    if (isAncestor(after, child, parent)) problems.push(`D4: moving "${child}" under "${parent}" makes a cycle`);
  }
  return problems;
}

/**
 * Checks a change made elsewhere (the editor's immer draft) as `applyDocumentPatch`
 * would: `after` must be `before` with `ops` applied. Costs what the patch touches.
 */
export function validateTransition(before: PageDocument, after: PageDocument, ops: readonly Operation[]): string[] {
  const scope = changeScope(ops);
  return scope.full ? validateDocument(after) : validateChange(after, captureBefore(before, scope.ids));
}

/**
 * Applies a patch to a page document and checks the invariants it could have
 * broken; a patch that breaks one is rolled back and reported as `schema-violation`.
 * The one entry point for changing a document, on the server and in clients.
 */
export function applyDocumentPatch(
  doc: PageDocument,
  ops: readonly Operation[],
  options: { inPlace?: boolean; record?: boolean } = {},
): ApplyResult<PageDocument> {
  const scope = changeScope(ops);
  const before = scope.full ? null : captureBefore(doc, scope.ids);
  return applyPatch(doc, ops, {
    inPlace: options.inPlace === true,
    record: options.record === true,
    check: (result): ProtocolError | null => {
      const problems = before === null ? validateDocument(result) : validateChange(result as PageDocument, before);
      if (problems.length === 0) return null;
      const more = problems.length > 1 ? ` (and ${problems.length - 1} more)` : '';
      return { code: ErrorCode.SchemaViolation, message: `${problems[0]}${more}` };
    },
  });
}

export type { Json };
