import { safeColor } from '@tandem/render';

// One colour policy for the page and the editor's own marks: the renderer's.
export { safeColor };

/** #rgb / #rgba / #rrggbbaa as the #rrggbb a native colour input accepts; black when not a colour. */
export function toColorInputValue(value: string): string {
  const hex = safeColor(value)?.slice(1);
  if (!hex) return '#000000';
  if (hex.length === 3 || hex.length === 4) return `#${[...hex.slice(0, 3)].map((c) => c + c).join('')}`.toLowerCase();
  return `#${hex.slice(0, 6)}`.toLowerCase();
}
