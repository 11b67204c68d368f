// @vitest-environment happy-dom
/** Version history in the editor, over a fake Pages API: the list, a read-only preview of a version, restore, errors. */
import { type PageDocument, starterDocument, templateDocument } from '@tandem/protocol';
import { act } from 'react';
import { afterEach, expect, test, vi } from 'vitest';
import { error, type FakeFetch, fakeFetch, json, settle } from '../../lib/testing/fake-fetch.ts';
import { Editor } from '../Editor.tsx';
import { byTestId, click, type Mounted, mount, press } from '../testing/mount.tsx';
import { clockTime } from '../../lib/time.ts';
import { REFRESH_AFTER_CHANGE_MS } from './HistoryPanel.tsx';

let mounted: Mounted;
let api: FakeFetch;
afterEach(() => {
  mounted.unmount();
  api.restore();
  vi.useRealTimers();
});

const get = (id: string) => byTestId(mounted.container, id) as HTMLElement;
const flush = () => settle(act);
const now = Date.now();

/** The live page: the starter. Version 0 was the landing template, version 7 a later snapshot. */
const live = starterDocument('Live title');
const old = templateDocument('landing', 'Old title');
const versions = [
  { version: 0, ts: now - 3 * 60 * 60_000, authors: [] },
  { version: 7, ts: now - 10 * 60_000, authors: ['Ann Lee', 'Bob Otter'] },
];

async function open(routes: Parameters<typeof fakeFetch>[0] = {}, doc: PageDocument = live) {
  api = fakeFetch({
    'GET /api/pages/my-page/versions': () => json({ versions }),
    'GET /api/pages/my-page/versions/0': () => json({ version: 0, document: old }),
    'GET /api/pages/my-page/versions/7': () => json({ version: 7, document: live }),
    ...routes,
  });
  mounted = mount(<Editor pageId="my-page" userName="Ann Lee" onUserNameChange={() => {}} />, doc);
  click(get('history-toggle'));
  await flush();
}

const itemIds = () => [...mounted.container.querySelectorAll('[data-testid^="history-item-"]')].map((el) => el.getAttribute('data-testid'));

test('the History button opens the panel in place of the properties: versions newest first, with time and authors', async () => {
  await open();
  expect(get('history-toggle').getAttribute('aria-pressed')).toBe('true');
  expect(get('history-panel')).not.toBeNull();
  expect(get('properties')).toBeNull();
  expect(get('palette')).not.toBeNull(); // the live page stays editable until a version is picked
  // The editor read the publishing state when it opened (the top bar's Publish button); the panel, the versions.
  // …and the account menu asked who is signed in.
  expect(api.calls.map((c) => c.path)).toEqual(['/api/pages/my-page/publications', '/api/auth/me', '/api/pages/my-page/versions']);
  expect(itemIds()).toEqual(['history-item-7', 'history-item-0']);
  expect(get('history-item-7').textContent).toContain('Version 7');
  expect(get('history-item-7').textContent).toContain('10 minutes ago');
  expect(get('history-item-7').textContent).toContain('Ann Lee, Bob Otter');
  expect(get('history-item-0').textContent).toContain('Page created');
  expect(get('history-item-7').querySelector('time')?.getAttribute('datetime')).toBe(new Date(versions[1]?.ts ?? 0).toISOString());
  expect(get('history-panel').textContent).toContain('Restoring keeps the current version in history');

  click(get('history-toggle'));
  expect(get('history-panel')).toBeNull();
  expect(get('properties')).not.toBeNull();
});

test('[H1][#11 bug 7] labelled versions say what made them and who: a restore, the page before it, the end of a session', async () => {
  const at = now - 5 * 60_000;
  const labelled = [
    { version: 12, ts: at, authors: ['Ada Lovelace'], label: { kind: 'restore', userName: 'Ada Lovelace', restoredFrom: 7, ts: at } },
    { version: 11, ts: at - 1000, authors: ['Bob Otter'], label: { kind: 'before-restore', userName: 'Ada Lovelace', restoredFrom: 7, ts: at } },
    { version: 9, ts: at - 9000, authors: ['Bob Otter'], label: { kind: 'session-end', userName: 'Bob Otter', ts: at - 9000 } },
    ...versions,
  ];
  await open({ 'GET /api/pages/my-page/versions': () => json({ versions: labelled }) });
  const clock = (ts: number) => clockTime(ts, Date.now());
  expect(get('history-label-12').textContent).toBe(`Restored version 7 — Ada Lovelace, ${clock(at)}`);
  expect(get('history-label-11').textContent).toBe(`Before restore of version 7 — Ada Lovelace, ${clock(at)}`);
  expect(get('history-label-9').textContent).toBe(`End of Bob Otter’s session, ${clock(at - 9000)}`);
  // Versions stored every so often (or before labels existed) carry none.
  expect(get('history-label-7')).toBeNull();
  expect(get('history-item-7').textContent).toContain('Version 7');
});

test('a version previews read-only where the canvas was, with the same components; Back to live returns', async () => {
  await open();
  mounted.store.getState().select('hero-heading');
  click(get('history-item-0'));
  await flush();
  expect(api.calls.at(-1)?.path).toBe('/api/pages/my-page/versions/0');

  const preview = get('history-preview');
  expect(preview.dataset.version).toBe('0');
  expect(preview.textContent).toContain('Previewing version 0');
  expect(get('history-item-0').getAttribute('aria-current')).toBe('true');
  // The old document, rendered by the canvas's own components.
  expect(get('canvas-node-hero-heading').textContent).toBe('Old title');
  expect(get('canvas-node-features')?.dataset.type).toBe('Section');
  expect(mounted.container.querySelectorAll('[data-testid="canvas"]')).toHaveLength(1);
  // No editing: no palette, outline, properties or edit tools, nothing selectable, and the live page untouched.
  for (const id of ['palette', 'outline', 'properties', 'undo', 'delete', 'preview-toggle']) expect(get(id), id).toBeNull();
  expect(mounted.store.getState().selection).toBeNull();
  click(get('canvas-node-hero-text'));
  expect(get('canvas-node-hero-text').dataset.selected).toBeUndefined();
  expect(preview.querySelector('.is-selected')).toBeNull();

  // The live page's shortcuts do nothing while a version is shown.
  mounted.store.getState().select('hero-text');
  press(document.body, 'Delete');
  press(document.body, 'z', { ctrlKey: true });
  expect(mounted.store.getState().doc).toBe(mounted.client.doc);
  expect(mounted.client.sent).toEqual([]);

  click(get('history-close'));
  expect(get('history-preview')).toBeNull();
  expect(get('canvas-node-hero-heading').textContent).toBe('Welcome to your page');
  expect(get('palette')).not.toBeNull();
  expect(get('history-panel')).toBeNull();
  expect(get('properties')).not.toBeNull();
});

test('Escape goes back to live too; the live row shows the live page and keeps the panel open', async () => {
  await open();
  click(get('history-item-0'));
  await flush();
  press(document.body, 'Escape');
  expect(get('history-preview')).toBeNull();
  expect(get('history-panel')).toBeNull();
  click(get('history-toggle'));
  await flush();
  click(get('history-item-7'));
  await flush();
  expect(get('history-preview').dataset.version).toBe('7');
  click(get('history-live'));
  expect(get('history-preview')).toBeNull();
  expect(get('history-live').getAttribute('aria-current')).toBe('true');
  expect(get('history-panel')).not.toBeNull();
  expect(get('canvas-node-hero-heading').textContent).toBe('Welcome to your page');
});

test('the viewport switch applies to the version too', async () => {
  await open();
  click(get('history-item-0'));
  await flush();
  click(get('viewport-mobile'));
  expect(get('canvas').style.width).toBe('375px');
});

test('Restore asks the server, then returns to live editing and says what happened', async () => {
  await open({
    'POST /api/pages/my-page/restore': () => json({ version: 12, opId: 'op-r', patches: [{ op: 'replace', path: '/x', value: 1 }] }),
  });
  click(get('history-item-0'));
  await flush();
  click(get('history-restore'));
  await flush();
  expect(api.calls.at(-1)).toEqual({ method: 'POST', path: '/api/pages/my-page/restore', body: { version: 0 } });
  expect(get('history-preview')).toBeNull();
  expect(get('history-panel')).toBeNull();
  expect(get('canvas')).not.toBeNull();
  expect(get('history-restored').textContent).toContain('Version 0 is the live page again');
});

test('[#11 bug 7] after a restore, Undo is off: it never replays older edits on the restored page', async () => {
  await open({
    'POST /api/pages/my-page/restore': () => json({ version: 12, opId: 'op-r', patches: [{ op: 'replace', path: '/x', value: 1 }] }),
  });
  act(() => mounted.store.getState().setProp('hero-heading', 'text', 'An edit made before the restore'));
  expect(mounted.store.getState().canUndo).toBe(true);
  click(get('history-item-0'));
  await flush();
  click(get('history-restore'));
  await flush();
  expect(mounted.store.getState().canUndo).toBe(false);
  expect((get('undo') as HTMLButtonElement).disabled).toBe(true);
});

test('a restore that changes nothing says so; one that fails says why and stays on the version', async () => {
  await open({ 'POST /api/pages/my-page/restore': () => json({ version: 3, opId: null, patches: [] }) });
  click(get('history-item-7'));
  await flush();
  click(get('history-restore'));
  await flush();
  expect(get('history-restored').textContent).toContain('already matched version 7');

  api.on('POST /api/pages/my-page/restore', () => error(404, 'version-unavailable'));
  click(get('history-toggle'));
  await flush();
  click(get('history-item-0'));
  await flush();
  click(get('history-restore'));
  await flush();
  expect(get('history-restore-error').textContent).toContain('no longer kept');
  expect(get('history-preview')).not.toBeNull();
});

test('errors: the list, and a version, that cannot be loaded', async () => {
  await open({
    'GET /api/pages/my-page/versions': () => 'network-error',
    'GET /api/pages/my-page/versions/0': () => error(404, 'version-unavailable'),
  });
  expect(get('history-error').textContent).toContain('Cannot reach the Tandem server');
  api.on('GET /api/pages/my-page/versions', () => json({ versions }));
  click(get('history-refresh'));
  await flush();
  expect(get('history-error')).toBeNull();
  click(get('history-item-0'));
  await flush();
  expect(get('history-preview-error').textContent).toContain('no longer kept');
  expect((get('history-restore') as HTMLButtonElement).disabled).toBe(true);
});

test('the list is fetched again shortly after the page changes', async () => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  api = fakeFetch({ 'GET /api/pages/my-page/versions': () => json({ versions }) });
  mounted = mount(<Editor pageId="my-page" userName="Ann Lee" onUserNameChange={() => {}} />, live);
  click(get('history-toggle'));
  const fetches = () => api.calls.filter((c) => c.path === '/api/pages/my-page/versions').length;
  expect(fetches()).toBe(1);
  act(() => mounted.client.remote([{ op: 'replace', path: '/components/hero-heading/props/text', value: 'Changed' }]));
  act(() => vi.advanceTimersByTime(REFRESH_AFTER_CHANGE_MS - 100));
  expect(fetches()).toBe(1);
  act(() => vi.advanceTimersByTime(200));
  expect(fetches()).toBe(2);
});
