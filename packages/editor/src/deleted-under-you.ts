/**
 * Someone else deleted what this person was working on (SPEC H3): the component
 * they had selected, or a container around it, went in a remote change. Pure
 * questions of the two views, before and after that change: what went (the
 * topmost component that went with the selection), where it was, and the
 * subtree as this person last saw it (with their own latest edits), so that it
 * can be put back as one new edit (actions/put-back.ts).
 */
import type { ClientError } from '@tandem/client';
import { type ComponentNode, cloneJson, locate, nodeOf, type PageDocument, subtreeIds, type User } from '@tandem/protocol';

/** What went from under this person, who took it, and what it was. */
export interface DeletedUnderYou {
  /** The userId of whoever deleted it (the patch's sender), when the change said. */
  byUserId: string | null;
  /** Their name as this window knows it; null when it does not (they left, or the server did not say). */
  byName: string | null;
  /** The topmost component that went, with its type: "Ada deleted this section". */
  rootId: string;
  type: string;
  /** Where it was: the parent (still there after the change) and its index then. */
  parentId: string;
  index: number;
  /** The component selected when it went (the root or inside it): selected again once put back. */
  selectedId: string;
  /** Every component of the subtree as it was, by id. */
  components: Record<string, ComponentNode>;
}

/**
 * When `selectedId` is in `before` and not in `after`: the topmost component
 * around it (or itself) that went, whose parent is still there. Null when the
 * selection is still there, was never there, or its whole page went.
 */
export function deletedUnderYou(
  before: PageDocument,
  after: PageDocument,
  selectedId: string,
): Omit<DeletedUnderYou, 'byUserId' | 'byName'> | null {
  if (!nodeOf(before, selectedId) || nodeOf(after, selectedId)) return null;
  let rootId = selectedId;
  for (;;) {
    const at = locate(before, rootId);
    if (at === null) return null; // the root itself: no page to put it back into
    if (nodeOf(after, at.parentId)) {
      const root = nodeOf(before, rootId) as ComponentNode;
      const components: Record<string, ComponentNode> = {};
      for (const id of subtreeIds(before, rootId)) components[id] = cloneJson(nodeOf(before, id) as ComponentNode);
      return { rootId, type: root.type, parentId: at.parentId, index: at.index, selectedId, components };
    }
    rootId = at.parentId;
  }
}

/** The name to show for a remote change's author: from the people this window knows. */
export function authorName(users: readonly User[], userId: string | null | undefined): string | null {
  if (userId === null || userId === undefined) return null;
  return users.find((u) => u.userId === userId)?.userName ?? null;
}

/**
 * Others whose selection lies in the subtree of `id` (as `doc` has it), by name:
 * the people a deletion of `id` takes something from.
 */
export function peopleWorkingIn(
  doc: PageDocument,
  id: string,
  presence: Readonly<Record<string, readonly string[] | null>>,
  users: readonly User[],
): string[] {
  const inside = new Set(subtreeIds(doc, id));
  const names: string[] = [];
  for (const [userId, selection] of Object.entries(presence)) {
    if (!selection?.some((s) => inside.has(s))) continue;
    const name = authorName(users, userId);
    if (name !== null && !names.includes(name)) names.push(name);
  }
  return names;
}

/** What the person who deleted a component others were working in is told (SPEC H3): their undo puts it back. */
export function workingNotice(names: readonly string[]): ClientError {
  const who = names.length === 1 ? (names[0] as string) : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
  const verb = names.length === 1 ? 'was' : 'were';
  return { code: 'deleted-in-use', message: `${who} ${verb} working in what you deleted. Undo (Ctrl+Z) puts it back for everyone.` };
}
