/**
 * The centre pane: the page as it will look, at the chosen viewport width.
 * Events are handled once, here, for the whole tree (event delegation): a click
 * selects the component under it (Shift/Ctrl/Cmd+click adds it to the selection
 * or takes it out), hovering highlights, and drags from the palette, the outline
 * or the canvas itself (a selected group moves together) land where the indicator shows.
 * An image file dropped here is uploaded and lands the same way, as a new Image,
 * or as the new src of the Image it is dropped on (assets/image-file.ts).
 */
import { nodeOf } from '@tandem/protocol';
import { FRAME_CLASS } from '@tandem/render';
import type { CSSProperties, DragEvent, MouseEvent, PointerEvent } from 'react';
import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { useEditor, useEditorStore } from '../store-hooks.ts';
import { DRAG_MIME, dndStore, endDrag, setDropTarget, startDrag } from '../dnd.ts';
import { performDrop, selectedGroup } from '../commands.ts';
import { firstFile, type ImageTarget, useImageFile } from '../assets/image-file.ts';
import { usePageAssets } from '../assets/PageAssetsContext.tsx';
import { CanvasModeContext, CanvasNode } from './CanvasNode.tsx';
import { CanvasOverlay } from './CanvasOverlay.tsx';
import { zoomOf, zoomToFit } from './zoom.ts';
import { boxOf, canvasDropAt } from './drop.ts';
import { PageStyle } from './PageStyle.tsx';
import { safeColor } from '../../lib/color.ts';
import { anchorPointer, scrollFraction } from '../cursors/anchor.ts';
import { LiveCursors } from '../cursors/LiveCursors.tsx';
import { FollowBanner } from '../follow/FollowBanner.tsx';
import { useFollowing } from '../follow/follow-store.ts';
import { useFollow } from '../follow/useFollow.ts';

const WIDTHS = { desktop: undefined, tablet: 768, mobile: 375 } as const;
/** The canvas area's padding on each side (canvas.css). */
const GUTTER = 32;

/** What a dragged image file is, for the drop rules: a new Image. */
const IMAGE_SOURCE = { kind: 'new', type: 'Image' } as const;

const carriesFiles = (event: DragEvent) => event.dataTransfer.types.includes('Files');

function nodeElement(target: EventTarget | null, root: HTMLElement | null): HTMLElement | null {
  if (!(target instanceof Element) || !root) return null;
  const element = target.closest<HTMLElement>('[data-node-id]');
  return element && root.contains(element) ? element : null;
}

export function Canvas() {
  const api = useEditorStore();
  const rootId = useEditor((state) => state.doc?.rootId ?? null);
  const viewport = useEditor((state) => state.viewport);
  const preview = useEditor((state) => state.preview);
  const frame = useRef<HTMLDivElement>(null);
  const scroller = useRef<HTMLDivElement>(null);
  const [available, setAvailable] = useState(0);
  const mode = preview ? 'preview' : 'edit';
  const following = useFollowing();
  const followColor = useEditor((state) => (following === null ? null : (state.users.find((u) => u.userId === following)?.color ?? null)));
  useFollow(scroller, !preview);
  const placeImageFile = useImageFile();
  const uploading = usePageAssets().uploading > 0;
  // Where a dragged file would go, kept from the last dragover (the drop event's position could differ by a pixel).
  const fileTarget = useRef<ImageTarget | null>(null);

  // What this canvas shows, for whoever follows this person (M7); the client paces it.
  const shareView = () => {
    const element = scroller.current;
    if (!element) return;
    const scroll = scrollFraction(element.scrollTop, element.scrollHeight, element.clientHeight);
    api.getState().shareView({ viewport: api.getState().viewport, scroll });
  };
  // Shared again whenever the viewport (and so the layout) changes.
  useEffect(shareView, [viewport, rootId]);

  // A tablet or mobile frame wider than the room left between the panels is zoomed out to fit, not cut off.
  useLayoutEffect(() => {
    const element = scroller.current;
    if (!element) return;
    const measure = () => setAvailable(element.clientWidth - (preview ? 0 : 2 * GUTTER));
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, [preview]);

  const onClick = (event: MouseEvent) => {
    if (preview) return;
    // In the editor nothing on the page navigates or submits: a click selects.
    event.preventDefault();
    const element = nodeElement(event.target, frame.current);
    const id = element?.dataset.nodeId ?? null;
    if (id !== null && (event.shiftKey || event.ctrlKey || event.metaKey)) api.getState().toggleSelect(id);
    else api.getState().select(id);
  };

  // Shift+click would also extend the browser's text selection over the page: it only selects components here.
  const onMouseDown = (event: MouseEvent) => {
    if (!preview && event.shiftKey) event.preventDefault();
  };

  // A double click goes straight to the component's first property (a Heading's text, a Button's label).
  const onDoubleClick = (event: MouseEvent) => {
    if (preview || !nodeElement(event.target, frame.current)) return;
    requestAnimationFrame(() => {
      const field = document.querySelector<HTMLElement>('[data-testid="properties"] [data-testid^="prop-field-"]');
      const input = field?.matches('input, textarea, select') ? field : field?.querySelector<HTMLElement>('input, textarea, select');
      input?.focus();
      if (input instanceof HTMLInputElement || input instanceof HTMLTextAreaElement) input.select();
    });
  };

  const onPointerOver = (event: PointerEvent) => {
    if (preview || dndStore.getState().source) return;
    const id = nodeElement(event.target, frame.current)?.dataset.nodeId ?? null;
    if (api.getState().hover !== id) api.getState().setHover(id);
  };

  const onPointerLeave = () => {
    if (api.getState().hover !== null) api.getState().setHover(null);
    api.getState().sharePointer(null);
  };

  // The live cursor others see: anchored to the component under the pointer, else the page (anchor.ts).
  const onPointerMove = (event: PointerEvent) => {
    if (preview || !frame.current || rootId === null) return;
    const element =
      nodeElement(event.target, frame.current) ?? frame.current.querySelector<HTMLElement>(`[data-node-id="${CSS.escape(rootId)}"]`);
    const id = element?.dataset.nodeId;
    if (!element || !id) return;
    api.getState().sharePointer(anchorPointer(id, element.getBoundingClientRect(), event.clientX, event.clientY));
  };

  const onDragStart = (event: DragEvent) => {
    const element = nodeElement(event.target, frame.current);
    const id = element?.dataset.nodeId;
    // A viewer cannot move anything (the store would refuse the drop too).
    if (preview || api.getState().readOnly || !id || id === api.getState().doc?.rootId) {
      event.preventDefault();
      return;
    }
    event.stopPropagation();
    // Dragging one of a multi-selection moves the whole group; anything else is selected and moves alone.
    const { selectedIds } = api.getState();
    if (selectedIds.length > 1 && selectedIds.includes(id)) {
      startDrag(event, { kind: 'move', id, ids: selectedGroup(api.getState()) });
      return;
    }
    api.getState().select(id);
    startDrag(event, { kind: 'move', id });
  };

  // A file from outside the browser: onto an Image replaces its src, elsewhere where a new Image would go.
  const onFileDragOver = (event: DragEvent) => {
    // Handled here even when refused: the browser would otherwise open the file in place of the editor.
    event.preventDefault();
    const doc = api.getState().doc;
    const element = nodeElement(event.target, frame.current);
    fileTarget.current = null;
    if (preview || api.getState().readOnly || !doc || !element || !frame.current) {
      event.dataTransfer.dropEffect = 'none';
      setDropTarget(null, {});
      return;
    }
    const origin = { rect: frame.current.getBoundingClientRect(), zoom: zoomOf(frame.current) };
    const id = element.dataset.nodeId;
    if (id !== undefined && nodeOf(doc, id)?.type === 'Image') {
      fileTarget.current = { kind: 'replace', id };
      setDropTarget(null, { canvasIndicator: { rect: boxOf(element, origin), kind: 'box' } });
    } else {
      const drop = canvasDropAt(doc, IMAGE_SOURCE, element, event.clientX, event.clientY, origin);
      if (drop) fileTarget.current = { kind: 'insert', at: drop.placement };
      setDropTarget(drop?.placement ?? null, { canvasIndicator: drop?.indicator ?? null });
    }
    event.dataTransfer.dropEffect = fileTarget.current ? 'copy' : 'none';
  };

  const onDragOver = (event: DragEvent) => {
    if (!dndStore.getState().source && carriesFiles(event)) {
      onFileDragOver(event);
      return;
    }
    const { source } = dndStore.getState();
    const doc = api.getState().doc;
    const element = nodeElement(event.target, frame.current);
    if (preview || !source || !doc || !element || !frame.current) {
      setDropTarget(null, {});
      return;
    }
    const origin = { rect: frame.current.getBoundingClientRect(), zoom: zoomOf(frame.current) };
    const drop = canvasDropAt(doc, source, element, event.clientX, event.clientY, origin);
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
    const file = source ? undefined : firstFile(event.dataTransfer.files);
    if (file) {
      const target = fileTarget.current;
      fileTarget.current = null;
      // A viewer hears why; a drop outside any place (the preview) does nothing.
      if (!preview && (target || api.getState().readOnly)) void placeImageFile(file, target ?? { kind: 'insert' });
      return;
    }
    if (source && placement && event.dataTransfer.types.includes(DRAG_MIME)) performDrop(api.getState(), source, placement);
  };

  if (rootId === null) return null;
  const width = WIDTHS[viewport];
  const zoom = zoomToFit(width, available);
  return (
    <div
      className={`canvas-area${following !== null && !preview ? ' canvas-area--following' : ''}`}
      style={followColor ? ({ '--follow-color': safeColor(followColor) ?? '#64748b' } as CSSProperties) : undefined}
    >
      {!preview && <FollowBanner />}
      {/* Clicks and drags are handled here for the whole page at once; the outline offers the same by keyboard. */}
      {/* biome-ignore lint/a11y/noStaticElementInteractions: see above */}
      {/* biome-ignore lint/a11y/useKeyWithClickEvents: see above */}
      <div
        ref={scroller}
        className={`canvas-scroll${preview ? ' canvas-scroll--preview' : ''}`}
        onClick={onClick}
        onMouseDown={onMouseDown}
        onDoubleClick={onDoubleClick}
        onPointerOver={onPointerOver}
        onPointerLeave={onPointerLeave}
        onPointerMove={onPointerMove}
        onScroll={shareView}
        onDragStart={onDragStart}
        onDragOver={onDragOver}
        onDragLeave={onDragLeave}
        onDrop={onDrop}
        onDragEnd={endDrag}
      >
        <div
          ref={frame}
          className={`canvas ${FRAME_CLASS} canvas--${viewport}${preview ? ' canvas--preview' : ''}`}
          data-testid="canvas"
          data-viewport={viewport}
          data-zoom={zoom}
          style={{ width: width ? `${width}px` : undefined, zoom: zoom === 1 ? undefined : zoom }}
        >
          <PageStyle />
          <CanvasModeContext value={mode}>
            <CanvasNode id={rootId} depth={0} />
          </CanvasModeContext>
          {!preview && <CanvasOverlay frame={frame} />}
        </div>
        {!preview && <LiveCursors frame={frame} scroller={scroller} />}
      </div>
      {uploading && !preview && (
        <span className="canvas-uploading" role="status" data-testid="canvas-uploading">
          Uploading the image…
        </span>
      )}
      {zoom !== 1 && (
        <span className="canvas-zoom" title={`The ${width}px frame is shown at ${Math.round(zoom * 100)}% to fit`}>
          {width}px · {Math.round(zoom * 100)}%
        </span>
      )}
    </div>
  );
}
