// @vitest-environment happy-dom
/** Where a drag over the canvas lands, from the rendered boxes and the document's rules. */
import { defaultProps, starterDocument } from '@tandem/protocol';
import { expect, test } from 'vitest';
import { canvasDropAt } from './drop.ts';

// root (0–1000 tall) > hero (section, 100–400) > heading (120–180), text (200–260), button (280–320); card (500–600, empty)
const doc = starterDocument();
doc.components.card = { id: 'card', type: 'Card', props: defaultProps('Card'), children: [] };
(doc.components.root as { children: string[] }).children.push('card');

const boxes: Record<string, [number, number]> = {
  root: [0, 1000],
  hero: [100, 400],
  'hero-heading': [120, 180],
  'hero-text': [200, 260],
  'hero-button': [280, 320],
  card: [500, 600],
};

function element(id: string, children: HTMLElement[] = []): HTMLElement {
  const el = document.createElement('div');
  el.dataset.nodeId = id;
  const [top, bottom] = boxes[id] as [number, number];
  el.getBoundingClientRect = () => ({
    top,
    bottom,
    height: bottom - top,
    left: 0,
    right: 600,
    width: 600,
    x: 0,
    y: top,
    toJSON: () => ({}),
  });
  el.append(...children);
  return el;
}

const heading = element('hero-heading');
const text = element('hero-text');
const button = element('hero-button');
const hero = element('hero', [heading, text, button]);
const card = element('card');
element('root', [hero, card]);
const origin = { rect: new DOMRect(0, 0, 600, 1000), zoom: 1 };
const newText = { kind: 'new', type: 'Text' } as const;

test('over a leaf: before or after it in its container, by which half the pointer is in', () => {
  expect(canvasDropAt(doc, newText, text, 10, 210, origin)?.placement).toEqual({ parentId: 'hero', index: 1 });
  expect(canvasDropAt(doc, newText, text, 10, 250, origin)?.placement).toEqual({ parentId: 'hero', index: 2 });
  const line = canvasDropAt(doc, newText, text, 10, 250, origin)?.indicator;
  expect(line?.kind).toBe('line');
  expect(line?.rect.top).toBe(268); // halfway between the Text (ends 260) and the Button (starts 280), less half the line
});

test('inside a container: the gap nearest the pointer; an empty one shows a box', () => {
  expect(canvasDropAt(doc, newText, hero, 10, 270, origin)?.placement).toEqual({ parentId: 'hero', index: 2 });
  const empty = canvasDropAt(doc, newText, card, 10, 550, origin);
  expect(empty?.placement).toEqual({ parentId: 'card', index: 0 });
  expect(empty?.indicator.kind).toBe('box');
});

test("at a container's very edge the drop goes beside it", () => {
  expect(canvasDropAt(doc, newText, hero, 10, 103, origin)?.placement).toEqual({ parentId: 'root', index: 0 });
  expect(canvasDropAt(doc, newText, hero, 10, 397, origin)?.placement).toEqual({ parentId: 'root', index: 1 });
});

test('a component dragged over its own subtree goes beside itself, never into itself', () => {
  const drop = canvasDropAt(doc, { kind: 'move', id: 'hero' }, text, 10, 250, origin);
  expect(drop?.placement.parentId).toBe('root');
});

test('a type a container refuses goes to the nearest container that takes it', () => {
  const column = { kind: 'new', type: 'Column' } as const;
  expect(canvasDropAt(doc, column, text, 10, 250, origin)?.placement).toEqual({ parentId: 'hero', index: 2 });
});

test('positions inside a zoomed frame are divided by the zoom', () => {
  const zoomed = canvasDropAt(doc, newText, card, 10, 550, { rect: new DOMRect(0, 0, 300, 500), zoom: 0.5 });
  expect(zoomed?.indicator.rect).toEqual({ top: 1000, left: 0, width: 1200, height: 200 });
});
