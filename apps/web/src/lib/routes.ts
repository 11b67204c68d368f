/**
 * The app's two routes, without a router library: `/` and `/p/<pageId>`.
 * Navigation is history.pushState plus a popstate event, so that the one
 * listener in usePathname hears both links and the back button.
 */
import { useEffect, useState } from 'react';

export type Route = { name: 'home' } | { name: 'page'; pageId: string } | { name: 'not-found' };

export function matchRoute(pathname: string): Route {
  if (pathname === '/' || pathname === '') return { name: 'home' };
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

export function navigate(path: string): void {
  if (path === window.location.pathname) return;
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
