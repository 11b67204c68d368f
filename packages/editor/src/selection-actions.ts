/**
 * The store's selection (single and multi) and its group actions. The selection
 * is local UI state (`selection`, the primary, and `selectedIds`), told to the
 * others through presence; the group actions are recipes run through `mutate`
 * like every other edit, so each is one submit and one undo step.
 */
import { type Json, nodeOf, type PageDocument } from '@tandem/protocol';
import * as actions from './actions/index.ts';
import type { IdFactory } from './actions/index.ts';
import { peopleWorkingIn, workingNotice } from './deleted-under-you.ts';
import type { EditorClient } from './editor-client.ts';
import type { MutateOptions, MutateResult } from './mutate.ts';
import type { Outcome } from './outcome.ts';
import { presenceOrder, rangeIds, siblingIds } from './selection.ts';
import type { EditorActions, EditorState, EditorStore, SelectionActions } from './types.ts';

export interface SelectionContext {
  client: EditorClient;
  get(): EditorStore;
  set(partial: Partial<EditorState>): void;
  run<T>(recipe: (draft: PageDocument) => Outcome<T>, options?: MutateOptions): MutateResult<T>;
  ids: IdFactory;
}

const sameList = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((id, i) => b[i] === id);

export function selectionActions(ctx: SelectionContext): Pick<EditorActions, 'select'> & SelectionActions {
  const { client, get, set, run } = ctx;
  // Where a Shift-click range starts: the last plain or toggled selection (not moved by the range itself).
  let anchor: string | null = null;
  const exists = (id: string) => client.doc !== null && nodeOf(client.doc, id) !== undefined;

  const show = (ids: readonly string[], primary: string | null) => {
    const state = get();
    if (state.selection === primary && sameList(state.selectedIds, ids)) return;
    set({ selection: primary, selectedIds: ids });
    client.setSelection(presenceOrder(ids, primary));
  };

  const select = (id: string | null) => {
    if (id !== null && !exists(id)) return; // nothing there to select
    anchor = id;
    show(id === null ? [] : [id], id);
  };

  const selectMany = (wanted: readonly string[]) => {
    const doc = client.doc;
    const ids = [...new Set(wanted)].filter(exists);
    // The page is selected alone: a group never holds it beside its own components.
    const group = ids.length > 1 && doc !== null ? ids.filter((id) => id !== doc.rootId) : ids;
    const primary = group[group.length - 1] ?? null;
    anchor = primary;
    show(group, primary);
  };

  /** A group action's new components become the selection. */
  const selected = <T extends string | string[]>(result: MutateResult<T>): T | null => {
    if (!result.ok) return null;
    selectMany(typeof result.value === 'string' ? [result.value] : result.value);
    return result.value;
  };

  return {
    select,
    selectMany,
    toggleSelect: (id) => {
      const { selectedIds, selection, doc } = get();
      if (!exists(id) || doc === null) return;
      if (id === doc.rootId) return select(id);
      if (selectedIds.includes(id)) {
        const rest = selectedIds.filter((each) => each !== id);
        const primary = selection === id ? (rest[rest.length - 1] ?? null) : selection;
        anchor = primary;
        show(rest, primary);
        return;
      }
      anchor = id;
      show([...selectedIds.filter((each) => each !== doc.rootId), id], id);
    },
    selectRange: (id, order) => {
      const doc = client.doc;
      const from = anchor !== null && exists(anchor) ? anchor : get().selection;
      if (doc === null || !exists(id)) return;
      if (from === null || from === doc.rootId || id === doc.rootId) return select(id);
      const ids = rangeIds(doc, from, id, order);
      show(ids, ids.includes(id) ? id : (ids[ids.length - 1] ?? null));
    },
    selectSiblings: () => {
      const doc = client.doc;
      if (doc === null) return;
      const { selection } = get();
      const ids = siblingIds(doc, selection);
      if (ids.length === 0) return;
      show(ids, selection !== null && ids.includes(selection) ? selection : (ids[ids.length - 1] as string));
    },
    removeComponents: (ids) => {
      // Those working in any of them are named to the deleter, as for one component (SPEC H3).
      const doc = client.doc;
      const { presence, users } = get();
      const working = doc === null ? [] : [...new Set(ids.filter(exists).flatMap((id) => peopleWorkingIn(doc, id, presence, users)))];
      const ok = run((d) => actions.removeMany(d, ids)).ok;
      if (ok && working.length > 0) set({ notice: workingNotice(working) });
      return ok;
    },
    duplicateComponents: (ids) => selected(run((d) => actions.duplicateMany(d, ids, ctx.ids))),
    copyComponents: (ids) => (client.doc === null ? null : actions.copyMany(client.doc, ids)),
    moveComponents: (ids, to) => run((d) => actions.moveMany(d, ids, to)).ok,
    wrapInSection: (ids) => selected(run((d) => actions.wrap(d, ids, ctx.ids))),
    setProps: (ids, name, value: Json) => {
      run((d) => actions.setPropMany(d, ids, name, value), { coalesceKey: `setProps\u0000${ids.join('\u0001')}\u0000${name}` });
    },
  };
}
