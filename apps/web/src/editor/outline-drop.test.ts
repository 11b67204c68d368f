// @vitest-environment happy-dom
/** Where a drag over an outline row lands: before, into, or after, by the pointer's height in the row. */
import { defaultProps, starterDocument } from '@tandem/protocol';
import { expect, test } from 'vitest';
import { outlineDrop } from './Outline.tsx';

function row(id: string, parentId: string): HTMLElement {
  const element = document.createElement('div');
  element.dataset.outlineId = id;
  element.dataset.parentId = parentId;
  element.getBoundingClientRect = () => ({
    top: 100,
    bottom: 130,
    height: 30,
    left: 0,
    right: 200,
    width: 200,
    x: 0,
    y: 100,
    toJSON: () => ({}),
  });
  return element;
}

const doc = starterDocument();
doc.components.card = { id: 'card', type: 'Card', props: defaultProps('Card'), children: [] };
(doc.components.root as { children: string[] }).children.push('card');
const text = { kind: 'new', type: 'Text' } as const;

test('on a leaf: the top half is before it, the bottom half after it', () => {
  expect(outlineDrop(doc, text, row('hero-text', 'hero'), 105)).toMatchObject({
    parentId: 'hero',
    index: 1,
    target: { position: 'before' },
  });
  expect(outlineDrop(doc, text, row('hero-text', 'hero'), 125)).toMatchObject({
    parentId: 'hero',
    index: 2,
    target: { position: 'after' },
  });
});

test('on a container: the middle is into it (at the end), the edges beside it', () => {
  expect(outlineDrop(doc, text, row('card', 'root'), 115)).toMatchObject({ parentId: 'card', index: 0, target: { position: 'inside' } });
  expect(outlineDrop(doc, text, row('card', 'root'), 102)).toMatchObject({ parentId: 'root', index: 1, target: { position: 'before' } });
  expect(outlineDrop(doc, text, row('card', 'root'), 129)).toMatchObject({ parentId: 'root', index: 2, target: { position: 'after' } });
});

test('just below an open container with children is its first child', () => {
  expect(outlineDrop(doc, text, row('hero', 'root'), 129)).toMatchObject({ parentId: 'hero', index: 0 });
});

test('the root takes drops only into itself; nothing goes into its own subtree or where it is not allowed', () => {
  expect(outlineDrop(doc, text, row('root', ''), 102)).toMatchObject({ parentId: 'root', index: 2, target: { position: 'inside' } });
  expect(outlineDrop(doc, { kind: 'move', id: 'hero' }, row('hero-text', 'hero'), 105)).toBeNull();
  expect(outlineDrop(doc, { kind: 'new', type: 'Column' }, row('hero-text', 'hero'), 105)).toMatchObject({ parentId: 'hero' });
});
