// @vitest-environment happy-dom
/** The start page over a fake Pages API: the list, its empty and error states, create, rename, delete, open by id. */
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { byTestId, click, typeInto } from '../editor/testing/mount.tsx';
import { error, type FakeFetch, fakeFetch, json, settle } from '../lib/testing/fake-fetch.ts';
import { HomePage } from './HomePage.tsx';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const MINUTE = 60_000;
let api: FakeFetch;
let container: HTMLElement;
let root: Root;

const get = (id: string) => byTestId(container, id) as HTMLElement;
const flush = () => settle(act);

beforeEach(() => {
  window.history.replaceState(null, '', '/');
  window.localStorage.setItem('tandem:userName', 'Ann Lee');
});

afterEach(() => {
  act(() => root.unmount());
  container.remove();
  api.restore();
});

async function open(routes: Parameters<typeof fakeFetch>[0]) {
  api = fakeFetch({ 'GET /api/templates': () => json({ templates: [] }), ...routes });
  container = document.createElement('div');
  document.body.append(container);
  root = createRoot(container);
  act(() => root.render(<HomePage />));
  await flush();
}

const pages = () => [
  {
    id: 'old-page',
    title: 'Old page',
    version: 4,
    createdAt: Date.now() - 90 * MINUTE,
    updatedAt: Date.now() - 3.5 * 60 * MINUTE,
    role: 'owner',
  },
  {
    id: 'new-page-1',
    title: 'Spring launch',
    version: 12,
    createdAt: Date.now() - 60 * MINUTE,
    updatedAt: Date.now() - 5 * MINUTE,
    role: 'owner',
  },
];

const itemIds = () => [...container.querySelectorAll('[data-testid^="page-item-"]')].map((el) => el.getAttribute('data-testid'));

function selectValue(select: HTMLSelectElement, value: string) {
  const setter = Object.getOwnPropertyDescriptor(HTMLSelectElement.prototype, 'value')?.set;
  act(() => {
    setter?.call(select, value);
    select.dispatchEvent(new Event('change', { bubbles: true }));
  });
}

test('lists the pages, newest first, with title, id, when last edited and version; each opens its editor', async () => {
  await open({ 'GET /api/pages': () => json({ pages: pages() }) });
  expect(get('page-list').dataset.state).toBe('ready');
  expect(itemIds()).toEqual(['page-item-new-page-1', 'page-item-old-page']);
  const item = get('page-item-new-page-1');
  expect(item.textContent).toContain('Spring launch');
  expect(item.textContent).toContain('new-page-1');
  expect(item.textContent).toContain('Edited 5 minutes ago');
  expect(item.textContent).toContain('v12');
  expect(get('page-item-old-page').textContent).toContain('Edited 3 hours ago');

  const link = get('page-open-new-page-1') as HTMLAnchorElement;
  expect(link.getAttribute('href')).toBe('/p/new-page-1');
  click(link);
  expect(window.location.pathname).toBe('/p/new-page-1');
});

test('a long list comes a stretch at a time: "Show more pages" follows the cursor until there is no more', async () => {
  const [newer, older] = [pages()[1], pages()[0]] as [ReturnType<typeof pages>[number], ReturnType<typeof pages>[number]];
  const oldest = { ...older, id: 'oldest', title: 'Oldest', updatedAt: older.updatedAt - 60 * MINUTE };
  await open({
    'GET /api/pages': () => json({ pages: [newer], nextCursor: 'c1' }),
    // The page that changed meanwhile comes again: it is not shown twice.
    'GET /api/pages?cursor=c1': () => json({ pages: [newer, older], nextCursor: 'c2' }),
    'GET /api/pages?cursor=c2': () => 'network-error',
  });
  expect(itemIds()).toEqual(['page-item-new-page-1']);
  expect(container.querySelector('.dash__count')?.textContent).toBe('1+');
  click(get('page-list-more'));
  await flush();
  expect(itemIds()).toEqual(['page-item-new-page-1', 'page-item-old-page']);
  click(get('page-list-more'));
  await flush();
  expect(get('page-list-more-error').textContent).toContain('Cannot reach the Tandem server');
  expect(itemIds()).toHaveLength(2);
  api.on('GET /api/pages?cursor=c2', () => json({ pages: [oldest], nextCursor: null }));
  click(get('page-list-more'));
  await flush();
  expect(itemIds()).toEqual(['page-item-new-page-1', 'page-item-old-page', 'page-item-oldest']);
  expect(get('page-list-more')).toBeNull();
  expect(container.querySelector('.dash__count')?.textContent).toBe('3');
});

test('with no pages, an empty state says how to start', async () => {
  await open({ 'GET /api/pages': () => json({ pages: [] }) });
  expect(get('page-list').dataset.state).toBe('empty');
  expect(get('page-list-empty').textContent).toContain('No pages yet');
});

test('a server that is down is said so clearly; Try again loads the list once it is back', async () => {
  await open({ 'GET /api/pages': () => 'network-error' });
  expect(get('page-list').dataset.state).toBe('error');
  expect(get('page-list-error').textContent).toContain('Cannot reach the Tandem server');
  api.on('GET /api/pages', () => json({ pages: pages() }));
  click(get('page-list-retry'));
  await flush();
  expect(get('page-list-error')).toBeNull();
  expect(itemIds()).toHaveLength(2);
});

test('creates a page from a template with a title, then opens it', async () => {
  await open({
    'GET /api/pages': () => json({ pages: [] }),
    'GET /api/templates': () =>
      json({
        templates: [
          { id: 'blank', name: 'Blank', description: 'An empty page' },
          { id: 'landing', name: 'Landing page', description: 'A hero and features' },
          { id: 'pricing', name: 'Pricing page', description: 'Three plans' },
        ],
      }),
    'POST /api/pages': () => json({ id: 'created-1' }, 201),
  });
  const options = [...(get('new-page-template') as HTMLSelectElement).options].map((o) => o.value);
  expect(options).toEqual(['blank', 'landing', 'pricing']);
  // No title, no page.
  expect((get('create-page') as HTMLButtonElement).disabled).toBe(true);
  typeInto(get('new-page-title') as HTMLInputElement, '  Spring launch  ');
  selectValue(get('new-page-template') as HTMLSelectElement, 'landing');
  expect(container.textContent).toContain('A hero and features');
  click(get('create-page'));
  await flush();
  expect(api.calls.find((c) => c.method === 'POST')?.body).toEqual({ title: 'Spring launch', template: 'landing' });
  expect(window.location.pathname).toBe('/p/created-1');
});

test('a failed create says why and stays', async () => {
  await open({ 'GET /api/pages': () => json({ pages: [] }), 'POST /api/pages': () => 'network-error' });
  typeInto(get('new-page-title') as HTMLInputElement, 'Doomed');
  click(get('create-page'));
  await flush();
  expect(get('create-page-error').textContent).toContain('Cannot reach the Tandem server');
  expect(window.location.pathname).toBe('/');
  expect((get('create-page') as HTMLButtonElement).disabled).toBe(false);
});

test('renames in place: PATCH with the title and who did it; Escape or Cancel leaves it as it was', async () => {
  await open({
    'GET /api/pages': () => json({ pages: pages() }),
    'PATCH /api/pages/old-page': () => json({ version: 5, opId: 'op-1', patches: [] }),
  });
  click(get('page-rename-old-page'));
  const input = get('page-rename-input-old-page') as HTMLInputElement;
  expect(input.value).toBe('Old page');
  typeInto(input, 'Not saved');
  click(get('page-rename-cancel-old-page'));
  expect(get('page-open-old-page').textContent).toBe('Old page');
  expect(api.calls.some((c) => c.method === 'PATCH')).toBe(false);

  click(get('page-rename-old-page'));
  typeInto(get('page-rename-input-old-page') as HTMLInputElement, '   ');
  expect((get('page-rename-save-old-page') as HTMLButtonElement).disabled).toBe(true);
  typeInto(get('page-rename-input-old-page') as HTMLInputElement, ' Renamed page ');
  click(get('page-rename-save-old-page'));
  await flush();
  expect(api.calls.find((c) => c.method === 'PATCH')?.body).toEqual({ title: 'Renamed page' });
  expect(get('page-rename-input-old-page')).toBeNull();
  expect(get('page-open-old-page').textContent).toBe('Renamed page');
  // Just edited: it moves to the top.
  expect(itemIds()[0]).toBe('page-item-old-page');
});

test('a rename the server refuses shows its reason and keeps the field open', async () => {
  await open({
    'GET /api/pages': () => json({ pages: pages() }),
    'PATCH /api/pages/old-page': () => error(410, 'page-deleted'),
  });
  click(get('page-rename-old-page'));
  typeInto(get('page-rename-input-old-page') as HTMLInputElement, 'Too late');
  click(get('page-rename-save-old-page'));
  await flush();
  expect(get('page-error-old-page').textContent).toBe('This page was deleted.');
  expect(get('page-rename-input-old-page')).not.toBeNull();
});

test('deletes only after a confirmation', async () => {
  await open({
    'GET /api/pages': () => json({ pages: pages() }),
    'DELETE /api/pages/old-page': () => ({ status: 204 }),
  });
  click(get('page-delete-old-page'));
  expect(get('page-item-old-page').textContent).toContain('Delete this page for everyone?');
  click(get('page-delete-cancel-old-page'));
  expect(get('page-delete-confirm-old-page')).toBeNull();
  expect(api.calls.some((c) => c.method === 'DELETE')).toBe(false);

  click(get('page-delete-old-page'));
  click(get('page-delete-confirm-old-page'));
  await flush();
  expect(api.calls.filter((c) => c.method === 'DELETE').map((c) => c.path)).toEqual(['/api/pages/old-page']);
  expect(itemIds()).toEqual(['page-item-new-page-1']);
});

test('opening by id and the quick page still work', async () => {
  await open({ 'GET /api/pages': () => json({ pages: [] }) });
  expect((get('open-page') as HTMLButtonElement).disabled).toBe(true);
  typeInto(get('page-id-input') as HTMLInputElement, 'not valid!');
  expect((get('open-page') as HTMLButtonElement).disabled).toBe(true);
  typeInto(get('page-id-input') as HTMLInputElement, 'team-notes');
  click(get('open-page'));
  expect(window.location.pathname).toBe('/p/team-notes');
  window.history.replaceState(null, '', '/');
  click(get('new-page'));
  expect(window.location.pathname).toMatch(/^\/p\/page-[a-z0-9]+$/);
});

test('each page shows its role; rename and delete are offered only where the role allows them', async () => {
  const [a, b] = pages();
  const list = [
    { ...a, id: 'viewed', role: 'viewer' },
    { ...b, id: 'edited', role: 'editor' },
    { ...b, id: 'owned', role: 'owner', updatedAt: Date.now() - 10 * MINUTE },
  ];
  await open({ 'GET /api/pages': () => json({ pages: list, nextCursor: null }) });
  expect(get('page-role-viewed').textContent).toBe('viewer');
  expect(get('page-role-edited').textContent).toBe('editor');
  expect(get('page-role-owned').textContent).toBe('owner');
  expect(byTestId(container, 'page-rename-viewed')).toBeNull();
  expect(byTestId(container, 'page-delete-viewed')).toBeNull();
  expect(byTestId(container, 'page-rename-edited')).not.toBeNull();
  expect(byTestId(container, 'page-delete-edited')).toBeNull();
  expect(byTestId(container, 'page-rename-owned')).not.toBeNull();
  expect(byTestId(container, 'page-delete-owned')).not.toBeNull();
});
