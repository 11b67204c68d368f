/**
 * Drag-and-drop state shared by the palette, the canvas and the outline:
 * what is being dragged (dragover events cannot read dataTransfer), where it
 * would land, and the indicator to draw. Kept apart from the editor store: it is
 * nobody else's business and changes at pointer speed.
 */
import { createStore, useStore } from 'zustand';
import type { Placement } from '@tandem/editor';
import type { DragSource } from './drop-rules.ts';

export const DRAG_MIME = 'application/x-tandem-component';

export interface Rect {
  top: number;
  left: number;
  width: number;
  height: number;
}

export interface OutlineTarget {
  id: string;
  position: 'before' | 'after' | 'inside';
}

export interface DndState {
  source: DragSource | null;
  /** Where a drop would go now, or null when it cannot go where the pointer is. */
  placement: Placement | null;
  /** On the canvas: a line between children, or a box for an empty container (relative to the canvas root). */
  canvasIndicator: { rect: Rect; kind: 'line' | 'box' } | null;
  outlineTarget: OutlineTarget | null;
}

const empty: DndState = { source: null, placement: null, canvasIndicator: null, outlineTarget: null };

export const dndStore = createStore<DndState>(() => empty);

export function useDnd<T>(selector: (state: DndState) => T): T {
  return useStore(dndStore, selector);
}

export function startDrag(event: DragEvent | React.DragEvent, source: DragSource): void {
  dndStore.setState({ ...empty, source });
  const transfer = event.dataTransfer;
  if (!transfer) return;
  transfer.effectAllowed = source.kind === 'move' ? 'move' : 'copy';
  transfer.setData(DRAG_MIME, JSON.stringify(source));
  // Some browsers start no drag without a plain-text payload.
  transfer.setData('text/plain', source.kind === 'new' ? source.type : source.kind === 'move' ? source.id : '');
}

export function endDrag(): void {
  dndStore.setState(empty);
}

export function setDropTarget(placement: Placement | null, extra: Partial<Pick<DndState, 'canvasIndicator' | 'outlineTarget'>>): void {
  const previous = dndStore.getState();
  const next = { placement, canvasIndicator: extra.canvasIndicator ?? null, outlineTarget: extra.outlineTarget ?? null };
  if (
    samePlacement(previous.placement, next.placement) &&
    JSON.stringify(previous.canvasIndicator) === JSON.stringify(next.canvasIndicator) &&
    JSON.stringify(previous.outlineTarget) === JSON.stringify(next.outlineTarget)
  ) {
    return;
  }
  dndStore.setState(next);
}

function samePlacement(a: Placement | null, b: Placement | null): boolean {
  return a === b || (a !== null && b !== null && a.parentId === b.parentId && a.index === b.index);
}
