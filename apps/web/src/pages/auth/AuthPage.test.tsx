// @vitest-environment happy-dom
/** Sign-in and sign-up over a fake API: errors in words, `next`, first run, and the 401 redirect from other pages. */
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, expect, test } from 'vitest';
import { App } from '../../App.tsx';
import { byTestId, click, typeInto } from '../../editor/testing/mount.tsx';
import { error, type FakeFetch, fakeFetch, json, settle } from '../../lib/testing/fake-fetch.ts';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

let api: FakeFetch;
let container: HTMLElement;
let root: Root;
const get = (id: string) => byTestId(container, id) as HTMLElement;
const flush = () => settle(act);
const user = { id: 'u1', email: 'ann@example.com', name: 'Ann' };

afterEach(() => {
  act(() => root.unmount());
  container.remove();
  api.restore();
});

async function openAt(path: string, routes: Parameters<typeof fakeFetch>[0]) {
  window.history.replaceState(null, '', path);
  api = fakeFetch({ 'GET /api/auth/config': () => json({ signup: 'open', firstRun: false }), ...routes });
  container = document.createElement('div');
  document.body.append(container);
  root = createRoot(container);
  act(() => root.render(<App />));
  await flush();
}

async function fill(email: string, password: string) {
  await act(async () => typeInto(get('auth-email') as HTMLInputElement, email));
  await act(async () => typeInto(get('auth-password') as HTMLInputElement, password));
  await act(async () => click(get('auth-submit')));
  await flush();
}

test('a wrong password is said in words and the person stays on the form', async () => {
  await openAt('/signin', { 'POST /api/auth/login': () => error(401, 'bad-credentials') });
  await fill('ann@example.com', 'wrong-password');
  expect(get('auth-error').textContent).toBe('That email and password do not match an account.');
  expect(window.location.pathname).toBe('/signin');
  expect(api.calls.at(-1)).toEqual({
    method: 'POST',
    path: '/api/auth/login',
    body: { email: 'ann@example.com', password: 'wrong-password' },
  });
});

test('too many tries and a taken email are said in words', async () => {
  await openAt('/signup', {
    'POST /api/auth/signup': () => error(409, 'email-taken'),
  });
  await act(async () => typeInto(get('auth-name') as HTMLInputElement, 'Ann'));
  await fill('ann@example.com', 'long-enough');
  expect(get('auth-error').textContent).toMatch(/already an account/);

  api.on('POST /api/auth/login', () => error(429, 'rate-limited', 'too many login attempts; try again in 60 s'));
  await act(async () => click(get('auth-switch')));
  expect(window.location.pathname).toBe('/signin');
  await fill('ann@example.com', 'long-enough');
  expect(get('auth-error').textContent).toBe('Too many tries. Wait 60 seconds, then try again.');
});

test('a short password is refused before asking the server', async () => {
  await openAt('/signup', {});
  await act(async () => typeInto(get('auth-name') as HTMLInputElement, 'Ann'));
  await fill('ann@example.com', 'short');
  expect(get('auth-error').textContent).toMatch(/at least 8 characters/);
  expect(api.calls.some((c) => c.path === '/api/auth/signup')).toBe(false);
});

test('after signing in the person goes to `next`, never to another site', async () => {
  await openAt(`/signin?next=${encodeURIComponent('/p/page-1')}`, { 'POST /api/auth/login': () => json({ user }) });
  await fill('ann@example.com', 'long-enough');
  expect(window.location.pathname).toBe('/p/page-1');
  act(() => root.unmount());
  container.remove();
  api.restore();

  await openAt(`/signin?next=${encodeURIComponent('//evil.example/x')}`, {
    'POST /api/auth/login': () => json({ user }),
    'GET /api/pages': () => json({ pages: [], nextCursor: null }),
    'GET /api/templates': () => json({ templates: [] }),
  });
  await fill('ann@example.com', 'long-enough');
  expect(window.location.pathname).toBe('/');
});

test('on a fresh server the form opens as "Create your account"', async () => {
  await openAt('/signin', { 'GET /api/auth/config': () => json({ signup: 'open', firstRun: true }) });
  expect(container.querySelector('h1')?.textContent).toBe('Create your account');
  expect(get('auth-name')).not.toBeNull();
});

test('a 401 from the page list sends the person to sign in, and back after', async () => {
  await openAt('/', {
    'GET /api/pages': () => error(401, 'unauthenticated'),
    'GET /api/templates': () => error(401, 'unauthenticated'),
    'GET /api/auth/me': () => error(401, 'unauthenticated'),
    'POST /api/auth/login': () => json({ user }),
  });
  expect(window.location.pathname).toBe('/signin');
  expect(new URLSearchParams(window.location.search).get('next')).toBe('/');
  expect(get('auth-email')).not.toBeNull();
});

test('a join link: signed out, it goes to sign up first; signed in, it joins and opens the page', async () => {
  await openAt('/join/tok-1', { 'GET /api/auth/me': () => error(401, 'unauthenticated') });
  expect(window.location.pathname).toBe('/signup');
  expect(new URLSearchParams(window.location.search).get('next')).toBe('/join/tok-1');
  act(() => root.unmount());
  container.remove();
  api.restore();

  await openAt('/join/tok-1', {
    'GET /api/auth/me': () => json({ user }),
    'POST /api/join': () => json({ pageId: 'page-1', role: 'viewer' }),
  });
  expect(api.calls.find((c) => c.path === '/api/join')?.body).toEqual({ token: 'tok-1' });
  expect(window.location.pathname).toBe('/p/page-1');
});

test('a revoked or unknown join link says so, with the way home', async () => {
  await openAt('/join/gone', {
    'GET /api/auth/me': () => json({ user }),
    'POST /api/join': () => error(404, 'not-found'),
  });
  expect(get('join-error').textContent).toMatch(/revoked/);
  expect(container.textContent).toContain('Go to the start page');
});

test('a ticket refused with 401 in the editor sends the person to sign in, to come back to the page', async () => {
  await openAt('/p/page-1', {
    // The client asks for its ticket at the page's origin.
    [`POST ${window.location.origin}/api/tickets`]: () => error(401, 'unauthenticated'),
    'GET /api/auth/me': () => error(401, 'unauthenticated'),
  });
  await flush();
  expect(window.location.pathname).toBe('/signin');
  expect(new URLSearchParams(window.location.search).get('next')).toBe('/p/page-1');
});
