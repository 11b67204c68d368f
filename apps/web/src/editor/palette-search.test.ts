import { registry } from '@tandem/protocol';
import { describe, expect, it } from 'vitest';
import { searchPalette } from './palette-search.ts';

const entries = [
  { type: 'Section', label: 'Section', description: 'A block that stacks its contents' },
  { type: 'Heading', label: 'Heading', description: 'A title, from H1 to H6' },
  { type: 'Text', label: 'Text', description: 'A paragraph of text' },
  { type: 'Button', label: 'Button', description: 'A call to action with a link' },
  { type: 'Link', label: 'Link', description: 'An inline text link' },
  { type: 'LogoRow', label: 'Logo row', description: 'Logos of customers' },
];
const types = (query: string) => searchPalette(entries, query).map((e) => e.type);

describe('palette search', () => {
  it('lists everything for an empty or blank query', () => {
    expect(types('')).toEqual(entries.map((e) => e.type));
    expect(types('   ')).toEqual(entries.map((e) => e.type));
  });

  it('matches the start of a word of the name, case aside', () => {
    expect(types('he')).toEqual(['Heading']);
    expect(types('HEAD')).toEqual(['Heading']);
    expect(types('row')).toEqual(['LogoRow']);
    expect(types('logorow')).toEqual(['LogoRow']);
  });

  it('matches the description too, after the names that match', () => {
    expect(types('link')).toEqual(['Link', 'Button']);
    expect(types('call to')).toEqual(['Button']);
    expect(types('paragraph')).toEqual(['Text']);
  });

  it('needs every word, ignores accents and finds nothing for nonsense', () => {
    expect(types('text link')).toEqual(['Link']);
    expect(types('séction')).toEqual(['Section']);
    expect(types('zebra')).toEqual([]);
  });

  it('finds every registered component by its own label', () => {
    const all = [...registry.values()].map((def) => ({ type: def.type, label: def.label, description: def.description ?? '' }));
    for (const entry of all) expect(searchPalette(all, entry.label).map((e) => e.type)).toContain(entry.type);
  });
});
