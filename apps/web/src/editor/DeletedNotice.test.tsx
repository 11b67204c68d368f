// @vitest-environment happy-dom
/** SPEC H3 in the editor: someone else deletes the section this person is typing in. */
import { type Operation, starterDocument } from '@tandem/protocol';
import { act } from 'react';
import { afterEach, expect, test } from 'vitest';
import { Editor } from './Editor.tsx';
import { byTestId, click, type Mounted, mount, typeInto } from './testing/mount.tsx';

let mounted: Mounted;
afterEach(() => mounted.unmount());
const get = (id: string) => byTestId(mounted.container, id) as HTMLElement;

const removeHero: Operation[] = [
  { op: 'remove', path: '/components/root/children/0' },
  ...['hero-heading', 'hero-text', 'hero-button', 'hero'].map((id): Operation => ({ op: 'remove', path: `/components/${id}` })),
];

test('[H3][#11 bug 4] B typing in a Text whose Section A deletes is told who and what, and restores it in one click with the typing', () => {
  mounted = mount(<Editor pageId="my-page" userName="Bea" onUserNameChange={() => {}} />, starterDocument());
  const ada = { userId: 'u-ada', userName: 'Ada', color: '#aa0000' };
  act(() => {
    mounted.client.users = [mounted.client.me as NonNullable<typeof mounted.client.me>, ada];
    mounted.client.emit({ type: 'users', users: mounted.client.users });
  });
  click(get('canvas-node-hero-text'));
  const field = get('prop-field-text') as HTMLTextAreaElement;
  typeInto(field, 'Typed by Bea');
  act(() => mounted.client.remote(removeHero, { senderId: 'u-ada' }));

  expect(get('canvas-node-hero')).toBeNull();
  expect(get('deleted-notice').textContent).toContain('Ada deleted this section, with what you were editing in it.');
  click(get('deleted-restore'));
  expect(get('deleted-notice')).toBeNull();
  expect(get('canvas-node-hero')).not.toBeNull();
  expect(get('canvas-node-hero-text').textContent).toBe('Typed by Bea');
  // Back in the field she was typing in.
  expect(mounted.store.getState().selection).toBe('hero-text');
  expect((get('prop-field-text') as HTMLTextAreaElement).value).toBe('Typed by Bea');
});

test('[H3] someone this window does not know is "Someone"; a viewer is told without a Restore button, and can dismiss it', () => {
  mounted = mount(<Editor pageId="my-page" userName="Bea" onUserNameChange={() => {}} />, starterDocument());
  click(get('canvas-node-hero-heading'));
  act(() => mounted.client.emit({ type: 'role', role: 'viewer' }));
  act(() => mounted.client.remote(removeHero, { senderId: 'u-unknown' }));
  expect(get('deleted-notice').textContent).toContain('Someone deleted this section');
  expect(get('deleted-restore')).toBeNull();
  click(get('deleted-dismiss'));
  expect(get('deleted-notice')).toBeNull();
});
