// @vitest-environment happy-dom
/** The Publish button and panel over a fake API: state, publish, the link, make live, unpublish, errors. */
import { starterDocument } from '@tandem/protocol';
import { act } from 'react';
import { afterEach, expect, test } from 'vitest';
import { error, type FakeFetch, fakeFetch, json, settle } from '../../lib/testing/fake-fetch.ts';
import { byTestId, click, type Mounted, mount } from '../testing/mount.tsx';
import { PublishControl } from './PublishControl.tsx';

let mounted: Mounted;
let api: FakeFetch;
afterEach(() => {
  mounted.unmount();
  api.restore();
});

const get = (id: string) => byTestId(mounted.container, id) as HTMLElement;
const flush = () => settle(act);
const url = 'https://pages.example.com/s/my-page';
const now = Date.now();
const publication = (number: number, version: number, live: boolean, ago = 3 * 60_000) => ({
  number,
  version,
  publishedAt: now - ago,
  publishedBy: 'Ann Lee',
  live,
});

async function open(publications: ReturnType<typeof publication>[], routes: Parameters<typeof fakeFetch>[0] = {}) {
  let list = publications;
  api = fakeFetch({
    'GET /api/pages/my-page/publications': () => json({ publications: list, url }),
    ...routes,
  });
  api.on('POST /api/pages/my-page/publish', () => {
    list = [publication(list.length + 1, 0, true, 0), ...list.map((p) => ({ ...p, live: false }))];
    return json({ publication: { ...list[0], live: undefined }, url }, 201);
  });
  mounted = mount(<PublishControl pageId="my-page" userName="Ann Lee" />, starterDocument('Mine'));
  await flush();
}

test('says "Not published" until the page is, and publishing makes it live with its link', async () => {
  await open([]);
  expect(get('publish-state').textContent).toBe('Not published');
  expect(get('publish-toggle').dataset.state).toBe('not-published');
  click(get('publish-toggle'));
  await flush();
  expect(get('publish-now').textContent).toBe('Publish');
  click(get('publish-now'));
  await flush();
  expect(api.calls.find((c) => c.method === 'POST')).toEqual({
    method: 'POST',
    path: '/api/pages/my-page/publish',
    body: { userName: 'Ann Lee' },
  });
  expect(get('publish-state').textContent).toBe('Published just now');
  expect(get('public-link').getAttribute('href')).toBe(url);
  expect(get('public-link-open').getAttribute('href')).toBe(url);
  expect(get('publication-1').dataset.live).toBe('true');
  expect(get('unpublish')).not.toBeNull();
});

test('"Published 3 minutes ago", then "Changes since publishing" once the page moves past the live version', async () => {
  await open([publication(1, 0, true)]);
  expect(get('publish-state').textContent).toBe('Published 3 minutes ago');
  act(() => mounted.store.setState({ version: 4 }));
  expect(get('publish-state').textContent).toBe('Changes since publishing');
  expect(get('publish-toggle').dataset.state).toBe('changed');
});

test('make live and unpublish call the server and show the list it answers', async () => {
  await open([publication(2, 5, true), publication(1, 3, false)], {
    'POST /api/pages/my-page/publications/1/live': () => json({ publications: [publication(2, 5, false), publication(1, 3, true)], url }),
    'DELETE /api/pages/my-page/publish': () => json({ publications: [publication(2, 5, false), publication(1, 3, false)], url }),
  });
  click(get('publish-toggle'));
  await flush();
  expect(get('publication-list').children).toHaveLength(2);
  click(get('publication-live-1'));
  await flush();
  expect(get('publication-1').dataset.live).toBe('true');
  expect(get('publication-live-2')).not.toBeNull();
  click(get('unpublish'));
  await flush();
  expect(api.calls.at(-1)).toMatchObject({ method: 'DELETE', path: '/api/pages/my-page/publish' });
  expect(get('publish-state').textContent).toBe('Not published');
  expect(get('unpublish')).toBeNull();
});

test('a refused publish says why and changes nothing', async () => {
  await open([], {});
  api.on('POST /api/pages/my-page/publish', () => error(410, 'page-deleted'));
  click(get('publish-toggle'));
  await flush();
  click(get('publish-now'));
  await flush();
  expect(get('publish-error').textContent).toBe('This page was deleted.');
  expect(get('publish-state').textContent).toBe('Not published');
});
