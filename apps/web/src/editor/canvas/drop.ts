/**
 * Where a drag over the canvas would land, read from the rendered DOM (each
 * component's root element carries data-node-id, and a container's children
 * are its direct child elements) and checked against the document's rules.
 */

import type { Placement } from '@tandem/editor';
import { getDefinition, nodeOf, type PageDocument } from '@tandem/protocol';
import type { Rect } from '../dnd.ts';
import { canDropInto, type DragSource } from '../drop-rules.ts';

export interface CanvasDrop {
  placement: Placement;
  indicator: { rect: Rect; kind: 'line' | 'box' };
}

/** Near a container's edge, a drop goes beside it rather than into it. */
const EDGE = 8;

function isHorizontal(doc: PageDocument, id: string): boolean {
  const node = nodeOf(doc, id);
  return node?.type === 'Columns' || (node?.type === 'Section' && node.props.direction === 'row');
}

function childElements(element: Element): HTMLElement[] {
  return [...element.children].filter((child): child is HTMLElement => child instanceof HTMLElement && child.dataset.nodeId !== undefined);
}

function parentElementOf(element: HTMLElement): HTMLElement | null {
  return element.parentElement?.closest<HTMLElement>('[data-node-id]') ?? null;
}

/** Where the drop indicator goes inside the canvas frame, whose origin is `origin` (zoom: the frame's zoom). */
export interface Origin {
  rect: DOMRect;
  zoom: number;
}

function relative(rect: DOMRect, origin: Origin): Rect {
  const z = origin.zoom;
  return {
    top: (rect.top - origin.rect.top) / z,
    left: (rect.left - origin.rect.left) / z,
    width: rect.width / z,
    height: rect.height / z,
  };
}

/** A component's outline inside the frame: where a file dropped on an Image would replace its picture. */
export function boxOf(element: HTMLElement, origin: Origin): Rect {
  return relative(element.getBoundingClientRect(), origin);
}

/** The gap among `container`'s children nearest the pointer, with the line to draw there. */
function gapIn(doc: PageDocument, container: HTMLElement, x: number, y: number, origin: Origin): CanvasDrop {
  const id = container.dataset.nodeId as string;
  const horizontal = isHorizontal(doc, id);
  const children = childElements(container);
  if (children.length === 0) {
    return { placement: { parentId: id, index: 0 }, indicator: { rect: relative(container.getBoundingClientRect(), origin), kind: 'box' } };
  }
  let index = children.length;
  for (let i = 0; i < children.length; i++) {
    const r = (children[i] as HTMLElement).getBoundingClientRect();
    if (horizontal ? x < r.left + r.width / 2 : y < r.top + r.height / 2) {
      index = i;
      break;
    }
  }
  return { placement: { parentId: id, index }, indicator: { rect: lineAt(children, index, horizontal, origin), kind: 'line' } };
}

function lineAt(children: HTMLElement[], index: number, horizontal: boolean, origin: Origin): Rect {
  const before = index > 0 ? (children[index - 1] as HTMLElement).getBoundingClientRect() : null;
  const after = index < children.length ? (children[index] as HTMLElement).getBoundingClientRect() : null;
  const ref = (after ?? before) as DOMRect;
  const z = origin.zoom;
  if (horizontal) {
    const x = before && after ? (before.right + after.left) / 2 : after ? after.left - 2 : (before as DOMRect).right + 2;
    return { top: (ref.top - origin.rect.top) / z, left: (x - origin.rect.left) / z - 2, width: 4, height: ref.height / z };
  }
  const y = before && after ? (before.bottom + after.top) / 2 : after ? after.top - 2 : (before as DOMRect).bottom + 2;
  return { top: (y - origin.rect.top) / z - 2, left: (ref.left - origin.rect.left) / z, width: ref.width / z, height: 4 };
}

/**
 * Starting from the component under the pointer: into it when it is a container
 * that takes the dragged thing (unless the pointer is at its very edge), else
 * before or after it in its parent, climbing until some container takes it.
 */
export function canvasDropAt(
  doc: PageDocument,
  source: DragSource,
  target: HTMLElement,
  x: number,
  y: number,
  origin: Origin,
): CanvasDrop | null {
  const movingId = source.kind === 'move' ? source.id : null;
  let element: HTMLElement | null = target;
  // Never drop into the subtree being dragged: start above it.
  if (movingId !== null) {
    const moving = target.closest<HTMLElement>(`[data-node-id="${CSS.escape(movingId)}"]`);
    if (moving) element = moving;
  }
  while (element) {
    const id = element.dataset.nodeId as string;
    const node = nodeOf(doc, id);
    if (!node) return null;
    const parent = parentElementOf(element);
    const r = element.getBoundingClientRect();
    const nearEdge = parent !== null && (y - r.top < EDGE || r.bottom - y < EDGE);
    if (id !== movingId && !nearEdge && getDefinition(node.type)?.acceptsChildren && canDropInto(doc, id, source)) {
      return gapIn(doc, element, x, y, origin);
    }
    if (!parent) return null;
    const parentId = parent.dataset.nodeId as string;
    if (canDropInto(doc, parentId, source)) {
      const siblings = childElements(parent);
      const horizontal = isHorizontal(doc, parentId);
      const at = siblings.indexOf(element);
      const after = horizontal ? x > r.left + r.width / 2 : y > r.top + r.height / 2;
      const index = at + (after ? 1 : 0);
      return { placement: { parentId, index }, indicator: { rect: lineAt(siblings, index, horizontal, origin), kind: 'line' } };
    }
    element = parent;
  }
  return null;
}
