/**
 * The editor store's contract: what the UI reads and the actions it calls.
 * The store (editor-store.ts) implements it with zustand + immer; the UI
 * (src/editor) only ever goes through it. Document changes all go through one
 * function, `mutate`, which runs immer's produceWithPatches, applies the result
 * at once, and hands the RFC 6902 form to the collaboration client.
 */
import type { ClientError, ConnectionStatus } from '@tandem/client';
import type { Breakpoint, Json, PageDocument, Pointer, Role, StyleScalar, User, View } from '@tandem/protocol';
import type { DeletedUnderYou } from './deleted-under-you.ts';

export type Viewport = 'desktop' | 'tablet' | 'mobile';

/** Where a component goes: into `parentId` at `index` (index = children.length appends). */
export interface Placement {
  parentId: string;
  index: number;
}

export interface EditorState {
  /** The page as this person sees it (server's + own pending edits); null until the first sync. */
  doc: PageDocument | null;
  version: number;
  status: ConnectionStatus;
  /** Local edits not yet acknowledged by the server. */
  pendingCount: number;
  me: User | null;
  /** Everyone in the room, me included. */
  users: readonly User[];
  /** Other people's selections by userId. */
  presence: Readonly<Record<string, readonly string[] | null>>;
  /** Other people's pointers on the canvas by userId (only those on it), M7. Never part of the document. */
  pointers: Readonly<Record<string, NonNullable<Pointer>>>;
  /** What other people's canvases show by userId (viewport, scroll), for following them. */
  views: Readonly<Record<string, View>>;
  /**
   * The primary selected component (the one last clicked), kept apart from the
   * document; what single-component callers (the properties of one component, the
   * palette's "after the selection") use. Always one of `selectedIds`, null when that is empty.
   */
  selection: string | null;
  /** Every selected component (multi-select), in the order they were selected; `selection` is among them. */
  selectedIds: readonly string[];
  hover: string | null;
  viewport: Viewport;
  preview: boolean;
  canUndo: boolean;
  canRedo: boolean;
  /** The latest notice worth showing (a refused edit, a connection problem). */
  notice: ClientError | null;
  /** Why the page cannot be opened at all. */
  fatal: string | null;
  /** The person's role on the page (null until the first ticket). */
  role: Role | null;
  /** A viewer: every edit, undo and redo is refused here, before it is sent (the server would refuse it too). */
  readOnly: boolean;
  /** What someone else just deleted from under this person's selection, and who (SPEC H3); null when nothing is. */
  deleted: DeletedUnderYou | null;
}

/**
 * Multi-select. The group actions take ids (the UI passes `selectedIds`) and act on
 * their top level: components whose ancestor is in the group too go with it, the
 * page itself is left out, and the rest are taken in page order. Each is one
 * change: one submit, one undo step. One that would break a container rule is
 * refused whole, with a notice that says why.
 */
export interface SelectionActions {
  /** Adds `id` to the selection, or takes it out when it is in; it becomes the primary (and the anchor of a range). */
  toggleSelect(id: string): void;
  /** Selects from the anchor (the last plain or toggled selection) to `id`, along `order` (default: the page's order, as in the outline). */
  selectRange(id: string, order?: readonly string[]): void;
  /** Selects the siblings of the primary selection (with nothing selected, the page's top-level components). */
  selectSiblings(): void;
  /** Replaces the selection; the last id is the primary. Ids not in the page are left out. */
  selectMany(ids: readonly string[]): void;
  removeComponents(ids: readonly string[]): boolean;
  /** Each copy just after its original; selects the copies and returns their ids (page order), or null. */
  duplicateComponents(ids: readonly string[]): string[] | null;
  /** The group as clipboard JSON (one subtree in the single form, more as `subtrees`). */
  copyComponents(ids: readonly string[]): string | null;
  /** Moves the group side by side to one place; `to.index` as for moveComponent. */
  moveComponents(ids: readonly string[], to: Placement): boolean;
  /** A new Section in the group's place holding the group (which must share one parent); selects and returns it. */
  wrapInSection(ids: readonly string[]): string | null;
  /** One prop of several components to one value (a burst on the same prop is one undo step). */
  setProps(ids: readonly string[], name: string, value: Json): void;
}

export interface EditorActions extends SelectionActions {
  /** Selects one component (or nothing): the whole selection is replaced. */
  select(id: string | null): void;
  setHover(id: string | null): void;
  setViewport(viewport: Viewport): void;
  setPreview(preview: boolean): void;
  /** Tells the others where this person's pointer is on the canvas (null: off it); paced by the client. */
  sharePointer(pointer: Pointer): void;
  /** Tells the others what this person's canvas shows, so that they can follow. */
  shareView(view: View): void;

  /**
   * Adds a new component of `type` with default props (Columns come with two Columns).
   * Without `at`: into the selected container, else after the selected component,
   * else at the end of the root. Selects and returns the new id, or null if it cannot go there.
   * `props` are set over the defaults in the same edit (one undo step).
   */
  addComponent(type: string, at?: Placement, props?: Readonly<Record<string, Json>>): string | null;
  /**
   * Moves a component (with its subtree) to a new place; false when that place is invalid.
   * `to.index` is a gap among the target's children as they are before the move (where a
   * drop indicator sits): moving the first of three children to index 3 makes it the last.
   */
  moveComponent(id: string, to: Placement): boolean;
  moveUp(id: string): boolean;
  moveDown(id: string): boolean;
  /** Into the previous sibling, when that is a container. */
  indent(id: string): boolean;
  /** Out of its parent, to just after it. */
  outdent(id: string): boolean;
  removeComponent(id: string): void;
  /** Copies the subtree with fresh ids just after the original; selects and returns the copy's id. */
  duplicateComponent(id: string): string | null;
  /** The subtree as clipboard JSON (works across pages and tabs). */
  copyComponent(id: string): string | null;
  /**
   * Pastes clipboard JSON (fresh ids) like addComponent places; returns the new id or null if it is not a subtree.
   * Several copied subtrees go side by side there, all selected; the last one's id is returned.
   */
  paste(json: string, at?: Placement): string | null;
  /**
   * Sets one prop. Edits to the same prop of the same component in a burst
   * (typing, dragging a colour) make one undo step.
   */
  setProp(id: string, name: string, value: Json): void;
  /** Sets (or, with null, removes) style values of one component at one breakpoint, each at its own path (SPEC S14). */
  setStyle(id: string, breakpoint: Breakpoint, values: Readonly<Record<string, StyleScalar | null>>): void;
  /** Sets (or, with null, resets to the default) values of the page's theme, each at its own path (SPEC S7). */
  setTheme(values: Readonly<Record<string, string | null>>): void;
  undo(): void;
  redo(): void;
  /**
   * Forgets this person's undo and redo steps. The editor calls it when this person
   * restores a version (issue 11, bug 7): their older steps were made on a page that
   * is no longer the live one, so Undo after a restore must not replay them on top
   * of it. A restore is taken back by restoring the version kept before it.
   */
  clearHistory(): void;
  /**
   * Puts back what `deleted` says someone else deleted, where it was, as one new
   * edit (undoable), and selects again what was selected (SPEC H3). Returns that
   * id, or null when it cannot go back (a notice says why).
   */
  restoreDeleted(): string | null;
  /** Forgets `deleted` (the person read the notice and let it go). */
  dismissDeleted(): void;
}

export type EditorStore = EditorState & EditorActions;
