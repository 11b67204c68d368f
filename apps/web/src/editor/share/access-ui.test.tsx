// @vitest-environment happy-dom
/** The editor by role: a viewer sees "View only" and cannot edit; an owner shares through the Share dialog. */
import { starterDocument } from '@tandem/protocol';
import { act } from 'react';
import { afterEach, expect, test } from 'vitest';
import { error, type FakeFetch, fakeFetch, json, settle } from '../../lib/testing/fake-fetch.ts';
import { Editor } from '../Editor.tsx';
import { byTestId, click, editorFor, type Mounted, mount, press } from '../testing/mount.tsx';

let mounted: Mounted;
let api: FakeFetch;
afterEach(() => {
  mounted.unmount();
  api.restore();
});
const get = (id: string) => byTestId(mounted.container, id) as HTMLElement;
const flush = () => settle(act);

function open(role: 'owner' | 'editor' | 'viewer', routes: Parameters<typeof fakeFetch>[0] = {}) {
  api = fakeFetch(routes);
  const doc = starterDocument();
  const session = editorFor(doc);
  session.client.role = role;
  session.store.setState({ role, readOnly: role === 'viewer' });
  mounted = mount(<Editor pageId="my-page" userName="Ann Lee" onUserNameChange={() => {}} />, doc, session);
}

test('[A2] a viewer sees "View only", no palette or edit toolbar, disabled properties, and keys change nothing', async () => {
  open('viewer');
  await flush();
  expect(get('view-only-badge').textContent).toBe('View only');
  expect(get('palette')).toBeNull();
  expect(get('undo')).toBeNull();
  expect(get('share-open')).toBeNull();
  expect((get('properties-fieldset') as HTMLFieldSetElement).disabled).toBe(true);
  const before = mounted.store.getState().doc;
  const first = before?.components[before.rootId]?.children[0] as string;
  act(() => mounted.store.getState().select(first));
  act(() => void press(window, 'Delete'));
  act(() => void press(window, 'z', { ctrlKey: true }));
  expect(mounted.store.getState().doc).toBe(before);
  expect(mounted.client.sent).toHaveLength(0);

  // An owner makes them an editor: the tools come back.
  act(() => {
    mounted.client.role = 'editor';
    mounted.client.emit({ type: 'role', role: 'editor' });
  });
  expect(get('view-only-badge')).toBeNull();
  expect(get('palette')).not.toBeNull();
  expect((get('properties-fieldset') as HTMLFieldSetElement).disabled).toBe(false);
});

test('an owner shares: members with their roles, links created per role and revoked', async () => {
  let links = [{ id: 'l1', role: 'viewer', token: 'tok-1', url: '/join/tok-1' }];
  let members = [
    { userId: 'u-me', name: 'Ann', email: 'ann@example.com', role: 'owner' },
    { userId: 'u-bob', name: 'Bob', email: 'bob@example.com', role: 'editor' },
  ];
  open('owner', {
    'GET /api/pages/my-page/members': () => json({ members }),
    'GET /api/pages/my-page/links': () => json({ links }),
    'POST /api/pages/my-page/links': (call) => {
      const link = { id: 'l2', role: (call.body as { role: string }).role, token: 'tok-2', url: '/join/tok-2' };
      links = [...links, link];
      return json(link, 201);
    },
    'DELETE /api/pages/my-page/links/l1': () => {
      links = links.filter((l) => l.id !== 'l1');
      return { status: 204 };
    },
    'PUT /api/pages/my-page/members/u-bob': (call) => {
      members = members.map((m) => (m.userId === 'u-bob' ? { ...m, role: (call.body as { role: string }).role } : m));
      return json({ member: members[1] });
    },
    'DELETE /api/pages/my-page/members/u-me': () => error(409, 'conflict', 'a page keeps at least one owner'),
  });
  await flush();
  expect(get('view-only-badge')).toBeNull();
  await act(async () => click(get('share-open')));
  await flush();
  expect(get('share-dialog')).not.toBeNull();
  const roles = () => [...mounted.container.querySelectorAll<HTMLSelectElement>('[data-testid="share-member-role"]')].map((s) => s.value);
  expect(roles()).toEqual(['owner', 'editor']);
  expect((get('share-link-url') as HTMLInputElement).value).toBe(`${window.location.origin}/join/tok-1`);

  await act(async () => click(get('share-link-create-editor')));
  await flush();
  expect(api.calls.find((c) => c.method === 'POST')).toEqual({
    method: 'POST',
    path: '/api/pages/my-page/links',
    body: { role: 'editor' },
  });
  expect(mounted.container.querySelectorAll('[data-testid="share-link-url"]')).toHaveLength(2);

  await act(async () => click(get('share-link-revoke')));
  await flush();
  const urls = [...mounted.container.querySelectorAll<HTMLInputElement>('[data-testid="share-link-url"]')].map((i) => i.value);
  expect(urls).toEqual([`${window.location.origin}/join/tok-2`]);

  const bobRole = mounted.container.querySelectorAll<HTMLSelectElement>('[data-testid="share-member-role"]')[1] as HTMLSelectElement;
  await act(async () => {
    bobRole.value = 'viewer';
    bobRole.dispatchEvent(new Event('change', { bubbles: true }));
  });
  await flush();
  expect(roles()).toEqual(['owner', 'viewer']);

  // The last owner cannot leave: the server's refusal is shown, nothing changes.
  await act(async () => click(get('share-member-remove')));
  await flush();
  expect(get('share-error').textContent).toBe('A page keeps at least one owner: make someone else owner first.');
  expect(roles()).toEqual(['owner', 'viewer']);
});
