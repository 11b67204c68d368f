/**
 * Uploading for a page and the upload quota, through the real server (SPEC U7,
 * U8, U9): who may upload for a page, list its images and take one off, what the list holds, and
 * the per-account limit on images and bytes (413 quota-exceeded, nothing stored).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { AssetResponse, PageAssetsResponse } from '@tandem/protocol';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { allow, type RunningServer, type Session, signUp, startTestServer, TestClient } from './testing.ts';

/** A distinct "PNG" of `size` bytes: only the signature decides the type (U1), the rest makes each one new. */
const image = (size = 1000): Buffer =>
  Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), randomBytes(size - 8)]);

let server: RunningServer;
let dir: string;
let owner: Session;
let editor: Session;
let viewer: Session;
let stranger: Session;

async function start(config: { assetQuotaBytes?: number; assetQuotaCount?: number } = {}) {
  dir = mkdtempSync(path.join(tmpdir(), 'tandem-uploads-'));
  server = await startTestServer({ config: { assetsDir: dir, ...config } });
  [owner, editor, viewer, stranger] = (await Promise.all(['Owner', 'Editor', 'Viewer', 'Stranger'].map((n) => signUp(server, n)))) as [
    Session,
    Session,
    Session,
    Session,
  ];
  await allow(server, 'site', owner.user.id);
  await allow(server, 'site', editor.user.id, 'editor');
  await allow(server, 'site', viewer.user.id, 'viewer');
}
afterEach(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

const uploadFor = (who: Session, bytes: Buffer, page = 'site') =>
  fetch(`${server.http}/api/pages/${page}/assets`, {
    method: 'POST',
    headers: { cookie: who.cookie, 'content-type': 'image/png' },
    body: bytes,
  });
const uploadAlone = (who: Session, bytes: Buffer) =>
  fetch(`${server.http}/api/assets`, { method: 'POST', headers: { cookie: who.cookie, 'content-type': 'image/png' }, body: bytes });
const list = (who: Session, page = 'site') => fetch(`${server.http}/api/pages/${page}/assets`, { headers: { cookie: who.cookie } });
const errorOf = async (res: Response) => ((await res.json()) as { error: { code: string; message: string } }).error;
/** The editor puts an Image showing `url` on the page: one patch, acknowledged. */
async function useOnPage(url: string): Promise<void> {
  const client = await TestClient.join(server, 'site', editor);
  client.sendPatch(
    [
      { op: 'add', path: '/components/pic', value: { id: 'pic', type: 'Image', props: { src: url, alt: 'Team' }, children: [] } },
      { op: 'add', path: '/components/hero/children/-', value: 'pic' },
    ],
    0,
    'use-it',
  );
  await client.next('ack');
  await client.close();
}
/** The images on disk (not the ledger or temporary files). */
const images = () => readdirSync(dir).filter((name) => /^[0-9a-f]{64}$/.test(name));

describe('POST /api/pages/:id/assets', () => {
  beforeEach(() => start());

  it('[U7] editors and owners upload for the page; viewers get 403, strangers 404, nobody signed in 401, and nothing is stored', async () => {
    for (const who of [owner, editor]) expect((await uploadFor(who, image())).status).toBe(201);
    const refused = [
      [await uploadFor(viewer, image()), 403, 'forbidden'],
      [await uploadFor(stranger, image()), 404, 'not-found'],
      [await fetch(`${server.http}/api/pages/site/assets`, { method: 'POST', body: image() }), 401, 'unauthenticated'],
    ] as const;
    for (const [res, status, code] of refused) {
      expect(res.status).toBe(status);
      expect((await errorOf(res)).code).toBe(code);
    }
    expect(images()).toHaveLength(2);
  });

  it('[U7] refuses what POST /api/assets refuses (an SVG) the same way', async () => {
    const res = await uploadFor(editor, Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'));
    expect(res.status).toBe(415);
    expect((await errorOf(res)).code).toBe('unsupported-type');
    expect(images()).toEqual([]);
  });
});

describe('GET /api/pages/:id/assets', () => {
  beforeEach(() => start());

  it('[U7] lists the images used, then the ones uploaded for the page and not used, newest first; any member may read it', async () => {
    const used = (await (await uploadFor(editor, image(2000))).json()) as AssetResponse;
    const first = (await (await uploadFor(editor, image(3000))).json()) as AssetResponse;
    const second = (await (await uploadFor(owner, image(4000))).json()) as AssetResponse;
    // Uploaded for no page: not this page's.
    await uploadAlone(editor, image());
    await useOnPage(used.url);
    for (const who of [viewer, editor, owner]) {
      const res = await list(who);
      expect(res.status).toBe(200);
      const { assets } = (await res.json()) as PageAssetsResponse;
      expect(assets.map((a) => [a.url, a.size, a.uploaded, a.uses.length])).toEqual([
        [used.url, 2000, true, 1],
        [second.url, 4000, true, 0],
        [first.url, 3000, true, 0],
      ]);
    }
    const outsider = await list(stranger);
    expect(outsider.status).toBe(404);
  });
});

describe('DELETE /api/pages/:id/assets/:hash', () => {
  beforeEach(() => start());

  const remove = (who: Session | null, hash: string, page = 'site') =>
    fetch(`${server.http}/api/pages/${page}/assets/${hash}`, { method: 'DELETE', headers: who ? { cookie: who.cookie } : {} });
  const listed = async () => ((await (await list(owner)).json()) as PageAssetsResponse).assets.map((a) => a.hash);

  it('[U9] an editor takes an unused upload off the page; it is no longer listed, and its bytes are still served', async () => {
    const kept = (await (await uploadFor(editor, image())).json()) as AssetResponse;
    const gone = (await (await uploadFor(owner, image())).json()) as AssetResponse;
    expect(await listed()).toEqual([gone.hash, kept.hash]);
    const res = await remove(editor, gone.hash);
    expect(res.status).toBe(204);
    expect(await listed()).toEqual([kept.hash]);
    // History, other pages and published pages may show it: the image itself stays.
    expect((await fetch(`${server.http}${gone.url}`)).status).toBe(200);
    expect(images()).toHaveLength(2);
    // Once more: nothing left to remove.
    expect((await errorOf(await remove(editor, gone.hash))).code).toBe('not-found');
  });

  it('[U9] refuses an image the page uses with 409 asset-in-use, and removes nothing', async () => {
    const used = (await (await uploadFor(editor, image())).json()) as AssetResponse;
    await useOnPage(used.url);
    const res = await remove(owner, used.hash);
    expect(res.status).toBe(409);
    expect(await errorOf(res)).toEqual({ code: 'asset-in-use', message: expect.stringContaining('uses this image once') });
    expect(await listed()).toEqual([used.hash]);
  });

  it('[U9] viewers get 403, strangers 404, nobody signed in 401, a bad hash 400; nothing is removed', async () => {
    const upload = (await (await uploadFor(editor, image())).json()) as AssetResponse;
    const refused = [
      [await remove(viewer, upload.hash), 403, 'forbidden'],
      [await remove(stranger, upload.hash), 404, 'not-found'],
      [await remove(null, upload.hash), 401, 'unauthenticated'],
      [await remove(editor, 'not-a-hash'), 400, 'bad-request'],
      [await remove(editor, '../../accounts'), 404, 'not-found'],
    ] as const;
    for (const [res, status, code] of refused) {
      expect(res.status).toBe(status);
      expect((await errorOf(res)).code).toBe(code);
    }
    expect(await listed()).toEqual([upload.hash]);
  });
});

describe('upload quota (U8)', () => {
  it('[U8] refuses the image past ASSET_QUOTA_COUNT with 413 quota-exceeded, stores nothing, and still takes bytes already held', async () => {
    await start({ assetQuotaCount: 2, assetQuotaBytes: 0 });
    const a = image();
    expect((await uploadFor(editor, a)).status).toBe(201);
    expect((await uploadAlone(editor, image())).status).toBe(201);
    const third = await uploadFor(editor, image());
    expect(third.status).toBe(413);
    expect(await errorOf(third)).toMatchObject({ code: 'quota-exceeded', message: expect.stringMatching(/2 images/) });
    expect(images()).toHaveLength(2);
    // The same bytes again are not a new image for this account.
    expect((await uploadFor(editor, a)).status).toBe(200);
    // The quota is the account's: someone else on the page still uploads.
    expect((await uploadFor(owner, image())).status).toBe(201);
  });

  it('[U8] refuses the upload that would pass ASSET_QUOTA_BYTES, and takes one that fits exactly', async () => {
    await start({ assetQuotaBytes: 5000, assetQuotaCount: 0 });
    expect((await uploadFor(editor, image(3000))).status).toBe(201);
    const over = await uploadFor(editor, image(2001));
    expect(over.status).toBe(413);
    expect(await errorOf(over)).toMatchObject({ code: 'quota-exceeded', message: expect.stringMatching(/quota of/) });
    expect((await uploadFor(editor, image(2000))).status).toBe(201);
    expect(images()).toHaveLength(2);
  });

  it('[U8] uploads sent at once cannot slip past the limit together', async () => {
    await start({ assetQuotaCount: 3, assetQuotaBytes: 0 });
    const answers = await Promise.all(Array.from({ length: 8 }, () => uploadFor(editor, image())));
    const statuses = answers.map((res) => res.status).sort();
    expect(statuses).toEqual([201, 201, 201, 413, 413, 413, 413, 413]);
    expect(images()).toHaveLength(3);
  });

  it('[U8] 0 turns the limits off', async () => {
    await start({ assetQuotaCount: 0, assetQuotaBytes: 0 });
    const answers = await Promise.all(Array.from({ length: 5 }, () => uploadFor(editor, image())));
    expect(answers.map((res) => res.status)).toEqual([201, 201, 201, 201, 201]);
  });
});
