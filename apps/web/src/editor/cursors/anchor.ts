/**
 * Where a pointer is, in words every window agrees on (protocol M7): a point of
 * one component's box, as fractions of its width and height. The same component
 * is laid out differently in another window size, viewport frame or zoom, but
 * "a quarter across the Heading, near its bottom" means the same spot in all of
 * them, which pixels of the page frame would not. Pure: rectangles in, numbers out.
 */
import type { Pointer } from '@tandem/protocol';

export interface Box {
  left: number;
  top: number;
  width: number;
  height: number;
}

const clamp01 = (value: number) => (Number.isFinite(value) ? Math.min(1, Math.max(0, value)) : 0);
/** Four decimals: a tenth of a pixel on a 1,000 px box, and a short frame. */
const round = (value: number) => Math.round(value * 10_000) / 10_000;

/** The pointer at (clientX, clientY) anchored to component `id` drawn at `box`; outside the box, at its nearest edge. */
export function anchorPointer(id: string, box: Box, clientX: number, clientY: number): NonNullable<Pointer> {
  const x = box.width > 0 ? (clientX - box.left) / box.width : 0;
  const y = box.height > 0 ? (clientY - box.top) / box.height : 0;
  return { id, x: round(clamp01(x)), y: round(clamp01(y)) };
}

/** Where an anchored pointer is drawn when its component is at `box` here. */
export function placePointer(pointer: NonNullable<Pointer>, box: Box): { left: number; top: number } {
  return { left: box.left + clamp01(pointer.x) * box.width, top: box.top + clamp01(pointer.y) * box.height };
}

/** How far down a scroller is: 0 at the top, 1 at the bottom, 0 when it cannot scroll (M7 `view.scroll`). */
export function scrollFraction(scrollTop: number, scrollHeight: number, clientHeight: number): number {
  const range = scrollHeight - clientHeight;
  return range > 0 ? round(clamp01(scrollTop / range)) : 0;
}

/** The scrollTop that shows the same fraction of the page in a scroller of this size. */
export function scrollTopFor(fraction: number, scrollHeight: number, clientHeight: number): number {
  return Math.round(clamp01(fraction) * Math.max(0, scrollHeight - clientHeight));
}
