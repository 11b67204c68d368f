/**
 * The Pages API: list, create, read, rename and delete pages, and read and
 * restore their history. Reads come from the store (what was saved); every
 * change to a document — a rename, a restore — goes through the page's room as
 * one ordinary patch, so everyone in it sees the change live. The reference is
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
  type PageChangeResponse,
  type PageResponse,
  type PageSummary,
  RenamePageRequestSchema,
  RestorePageRequestSchema,
  SERVER_SENDER,
  TEMPLATES,
  templateDocument,
} from '@tandem/protocol';
import express, { type Request, type Router } from 'express';
import type { z } from 'zod';
import { ImportRejectedError, importedDocument } from './exchange.ts';
import type { Hub } from './hub.ts';
import { ChangeRejectedError, type Room, RoomClosedError } from './room.ts';
import { titleOf } from './storage/rows.ts';
import { type PageInfo, type PageStorage, PageUnreadableError } from './storage/storage.ts';

export interface PagesOptions {
  hub: Hub;
  storage: PageStorage;
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

/** Whom a change made through this API is attributed to, in the page's history. */
const author = (userName: string | undefined) => ({ userId: SERVER_SENDER, userName: userName ?? 'Tandem' });

export function pagesRouter({ hub, storage }: PagesOptions): Router {
  const router = express.Router();

  router.get('/', async (_req, res) => {
    res.json({ pages: (await storage.listPages()).map(summary) });
  });

  router.post('/', async (req, res) => {
    const body = parse(CreatePageRequestSchema, req.body);
    const doc = body.document === undefined ? templateDocument(body.template ?? 'blank', body.title) : importedDocument(body);
    // 72 random bits: ids nobody guesses, and that never collide in practice.
    for (let attempt = 0; attempt < 3; attempt++) {
      const id = randomBytes(9).toString('base64url');
      if ((await hub.ensurePage(id, doc)) === 'created') {
        res.status(201).location(`/api/pages/${id}`).json({ id });
        return;
      }
    }
    throw new Error('could not find a free page id');
  });

  router.get('/:id', async (req, res) => {
    const id = pageId(req);
    const info = await livePage(storage, id);
    const current = await storage.loadVersion(id);
    if (!current) throw notFound(id);
    const body: PageResponse = { ...summary(info), title: titleOf(current.doc), version: current.version, document: current.doc };
    res.json(body);
  });

  router.patch('/:id', async (req, res) => {
    const id = pageId(req);
    const body = parse(RenamePageRequestSchema, req.body);
    await livePage(storage, id);
    const change = await inRoom(hub, id, (room) =>
      room.change(author(body.userName), (doc) => {
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
    await livePage(storage, id);
    const found = await storage.loadVersion(id, version);
    if (!found) throw versionUnavailable(id, version);
    res.json({ version: found.version, document: found.doc });
  });

  router.post('/:id/restore', async (req, res) => {
    const id = pageId(req);
    const body = parse(RestorePageRequestSchema, req.body);
    await livePage(storage, id);
    const target = await storage.loadVersion(id, body.version);
    if (!target) throw versionUnavailable(id, body.version);
    const change: PageChangeResponse | null = await hub.withRoom(id, async (room) => {
      // The page as it was before the restore stays in its history, so the restore can be undone from there too.
      await room.checkpoint();
      return room.change(author(body.userName), (doc) => diff(doc as unknown as Json, target.doc as unknown as Json), { snapshot: true });
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

function summary(info: PageInfo): PageSummary {
  return { id: info.id, title: info.title, version: info.version, createdAt: info.createdAt, updatedAt: info.updatedAt };
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
