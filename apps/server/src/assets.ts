/**
 * Image upload and serving (SPEC U1–U5; reference in packages/protocol/README.md, "Assets").
 *
 * `POST /api/assets` takes the image as the raw request body (any Content-Type:
 * it is ignored), at most 10 MB. The type comes from the first bytes only, so
 * an HTML file sent as image/png, or an SVG (which can carry script), is
 * refused. Stored content-addressed (sha256) as one file per image, written to a
 * temporary name and renamed, so a reader never sees half a file and the same
 * bytes uploaded twice are stored once. `POST /api/pages/:id/assets` does the
 * same for one page (editor role), which then lists it. Each account's uploads
 * count against its quota (U8, asset-ledger.ts). `GET /assets/:hash` serves an
 * image with a year of immutable caching, `nosniff` and a sandboxing CSP;
 * `GET /api/pages/:id/assets` lists the images a page uses and those uploaded for it.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, open, rename, stat, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import {
  ASSET_HASH_PATTERN,
  type AssetResponse,
  type AssetType,
  assetHashOf,
  assetUrl,
  HttpErrorCode,
  MAX_ASSET_BYTES,
  PAGE_ID_PATTERN,
  type PageAssetsResponse,
  type PageImage,
  pageImages,
} from '@tandem/protocol';
import express, { type Express, type Router } from 'express';
import { AssetLedger, type QuotaLimits, quotaRefusal } from './asset-ledger.ts';
import { accountOf } from './auth/guard.ts';
import type { Config } from './env.ts';
import { HttpError } from './pages.ts';
import type { PageStorage } from './storage/storage.ts';

export interface AssetsOptions {
  storage: PageStorage;
  /** Where the files live (created on the first upload). */
  dir: string;
  /** U8: per account (asset-ledger.ts). */
  quota: QuotaLimits;
}

/** ASSETS_DIR, or `assets` inside DATA_DIR, whichever store holds the pages. */
export function assetsDirectory(config: Pick<Config, 'dataDir'> & { assetsDir?: string | null }): string {
  return config.assetsDir || path.join(config.dataDir, 'assets');
}

const startsWith = (bytes: Uint8Array, offset: number, signature: readonly number[] | string): boolean => {
  const sig = typeof signature === 'string' ? [...signature].map((c) => c.charCodeAt(0)) : signature;
  if (bytes.length < offset + sig.length) return false;
  return sig.every((b, i) => bytes[offset + i] === b);
};

/** U1: the image type told by the magic bytes, or null. ISO-BMFF (AVIF) is recognised by its `ftyp` box's brands. */
export function sniffImage(bytes: Uint8Array): AssetType | null {
  if (startsWith(bytes, 0, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (startsWith(bytes, 0, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (startsWith(bytes, 0, 'GIF87a') || startsWith(bytes, 0, 'GIF89a')) return 'image/gif';
  if (startsWith(bytes, 0, 'RIFF') && startsWith(bytes, 8, 'WEBP')) return 'image/webp';
  if (startsWith(bytes, 4, 'ftyp')) {
    const boxSize = ((bytes[0] ?? 0) << 24) | ((bytes[1] ?? 0) << 16) | ((bytes[2] ?? 0) << 8) | (bytes[3] ?? 0);
    const end = Math.min(boxSize, bytes.length, 256);
    // The major brand at 8, then compatible brands from 16 to the end of the box.
    for (let at = 8; at + 4 <= end; at += at === 8 ? 8 : 4) {
      if (startsWith(bytes, at, 'avif') || startsWith(bytes, at, 'avis')) return 'image/avif';
    }
  }
  return null;
}

/** Whether refused bytes look like SVG or other XML/HTML, for a clearer message. */
function looksLikeMarkup(bytes: Uint8Array): boolean {
  const head = Buffer.from(bytes.subarray(0, 512))
    .toString('utf8')
    .replace(/^\uFEFF/, '')
    .trimStart()
    .toLowerCase();
  return head.startsWith('<');
}

const IMMUTABLE = 'public, max-age=31536000, immutable';

/** Mounts the routes: `/assets/:hash` on the app, `POST /assets`, `POST /pages/:id/assets` and `GET /pages/:id/assets` on the API router. */
export function mountAssets(app: Express, api: Router, options: AssetsOptions): void {
  app.get('/assets/:hash', serveAsset(options));
  api.use(assetsApi(options));
}

function assetsApi({ storage, dir, quota }: AssetsOptions): Router {
  const router = express.Router();
  const ledger = new AssetLedger(dir);
  // The whole body, whatever its declared type (only the bytes decide); raw-body refuses more than the limit up front.
  const body = express.raw({ type: () => true, limit: MAX_ASSET_BYTES });

  /** U1, U2, U8: checks the bytes, charges the account (refusing past its quota), stores once, and records who it was for. */
  const store = async (req: express.Request, res: express.Response, pageId: string | null) => {
    const bytes: unknown = req.body;
    if (!Buffer.isBuffer(bytes)) throw new HttpError(415, HttpErrorCode.UnsupportedType, 'send the image itself as the request body');
    if (bytes.length === 0) throw new HttpError(400, HttpErrorCode.BadRequest, 'the body is empty');
    const type = sniffImage(bytes);
    if (type === null) {
      const what = looksLikeMarkup(bytes)
        ? 'SVG, HTML and other markup are refused (they can carry script)'
        : 'not a PNG, JPEG, GIF, WebP or AVIF image';
      throw new HttpError(415, HttpErrorCode.UnsupportedType, what);
    }
    const userId = accountOf(res).user.id;
    const hash = createHash('sha256').update(bytes).digest('hex');
    const existed = await ledger.serially(userId, async () => {
      if (!(await ledger.holds('accounts', userId, hash))) {
        const refusal = quotaRefusal(await ledger.usage(userId), bytes.length, quota);
        if (refusal) throw new HttpError(413, HttpErrorCode.QuotaExceeded, refusal);
      }
      const had = await writeOnce(dir, hash, bytes);
      await ledger.record('accounts', userId, hash);
      if (pageId !== null) await ledger.record('pages', pageId, hash);
      return had;
    });
    const response: AssetResponse = { hash, url: assetUrl(hash), type, size: bytes.length };
    res.status(existed ? 200 : 201).json(response);
  };

  router.post('/assets', body, (req, res) => store(req, res, null));
  // The page's role was checked by pagePolicy (editor); the image is then listed in the page's panel.
  router.post('/pages/:id/assets', body, (req, res) => store(req, res, String(req.params.id)));

  router.get('/pages/:id/assets', async (req, res) => {
    const id = String(req.params.id);
    if (!PAGE_ID_PATTERN.test(id)) throw new HttpError(400, HttpErrorCode.BadRequest, 'invalid page id');
    const current = await storage.loadVersion(id);
    if (!current) throw new HttpError(404, HttpErrorCode.NotFound, `no page ${id}`);
    const uploaded = new Set(await ledger.hashes('pages', id));
    const assets: PageAssetsResponse['assets'] = [];
    const describe = async (url: string, uses: PageImage['uses']) => {
      const hash = assetHashOf(url);
      const held = hash === null ? null : await readHead(path.join(dir, hash));
      const wasUploaded = hash !== null && uploaded.delete(hash);
      assets.push({ url, hash, type: held?.type ?? null, size: held?.size ?? null, uses, uploaded: wasUploaded });
    };
    for (const { url, uses } of pageImages(current.doc)) await describe(url, uses);
    // U7: then what was uploaded for the page and is not (or no longer) used, newest first.
    for (const hash of [...uploaded].slice(0, MAX_UNUSED_LISTED)) await describe(assetUrl(hash), []);
    const response: PageAssetsResponse = { assets };
    res.json(response);
  });

  // U9: an upload the document does not use leaves the page's list. The bytes stay: history, other pages and published pages may show them.
  router.delete('/pages/:id/assets/:hash', async (req, res) => {
    const id = String(req.params.id);
    const hash = String(req.params.hash);
    if (!PAGE_ID_PATTERN.test(id)) throw new HttpError(400, HttpErrorCode.BadRequest, 'invalid page id');
    if (!ASSET_HASH_PATTERN.test(hash)) throw new HttpError(400, HttpErrorCode.BadRequest, 'not an asset hash (64 hex digits)');
    const current = await storage.loadVersion(id);
    if (!current) throw new HttpError(404, HttpErrorCode.NotFound, `no page ${id}`);
    const used = pageImages(current.doc).find((image) => assetHashOf(image.url) === hash);
    if (used) {
      const places = used.uses.length === 1 ? 'once' : `${used.uses.length} times`;
      throw new HttpError(409, HttpErrorCode.AssetInUse, `the page uses this image ${places}: take it out of the page first`);
    }
    if (!(await ledger.forget('pages', id, hash))) throw new HttpError(404, HttpErrorCode.NotFound, 'this image was not uploaded for this page');
    res.status(204).end();
  });
  return router;
}

/** U7: the most unused uploads one list shows (the account quota bounds them anyway). */
const MAX_UNUSED_LISTED = 500;

/** Stores the bytes as `dir/<hash>` unless they are there already; true when they were. */
async function writeOnce(dir: string, hash: string, bytes: Buffer): Promise<boolean> {
  const file = path.join(dir, hash);
  const existed = await stat(file).then(
    (s) => s.size === bytes.length,
    () => false,
  );
  if (existed) return true;
  await mkdir(dir, { recursive: true });
  const temp = path.join(dir, `.${hash}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    await writeFile(temp, bytes, { flag: 'wx' });
    await rename(temp, file);
  } catch (error) {
    await unlink(temp).catch(() => {});
    throw error;
  }
  return false;
}

/** The sniffed type and size of a stored asset, or null when it is not there. */
async function readHead(file: string): Promise<{ type: AssetType; size: number } | null> {
  const handle = await open(file, 'r').catch(() => null);
  if (!handle) return null;
  try {
    const head = Buffer.alloc(64);
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    const type = sniffImage(head.subarray(0, bytesRead));
    return type ? { type, size: (await handle.stat()).size } : null;
  } finally {
    await handle.close();
  }
}

function serveAsset({ dir }: AssetsOptions): express.RequestHandler {
  return async (req, res, next) => {
    const hash = String(req.params.hash);
    // The built web app keeps its own files under /assets too (index-<hash>.js): anything not named like an upload is theirs.
    if (!ASSET_HASH_PATTERN.test(hash)) return next();
    const held = await readHead(path.join(dir, hash));
    if (!held) throw new HttpError(404, HttpErrorCode.NotFound, 'no such asset');
    res.setHeader('Content-Type', held.type);
    res.setHeader('Content-Length', String(held.size));
    res.setHeader('Cache-Control', IMMUTABLE);
    res.setHeader('ETag', `"${hash}"`);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    // Opened on its own, an asset can run nothing and load nothing.
    res.setHeader('Content-Security-Policy', "default-src 'none'; sandbox");
    if (req.headers['if-none-match'] === `"${hash}"`) {
      res.status(304).end();
      return;
    }
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    const handle = await open(path.join(dir, hash), 'r');
    const stream = handle.createReadStream();
    stream.on('error', () => res.destroy());
    stream.pipe(res);
  };
}
