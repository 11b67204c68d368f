/**
 * What every response and every state-changing request goes through: the
 * security headers of the app (a CSP without inline script, no framing, no
 * sniffing, no referrer), and the Origin check that keeps other sites' pages
 * from opening sockets or changing pages with a visitor's browser. A request
 * without an Origin header (curl, a Node client, a test) is not a browser's
 * cross-site request, and is allowed.
 */
import type { IncomingMessage } from 'node:http';
import type { RequestHandler } from 'express';

/** True when `req` carries no Origin, or the server's own, or one of `allowed`. */
export function originAllowed(req: IncomingMessage, allowed: readonly string[]): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  const host = req.headers.host;
  if (host !== undefined && (origin === `http://${host}` || origin === `https://${host}`)) return true;
  return allowed.includes(origin);
}

/** The Content-Security-Policy of the app: its own scripts only, images from anywhere a page author links (but no plugins, no framing). */
export function contentSecurityPolicy(frameAncestors: string): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    // The canvas prints the page's stylesheet (styleToCss) and the components' CSS into
    // <style> elements, so inline styles are allowed; every value in them passed the
    // closed style grammar (SPEC S13), so none can end its declaration or the element.
    // Scripts stay strictly the app's own files.
    "style-src 'self' 'unsafe-inline'",
    'img-src * data: blob:',
    "connect-src 'self'",
    "font-src 'self' data:",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    `frame-ancestors ${frameAncestors}`,
  ].join('; ');
}

export function securityHeaders(frameAncestors: string): RequestHandler {
  const csp = contentSecurityPolicy(frameAncestors);
  return (_req, res, next) => {
    res.setHeader('Content-Security-Policy', csp);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'no-referrer');
    if (frameAncestors.trim() === "'none'") res.setHeader('X-Frame-Options', 'DENY');
    res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
    next();
  };
}
