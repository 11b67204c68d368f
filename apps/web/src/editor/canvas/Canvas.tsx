/**
 * The centre pane: the page as it will look, at the chosen viewport width.
 * Events are handled once, here, for the whole tree (event delegation): a click
 * selects the component under it, hovering highlights, and drags from the
 * palette, the outline or the canvas itself land where the indicator shows.
 */
import type { DragEvent, MouseEvent, PointerEvent } from 'react';
import { useRef } from 'react';
import { useEditor, useEditorApi } from '../bindings.ts';
import { DRAG_MIME, dndStore, endDrag, setDropTarget, startDrag } from '../dnd.ts';
import { performDrop } from '../actions.ts';
import { CanvasModeContext, CanvasNode } from './CanvasNode.tsx';
import { CanvasOverlay } from './CanvasOverlay.tsx';
import { canvasDropAt } from './drop.ts';

const WIDTHS = { desktop: undefined, tablet: 768, mobile: 375 } as const;

function nodeElement(target: EventTarget | null, root: HTMLElement | null): HTMLElement | null {
  if (!(target instanceof Element) || !root) return null;
  const element = target.closest<HTMLElement>('[data-node-id]');
  return element && root.contains(element) ? element : null;
}

export function Canvas() {
  const api = useEditorApi();
  const rootId = useEditor((state) => state.doc?.rootId ?? null);
  const viewport = useEditor((state) => state.viewport);
  const preview = useEditor((state) => state.preview);
  const frame = useRef<HTMLDivElement>(null);
  const mode = preview ? 'preview' : 'edit';

  const onClick = (event: MouseEvent) => {
    if (preview) return;
    // In the editor nothing on the page navigates or submits: a click selects.
    event.preventDefault();
    const element = nodeElement(event.target, frame.current);
    api.getState().select(element?.dataset.nodeId ?? null);
  };

  const onPointerOver = (event: PointerEvent) => {
    if (preview || dndStore.getState().source) return;
    const id = nodeElement(event.target, frame.current)?.dataset.nodeId ?? null;
    if (api.getState().hover !== id) api.getState().setHover(id);
  };

  const onPointerLeave = () => {
    if (api.getState().hover !== null) api.getState().setHover(null);
  };

  const onDragStart = (event: DragEvent) => {
    const element = nodeElement(event.target, frame.current);
    const id = element?.dataset.nodeId;
    if (preview || !id || id === api.getState().doc?.rootId) {
      event.preventDefault();
      return;
    }
    event.stopPropagation();
    api.getState().select(id);
    startDrag(event, { kind: 'move', id });
  };

  const onDragOver = (event: DragEvent) => {
    const { source } = dndStore.getState();
    const doc = api.getState().doc;
    const element = nodeElement(event.target, frame.current);
    if (preview || !source || !doc || !element || !frame.current) {
      setDropTarget(null, {});
      return;
    }
    const drop = canvasDropAt(doc, source, element, event.clientX, event.clientY, frame.current.getBoundingClientRect());
    setDropTarget(drop?.placement ?? null, { canvasIndicator: drop?.indicator ?? null });
    if (drop) {
      event.preventDefault();
      event.dataTransfer.dropEffect = source.kind === 'move' ? 'move' : 'copy';
    }
  };

  const onDragLeave = (event: DragEvent) => {
    if (!frame.current?.contains(event.relatedTarget as Node | null)) setDropTarget(null, {});
  };

  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    const { source, placement } = dndStore.getState();
    endDrag();
    if (source && placement && event.dataTransfer.types.includes(DRAG_MIME)) performDrop(api.getState(), source, placement);
  };

  if (rootId === null) return null;
  const width = WIDTHS[viewport];
  return (
    // Clicks and drags are handled here for the whole page at once; the outline offers the same by keyboard.
    // biome-ignore lint/a11y/noStaticElementInteractions: see above
    // biome-ignore lint/a11y/useKeyWithClickEvents: see above
    <div
      className={`canvas-scroll${preview ? ' canvas-scroll--preview' : ''}`}
      onClick={onClick}
      onPointerOver={onPointerOver}
      onPointerLeave={onPointerLeave}
      onDragStart={onDragStart}
      onDragOver={onDragOver}
      onDragLeave={onDragLeave}
      onDrop={onDrop}
      onDragEnd={endDrag}
    >
      <div
        ref={frame}
        className={`canvas canvas--${viewport}${preview ? ' canvas--preview' : ''}`}
        data-testid="canvas"
        data-viewport={viewport}
        style={{ width: width ? `${width}px` : undefined }}
      >
        <CanvasModeContext value={mode}>
          <CanvasNode id={rootId} depth={0} />
        </CanvasModeContext>
        {!preview && <CanvasOverlay frame={frame} />}
      </div>
    </div>
  );
}
