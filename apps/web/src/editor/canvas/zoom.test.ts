import { expect, test } from 'vitest';
import { zoomToFit } from './zoom.ts';

test('a frame that fits is drawn at 100%; a wider one is zoomed out to fit, never below 25%', () => {
  expect(zoomToFit(undefined, 640)).toBe(1);
  expect(zoomToFit(375, 640)).toBe(1);
  expect(zoomToFit(768, 768)).toBe(1);
  expect(zoomToFit(768, 640)).toBe(0.83);
  expect(zoomToFit(768, 100)).toBe(0.25);
  expect(zoomToFit(768, 0)).toBe(1);
});
