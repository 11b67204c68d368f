/**
 * The HTTP API (Express 5): health, tickets, pages (pages.ts), templates, and the
 * built web app with its client-side routes. Every error is `{ error: { code, message } }`.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { type HttpErrorBody, HttpErrorCode, LIMITS, TicketRequestSchema, withinTextDepth } from '@tandem/protocol';
import express, { type ErrorRequestHandler, type Express, type Response } from 'express';
import { mountAssets } from './assets.ts';
import { accountOf, authenticate, checkRole, pagePolicy, requireAccount, requireRole } from './auth/guard.ts';
import { type AccessRoutesOptions, authRouter, joinRoute, linksRouter, membersRouter } from './auth/routes.ts';
import type { Limiter } from './creation-limit.ts';
import { serveFonts } from './fonts.ts';
import type { Hub } from './hub.ts';
import type { Logger } from './log.ts';
import { asHttpError, HttpError, pagesRouter, parse, templatesRouter } from './pages.ts';
import { IMPORT_BODY_LIMIT, type PublishingOptions, publicSiteRouter, publishingRouter } from './publish.ts';
import { originAllowed, securityHeaders } from './security.ts';
import type { PageStorage } from './storage/storage.ts';
import type { Tickets } from './tickets.ts';

export interface HttpOptions {
  hub: Hub;
  storage: PageStorage;
  tickets: Tickets;
  log: Logger;
  webDist: string | null;
  /** The read cache's budget (see env.ts). */
  readCacheBytes: number;
  /** Page creations by address, at PAGES_PER_MINUTE (0: no limit). */
  creations: Limiter;
  /** Accounts, sessions, roles and links (auth/). */
  access: AccessRoutesOptions;
  /** Where uploaded images are stored (assets.ts), and each account's quota there. */
  assetsDir: string;
  assetQuotaBytes: number;
  assetQuotaCount: number;
  /** Origins besides the server's own that may change state (see security.ts). */
  allowedOrigins?: readonly string[];
  /** CSP frame-ancestors. */
  frameAncestors?: string;
  /** What GET /healthz reports besides `ok`: the database, Redis, the process (main.ts); just `{ ok: true }` when absent. */
  health?: () => Promise<{ database: { ok: boolean } } & Record<string, unknown>>;
  /** Publishing settings (publish.ts); the defaults when absent. */
  publishing?: PublishingOptions;
}

export function sendError(res: Response, status: number, code: string, message: string): void {
  const body: HttpErrorBody = { error: { code, message } };
  res.status(status).json(body);
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function createHttpApp({
  hub,
  storage,
  tickets,
  log,
  webDist,
  creations,
  readCacheBytes,
  assetsDir,
  assetQuotaBytes,
  assetQuotaCount,
  allowedOrigins = [],
  frameAncestors = "'none'",
  publishing,
  access,
  health,
}: HttpOptions): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  app.use(securityHeaders(frameAncestors));
  // Another site's page must not change anything with a visitor's browser.
  app.use((req, res, next) => {
    if (SAFE_METHODS.has(req.method) || originAllowed(req, allowedOrigins)) return next();
    sendError(res, 403, HttpErrorCode.ForbiddenOrigin, `requests from ${req.headers.origin} are not allowed`);
  });

  // `ok` follows the database alone: without Redis a process still commits every edit (others catch up by polling).
  app.get('/healthz', async (_req, res) => {
    if (!health) return void res.json({ ok: true });
    const report = await health().catch(() => ({ database: { ok: false } }));
    res.status(report.database.ok ? 200 : 503).json({ ok: report.database.ok, ...report });
  });
  // The bundled fonts, for the canvas and published pages alike (fonts.ts).
  app.get('/fonts/:file', serveFonts());

  const api = express.Router();
  // Bounded depth before anything walks a body (SPEC L1).
  const verify = (_req: unknown, _res: unknown, buffer: Buffer) => {
    if (!withinTextDepth(buffer.toString('utf8'), LIMITS.jsonDepth)) {
      throw new HttpError(400, HttpErrorCode.BadRequest, `body nests deeper than ${LIMITS.jsonDepth} levels`);
    }
  };
  // An imported page is a whole document: it may be larger than any other body (the later parser then skips).
  api.post('/pages', express.json({ limit: IMPORT_BODY_LIMIT, verify }));
  api.use(express.json({ limit: '64kb', verify }));
  // Who is asking, on every route; each route then needs an account (accountOf) or a role on the page (requireRole).
  api.use(authenticate(access.store, access.sessions));
  api.use('/auth', authRouter(access));
  api.post('/join', joinRoute(access));
  // Uploads belong to no page: an account is enough (the page's own routes check its role).
  api.use('/assets', requireAccount);

  // The ticket carries the role the person has now, and the account's name (never one from the body).
  api.post('/tickets', async (req, res) => {
    const { user } = accountOf(res);
    const { pageId } = parse(TicketRequestSchema, req.body);
    const role = await checkRole(access.store, res, pageId, 'viewer');
    const page = await storage.getPage(pageId);
    if (!page) throw new HttpError(404, HttpErrorCode.NotFound, `no page ${pageId}`);
    if (page.deletedAt !== null) return sendError(res, 410, 'page-deleted', `page ${pageId} was deleted`);
    res.status(201).json(await tickets.issue({ pageId, userId: user.id, userName: user.name, role, color: user.color }));
  });

  api.use('/pages/:id', pagePolicy(access.store));
  api.use('/pages/:id/members', membersRouter(access));
  api.use('/pages/:id/links', linksRouter(access));
  // Publishing's own hook, by the same roles: viewers read, editors and owners publish.
  const authorize = (action: 'read' | 'publish') => requireRole(access.store, action === 'read' ? 'viewer' : 'editor');
  api.use(
    '/pages',
    publishingRouter({ storage, ...publishing, authorize }),
    pagesRouter({ hub, storage, creations, readCacheBytes, access: access.store }),
  );
  api.use('/templates', templatesRouter());
  mountAssets(app, api, { storage, dir: assetsDir, quota: { bytes: assetQuotaBytes, count: assetQuotaCount } });

  api.use((_req, res) => sendError(res, 404, 'not-found', 'no such API route'));
  app.use('/api', api);
  app.use('/s', publicSiteRouter({ storage, ...publishing }));

  if (webDist && existsSync(path.join(webDist, 'index.html'))) {
    app.use(express.static(webDist, { index: false, maxAge: '1h' }));
    // Client-side routes (/p/<id>, /) all load the app shell.
    app.get(/^\/(?!api\/|ws\/).*/, (_req, res) => {
      res.setHeader('Cache-Control', 'no-cache');
      res.sendFile(path.join(webDist, 'index.html'));
    });
  }

  const onError: ErrorRequestHandler = (error, _req, res, _next) => {
    // Too late to answer with an error (a response was under way): cut it, so the client sees it failed.
    if (res.headersSent) {
      log.error('request failed after its response began', { error });
      res.destroy();
      return;
    }
    const known = asHttpError(error);
    if (known) {
      if (known.status >= 500) log.error('request failed', { error });
      return sendError(res, known.status, known.code, known.message);
    }
    const status = typeof error?.status === 'number' ? error.status : 500;
    if (error?.type === 'entity.parse.failed') return sendError(res, 400, 'bad-request', 'body is not valid JSON');
    if (error?.type === 'entity.too.large') return sendError(res, 413, 'too-large', 'body is too large');
    if (status >= 500) log.error('request failed', { error });
    sendError(res, status, status >= 500 ? 'internal' : 'bad-request', status >= 500 ? 'internal error' : String(error?.message));
  };
  app.use(onError);
  return app;
}
