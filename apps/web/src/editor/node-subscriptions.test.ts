import { starterDocument } from '@tandem/protocol';
import { expect, test } from 'vitest';
import type { EditorStore } from '@tandem/editor';
import { changedIds, remoteSelectionOf } from './node-subscriptions.ts';

const base = (): EditorStore =>
  ({
    doc: starterDocument(),
    selection: null,
    hover: null,
    presence: {},
    users: [],
    me: { userId: 'me', userName: 'Me', color: '#111111' },
  }) as unknown as EditorStore;

const ids = ['root', 'hero', 'hero-heading', 'hero-text', 'hero-button'];

test('a prop edit concerns only the component whose node was replaced', () => {
  const prev = base();
  const doc = prev.doc as NonNullable<EditorStore['doc']>;
  const text = doc.components['hero-text'] as NonNullable<(typeof doc.components)[string]>;
  const next = {
    ...prev,
    doc: { ...doc, components: { ...doc.components, 'hero-text': { ...text, props: { ...text.props, text: 'x' } } } },
  };
  expect([...changedIds(next, prev, ids)]).toEqual(['hero-text']);
});

test('selection and hover concern the old and the new id; the root row hears about "nothing selected"', () => {
  const prev = { ...base(), selection: 'hero-text', hover: 'hero' };
  expect([...changedIds({ ...prev, selection: 'hero-button' }, prev, ids)].sort()).toEqual(['hero-button', 'hero-text']);
  expect([...changedIds({ ...prev, selection: null }, prev, ids)].sort()).toEqual(['hero-text', 'root']);
  expect([...changedIds({ ...prev, hover: null }, prev, ids)]).toEqual(['hero']);
});

test("someone else's selection concerns what they had and what they have now", () => {
  const prev = { ...base(), presence: { u1: ['hero'] } };
  expect([...changedIds({ ...prev, presence: { u1: ['hero-text'] } }, prev, ids)].sort()).toEqual(['hero', 'hero-text']);
});

test('a new document concerns every node', () => {
  const prev = base();
  expect([...changedIds({ ...prev, doc: starterDocument() }, prev, ids)].sort()).toEqual([...ids].sort());
});

test("others' selections are looked up with their colour, one's own left out", () => {
  const state = {
    ...base(),
    presence: { u1: ['hero'], me: ['hero-text'] },
    users: [
      { userId: 'u1', userName: 'Ann', color: '#ff0000' },
      { userId: 'me', userName: 'Me', color: '#111111' },
    ],
  } as unknown as EditorStore;
  expect(remoteSelectionOf(state, 'hero')).toEqual({ userId: 'u1', color: '#ff0000' });
  expect(remoteSelectionOf(state, 'hero-text')).toBeUndefined();
});
