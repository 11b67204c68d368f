/** Colours come from peers (props) and the server (users): only a plain #hex one reaches a style. */
export function safeColor(value: unknown): string | undefined {
  return typeof value === 'string' && /^#(?:[0-9a-fA-F]{3,4}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})$/.test(value) ? value : undefined;
}

/** #rgb / #rgba / #rrggbbaa as the #rrggbb a native colour input accepts; black when not a colour. */
export function toColorInputValue(value: string): string {
  const hex = safeColor(value)?.slice(1);
  if (!hex) return '#000000';
  if (hex.length === 3 || hex.length === 4) return `#${[...hex.slice(0, 3)].map((c) => c + c).join('')}`.toLowerCase();
  return `#${hex.slice(0, 6)}`.toLowerCase();
}
