/**
 * The palette's search: which components a query names. Every word of the query
 * must start a word of the component's name, type or description (so "he" finds
 * Heading, "call to" finds Button), case and accents aside; in the palette's own
 * order, those whose name matches first. Pure.
 */
export interface PaletteEntry {
  type: string;
  label: string;
  description: string;
}

const fold = (text: string) =>
  text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase();
const wordsOf = (text: string) => fold(text).split(/[^\p{L}\p{N}]+/u).filter(Boolean);

export function searchPalette<T extends PaletteEntry>(entries: readonly T[], query: string): T[] {
  const wanted = wordsOf(query);
  if (wanted.length === 0) return [...entries];
  const byName: T[] = [];
  const byDescription: T[] = [];
  for (const entry of entries) {
    const name = [...wordsOf(entry.label), ...wordsOf(entry.type), fold(entry.type)];
    const all = [...name, ...wordsOf(entry.description)];
    if (!wanted.every((w) => all.some((word) => word.startsWith(w)))) continue;
    if (wanted.every((w) => name.some((word) => word.startsWith(w)))) byName.push(entry);
    else byDescription.push(entry);
  }
  return [...byName, ...byDescription];
}
