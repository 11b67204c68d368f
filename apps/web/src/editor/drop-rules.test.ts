import { defaultProps, isAncestor, type PageDocument, parentOf, starterDocument } from '@tandem/protocol';
import { expect, test } from 'vitest';
import { canDropInto } from './drop-rules.ts';

function withColumns(): PageDocument {
  const doc = starterDocument();
  const add = (id: string, type: string, parent: string, children: string[] = []) => {
    doc.components[id] = { id, type, props: defaultProps(type), children };
    (doc.components[parent] as { children: string[] }).children.push(id);
  };
  add('cols', 'Columns', 'root');
  add('c1', 'Column', 'cols');
  add('c2', 'Column', 'cols');
  add('card', 'Card', 'c1');
  return doc;
}

test('only containers take children, and only the types they allow', () => {
  const doc = withColumns();
  expect(canDropInto(doc, 'hero', { kind: 'new', type: 'Text' })).toBe(true);
  expect(canDropInto(doc, 'hero-text', { kind: 'new', type: 'Text' })).toBe(false);
  expect(canDropInto(doc, 'cols', { kind: 'new', type: 'Text' })).toBe(false);
  expect(canDropInto(doc, 'cols', { kind: 'new', type: 'Column' })).toBe(true);
  expect(canDropInto(doc, 'missing', { kind: 'new', type: 'Text' })).toBe(false);
});

test('a full container takes no more, except to reorder what it has', () => {
  const doc = withColumns();
  for (const id of ['c3', 'c4']) {
    doc.components[id] = { id, type: 'Column', props: defaultProps('Column'), children: [] };
    (doc.components.cols as { children: string[] }).children.push(id);
  }
  expect(canDropInto(doc, 'cols', { kind: 'new', type: 'Column' })).toBe(false);
  expect(canDropInto(doc, 'cols', { kind: 'move', id: 'c1' })).toBe(true);
});

test('nothing moves into itself or its own subtree', () => {
  const doc = withColumns();
  expect(canDropInto(doc, 'card', { kind: 'move', id: 'cols' })).toBe(false);
  expect(canDropInto(doc, 'c1', { kind: 'move', id: 'c1' })).toBe(false);
  expect(canDropInto(doc, 'card', { kind: 'move', id: 'hero-text' })).toBe(true);
  expect(isAncestor(doc, 'cols', 'card')).toBe(true);
  expect(isAncestor(doc, 'cols', 'hero')).toBe(false);
  expect(parentOf(doc, 'card')).toBe('c1');
  expect(parentOf(doc, 'root')).toBeNull();
});

test('a dragged group goes only where every one of it may go, with room for all that arrive', () => {
  const doc = withColumns();
  const group = (ids: string[]) => ({ kind: 'move' as const, id: ids[0] as string, ids });
  // Texts and a Card into a Section: yes; into a Columns block, which holds Columns only: no.
  expect(canDropInto(doc, 'c2', group(['hero-text', 'card']))).toBe(true);
  expect(canDropInto(doc, 'cols', group(['hero-text', 'c1']))).toBe(false);
  // Never into one of its own members.
  expect(canDropInto(doc, 'c1', group(['hero-text', 'c1']))).toBe(false);
  expect(canDropInto(doc, 'card', group(['hero-text', 'c1']))).toBe(false);
  // A Columns block with 2 Columns (room for 4): 2 more from elsewhere fit, 3 do not.
  for (const id of ['x1', 'x2', 'x3']) {
    doc.components[id] = { id, type: 'Column', props: defaultProps('Column'), children: [] };
  }
  doc.components.other = { id: 'other', type: 'Columns', props: defaultProps('Columns'), children: ['x1', 'x2', 'x3'] };
  (doc.components.root as { children: string[] }).children.push('other');
  expect(canDropInto(doc, 'cols', group(['x1', 'x2']))).toBe(true);
  expect(canDropInto(doc, 'cols', group(['x1', 'x2', 'x3']))).toBe(false);
  // Reordering within it adds nothing.
  expect(canDropInto(doc, 'cols', group(['c1', 'c2']))).toBe(true);
});
