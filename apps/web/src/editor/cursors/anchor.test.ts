import { describe, expect, it } from 'vitest';
import { anchorPointer, placePointer, scrollFraction, scrollTopFor } from './anchor.ts';

describe('pointer anchors (M7)', () => {
  it('anchors a point to a fraction of its component’s box', () => {
    expect(anchorPointer('hero', { left: 100, top: 50, width: 400, height: 200 }, 200, 200)).toEqual({ id: 'hero', x: 0.25, y: 0.75 });
  });

  it('lands on the same spot of the same component in another window, frame or zoom', () => {
    const desktop = { left: 300, top: 120, width: 900, height: 60 };
    const mobileAtHalfZoom = { left: 40, top: 400, width: 160, height: 45 };
    const pointer = anchorPointer('title', desktop, 300 + 0.4 * 900, 120 + 0.5 * 60);
    expect(placePointer(pointer, mobileAtHalfZoom)).toEqual({ left: 40 + 0.4 * 160, top: 400 + 0.5 * 45 });
  });

  it('keeps a point outside the box at its nearest edge, and an empty box at its corner', () => {
    expect(anchorPointer('page', { left: 0, top: 0, width: 100, height: 100 }, -30, 250)).toEqual({ id: 'page', x: 0, y: 1 });
    expect(anchorPointer('spacer', { left: 10, top: 10, width: 0, height: 0 }, 50, 50)).toEqual({ id: 'spacer', x: 0, y: 0 });
  });

  it('rounds to four decimals, so a frame stays short and within the schema', () => {
    const pointer = anchorPointer('a', { left: 0, top: 0, width: 3, height: 7 }, 1, 1);
    expect(pointer).toEqual({ id: 'a', x: 0.3333, y: 0.1429 });
  });
});

describe('scroll as a fraction of the page (M7)', () => {
  it('is 0 at the top, 1 at the bottom, 0 when nothing scrolls', () => {
    expect(scrollFraction(0, 3000, 1000)).toBe(0);
    expect(scrollFraction(2000, 3000, 1000)).toBe(1);
    expect(scrollFraction(500, 3000, 1000)).toBe(0.25);
    expect(scrollFraction(0, 800, 1000)).toBe(0);
  });

  it('maps to the same part of the page in a scroller of another size', () => {
    const fraction = scrollFraction(1000, 5000, 1000);
    expect(scrollTopFor(fraction, 9000, 600)).toBe(2100);
    expect(scrollTopFor(1.5, 9000, 600)).toBe(8400);
    expect(scrollTopFor(0.5, 500, 600)).toBe(0);
  });
});
