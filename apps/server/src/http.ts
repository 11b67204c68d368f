/**
 * The HTTP API (Express 5): health, tickets, pages (pages.ts), templates, and the
 * built web app with its client-side routes. Every error is `{ error: { code, message } }`.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { type HttpErrorBody, TicketRequestSchema } from '@tandem/protocol';
import express, { type ErrorRequestHandler, type Express, type Response } from 'express';
import type { Hub } from './hub.ts';
import type { Logger } from './log.ts';
import { asHttpError, pagesRouter, templatesRouter } from './pages.ts';
import { IMPORT_BODY_LIMIT, type PublishingOptions, publicSiteRouter, publishingRouter } from './publish.ts';
import type { PageStorage } from './storage/storage.ts';
import type { TicketStore } from './tickets.ts';

export interface HttpOptions {
  hub: Hub;
  storage: PageStorage;
  tickets: TicketStore;
  log: Logger;
  webDist: string | null;
  /** Publishing settings (publish.ts); the defaults when absent. */
  publishing?: PublishingOptions;
}

export function sendError(res: Response, status: number, code: string, message: string): void {
  const body: HttpErrorBody = { error: { code, message } };
  res.status(status).json(body);
}

export function createHttpApp({ hub, storage, tickets, log, webDist, publishing }: HttpOptions): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');

  app.get('/healthz', (_req, res) => {
    res.json({ ok: true });
  });

  const api = express.Router();
  // An imported page is a whole document: it may be larger than any other body (the later parser then skips).
  api.post('/pages', express.json({ limit: IMPORT_BODY_LIMIT }));
  api.use(express.json({ limit: '64kb' }));

  api.post('/tickets', async (req, res) => {
    const parsed = TicketRequestSchema.safeParse(req.body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return sendError(res, 400, 'bad-request', `${issue?.path.join('.') || 'body'}: ${issue?.message ?? 'invalid'}`);
    }
    const { pageId, userName } = parsed.data;
    // Opening a new valid id creates the page; a deleted page's id stays gone.
    if ((await hub.ensurePage(pageId)) === 'deleted') return sendError(res, 410, 'page-deleted', `page ${pageId} was deleted`);
    res.status(201).json(tickets.issue(pageId, userName));
  });

  api.use('/pages', publishingRouter({ storage, ...publishing }), pagesRouter({ hub, storage }));
  api.use('/templates', templatesRouter());

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
