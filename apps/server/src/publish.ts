/**
 * Publishing: a page goes live at a public address as static HTML.
 *
 * - `publishingRouter` (under /api/pages): publish, list publications, make one
 *   live (rollback), unpublish, export. Each route takes one `authorize(action)`
 *   hook before its handler: today every request may (accounts and roles do not
 *   exist yet: see #10); a role check is that one hook.
 * - `publicSiteRouter` (under /s): the live publication of a page, with no
 *   session and nothing else of the page reachable through it.
 *
 * A publication is rendered once, when it is made (renderPublishedPage, the
 * canvas's own renderer), and stored with its ETag: serving it is one storage
 * read, and a conditional request that matches costs no body at all.
 * The reference is packages/protocol/README.md ("Publishing").
 */
import { createHash } from 'node:crypto';
import {
  EXPORT_FORMATS,
  type ExportFormat,
  HttpErrorCode,
  PAGE_ID_PATTERN,
  type PublicationsResponse,
  PublishRequestSchema,
  type PublishResponse,
} from '@tandem/protocol';
import { renderPublishedPage } from '@tandem/render/document';
import express, { type Request, type RequestHandler, type Response, type Router } from 'express';
import { exportedPage, exportFileName } from './exchange.ts';
import { HttpError, livePage, notFound, pageId, parse } from './pages.ts';
import type { PageStorage } from './storage/storage.ts';

export { IMPORT_BODY_LIMIT } from './exchange.ts';

/** What a route does, for the role check that will guard it (#10): viewers may `read`, editors and owners `publish`. */
export type PublishAction = 'read' | 'publish';
/** The per-route hook: a middleware that lets the request through or answers 403. */
export type Authorize = (action: PublishAction) => RequestHandler;

/** Until accounts exist (#10), everyone who can reach the API may publish, as everyone may edit. */
export const allowEveryone: Authorize = () => (_req, _res, next) => next();

export interface PublishingOptions {
  /** CSP `frame-ancestors` of published pages (default `'none'`: no one may frame them). */
  frameAncestors?: string;
  /** The public origin of published pages; the request's own when null or absent. */
  publicUrl?: string | null;
  authorize?: Authorize;
}

/** Published pages are revalidated on every view (a 304 when unchanged), so an unpublish or a rollback shows at once. */
const CACHE_CONTROL = 'public, max-age=0, must-revalidate';

const etagOf = (html: string) => `"${createHash('sha256').update(html).digest('base64url').slice(0, 27)}"`;

function publicUrl(req: Request, id: string, origin: string | null | undefined): string {
  return `${origin ?? `${req.protocol}://${req.get('host') ?? 'localhost'}`}/s/${id}`;
}

export function publishingRouter({
  storage,
  publicUrl: origin = null,
  authorize = allowEveryone,
}: PublishingOptions & { storage: PageStorage }): Router {
  const router = express.Router();
  const list = async (req: Request, id: string): Promise<PublicationsResponse> => ({
    publications: await storage.listPublications(id),
    url: publicUrl(req, id, origin),
  });

  router.post('/:id/publish', authorize('publish'), async (req, res) => {
    const id = pageId(req);
    const body = parse(PublishRequestSchema, req.body ?? {});
    await livePage(storage, id);
    const current = await storage.loadVersion(id);
    if (!current) throw notFound(id);
    const url = publicUrl(req, id, origin);
    const html = renderPublishedPage(current.doc, { url });
    const publication = await storage.publish(id, {
      version: current.version,
      // Who published: the name the person gave, until accounts exist (#10).
      // The signed-in person (auth/guard.ts); a body's userName only where no account is in play (this router's own tests).
      publishedBy: (res.locals.auth as { user: { name: string } } | undefined)?.user.name ?? body.userName ?? 'Tandem',
      html,
      etag: etagOf(html),
    });
    const response: PublishResponse = { publication, url };
    res.status(201).location(url).json(response);
  });

  router.get('/:id/publications', authorize('read'), async (req, res) => {
    const id = pageId(req);
    await livePage(storage, id);
    res.json(await list(req, id));
  });

  router.post('/:id/publications/:number/live', authorize('publish'), async (req, res) => {
    const id = pageId(req);
    const number = numberParam(req.params.number);
    await livePage(storage, id);
    if (!(await storage.setLivePublication(id, number)))
      throw new HttpError(404, HttpErrorCode.NotFound, `page ${id} has no publication ${number}`);
    res.json(await list(req, id));
  });

  router.delete('/:id/publish', authorize('publish'), async (req, res) => {
    const id = pageId(req);
    await livePage(storage, id);
    await storage.setLivePublication(id, null);
    res.json(await list(req, id));
  });

  router.get('/:id/export', authorize('read'), async (req, res) => {
    const id = pageId(req);
    const format = req.query.format ?? 'json';
    if (typeof format !== 'string' || !(EXPORT_FORMATS as readonly string[]).includes(format))
      throw new HttpError(400, HttpErrorCode.BadRequest, `format must be one of ${EXPORT_FORMATS.join(', ')}`);
    const info = await livePage(storage, id);
    const current = await storage.loadVersion(id);
    if (!current) throw notFound(id);
    const file = exportFileName(info.title, format as ExportFormat);
    res.setHeader('Content-Disposition', `attachment; filename="${file}"`);
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    if (format === 'html') {
      res.setHeader('Content-Type', 'text/html; charset=utf-8');
      res.send(renderPublishedPage(current.doc));
    } else {
      res.json(exportedPage(current.doc, current.version, Date.now()));
    }
  });

  return router;
}

export function publicSiteRouter({ storage, frameAncestors = "'none'" }: PublishingOptions & { storage: PageStorage }): Router {
  const router = express.Router();
  const csp = `default-src 'none'; img-src 'self' https: data:; style-src 'unsafe-inline'; font-src 'self'; frame-src https://www.youtube-nocookie.com https://player.vimeo.com; frame-ancestors ${frameAncestors}; base-uri 'none'; form-action 'none'`;

  const headers = (res: Response) => {
    res.setHeader('Content-Security-Policy', csp);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'strict-origin-when-cross-origin');
  };
  const refuse = (res: Response, status: 404 | 410, text: string) => {
    headers(res);
    res.setHeader('Cache-Control', 'no-cache');
    res.status(status).type('html');
    res.send(`<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>${text}</title></head><body><p>${text}</p></body></html>`);
  };

  // Express answers HEAD with this route too, without the body.
  router.get('/:id', async (req, res) => {
    const id = String(req.params.id);
    if (!PAGE_ID_PATTERN.test(id)) return refuse(res, 404, 'No such page');
    const found = await storage.readLivePublication(id);
    if (found.state === 'deleted') return refuse(res, 410, 'This page was deleted');
    if (found.state !== 'live') return refuse(res, 404, 'This page is not published');
    headers(res);
    res.setHeader('Cache-Control', CACHE_CONTROL);
    res.setHeader('ETag', found.etag);
    if (matches(req.get('if-none-match'), found.etag)) return void res.status(304).end();
    res.setHeader('Content-Type', 'text/html; charset=utf-8');
    res.send(found.html);
  });

  return router;
}

/**
 * Whether If-None-Match names this entity (weak comparison, RFC 9110 13.1.2). Not
 * `req.fresh`: that answers 200 to any request with `Cache-Control: no-cache`,
 * which browsers and fetch send with their revalidations, and an origin may answer those with 304.
 */
function matches(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;
  return header.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag);
}

function numberParam(raw: unknown): number {
  const text = String(raw);
  if (!/^[1-9]\d{0,8}$/.test(text))
    throw new HttpError(400, HttpErrorCode.BadRequest, `publication must be a number from 1, not "${text}"`);
  return Number(text);
}
