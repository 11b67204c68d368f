/**
 * Image upload through the real server (SPEC U1–U5): types told by their bytes,
 * the 10 MB limit, SVG and disguised HTML refused, content-addressed storage,
 * immutable serving, and the list of a page's images.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { deflateSync } from 'node:zlib';
import { MAX_ASSET_BYTES, type PageAssetsResponse } from '@tandem/protocol';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sniffImage } from './assets.ts';
import { allow, type RunningServer, type Session, signUp, startTestServer, TestClient } from './testing.ts';

function crc32(bytes: Buffer): number {
  let crc = ~0;
  for (const byte of bytes) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1));
  }
  return ~crc >>> 0;
}
function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}
/** A real 1×1 PNG of one colour. */
function png(rgb: [number, number, number] = [37, 99, 235]): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(1, 0);
  ihdr.writeUInt32BE(1, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // truecolour
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(Buffer.from([0, ...rgb]))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
/** The well-known smallest 1×1 GIF. */
const GIF = Buffer.from('R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw==', 'base64');
const JPEG = Buffer.concat([
  Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]),
  Buffer.from('JFIF\0'),
  Buffer.alloc(32, 1),
  Buffer.from([0xff, 0xd9]),
]);
const WEBP = Buffer.concat([Buffer.from('RIFF'), Buffer.from([26, 0, 0, 0]), Buffer.from('WEBPVP8L'), Buffer.alloc(18, 0)]);
/** An ISO-BMFF `ftyp` box whose major brand is `major`, with `compatible` brands. */
function ftyp(major: string, compatible: string[]): Buffer {
  const size = Buffer.alloc(4);
  size.writeUInt32BE(16 + compatible.length * 4, 0);
  return Buffer.concat([
    size,
    Buffer.from('ftyp'),
    Buffer.from(major),
    Buffer.alloc(4),
    ...compatible.map((b) => Buffer.from(b)),
    Buffer.alloc(16),
  ]);
}
const AVIF = ftyp('avif', ['mif1', 'miaf']);
const SVG = Buffer.from('<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');

let server: RunningServer;
let dir: string;
/** Who uploads and reads: uploads need an account, a page's images a role on it. */
let me: Session;
beforeEach(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'tandem-assets-'));
  server = await startTestServer({ config: { assetsDir: dir } });
  me = await signUp(server, 'Ada');
});
afterEach(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

function upload(body: Buffer, type = 'application/octet-stream'): Promise<Response> {
  return fetch(`${server.http}/api/assets`, { method: 'POST', headers: { 'content-type': type, cookie: me.cookie }, body });
}
async function errorOf(res: Response): Promise<{ code: string; message: string }> {
  return ((await res.json()) as { error: { code: string; message: string } }).error;
}
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
/** Files in the assets directory, temporary ones included (not the ledger, `uploads/`: see asset-uploads.test.ts). */
const stored = () => readdirSync(dir).filter((name) => name !== 'uploads').sort();

describe('POST /api/assets', () => {
  it.each([
    ['PNG', png(), 'image/png'],
    ['JPEG', JPEG, 'image/jpeg'],
    ['GIF', GIF, 'image/gif'],
    ['WebP', WEBP, 'image/webp'],
    ['AVIF', AVIF, 'image/avif'],
  ])('[U1] stores a %s, told by its bytes', async (_name, bytes, type) => {
    const res = await upload(bytes);
    expect(res.status).toBe(201);
    const hash = sha256(bytes);
    expect(await res.json()).toEqual({ hash, url: `/assets/${hash}`, type, size: bytes.length });
    expect(stored()).toEqual([hash]);
  });

  it('[U1] the declared type and name do not matter: a PNG sent as image/jpeg is a PNG', async () => {
    const bytes = png();
    const res = await fetch(`${server.http}/api/assets?name=photo.jpg`, {
      method: 'POST',
      headers: { 'content-type': 'image/jpeg', cookie: me.cookie },
      body: bytes,
    });
    expect(res.status).toBe(201);
    expect(((await res.json()) as { type: string }).type).toBe('image/png');
    const served = await fetch(`${server.http}/assets/${sha256(bytes)}`);
    expect(served.headers.get('content-type')).toBe('image/png');
  });

  it('[U1] refuses an HTML file that claims to be image/png', async () => {
    const res = await upload(Buffer.from('<!doctype html><script>alert(document.cookie)</script>'), 'image/png');
    expect(res.status).toBe(415);
    expect(await errorOf(res)).toMatchObject({ code: 'unsupported-type', message: expect.stringMatching(/markup/) });
    expect(stored()).toEqual([]);
  });

  it.each([
    ['as image/svg+xml', SVG, 'image/svg+xml'],
    ['as image/png', SVG, 'image/png'],
    ['without a prolog, after a byte-order mark and spaces', Buffer.from('\uFEFF  <svg xmlns="http://www.w3.org/2000/svg"/>'), 'image/png'],
  ])('[U1] refuses SVG %s', async (_how, bytes, type) => {
    const res = await upload(bytes, type);
    expect(res.status).toBe(415);
    expect(await errorOf(res)).toMatchObject({ code: 'unsupported-type', message: expect.stringMatching(/SVG/) });
    expect(stored()).toEqual([]);
  });

  it('[U1] refuses other files, lookalikes and an empty body', async () => {
    for (const bytes of [
      Buffer.from('just text'),
      Buffer.from([0x89, 0x50, 0x4e, 0x47]), // half a PNG signature
      ftyp('heic', ['mif1', 'heic']), // ISO-BMFF, but not AVIF
      Buffer.concat([Buffer.from('RIFF'), Buffer.alloc(4), Buffer.from('WAVE')]),
    ]) {
      const res = await upload(bytes, 'image/png');
      expect(res.status, bytes.toString('latin1')).toBe(415);
      expect((await errorOf(res)).code).toBe('unsupported-type');
    }
    const empty = await upload(Buffer.alloc(0), 'image/png');
    expect(empty.status).toBe(400);
    expect((await errorOf(empty)).code).toBe('bad-request');
    expect(stored()).toEqual([]);
  });

  it('[U1] takes exactly 10 MB and refuses one byte more with too-large, storing nothing', async () => {
    const head = png();
    const largest = Buffer.concat([head, Buffer.alloc(MAX_ASSET_BYTES - head.length, 7)]);
    const ok = await upload(largest);
    expect(ok.status).toBe(201);
    expect(((await ok.json()) as { size: number }).size).toBe(10 * 1024 * 1024);
    const tooBig = await upload(Buffer.concat([largest, Buffer.from([0])]));
    expect(tooBig.status).toBe(413);
    expect((await errorOf(tooBig)).code).toBe('too-large');
    expect(stored()).toEqual([sha256(largest)]);
  });

  it('[U2] the same bytes twice are stored once (201, then 200 with the same answer)', async () => {
    const bytes = png([1, 2, 3]);
    const first = await upload(bytes);
    const second = await upload(bytes);
    expect([first.status, second.status]).toEqual([201, 200]);
    expect(await second.json()).toEqual(await first.json());
    expect(stored()).toEqual([sha256(bytes)]);
  });
});

describe('GET /assets/:hash', () => {
  it('[U4] serves the bytes with immutable caching, nosniff and a sandbox, and answers a revalidation with 304', async () => {
    const bytes = png();
    const hash = sha256(bytes);
    await upload(bytes);
    const res = await fetch(`${server.http}/assets/${hash}`);
    expect(res.status).toBe(200);
    expect(Buffer.from(await res.arrayBuffer()).equals(bytes)).toBe(true);
    expect(res.headers.get('content-type')).toBe('image/png');
    expect(res.headers.get('content-length')).toBe(String(bytes.length));
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-security-policy')).toBe("default-src 'none'; sandbox");
    const again = await fetch(`${server.http}/assets/${hash}`, { headers: { 'if-none-match': `"${hash}"` } });
    expect(again.status).toBe(304);
  });

  it('[U4] answers 404 not-found for an unknown hash, and leaves other names to the web app', async () => {
    const unknown = await fetch(`${server.http}/assets/${'0'.repeat(64)}`);
    expect(unknown.status).toBe(404);
    expect((await errorOf(unknown)).code).toBe('not-found');
    await upload(png());
    for (const name of ['abc', `${sha256(png()).toUpperCase()}`, '..%2F..%2Fpackage.json', `.${sha256(png())}.tmp`]) {
      const res = await fetch(`${server.http}/assets/${name}`);
      expect(res.status, name).toBe(404); // no web app in this server, so nothing else answers
      expect(res.headers.get('content-type'), name).not.toMatch(/^image\//);
    }
  });

  it("[U4] the built web app's own /assets files are still served", async () => {
    const web = mkdtempSync(path.join(tmpdir(), 'tandem-web-'));
    mkdirSync(path.join(web, 'assets'));
    writeFileSync(path.join(web, 'index.html'), '<!doctype html><title>Tandem</title>');
    writeFileSync(path.join(web, 'assets', 'index-Bx1.js'), 'console.log(1)');
    const withWeb = await startTestServer({ config: { assetsDir: dir, webDist: web } });
    try {
      const res = await fetch(`${withWeb.http}/assets/index-Bx1.js`);
      expect(res.status).toBe(200);
      expect(await res.text()).toBe('console.log(1)');
      const bytes = png([9, 9, 9]);
      const uploader = await signUp(withWeb, 'Uploader');
      await fetch(`${withWeb.http}/api/assets`, { method: 'POST', body: bytes, headers: { cookie: uploader.cookie } });
      expect((await fetch(`${withWeb.http}/assets/${sha256(bytes)}`)).headers.get('content-type')).toBe('image/png');
    } finally {
      await withWeb.close();
      rmSync(web, { recursive: true, force: true });
    }
  });
});

describe('POST /api/assets without an account', () => {
  it('[U2] answers 401 unauthenticated and stores nothing', async () => {
    const res = await fetch(`${server.http}/api/assets`, { method: 'POST', body: png() });
    expect(res.status).toBe(401);
    expect((await errorOf(res)).code).toBe('unauthenticated');
    expect(stored()).toEqual([]);
  });
});

describe('GET /api/pages/:id/assets', () => {
  it("[U3] lists the page's images from its document: Image sources and style backgrounds, with what is stored here", async () => {
    const bytes = png();
    const { url, size } = (await (await upload(bytes)).json()) as { url: string; size: number };
    await allow(server, 'with-images', me.user.id);
    const ada = await TestClient.join(server, 'with-images', me);
    const image = { id: 'photo', type: 'Image', props: { src: url, alt: 'A blue square' }, children: [] };
    ada.sendPatch(
      [
        { op: 'add', path: '/components/photo', value: image },
        { op: 'add', path: '/components/hero/children/-', value: 'photo' },
        { op: 'add', path: '/components/hero/props/style/base', value: { backgroundImage: 'https://images.example.com/sky.jpg' } },
        { op: 'add', path: '/components/hero/props/style/mobile', value: { backgroundImage: url } },
      ],
      0,
      'images',
    );
    await ada.next('ack');
    const res = await fetch(`${server.http}/api/pages/with-images/assets`, { headers: { cookie: me.cookie } });
    expect(res.status).toBe(200);
    const body = (await res.json()) as PageAssetsResponse;
    expect(body.assets).toEqual([
      {
        url: 'https://images.example.com/sky.jpg',
        hash: null,
        type: null,
        size: null,
        uses: [{ componentId: 'hero', prop: 'style.base.backgroundImage' }],
        uploaded: false,
      },
      {
        url,
        hash: sha256(bytes),
        type: 'image/png',
        size,
        uses: [
          { componentId: 'hero', prop: 'style.mobile.backgroundImage' },
          { componentId: 'photo', prop: 'src' },
        ],
        uploaded: false,
      },
    ]);
    await ada.close();
  });

  it('[U3] answers 404 for an unknown page and 400 for a bad id', async () => {
    const missing = await fetch(`${server.http}/api/pages/nobody-here/assets`, { headers: { cookie: me.cookie } });
    expect(missing.status).toBe(404);
    expect((await errorOf(missing)).code).toBe('not-found');
    const bad = await fetch(`${server.http}/api/pages/${'x'.repeat(65)}/assets`, { headers: { cookie: me.cookie } });
    expect(bad.status).toBe(400);
  });
});

describe('sniffImage', () => {
  it('[U1] reads only magic bytes: an AVIF brand among the compatible ones counts, one outside the ftyp box does not', () => {
    expect(sniffImage(ftyp('mif1', ['avif']))).toBe('image/avif');
    const outside = ftyp('mif1', ['miaf']);
    outside.write('avif', 20, 'latin1'); // past the box's 20 bytes
    expect(sniffImage(outside)).toBeNull();
    expect(sniffImage(new Uint8Array())).toBeNull();
  });
});
