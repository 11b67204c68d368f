/** Colours come from peers (props) and the server (users): only a plain #hex one reaches a style. */
export function safeColor(value: unknown): string | undefined {
  return typeof value === 'string' && /^#(?:[0-9a-fA-F]{3,4}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})$/.test(value) ? value : undefined;
}
