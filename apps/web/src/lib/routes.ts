/**
 * The app's routes, without a router library: `/`, `/p/<pageId>`, `/signin`, `/signup`, `/join/<token>`.
 * Navigation is history.pushState plus a popstate event, so that the one
 * listener in usePathname hears both links and the back button.
 */
import { useEffect, useState } from 'react';

export type Route =
  | { name: 'home' }
  | { name: 'page'; pageId: string }
  | { name: 'signin'; mode: 'signin' | 'signup' }
  | { name: 'join'; token: string }
  | { name: 'not-found' };

export function matchRoute(pathname: string): Route {
  if (pathname === '/' || pathname === '') return { name: 'home' };
  if (pathname === '/signin' || pathname === '/signup') return { name: 'signin', mode: pathname === '/signup' ? 'signup' : 'signin' };
  const join = /^\/join\/([^/]+)\/?$/.exec(pathname);
  if (join) {
    try {
      return { name: 'join', token: decodeURIComponent(join[1] as string) };
    } catch {
      return { name: 'not-found' };
    }
  }
  const match = /^\/p\/([^/]+)\/?$/.exec(pathname);
  if (match) {
    try {
      return { name: 'page', pageId: decodeURIComponent(match[1] as string) };
    } catch {
      return { name: 'not-found' };
    }
  }
  return { name: 'not-found' };
}

export function pagePath(pageId: string): string {
  return `/p/${encodeURIComponent(pageId)}`;
}

/**
 * Where to go after signing in: the `next` parameter when it is a path on this site
 * (never another origin: `//evil` and `/\\evil` are refused), else `/`.
 */
export function nextPath(search: string): string {
  const next = new URLSearchParams(search).get('next');
  if (next === null || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return '/';
  return next;
}

/** The sign-in page, coming back here afterwards. */
export function signInPath(mode: 'signin' | 'signup' = 'signin'): string {
  const here = window.location.pathname + window.location.search;
  return `/${mode}?next=${encodeURIComponent(here)}`;
}

/** Sends the person to sign in (a 401 `unauthenticated` anywhere), unless they are already there. */
export function redirectToSignIn(): void {
  const path = window.location.pathname;
  if (path === '/signin' || path === '/signup') return;
  navigate(signInPath());
}

export function navigate(path: string): void {
  if (path === window.location.pathname + window.location.search) return;
  window.history.pushState(null, '', path);
  window.dispatchEvent(new PopStateEvent('popstate'));
}

export function usePathname(): string {
  const [pathname, setPathname] = useState(() => window.location.pathname);
  useEffect(() => {
    const onPop = () => setPathname(window.location.pathname);
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);
  return pathname;
}
