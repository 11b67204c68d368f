/**
 * Who is asking, and may they: the one authentication step (a session cookie or
 * `Authorization: Bearer <token>`, on every /api request) and the one
 * authorization hook for pages, `requireRole(level)`, which every
 * `/api/pages/:id/...` route passes through (`pagePolicy` picks the level per
 * route). The answers are the same everywhere: 401 `unauthenticated` without a
 * session, 404 `not-found` for a page the person has no role on (whether or not
 * it exists), 403 `forbidden` with a role too low.
 */
import { HttpErrorCode, PAGE_ID_PATTERN, type Role, roleAtLeast } from '@tandem/protocol';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { HttpError } from '../pages.ts';
import { hashSecret } from './secrets.ts';
import type { Sessions } from './sessions.ts';
import type { AccessStore, UserRecord } from './store.ts';

export interface Auth {
  user: UserRecord;
  /** Set when the request came with a session cookie (logout revokes it). */
  sessionHash?: string;
}

/** Reads the session cookie or bearer token into `res.locals.auth`; a request without either goes on unauthenticated. */
export function authenticate(store: AccessStore, sessions: Sessions): RequestHandler {
  return async (req, res, next) => {
    const bearer = /^Bearer ([A-Za-z0-9_-]{1,200})$/.exec(req.headers.authorization ?? '')?.[1];
    let userId: string | null = null;
    let sessionHash: string | undefined;
    if (bearer) {
      userId = (await store.tokenByHash(hashSecret(bearer)))?.userId ?? null;
    } else {
      const session = await sessions.resolve(req, res);
      userId = session?.userId ?? null;
      sessionHash = session?.sessionHash;
    }
    const user = userId === null ? null : await store.userById(userId);
    if (user) res.locals.auth = { user, ...(sessionHash ? { sessionHash } : {}) } satisfies Auth;
    next();
  };
}

/** The signed-in person, or 401 `unauthenticated`. */
export function accountOf(res: Response): Auth {
  const auth = res.locals.auth as Auth | undefined;
  if (!auth) throw new HttpError(401, HttpErrorCode.Unauthenticated, 'sign in first (a session cookie or a bearer token)');
  return auth;
}

export const requireAccount: RequestHandler = (_req, res, next) => {
  accountOf(res);
  next();
};

/** The role the request found with requireRole. */
export const roleOf = (res: Response): Role => res.locals.role as Role;

/** The person's role on page `req.params.id`, at least `needed`, or 401 / 404 / 403. */
export function requireRole(store: AccessStore, needed: Role): RequestHandler {
  return async (req: Request, res: Response, next: NextFunction) => {
    res.locals.role = await checkRole(store, res, String(req.params.id), needed);
    next();
  };
}

/** The check requireRole makes, for a page id that comes in a body (tickets): the role, or 401 / 400 / 404 / 403. */
export async function checkRole(store: AccessStore, res: Response, pageId: string, needed: Role): Promise<Role> {
  const { user } = accountOf(res);
  if (!PAGE_ID_PATTERN.test(pageId)) throw new HttpError(400, HttpErrorCode.BadRequest, 'page ids are 1–64 letters, digits, "_" or "-"');
  const role = await store.role(pageId, user.id);
  // No role: answered as if there were no such page, so that ids cannot be probed.
  if (!role) throw new HttpError(404, HttpErrorCode.NotFound, `no page ${pageId}`);
  if (!roleAtLeast(role, needed))
    throw new HttpError(403, HttpErrorCode.Forbidden, `this needs the ${needed} role; you are ${role === 'viewer' ? 'a' : 'an'} ${role}`);
  return role;
}

/**
 * The role each `/api/pages/:id/...` route needs (the table of SPEC A2): reading
 * the page, its history, versions, publications, export and images needs
 * viewer; renaming, restoring, uploading images (and taking them off the page's list) and publishing (publish, make
 * live, unpublish), editor; members, links and deleting, owner, as does any route not listed.
 */
export function neededRole(method: string, rest: string): Role {
  const path = rest.replace(/\/+$/, '') || '/';
  const reading = method === 'GET' || method === 'HEAD';
  if (path.startsWith('/members') || path.startsWith('/links')) return 'owner';
  if (reading) return 'viewer';
  if ((method === 'PATCH' && path === '/') || (method === 'POST' && path === '/restore')) return 'editor';
  // Uploading an image for the page (assets.ts) is an edit's first half: the URL then goes in with a patch.
  if (method === 'POST' && path === '/assets') return 'editor';
  // Taking an unused upload off the page's list (SPEC U9) is the editor's too: it changes no document.
  if (method === 'DELETE' && /^\/assets\/[^/]+$/.test(path)) return 'editor';
  if (path === '/publish' || (method === 'POST' && /^\/publications\/[^/]+\/live$/.test(path))) return 'editor';
  return 'owner';
}

/** Mounted at `/pages/:id`: every route under it passes requireRole with its level. */
export function pagePolicy(store: AccessStore): RequestHandler {
  const guards = { viewer: requireRole(store, 'viewer'), editor: requireRole(store, 'editor'), owner: requireRole(store, 'owner') };
  return (req, res, next) => guards[neededRole(req.method, req.path)](req, res, next);
}
