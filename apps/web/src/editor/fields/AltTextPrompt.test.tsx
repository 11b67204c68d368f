// @vitest-environment happy-dom
/** The alt-text prompt in the properties panel (SPEC U6): shown while an Image is not described, answered with a text or "decorative". */
import { type ComponentNode, defaultProps, type Json, type PageDocument, starterDocument } from '@tandem/protocol';
import { act } from 'react';
import { afterEach, expect, test } from 'vitest';
import { Properties } from '../Properties.tsx';
import { byTestId, click, type Mounted, mount, typeInto } from '../testing/mount.tsx';

let mounted: Mounted | null = null;
afterEach(() => {
  mounted?.unmount();
  mounted = null;
});

function openImage(props: Record<string, Json> = {}): Mounted {
  const doc: PageDocument = starterDocument();
  const image: ComponentNode = { id: 'pic', type: 'Image', props: { ...defaultProps('Image'), src: '/assets/x', ...props }, children: [] };
  doc.components.pic = image;
  (doc.components.hero as { children: string[] }).children.push('pic');
  mounted = mount(<Properties />, doc);
  act(() => mounted?.store.getState().select('pic'));
  return mounted;
}
const prompt = () => byTestId((mounted as Mounted).container, 'alt-prompt');
const props = () => (mounted as Mounted).store.getState().doc?.components.pic?.props ?? {};

test('[U6] an Image without alt text asks for it; a saved description sets alt and the prompt goes', () => {
  const { container } = openImage();
  expect(prompt()?.textContent).toContain('Describe this image');
  const save = byTestId(container, 'alt-prompt-save') as HTMLButtonElement;
  // Nothing to save yet: an empty description is not an answer.
  expect(save.disabled).toBe(true);
  typeInto(byTestId(container, 'alt-prompt-input') as HTMLInputElement, '  A red bicycle against a wall ');
  // Typing does not write yet (the prompt would vanish under the fingers); saving does, trimmed.
  expect(props().alt).toBe('');
  act(() => {
    (byTestId(container, 'alt-prompt-input')?.closest('form') as HTMLFormElement | null)?.requestSubmit();
  });
  expect(props().alt).toBe('A red bicycle against a wall');
  expect(prompt()).toBeNull();
});

test('[U6] "It is decorative" says so on purpose, and the prompt goes', () => {
  const { container } = openImage();
  click(byTestId(container, 'alt-prompt-decorative') as HTMLElement);
  expect(props().decorative).toBe(true);
  expect(props().alt).toBe('');
  expect(prompt()).toBeNull();
});

test('[U6] a described or decorative Image is not asked again; an alt of spaces is not a description', () => {
  openImage({ alt: 'A cat' });
  expect(prompt()).toBeNull();
  mounted?.unmount();
  openImage({ decorative: true });
  expect(prompt()).toBeNull();
  mounted?.unmount();
  openImage({ alt: '   ' });
  expect(prompt()).not.toBeNull();
});
