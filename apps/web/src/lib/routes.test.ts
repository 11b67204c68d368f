import { expect, test } from 'vitest';
import { matchRoute, pagePath } from './routes.ts';

test('routes', () => {
  expect(matchRoute('/')).toEqual({ name: 'home' });
  expect(matchRoute('/p/my-page')).toEqual({ name: 'page', pageId: 'my-page' });
  expect(matchRoute('/p/my-page/')).toEqual({ name: 'page', pageId: 'my-page' });
  expect(matchRoute(pagePath('a b'))).toEqual({ name: 'page', pageId: 'a b' });
  expect(matchRoute('/p/%E0%A4%A')).toEqual({ name: 'not-found' });
  expect(matchRoute('/p/')).toEqual({ name: 'not-found' });
  expect(matchRoute('/p/a/b')).toEqual({ name: 'not-found' });
  expect(matchRoute('/elsewhere')).toEqual({ name: 'not-found' });
});
