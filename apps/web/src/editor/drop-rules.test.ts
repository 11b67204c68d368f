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
