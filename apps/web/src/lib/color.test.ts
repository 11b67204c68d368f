import { expect, test } from 'vitest';
import { safeColor, toColorInputValue } from './color.ts';

test('only #hex colours pass', () => {
  expect(safeColor('#fff')).toBe('#fff');
  expect(safeColor('#A1B2C3')).toBe('#A1B2C3');
  expect(safeColor('#11223344')).toBe('#11223344');
  for (const bad of ['', 'red', '#12', '#12345', 'url(javascript:x)', '#fff;background:url(x)', null, 3]) expect(safeColor(bad)).toBeUndefined();
});

test('the native picker gets #rrggbb', () => {
  expect(toColorInputValue('#ABC')).toBe('#aabbcc');
  expect(toColorInputValue('#abcd')).toBe('#aabbcc');
  expect(toColorInputValue('#11223344')).toBe('#112233');
  expect(toColorInputValue('')).toBe('#000000');
});
