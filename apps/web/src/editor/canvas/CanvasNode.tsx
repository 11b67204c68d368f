/**
 * One component on the canvas. Each node subscribes to its own document node
 * and its own selection (any of a multi-selection)/hover/presence marks by id (node-subscriptions.ts), and
 * is memoised on its id, so an edit re-renders only the components whose nodes
 * it replaced (a container when its `children` changed), never the whole page.
 */
import { createContext, memo, useContext } from 'react';
import { remoteSelectionOf, useNode, useNodeValue } from '../node-subscriptions.ts';
import { useRenderProbe } from '../render-probe.ts';
import { type CanvasMode, ComponentView, MAX_RENDER_DEPTH, type NodeAttributes } from '@tandem/render';

export const CanvasModeContext = createContext<CanvasMode>('edit');

/** Deeper than any real page; only stops a broken document from recursing forever (as PageView on the server). */
const MAX_DEPTH = MAX_RENDER_DEPTH;

const SELECTED = 1;
const HOVERED = 2;

// The inner function has its own name: inside a named function expression that name is the function itself,
// and children must be rendered through the memoised component.
export const CanvasNode = memo(function CanvasNodeRender({ id, depth }: { id: string; depth: number }) {
  useRenderProbe('canvas', id);
  const node = useNode(id);
  const mode = useContext(CanvasModeContext);
  const editing = mode === 'edit';
  // Primitives, so that an unchanged answer re-renders nothing.
  const flags = useNodeValue(id, (state) =>
    editing ? (state.selectedIds.includes(id) ? SELECTED : 0) | (state.hover === id ? HOVERED : 0) : 0,
  );
  const remote = useNodeValue(id, (state) => (editing ? (remoteSelectionOf(state, id)?.color ?? '') : ''));
  if (!node || depth > MAX_DEPTH) return null;

  const children = node.children.map((childId) => <CanvasNode key={childId} id={childId} depth={depth + 1} />);
  let className = editing ? 'cv-node' : '';
  if (flags & SELECTED) className += ' is-selected';
  if (flags & HOVERED) className += ' is-hovered';
  if (remote) className += ' is-remote-selected';
  const attributes: NodeAttributes = {
    'data-testid': `canvas-node-${id}`,
    'data-type': node.type,
    'data-node-id': id,
    className: className || undefined,
    style: remote ? ({ '--remote-color': remote } as React.CSSProperties) : undefined,
    draggable: editing && depth > 0 ? true : undefined,
    'data-selected': editing && flags & SELECTED ? 'true' : undefined,
  };
  return (
    <ComponentView node={node} mode={mode} attributes={attributes}>
      {children}
    </ComponentView>
  );
});
