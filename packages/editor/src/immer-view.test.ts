import { starterDocument } from '@tandem/protocol';
import { expect, it } from 'vitest';
import { immerApplyView } from './immer-view.ts';

it('applies a remote change, keeping every untouched component by identity', () => {
  const view = starterDocument();
  const next = immerApplyView(view, [{ op: 'replace', path: '/components/hero-heading/props/text', value: 'Hi' }]);
  expect(next.components['hero-heading']?.props.text).toBe('Hi');
  expect(view.components['hero-heading']?.props.text).toBe('Welcome to your page');
  expect(next.components['hero-text']).toBe(view.components['hero-text']);
  expect(next.components.hero).toBe(view.components.hero);
});

it('refuses what immer cannot express (the server only sends add, remove and replace)', () => {
  expect(() =>
    immerApplyView(starterDocument(), [{ op: 'move', from: '/components/hero/children/0', path: '/components/hero/children/1' }]),
  ).toThrow();
});
