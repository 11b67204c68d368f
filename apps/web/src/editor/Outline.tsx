/**
 * The component tree. Each row is memoised and subscribes to its own node, like
 * the canvas. A click selects, Ctrl/Cmd+click adds a row to the selection (or
 * takes it out), Shift+click selects the rows from the last one clicked; rows
 * (a selected group together) can be dragged to reorder or to move into another
 * container. Keyboard, when a row has focus: ↑/↓ (Home/End) move the
 * focus and the selection, →/← expand/collapse (or go to the parent),
 * Alt+↑/↓ move the component, Tab/Shift+Tab and Alt+→/← indent/outdent.
 */
import { getDefinition, nodeOf, type PageDocument, pathOf } from '@tandem/protocol';
import type { EditorStore } from '@tandem/editor';
import { type DragEvent, type KeyboardEvent, type MouseEvent, memo, useDeferredValue, useEffect, useRef } from 'react';
import { createStore, useStore } from 'zustand';
import { safeColor } from '../lib/color.ts';
import { deleteSelection, performDrop, selectedGroup } from './commands.ts';
import { useEditor, useEditorStore } from './store-hooks.ts';
import { dndStore, endDrag, type OutlineTarget, setDropTarget, startDrag, useDnd } from './dnd.ts';
import { Icon } from './icons.tsx';
import { remoteSelectionOf, useNode, useNodeValue } from './node-subscriptions.ts';
import { useRenderProbe } from './render-probe.ts';
import { canDropInto, type DragSource } from './drop-rules.ts';

/** Collapsed rows, local to this browser tab. */
const collapsedStore = createStore<{ collapsed: ReadonlySet<string> }>(() => ({ collapsed: new Set() }));

function setCollapsed(id: string, collapsed: boolean): void {
  const current = collapsedStore.getState().collapsed;
  if (current.has(id) === collapsed) return;
  const next = new Set(current);
  if (collapsed) next.add(id);
  else next.delete(id);
  collapsedStore.setState({ collapsed: next });
}

/** A short description of a component for its row: its type and its text, if it has any. */
function summary(props: Record<string, unknown>): string {
  for (const key of ['text', 'label', 'title', 'alt']) {
    const value = props[key];
    if (typeof value === 'string' && value.trim() !== '') return value.trim().slice(0, 60);
  }
  const items = props.items;
  if (Array.isArray(items) && typeof items[0] === 'string') return items[0].slice(0, 60);
  return '';
}

function rowOf(tree: HTMLElement | null, id: string): HTMLElement | null {
  return tree?.querySelector<HTMLElement>(`[data-outline-id="${CSS.escape(id)}"]`) ?? null;
}

/** Where a drop on a row goes, from the pointer's height in it: before, into, or after. */
export function outlineDrop(
  doc: PageDocument,
  source: DragSource,
  row: HTMLElement,
  y: number,
): { target: OutlineTarget; parentId: string; index: number } | null {
  const id = row.dataset.outlineId as string;
  const parentId = row.dataset.parentId || null;
  const node = nodeOf(doc, id);
  if (!node) return null;
  if (source.kind === 'move' && parentId !== null && source.id === id) return null;
  const r = row.getBoundingClientRect();
  const ratio = (y - r.top) / Math.max(r.height, 1);
  const container = getDefinition(node.type)?.acceptsChildren === true && canDropInto(doc, id, source);
  const edge = container ? 0.25 : 0.5;
  if (parentId === null || (container && ratio >= edge && ratio <= 1 - edge)) {
    if (!container) return null;
    return { target: { id, position: 'inside' }, parentId: id, index: node.children.length };
  }
  // Just below an open container's row is where its first child is: the drop goes there.
  const open = node.children.length > 0 && !collapsedStore.getState().collapsed.has(id);
  if (ratio > 0.5 && container && open) return { target: { id, position: 'after' }, parentId: id, index: 0 };
  if (!canDropInto(doc, parentId, source)) return null;
  const parent = nodeOf(doc, parentId);
  if (!parent) return null;
  const at = parent.children.indexOf(id);
  const after = ratio > 0.5;
  return { target: { id, position: after ? 'after' : 'before' }, parentId, index: at + (after ? 1 : 0) };
}

export function Outline() {
  const api = useEditorStore();
  // The tree is drawn after the canvas, in the background (React may interrupt it to handle input):
  // on a large page the page itself comes first.
  const rootId = useDeferredValue(
    useEditor((state) => state.doc?.rootId ?? null),
    null,
  );
  const tree = useRef<HTMLDivElement>(null);
  const selection = useEditor((state) => state.selection);

  // Collapsed rows belong to one page (ids such as "hero" recur between pages).
  useEffect(() => {
    collapsedStore.setState({ collapsed: new Set() });
  }, [api]);

  // A selection made on the canvas: open the rows above it and bring it into view.
  useEffect(() => {
    if (selection === null) return;
    const { doc } = api.getState();
    if (doc && collapsedStore.getState().collapsed.size > 0) {
      // Every row above the selection opens.
      for (const up of pathOf(doc, selection).slice(0, -1)) setCollapsed(up, false);
    }
    requestAnimationFrame(() => rowOf(tree.current, selection)?.scrollIntoView?.({ block: 'nearest' }));
  }, [api, selection]);

  const focusSelected = () => {
    requestAnimationFrame(() => {
      const id = api.getState().selection;
      if (id) rowOf(tree.current, id)?.focus();
    });
  };

  const onKeyDown = (event: KeyboardEvent) => {
    const row = (event.target as HTMLElement).closest<HTMLElement>('[data-outline-id]');
    if (!row || !tree.current) return;
    const store = api.getState();
    const id = row.dataset.outlineId as string;
    const rows = [...tree.current.querySelectorAll<HTMLElement>('[data-outline-id]')];
    const at = rows.indexOf(row);
    const go = (target: HTMLElement | undefined) => {
      if (!target) return;
      event.preventDefault();
      store.select(target.dataset.outlineId as string);
      target.focus();
    };
    const act = (done: boolean) => {
      if (!done) return;
      event.preventDefault();
      focusSelected();
    };
    const node = store.doc ? nodeOf(store.doc, id) : undefined;
    const collapsed = collapsedStore.getState().collapsed.has(id);

    if (event.altKey && !event.ctrlKey && !event.metaKey) {
      if (event.key === 'ArrowUp') act(store.moveUp(id));
      else if (event.key === 'ArrowDown') act(store.moveDown(id));
      else if (event.key === 'ArrowRight') act(store.indent(id));
      else if (event.key === 'ArrowLeft') act(store.outdent(id));
      return;
    }
    if (event.ctrlKey || event.metaKey) return;
    switch (event.key) {
      case 'ArrowDown':
        go(rows[at + 1]);
        break;
      case 'ArrowUp':
        go(rows[at - 1]);
        break;
      case 'Home':
        go(rows[0]);
        break;
      case 'End':
        go(rows[rows.length - 1]);
        break;
      case 'ArrowRight':
        event.preventDefault();
        if (node && node.children.length > 0) {
          if (collapsed) setCollapsed(id, false);
          else go(rows[at + 1]);
        }
        break;
      case 'ArrowLeft':
        event.preventDefault();
        if (node && node.children.length > 0 && !collapsed) setCollapsed(id, true);
        else if (row.dataset.parentId) go(rowOf(tree.current, row.dataset.parentId) ?? undefined);
        break;
      case 'Tab':
        // Indent/outdent when possible; otherwise Tab moves the focus on as usual.
        if (event.shiftKey) act(store.outdent(id));
        else act(store.indent(id));
        break;
      case 'Delete':
      case 'Backspace': {
        // Like any tree: the focus moves on to a neighbour rather than falling out of the outline.
        if (!store.doc || id === store.doc.rootId) break;
        event.preventDefault();
        const parentId = row.dataset.parentId ?? '';
        const siblings = nodeOf(store.doc, parentId)?.children ?? [];
        const at = siblings.indexOf(id);
        const next = siblings[at + 1] ?? siblings[at - 1] ?? parentId;
        // A row of a multi-selection deletes the whole group, as Delete does elsewhere.
        if (store.selectedIds.length > 1 && store.selectedIds.includes(id)) {
          deleteSelection(store);
          focusSelected();
          break;
        }
        store.removeComponent(id);
        if (api.getState().doc?.components[id] === undefined && next) {
          api.getState().select(next);
          focusSelected();
        }
        break;
      }
      case 'Enter':
      case ' ':
        event.preventDefault();
        store.select(id);
        break;
    }
  };

  const onDragOver = (event: DragEvent) => {
    const { source } = dndStore.getState();
    const doc = api.getState().doc;
    const row = (event.target as HTMLElement).closest<HTMLElement>('[data-outline-id]');
    if (!source || !doc || !row) {
      setDropTarget(null, {});
      return;
    }
    const drop = outlineDrop(doc, source, row, event.clientY);
    setDropTarget(drop ? { parentId: drop.parentId, index: drop.index } : null, { outlineTarget: drop?.target ?? null });
    if (drop) {
      event.preventDefault();
      event.dataTransfer.dropEffect = source.kind === 'move' ? 'move' : 'copy';
    }
  };

  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    const { source, placement } = dndStore.getState();
    endDrag();
    if (source && placement) performDrop(api.getState(), source, placement);
  };

  return (
    <section className="panel outline" aria-labelledby="outline-title">
      <h2 className="panel__title" id="outline-title">
        Outline
      </h2>
      {rootId !== null && (
        <div
          ref={tree}
          className="outline__tree"
          role="tree"
          aria-labelledby="outline-title"
          data-testid="outline"
          onKeyDown={onKeyDown}
          onDragOver={onDragOver}
          onDragLeave={(event) => {
            if (!tree.current?.contains(event.relatedTarget as Node | null)) setDropTarget(null, {});
          }}
          onDrop={onDrop}
          onDragEnd={endDrag}
        >
          <OutlineNode id={rootId} parentId="" depth={0} />
        </div>
      )}
    </section>
  );
}

// Named apart from the const, so that children render through the memoised component (see CanvasNode).
const OutlineNode = memo(function OutlineNodeRender({ id, parentId, depth }: { id: string; parentId: string; depth: number }) {
  useRenderProbe('outline', id);
  const api = useEditorStore();
  const node = useNode(id);
  const selected = useNodeValue(id, (state) => state.selectedIds.includes(id));
  const isRoot = depth === 0;
  // Only the root row cares whether anything is selected (it is then the tree's tab stop).
  const rootTabbable = useNodeValue(id, (state) => isRoot && state.selection === null);
  const remote = useNodeValue(id, (state) => remoteSelectionOf(state, id)?.userId ?? '');
  const collapsed = useStore(collapsedStore, (state) => state.collapsed.has(id));
  const dropPosition = useDnd((state) => (state.outlineTarget?.id === id ? state.outlineTarget.position : null));

  if (!node || depth > 128) return null;
  const def = getDefinition(node.type);
  const text = summary(node.props);
  const expandable = node.children.length > 0;
  // The selected row takes part in the tab order; without a selection, the root does.
  const tabbable = selected || rootTabbable;

  return (
    <div role="none">
      {/* biome-ignore lint/a11y/useKeyWithClickEvents: the tree's onKeyDown handles the keys of every row */}
      <div
        role="treeitem"
        aria-level={depth + 1}
        aria-selected={selected}
        aria-expanded={expandable ? !collapsed : undefined}
        tabIndex={tabbable ? 0 : -1}
        className={`outline__row${selected ? ' is-selected' : ''}${dropPosition ? ` drop-${dropPosition}` : ''}`}
        style={{ paddingLeft: 8 + depth * 16, '--indent': `${8 + depth * 16}px` } as React.CSSProperties}
        data-testid={`outline-node-${id}`}
        data-outline-id={id}
        data-parent-id={parentId}
        data-type={node.type}
        draggable={!isRoot}
        onClick={(event) => selectRow(api.getState(), id, event)}
        onMouseDown={(event) => {
          // Shift+click selects rows, not the text of the rows between.
          if (event.shiftKey) event.preventDefault();
        }}
        onDragStart={(event) => {
          event.stopPropagation();
          const store = api.getState();
          if (store.readOnly) return event.preventDefault();
          // A row of a multi-selection drags the whole group.
          const group = store.selectedIds.length > 1 && store.selectedIds.includes(id);
          startDrag(event, group ? { kind: 'move', id, ids: selectedGroup(store) } : { kind: 'move', id });
        }}
      >
        <span
          className={`outline__toggle${expandable ? '' : ' outline__toggle--none'}${collapsed ? '' : ' is-open'}`}
          onClick={(event) => {
            event.stopPropagation();
            if (expandable) setCollapsed(id, !collapsed);
          }}
          aria-hidden="true"
        >
          {expandable && <Icon name="chevron" size={12} />}
        </span>
        <span className="outline__icon">
          <Icon name={node.type} size={14} />
        </span>
        <span className="outline__label">{def?.label ?? node.type}</span>
        {text && <span className="outline__summary">{text}</span>}
        {remote && <RemoteChip userId={remote} />}
      </div>
      {expandable && !collapsed && (
        // biome-ignore lint/a11y/useSemanticElements: a treeitem's children are a group, not a fieldset
        <div role="group">
          {node.children.map((childId) => (
            <OutlineNode key={childId} id={childId} parentId={id} depth={depth + 1} />
          ))}
        </div>
      )}
    </div>
  );
});

/** A row clicked: alone, toggled into the selection (Ctrl/Cmd), or a range from the last one clicked (Shift) along the rows shown. */
function selectRow(store: EditorStore, id: string, event: MouseEvent<HTMLElement>): void {
  if (event.shiftKey) {
    const tree = event.currentTarget.closest('[role="tree"]');
    const rows = tree ? [...tree.querySelectorAll<HTMLElement>('[data-outline-id]')].map((row) => row.dataset.outlineId as string) : undefined;
    store.selectRange(id, rows);
  } else if (event.ctrlKey || event.metaKey) store.toggleSelect(id);
  else store.select(id);
}

function RemoteChip({ userId }: { userId: string }) {
  const user = useEditor((state) => state.users.find((u) => u.userId === userId));
  if (!user) return null;
  return (
    <span
      className="outline__remote"
      style={{ '--remote-color': safeColor(user.color) ?? '#64748b' } as React.CSSProperties}
      title={`${user.userName} is here`}
    >
      {user.userName}
    </span>
  );
}
