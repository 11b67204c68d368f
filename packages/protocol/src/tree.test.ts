import { describe, expect, it } from 'vitest';
import type { PageDocument } from './document.ts';
import { defaultProps } from './registry.ts';
import {
  canHold,
  childCountRefusal,
  childTypeRefusal,
  describeRefusal,
  holdRefusal,
  isAncestor,
  locate,
  nodeOf,
  parentOf,
  pathOf,
  subtreeIds,
} from './tree.ts';

/** root > [hero > [title, body], cols > [c1 > [card > [note]], c2]] */
function page(): PageDocument {
  const doc: PageDocument = { rootId: 'root', components: {} };
  const add = (id: string, type: string, children: string[] = []) => {
    doc.components[id] = { id, type, props: defaultProps(type), children };
  };
  add('root', 'Page', ['hero', 'cols']);
  add('hero', 'Section', ['title', 'body']);
  add('title', 'Heading');
  add('body', 'Text');
  add('cols', 'Columns', ['c1', 'c2']);
  add('c1', 'Column', ['card']);
  add('c2', 'Column');
  add('card', 'Card', ['note']);
  add('note', 'Text');
  return doc;
}

describe('finding components', () => {
  it('[D10] nodeOf finds own components only', () => {
    const doc = page();
    expect(nodeOf(doc, 'hero')).toBe(doc.components.hero);
    expect(nodeOf(doc, 'missing')).toBeUndefined();
    expect(nodeOf(doc, 'toString')).toBeUndefined();
    expect(nodeOf(doc, '__proto__')).toBeUndefined();
  });

  it('[D10] parentOf and locate name the parent and the index; the root and unknown ids have none', () => {
    const doc = page();
    expect(parentOf(doc, 'body')).toBe('hero');
    expect(locate(doc, 'c2')).toEqual({ parentId: 'cols', index: 1 });
    expect(parentOf(doc, 'root')).toBeNull();
    expect(locate(doc, 'root')).toBeNull();
    expect(parentOf(doc, 'missing')).toBeNull();
  });

  it('[D10] subtreeIds lists a component and everything below it, parents first, in document order', () => {
    const doc = page();
    expect(subtreeIds(doc, 'cols')).toEqual(['cols', 'c1', 'card', 'note', 'c2']);
    expect(subtreeIds(doc, 'note')).toEqual(['note']);
    expect(subtreeIds(doc, 'missing')).toEqual([]);
  });

  it('[D10] pathOf gives the ids from the root down', () => {
    const doc = page();
    expect(pathOf(doc, 'note')).toEqual(['root', 'cols', 'c1', 'card', 'note']);
    expect(pathOf(doc, 'root')).toEqual(['root']);
    expect(pathOf(doc, 'missing')).toEqual([]);
  });

  it('[D10] isAncestor holds for a component itself and everything above it, and nothing else', () => {
    const doc = page();
    expect(isAncestor(doc, 'cols', 'note')).toBe(true);
    expect(isAncestor(doc, 'note', 'note')).toBe(true);
    expect(isAncestor(doc, 'root', 'c2')).toBe(true);
    expect(isAncestor(doc, 'note', 'cols')).toBe(false);
    expect(isAncestor(doc, 'hero', 'card')).toBe(false);
    expect(isAncestor(doc, 'missing', 'card')).toBe(false);
  });

  it('[D10] [D4] every walk ends on a document with a cycle or a repeated child', () => {
    const doc = page();
    (doc.components.note as { children: string[] }).children = ['card', 'card'];
    doc.components.note = { ...(doc.components.note as PageDocument['components'][string]), type: 'Card' };
    expect(subtreeIds(doc, 'card')).toEqual(['card', 'note']);
    expect(isAncestor(doc, 'card', 'hero')).toBe(false);
    expect(isAncestor(doc, 'note', 'card')).toBe(true);
    // The cycle is cut off from the root: no path leads to it.
    (doc.components.c1 as { children: string[] }).children = [];
    expect(pathOf(doc, 'note')).toEqual([]);
  });
});

describe('[D7] the container rules', () => {
  it('[D7] only containers hold children, of the types they allow, never the root type', () => {
    expect(childTypeRefusal('Section', 'Text')).toBeNull();
    expect(childTypeRefusal('Heading', 'Text')).toBe('not-a-container');
    expect(childTypeRefusal('Columns', 'Text')).toBe('type-not-allowed');
    expect(childTypeRefusal('Columns', 'Column')).toBeNull();
    expect(childTypeRefusal('Section', 'Page')).toBe('root-only');
    expect(childTypeRefusal('Unknown', 'Text')).toBe('not-a-container');
  });

  it('[D7] a container holds at most maxChildren; a leaf holds none', () => {
    expect(childCountRefusal('Columns', 4)).toBeNull();
    expect(childCountRefusal('Columns', 5)).toBe('full');
    expect(childCountRefusal('Section', 10_000)).toBeNull();
    expect(childCountRefusal('Text', 0)).toBeNull();
    expect(childCountRefusal('Text', 1)).toBe('not-a-container');
  });

  it('[D7] holdRefusal says, as a sentence, why a place cannot take one more child', () => {
    const doc = page();
    expect(holdRefusal(doc, 'hero', 'Text')).toBeNull();
    expect(holdRefusal(doc, 'body', 'Text')).toBe('a Text cannot hold other components');
    expect(holdRefusal(doc, 'cols', 'Text')).toBe('a Columns holds only Column');
    expect(holdRefusal(doc, 'missing', 'Text')).toBe('that place no longer exists');
    expect(holdRefusal(doc, 'hero', 'Page')).toBe('a Page is only ever the root');
  });

  it('[D7] counts what the place gains: none for a move within it, and checks only the count for an unknown type', () => {
    const doc = page();
    (doc.components.cols as { children: string[] }).children.push('c3', 'c4');
    for (const id of ['c3', 'c4']) doc.components[id] = { id, type: 'Column', props: {}, children: [] };
    expect(holdRefusal(doc, 'cols', 'Column')).toBe('a Columns holds at most 4');
    expect(canHold(doc, 'cols', 'Column', 0)).toBe(true);
    expect(canHold(doc, 'cols', null)).toBe(false);
    expect(canHold(doc, 'hero', null)).toBe(true);
    expect(canHold(doc, 'body', null)).toBe(false);
  });

  it('[D7] describeRefusal words each refusal', () => {
    expect(describeRefusal('full', 'Columns')).toBe('a Columns holds at most 4');
    expect(describeRefusal('type-not-allowed', 'Columns')).toBe('a Columns holds only Column');
    expect(describeRefusal('not-a-container', 'Image')).toBe('a Image cannot hold other components');
  });
});
