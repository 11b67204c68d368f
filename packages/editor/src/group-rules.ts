/**
 * The container rules (D7: allowedChildren, maxChildren, rootOnly) for a group:
 * several components going into one parent at once. A group operation that would
 * break one is refused whole, with a sentence for the person who tried.
 */
import { childTypeRefusal, describeRefusal, getDefinition, nodeOf, type PageDocument } from '@tandem/protocol';

/**
 * Why `parentId` cannot take children of `types` at once, gaining `extra` children
 * in all (0 when they only move within it); null when it can.
 */
export function groupHoldRefusal(doc: PageDocument, parentId: string, types: readonly string[], extra: number): string | null {
  const parent = nodeOf(doc, parentId);
  if (!parent) return 'That place is gone: someone may have just deleted it.';
  for (const type of new Set(types)) {
    const refusal = childTypeRefusal(parent.type, type);
    if (refusal !== null) return describeRefusal(refusal, parent.type, type);
  }
  const def = getDefinition(parent.type);
  const max = def?.maxChildren;
  if (max !== undefined && parent.children.length + extra > max) {
    const kinds = def?.allowedChildren
      ? def.allowedChildren.map((t) => `${(getDefinition(t)?.label ?? t).toLowerCase()}s`).join(' and ')
      : 'components';
    const name = def?.label ?? parent.type;
    return `A ${name} block has room for at most ${max} ${kinds}. This one has ${parent.children.length}, so ${extra} more would not fit: nothing was changed.`;
  }
  return null;
}

/** "3 components", "a Heading": the group in a sentence. */
export function groupName(doc: PageDocument, ids: readonly string[]): string {
  if (ids.length !== 1) return `${ids.length} components`;
  const type = nodeOf(doc, ids[0] as string)?.type ?? 'component';
  return `a ${getDefinition(type)?.label ?? type}`;
}
