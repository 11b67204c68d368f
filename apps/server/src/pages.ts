/**
 * The Pages API: list, create, read, rename and delete pages, and read and
 * restore their history. A document is read from the page's room when it is
 * loaded (as a joining client's `sync` would give it), else from the read cache
 * (read-cache.ts), and rebuilt from the store only when neither has that
 * version: never once per request. Every change to a document — a rename, a
 * restore — goes through the page's room as one ordinary patch, so everyone in
 * it sees the change live. Creating pages is limited per address
 * (creation-limit.ts). Who may do what is checked before any of these routes
 * (auth/guard.ts: the list and creation need an account, every `/:id` route a
 * role); the list shows only the person's pages, each with their role, and the
 * author of a rename or a restore is the signed-in person. The reference is
 * packages/protocol/README.md ("Pages API").
 */
import { randomBytes } from 'node:crypto';
import {
  CreatePageRequestSchema,
  diff,
  escapeToken,
  HttpErrorCode,
  type Json,
  type Operation,
  PAGE_ID_PATTERN,
  PAGE_LIST_DEFAULT_LIMIT,
  type PageChangeResponse,
  type PageDocument,
  PageListQuerySchema,
  type PageListResponse,
  type PageSummary,
  RenamePageRequestSchema,
  RestorePageRequestSchema,
  type Role,
  TEMPLATES,
  templateDocument,
} from '@tandem/protocol';
import express, { type Request, type Response, type Router } from 'express';
import type { z } from 'zod';
import { accountOf, requireAccount, roleOf } from './auth/guard.ts';
import type { AccessStore } from './auth/store.ts';
import type { Limiter } from './creation-limit.ts';
import { ImportRejectedError, importedDocument } from './exchange.ts';
import type { Hub } from './hub.ts';
import { type CachedDocument, ReadCache } from './read-cache.ts';
import { ChangeRejectedError, type Room, RoomClosedError } from './room.ts';
import { titleOf } from './storage/rows.ts';
import { type PageInfo, type PageStorage, PageUnreadableError } from './storage/storage.ts';

export interface PagesOptions {
  hub: Hub;
  storage: PageStorage;
  /** Counts the pages each address creates (shared with the tickets route, which creates pages too). */
  creations: Limiter;
  /** Characters of document JSON kept for pages whose room is not loaded. */
  readCacheBytes: number;
  /** Members and roles: whose pages the list shows, and who owns a new page. */
  access: AccessStore;
}

/** An error the routes turn into `{ error: { code, message } }` with its status. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: HttpErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** Whom a change made through this API is attributed to, in the page's history: the signed-in person. */
const author = (res: Response) => {
  const { user } = accountOf(res);
  return { userId: user.id, userName: user.name };
};

export function pagesRouter({ hub, storage, creations, readCacheBytes, access }: PagesOptions): Router {
  const router = express.Router();
  const cache = new ReadCache(readCacheBytes);

  /**
   * The page's document at `version` (default: its latest) as JSON text: from
   * the live room when it is there, else from the cache, else rebuilt from the
   * store once and cached. Null when the store does not keep that version.
   */
  const documentAt = async (info: PageInfo, version?: number): Promise<CachedDocument | null> => {
    const live = hub.liveDocument(info.id);
    const wanted = version ?? live?.version ?? info.version;
    if (live && live.version === wanted) {
      // The room's document changes in place with each patch: serialized now, it is exactly `wanted`.
      return cache.get(info.id, wanted) ?? remember(info.id, { version: wanted, title: titleOf(live.doc), json: JSON.stringify(live.doc) });
    }
    const cached = cache.get(info.id, wanted);
    if (cached) return cached;
    const found = await storage.loadVersion(info.id, wanted);
    if (!found) return null;
    return remember(info.id, { version: found.version, title: titleOf(found.doc), json: JSON.stringify(found.doc) });
  };
  const remember = (id: string, entry: CachedDocument): CachedDocument => {
    cache.put(id, entry);
    return entry;
  };

  router.get('/', requireAccount, async (req, res) => {
    const query = parse(PageListQuerySchema, req.query);
    const limit = query.limit ?? PAGE_LIST_DEFAULT_LIMIT;
    const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
    // One more than asked for says whether another page of the list follows.
    const listed = await access.pagesOf(accountOf(res).user.id, { limit: limit + 1, ...(after ? { after } : {}) });
    const pages = listed.slice(0, limit);
    const last = pages.at(-1);
    const body: PageListResponse = {
      pages: pages.map((page) => summary(page, page.role)),
      nextCursor: listed.length > limit && last ? encodeCursor(last) : null,
    };
    res.json(body);
  });

  router.post('/', requireAccount, async (req, res) => {
    const { user } = accountOf(res);
    const body = parse(CreatePageRequestSchema, req.body);
    await limitCreation(creations, req, res);
    const doc = body.document === undefined ? templateDocument(body.template ?? 'blank', body.title) : importedDocument(body);
    // 72 random bits: ids nobody guesses, and that never collide in practice.
    for (let attempt = 0; attempt < 3; attempt++) {
      const id = randomBytes(9).toString('base64url');
      if ((await hub.ensurePage(id, doc)) === 'created') {
        // Whoever creates a page is its owner.
        await access.grantAtLeast(id, user.id, 'owner', Date.now());
        res.status(201).location(`/api/pages/${id}`).json({ id });
        return;
      }
    }
    throw new Error('could not find a free page id');
  });

  router.get('/:id', async (req, res) => {
    const id = pageId(req);
    const info = await livePage(storage, id);
    const current = await documentAt(info);
    if (!current) throw notFound(id);
    // PageResponse, with the document spliced in as the text it already is.
    const head = JSON.stringify({ ...summary(info, roleOf(res)), title: current.title, version: current.version });
    sendJsonText(res, `${head.slice(0, -1)},"document":${current.json}}`);
  });

  router.patch('/:id', async (req, res) => {
    const id = pageId(req);
    const body = parse(RenamePageRequestSchema, req.body);
    await livePage(storage, id);
    const change = await inRoom(hub, id, (room) =>
      room.change(author(res), (doc) => {
        const root = doc.components[doc.rootId];
        if (!root || root.props.title === body.title) return [];
        const op = Object.hasOwn(root.props, 'title') ? 'replace' : 'add';
        return [{ op, path: `/components/${escapeToken(doc.rootId)}/props/title`, value: body.title }] as Operation[];
      }),
    );
    res.json(change);
  });

  router.delete('/:id', async (req, res) => {
    const id = pageId(req);
    await livePage(storage, id);
    if (!(await hub.deletePage(id))) throw notFound(id);
    cache.forget(id);
    res.status(204).end();
  });

  router.get('/:id/versions', async (req, res) => {
    const id = pageId(req);
    await livePage(storage, id);
    res.json({ versions: await storage.listVersions(id) });
  });

  router.get('/:id/versions/:version', async (req, res) => {
    const id = pageId(req);
    const version = versionParam(req.params.version);
    const info = await livePage(storage, id);
    const found = await documentAt(info, version);
    if (!found) throw versionUnavailable(id, version);
    sendJsonText(res, `{"version":${found.version},"document":${found.json}}`);
  });

  router.post('/:id/restore', async (req, res) => {
    const id = pageId(req);
    const body = parse(RestorePageRequestSchema, req.body);
    const info = await livePage(storage, id);
    const found = await documentAt(info, body.version);
    if (!found) throw versionUnavailable(id, body.version);
    const target = { doc: JSON.parse(found.json) as PageDocument };
    const who = author(res);
    const change: PageChangeResponse | null = await hub.withRoom(id, async (room) => {
      // The page as it was before the restore stays in its history, so the restore can be undone from there too.
      const before = await room.checkpoint();
      const origin = { kind: 'restore' as const, version: body.version, userName: who.userName };
      const done = await room.change(who, (doc) => diff(doc as unknown as Json, target.doc as unknown as Json), { snapshot: true, origin });
      // Both ends of the restore say what they are in the history (SPEC H1); a restore that changed nothing made no version.
      if (done.opId !== null) {
        await room.label(before, { kind: 'before-restore', restoredFrom: body.version, ...who });
        await room.label(done.version, { kind: 'restore', restoredFrom: body.version, ...who });
      }
      return done;
    });
    if (!change) throw notFound(id);
    res.json(change);
  });

  return router;
}

/** GET /api/templates: what POST /api/pages accepts as `template`. */
export function templatesRouter(): Router {
  const router = express.Router();
  router.get('/', (_req, res) => {
    res.json({ templates: TEMPLATES });
  });
  return router;
}

/**
 * Refuses a page creation beyond the address's budget with 429 `rate-limited`
 * and `Retry-After`, before anything is created. Keyed on the address.
 */
export async function limitCreation(creations: Limiter, req: Request, res: Response): Promise<void> {
  const verdict = await creations.take(req.ip ?? req.socket.remoteAddress ?? 'unknown');
  if (verdict.ok) return;
  res.setHeader('Retry-After', String(verdict.retryAfterSeconds));
  throw new HttpError(
    429,
    HttpErrorCode.RateLimited,
    `too many pages created from this address; try again in ${verdict.retryAfterSeconds} s`,
  );
}

function sendJsonText(res: Response, text: string): void {
  res.type('application/json').send(text);
}

/** The list's cursor: where the page before ended (its last page's time and id), opaque to clients. */
function encodeCursor(info: PageInfo): string {
  return Buffer.from(JSON.stringify([info.updatedAt, info.id])).toString('base64url');
}

function decodeCursor(cursor: string): { updatedAt: number; id: string } {
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    decoded = null;
  }
  if (
    !Array.isArray(decoded) ||
    decoded.length !== 2 ||
    !Number.isSafeInteger(decoded[0]) ||
    typeof decoded[1] !== 'string' ||
    !PAGE_ID_PATTERN.test(decoded[1])
  ) {
    throw new HttpError(400, HttpErrorCode.BadRequest, 'cursor: not a cursor this server gave out');
  }
  return { updatedAt: decoded[0] as number, id: decoded[1] };
}

function summary(info: PageInfo, role: Role): PageSummary {
  return { id: info.id, title: info.title, version: info.version, createdAt: info.createdAt, updatedAt: info.updatedAt, role };
}

export function pageId(req: Request): string {
  const id = String(req.params.id);
  if (!PAGE_ID_PATTERN.test(id)) throw new HttpError(400, HttpErrorCode.BadRequest, 'page ids are 1–64 letters, digits, "_" or "-"');
  return id;
}

function versionParam(raw: unknown): number {
  const text = String(raw);
  if (!/^\d{1,15}$/.test(text)) throw new HttpError(400, HttpErrorCode.BadRequest, `version must be a whole number, not "${text}"`);
  return Number(text);
}

/** The page's record, or 404 (never existed) / 410 (deleted). */
export async function livePage(storage: PageStorage, id: string): Promise<PageInfo> {
  const info = await storage.getPage(id);
  if (!info) throw notFound(id);
  if (info.deletedAt !== null) throw new HttpError(410, HttpErrorCode.PageDeleted, `page ${id} was deleted`);
  return info;
}

async function inRoom<T>(hub: Hub, id: string, work: (room: Room) => Promise<T>): Promise<T> {
  const result = await hub.withRoom(id, work);
  if (result === null) throw notFound(id);
  return result;
}

export function parse<T extends z.ZodType>(schema: T, body: unknown): z.infer<T> {
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new HttpError(400, HttpErrorCode.BadRequest, `${issue?.path.join('.') || 'body'}: ${issue?.message ?? 'invalid'}`);
}

export const notFound = (id: string) => new HttpError(404, HttpErrorCode.NotFound, `no page ${id}`);
const versionUnavailable = (id: string, version: number) =>
  new HttpError(404, HttpErrorCode.VersionUnavailable, `version ${version} of page ${id} is not kept (or does not exist yet)`);

/** Errors of the room and the store, as HTTP errors; anything else is left for the 500 handler. */
export function asHttpError(error: unknown): HttpError | null {
  if (error instanceof HttpError) return error;
  if (error instanceof ImportRejectedError) return new HttpError(400, HttpErrorCode.BadRequest, error.message);
  if (error instanceof PageUnreadableError) return new HttpError(500, HttpErrorCode.PageUnreadable, error.message);
  if (error instanceof RoomClosedError) return new HttpError(409, HttpErrorCode.Conflict, `${error.message}; try again`);
  if (error instanceof ChangeRejectedError)
    return new HttpError(409, HttpErrorCode.Conflict, `the page refused the change: ${error.message}`);
  return null;
}
