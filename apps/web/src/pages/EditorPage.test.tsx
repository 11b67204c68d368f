// @vitest-environment happy-dom
/** "This page was deleted": when the client reports the room closed with 4404, or a deleted page's link is opened. */
import { starterDocument } from '@tandem/protocol';
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, expect, test } from 'vitest';
import type { EditorStoreApi } from '@tandem/editor';
import { byTestId, click, editorFor } from '../editor/testing/mount.tsx';
import { error, type FakeFetch, fakeFetch, json, settle } from '../lib/testing/fake-fetch.ts';
import type { FakeClient } from '@tandem/editor/testing';
import { PageDeleted, usePageDeleted } from './EditorPage.tsx';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

let api: FakeFetch;
let container: HTMLElement;
let root: Root;
let store: EditorStoreApi;
let client: FakeClient;

afterEach(() => {
  act(() => root.unmount());
  container.remove();
  store.destroy();
  api.restore();
});

function Probe({ pageId }: { pageId: string }) {
  const deleted = usePageDeleted(store, pageId);
  return deleted ? <PageDeleted title={deleted.title} /> : <p data-testid="still-here">editing</p>;
}

function open(routes: Parameters<typeof fakeFetch>[0] = {}) {
  api = fakeFetch(routes);
  ({ store, client } = editorFor(starterDocument('Spring launch')));
  container = document.createElement('div');
  document.body.append(container);
  root = createRoot(container);
  act(() => root.render(<Probe pageId="my-page" />));
}

const get = (id: string) => byTestId(container, id) as HTMLElement;

test('the room closing with 4404 (the client says page-deleted) shows the deleted state, with a way home', () => {
  open();
  expect(get('still-here')).not.toBeNull();
  act(() => {
    client.emit({ type: 'error', error: { code: 'page-deleted', message: 'this page was deleted' } });
    client.status = 'closed';
    client.emit({ type: 'status', status: 'closed' });
  });
  expect(get('page-deleted').textContent).toContain('This page was deleted');
  expect(get('page-deleted').textContent).toContain('“Spring launch” was deleted');
  window.history.replaceState(null, '', '/p/my-page');
  click(get('page-deleted-home'));
  expect(window.location.pathname).toBe('/');
  expect(api.calls).toEqual([]);
});

test('a page that cannot be opened for good is looked up: deleted (410) shows the deleted state', async () => {
  open({ 'GET /api/pages/my-page': () => error(410, 'page-deleted') });
  act(() => store.setState({ fatal: 'ticket refused (410): page my-page was deleted', status: 'closed' }));
  await settle(act);
  expect(api.calls.map((c) => c.path)).toEqual(['/api/pages/my-page']);
  expect(get('page-deleted')).not.toBeNull();
});

test('a page closed for another reason stays as it is (the editor shows why)', async () => {
  open({ 'GET /api/pages/my-page': () => json({}) });
  act(() => store.setState({ fatal: 'ticket refused (400): bad name', status: 'closed' }));
  await settle(act);
  expect(get('page-deleted')).toBeNull();
  expect(get('still-here')).not.toBeNull();
});
