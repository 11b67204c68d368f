/**
 * The access routes: accounts (`/api/auth/...`), members and share links of a
 * page (`/api/pages/:id/members`, `/api/pages/:id/links`, behind pagePolicy's
 * owner check) and `POST /api/join`. A change of someone's role reaches their
 * open sockets at once through `onRoleChange` (the hub: an `access` message, or
 * close 4403 when they were removed). The reference is packages/protocol/README.md ("Access").
 */
import {
  type Account,
  AccountResponseSchema,
  type AuthConfigResponse,
  CreateLinkRequestSchema,
  CreateTokenRequestSchema,
  HttpErrorCode,
  JoinRequestSchema,
  LoginRequestSchema,
  type Role,
  SetMemberRequestSchema,
  type ShareLink,
  SignupRequestSchema,
} from '@tandem/protocol';
import express, { type Request, type Response, type Router } from 'express';
import type { Limiter, LimiterFactory } from '../creation-limit.ts';
import { HttpError, parse } from '../pages.ts';
import { PRESENCE_COLORS } from '../room/membership.ts';
import type { PageStorage } from '../storage/storage.ts';
import { accountOf } from './guard.ts';
import { hashPassword, verifyPassword } from './passwords.ts';
import { hashSecret, newId, newSecret } from './secrets.ts';
import type { Sessions } from './sessions.ts';
import type { AccessStore, LinkRecord, UserRecord } from './store.ts';

export interface AccessRoutesOptions {
  store: AccessStore;
  pages: PageStorage;
  sessions: Sessions;
  /** `open`: anyone may sign up; `closed`: only with a live share link's token. */
  signup: 'open' | 'closed';
  /** Login attempts per minute, per address and per email (0: no limit). */
  loginAttemptsPerMinute: number;
  /** Where login attempts are counted: this process, or every process (SharedLimiter). */
  limiters: LimiterFactory;
  /** scrypt's N for new password hashes. */
  passwordCost: number;
  now: () => number;
  /** Someone's role on a page changed (null: removed): their sockets must know at once. */
  onRoleChange(pageId: string, userId: string, role: Role | null): void;
}

const account = (user: UserRecord): Account => ({ id: user.id, email: user.email, name: user.name });
const linkOf = (link: LinkRecord): ShareLink => ({ id: link.id, role: link.role, token: link.token, url: `/join/${link.token}` });

export function authRouter(options: AccessRoutesOptions): Router {
  const { store, sessions, now } = options;
  const router = express.Router();
  const byAddress = options.limiters('login-address', options.loginAttemptsPerMinute);
  const byEmail = options.limiters('login-email', options.loginAttemptsPerMinute);
  // Run for an unknown email too, so that a wrong email and a wrong password take as long.
  const decoy = hashPassword('not anybody’s password', options.passwordCost);

  router.get('/config', async (_req, res) => {
    const body: AuthConfigResponse = { signup: options.signup, firstRun: (await store.countUsers()) === 0 };
    res.json(body);
  });

  router.post('/signup', async (req, res) => {
    const body = parse(SignupRequestSchema, req.body);
    if (options.signup === 'closed') {
      const invite = body.invite === undefined ? null : await store.linkByToken(body.invite);
      if (!invite)
        throw new HttpError(403, HttpErrorCode.Forbidden, 'sign-up is closed on this server: open a share link to create an account');
    }
    const user: UserRecord = {
      id: newId('u'),
      email: body.email,
      name: body.name,
      passwordHash: await hashPassword(body.password, options.passwordCost),
      color: PRESENCE_COLORS[(await store.countUsers()) % PRESENCE_COLORS.length] as string,
      createdAt: now(),
    };
    if ((await store.createUser(user)) === 'email-taken')
      throw new HttpError(409, HttpErrorCode.EmailTaken, 'an account with this email exists; sign in instead');
    await sessions.start(req, res, user.id);
    res.status(201).json(AccountResponseSchema.parse({ user: account(user) }));
  });

  router.post('/login', async (req, res) => {
    const body = parse(LoginRequestSchema, req.body);
    await limit(res, byAddress, req.ip ?? req.socket.remoteAddress ?? 'unknown');
    await limit(res, byEmail, `mail/${body.email.replaceAll(':', '/')}`);
    const user = await store.userByEmail(body.email);
    const ok = user
      ? await verifyPassword(body.password, user.passwordHash)
      : await verifyPassword(body.password, await decoy).then(() => false);
    if (!user || !ok) throw new HttpError(401, HttpErrorCode.BadCredentials, 'wrong email or password');
    await sessions.start(req, res, user.id);
    res.json({ user: account(user) });
  });

  router.post('/logout', async (req, res) => {
    const auth = accountOf(res);
    await sessions.end(req, res, auth.sessionHash);
    res.status(204).end();
  });

  router.get('/me', (_req, res) => {
    res.json({ user: account(accountOf(res).user) });
  });

  router.post('/tokens', async (req, res) => {
    const { user } = accountOf(res);
    const body = parse(CreateTokenRequestSchema, req.body);
    const token = `tdm_${newSecret()}`;
    const id = newId('t');
    await store.createToken({ id, userId: user.id, name: body.name, tokenHash: hashSecret(token), createdAt: now() });
    res.status(201).json({ id, token });
  });

  router.delete('/tokens/:tokenId', async (req, res) => {
    const { user } = accountOf(res);
    if (!(await store.deleteToken(user.id, String(req.params.tokenId)))) throw new HttpError(404, HttpErrorCode.NotFound, 'no such token');
    res.status(204).end();
  });

  return router;
}

/** `/api/pages/:id/members`: pagePolicy has checked the owner role already. */
export function membersRouter({ store, onRoleChange }: AccessRoutesOptions): Router {
  const router = express.Router({ mergeParams: true });
  router.get('/', async (req, res) => {
    res.json({ members: await store.members(pageOf(req)) });
  });
  router.put('/:userId', async (req, res) => {
    const pageId = pageOf(req);
    const userId = String(req.params.userId);
    const { role } = parse(SetMemberRequestSchema, req.body);
    outcome(await store.changeMember(pageId, userId, role));
    onRoleChange(pageId, userId, role);
    const member = (await store.members(pageId)).find((m) => m.userId === userId);
    res.json({ member });
  });
  router.delete('/:userId', async (req, res) => {
    const pageId = pageOf(req);
    const userId = String(req.params.userId);
    outcome(await store.changeMember(pageId, userId, null));
    onRoleChange(pageId, userId, null);
    res.status(204).end();
  });
  return router;
}

/** `/api/pages/:id/links`: pagePolicy has checked the owner role already. */
export function linksRouter({ store, now }: AccessRoutesOptions): Router {
  const router = express.Router({ mergeParams: true });
  router.get('/', async (req, res) => {
    res.json({ links: (await store.links(pageOf(req))).map(linkOf) });
  });
  router.post('/', async (req, res) => {
    const { role } = parse(CreateLinkRequestSchema, req.body);
    const link: LinkRecord = {
      id: newId('l'),
      pageId: pageOf(req),
      role,
      token: newSecret(),
      createdBy: accountOf(res).user.id,
      createdAt: now(),
      revokedAt: null,
    };
    await store.createLink(link);
    res.status(201).json(linkOf(link));
  });
  router.delete('/:linkId', async (req, res) => {
    if (!(await store.revokeLink(pageOf(req), String(req.params.linkId), now())))
      throw new HttpError(404, HttpErrorCode.NotFound, 'no such link');
    res.status(204).end();
  });
  return router;
}

/** `POST /api/join { token }`: the signed-in person becomes a member with the link's role (never lowering theirs). */
export function joinRoute({ store, pages, now, onRoleChange }: AccessRoutesOptions) {
  return async (req: Request, res: Response) => {
    const { user } = accountOf(res);
    const { token } = parse(JoinRequestSchema, req.body);
    const link = await store.linkByToken(token);
    const page = link ? await pages.getPage(link.pageId) : null;
    if (!link || !page || page.deletedAt !== null)
      throw new HttpError(404, HttpErrorCode.NotFound, 'this link was revoked or never existed');
    const before = await store.role(link.pageId, user.id);
    const role = await store.grantAtLeast(link.pageId, user.id, link.role, now());
    if (before !== null && before !== role) onRoleChange(link.pageId, user.id, role);
    res.json({ pageId: link.pageId, role });
  };
}

function outcome(change: 'changed' | 'not-member' | 'last-owner'): void {
  if (change === 'not-member') throw new HttpError(404, HttpErrorCode.NotFound, 'no such member of this page');
  if (change === 'last-owner')
    throw new HttpError(409, HttpErrorCode.Conflict, 'a page keeps at least one owner: make someone else owner first');
}

async function limit(res: Response, limiter: Limiter, key: string): Promise<void> {
  const verdict = await limiter.take(key);
  if (verdict.ok) return;
  res.setHeader('Retry-After', String(verdict.retryAfterSeconds));
  throw new HttpError(429, HttpErrorCode.RateLimited, `too many login attempts; try again in ${verdict.retryAfterSeconds} s`);
}

/** The `:id` of the page routes these routers are mounted under (mergeParams). */
const pageOf = (req: Request): string => String((req.params as Record<string, string>).id);
