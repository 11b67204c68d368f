/**
 * Publishing through the real server (SQLite on disk, real sockets): publish,
 * the public address and its caching headers, rollback, unpublish, deletion,
 * peers' hostile content in the published HTML, export and import.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  type ComponentNode,
  defaultProps,
  ExportedPageSchema,
  HttpErrorCode,
  type Operation,
  type PageDocument,
  templateDocument,
} from '@tandem/protocol';
import express, { type ErrorRequestHandler } from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asHttpError, HttpError } from './pages.ts';
import { type Authorize, publicSiteRouter, publishingRouter } from './publish.ts';
import { MemoryStorage } from './storage/memory.ts';
import { SqliteStorage } from './storage/sqlite.ts';
import { allow, type RunningServer, type Session, signUp, startTestServer, TestClient } from './testing.ts';

let server: RunningServer;
let dir: string;
beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'tandem-publish-'));
  server = await startTestServer({ storage: SqliteStorage.open(path.join(dir, 'tandem.db')), ownsStorage: true });
  owner = await signUp(server, 'Ada');
});
/** Ada: the owner of every page here, who makes the requests. */
let owner: Session;
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

interface Reply {
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: JSON bodies of many shapes, each checked by the assertions that read it
  body: any;
  headers: Headers;
}

async function api(method: string, route: string, body?: unknown, as?: Session): Promise<Reply> {
  const who = as ?? owner;
  const res = await fetch(`${server.http}/api${route}`, {
    method,
    headers: body === undefined ? { cookie: who.cookie } : who.headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text === '' ? null : JSON.parse(text), headers: res.headers };
}

const site = (id: string, init?: RequestInit) => fetch(`${server.http}/s/${id}`, init);
const html = async (id: string) => (await site(id)).text();
const errorOf = (code: string) => ({ error: { code, message: expect.any(String) } });

/** Every text a visitor should read on the page: headings, paragraphs, labels, list items. */
function textsOf(doc: PageDocument): string[] {
  const out: string[] = [];
  for (const node of Object.values(doc.components)) {
    for (const key of ['text', 'label'])
      if (typeof node.props[key] === 'string' && node.props[key] !== '') out.push(node.props[key] as string);
    if (Array.isArray(node.props.items)) out.push(...(node.props.items as string[]));
  }
  return out;
}

/** Every attribute name in the markup's tags (quoted values removed first, so escaped text inside them does not count). */
const attributeNames = (markup: string) =>
  [...markup.matchAll(/<[a-zA-Z][^>]*>/g)].flatMap((tag) =>
    [...tag[0].replace(/"[^"]*"/g, '""').matchAll(/\s([a-zA-Z-]+)=/g)].map((m) => (m[1] as string).toLowerCase()),
  );

const escapeHtml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

let pages = 0;
/** A page opened by Ada over a real socket (the starter document), and a helper to edit its heading. */
async function openPage() {
  const id = `pub-${++pages}-${Math.random().toString(36).slice(2, 8)}`;
  await allow(server, id, owner.user.id);
  const ada = await TestClient.join(server, id, owner);
  let version = 0;
  const edit = async (patches: Operation[]) => {
    ada.sendPatch(patches, version, `${id}-${version + 1}`);
    version = (await ada.next('ack')).payload.version;
  };
  const heading = (text: string) => edit([{ op: 'replace', path: '/components/hero-heading/props/text', value: text }]);
  return { id, ada, edit, heading };
}

describe('publish and the public address', () => {
  it('[R2] [R6] publishes the current version; GET /s/:id is the whole page as HTML, with no script', async () => {
    const { id, ada, heading } = await openPage();
    await heading('Spring sale');
    const res = await api('POST', `/pages/${id}/publish`, { userName: 'Ada' });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      publication: { number: 1, version: 1, publishedAt: expect.any(Number), publishedBy: 'Ada' },
      url: `${server.http}/s/${id}`,
    });

    const page = await site(id);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('content-security-policy')).toBe(
      "default-src 'none'; img-src 'self' https: data:; style-src 'unsafe-inline'; font-src 'self'; frame-src https://www.youtube-nocookie.com https://player.vimeo.com; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
    );
    expect(page.headers.get('cache-control')).toBe('public, max-age=0, must-revalidate');
    expect(page.headers.get('etag')).toMatch(/^"[A-Za-z0-9_-]{27}"$/);
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    const body = await page.text();
    const doc = (await api('GET', `/pages/${id}`)).body.document as PageDocument;
    for (const text of textsOf(doc)) expect(body).toContain(escapeHtml(text));
    expect(body).toContain('Spring sale');
    expect(body).not.toMatch(/<script/i);
    expect(body.startsWith('<!DOCTYPE html><html lang="en">')).toBe(true);
    await ada.close();
  });

  it('HEAD answers like GET without a body; a matching If-None-Match gets 304', async () => {
    const { id, ada } = await openPage();
    await api('POST', `/pages/${id}/publish`, {});
    const get = await site(id);
    const head = await site(id, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('etag')).toBe(get.headers.get('etag'));
    expect(head.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await head.text()).toBe('');
    const again = await site(id, { headers: { 'if-none-match': get.headers.get('etag') as string } });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
    expect((await site(id, { headers: { 'if-none-match': '"other"' } })).status).toBe(200);
    await ada.close();
  });

  it('[R6] an edit after publishing leaves the live page as it was until the next publish', async () => {
    const { id, ada, heading } = await openPage();
    await heading('First edition');
    await api('POST', `/pages/${id}/publish`, { userName: 'Ada' });
    const before = await site(id);
    const etag = before.headers.get('etag');
    await heading('Second edition');
    const during = await html(id);
    expect(during).toContain('First edition');
    expect(during).not.toContain('Second edition');
    expect((await site(id, { headers: { 'if-none-match': etag as string } })).status).toBe(304);

    // [A7] Published by the signed-in editor, whatever the body says.
    const grace = await signUp(server, 'Grace');
    await allow(server, id, grace.user.id, 'editor');
    const second = await api('POST', `/pages/${id}/publish`, { userName: 'Mallory' }, grace);
    expect(second.body.publication).toMatchObject({ number: 2, version: 2, publishedBy: 'Grace' });
    const after = await site(id);
    expect(after.headers.get('etag')).not.toBe(etag);
    expect(await after.text()).toContain('Second edition');
    await ada.close();
  });

  it('[R6] rollback makes publication 1 live again; the list is newest first with the live one marked', async () => {
    const { id, ada, heading } = await openPage();
    await heading('One');
    await api('POST', `/pages/${id}/publish`, { userName: 'Ada' });
    await heading('Two');
    await api('POST', `/pages/${id}/publish`, { userName: 'Ada' });
    expect(await html(id)).toContain('Two');

    const rolled = await api('POST', `/pages/${id}/publications/1/live`);
    expect(rolled.status).toBe(200);
    expect(await html(id)).toContain('One');
    expect(await html(id)).not.toContain('Two');
    const listed = await api('GET', `/pages/${id}/publications`);
    expect(listed.status).toBe(200);
    expect(listed.body).toEqual({
      url: `${server.http}/s/${id}`,
      publications: [
        { number: 2, version: 2, publishedAt: expect.any(Number), publishedBy: 'Ada', live: false },
        { number: 1, version: 1, publishedAt: expect.any(Number), publishedBy: 'Ada', live: true },
      ],
    });
    expect(rolled.body).toEqual(listed.body);
    // Forward again, to the newer one.
    await api('POST', `/pages/${id}/publications/2/live`);
    expect(await html(id)).toContain('Two');

    expect(await api('POST', `/pages/${id}/publications/9/live`)).toMatchObject({ status: 404, body: errorOf('not-found') });
    expect(await api('POST', `/pages/${id}/publications/0/live`)).toMatchObject({ status: 400, body: errorOf('bad-request') });
    expect(await api('POST', `/pages/${id}/publications/x/live`)).toMatchObject({ status: 400, body: errorOf('bad-request') });
    expect(await html(id)).toContain('Two');
    await ada.close();
  });

  it('unpublish gives 404 at the public address; the publications stay listed, none live', async () => {
    const { id, ada } = await openPage();
    await api('POST', `/pages/${id}/publish`, {});
    const res = await api('DELETE', `/pages/${id}/publish`);
    expect(res.status).toBe(200);
    expect(res.body.publications).toEqual([expect.objectContaining({ number: 1, live: false })]);
    const gone = await site(id);
    expect(gone.status).toBe(404);
    expect(gone.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(gone.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(await gone.text()).not.toContain('Welcome to your page');
    // Publishing again goes live as publication 2.
    expect((await api('POST', `/pages/${id}/publish`, {})).body.publication.number).toBe(2);
    expect((await site(id)).status).toBe(200);
    await ada.close();
  });

  it('[R6] never published, unknown and malformed ids are 404; a deleted page is 410, and cannot be published', async () => {
    const { id, ada } = await openPage();
    expect((await site(id)).status).toBe(404);
    expect((await site('nobody-here')).status).toBe(404);
    expect((await site('bad%20id')).status).toBe(404);
    expect((await site(id, { method: 'HEAD' })).status).toBe(404);
    await api('POST', `/pages/${id}/publish`, {});
    await ada.close();
    expect((await api('DELETE', `/pages/${id}`)).status).toBe(204);
    expect((await site(id)).status).toBe(410);
    expect((await site(id, { method: 'HEAD' })).status).toBe(410);
    expect(await api('POST', `/pages/${id}/publish`, {})).toMatchObject({ status: 410, body: errorOf('page-deleted') });
    expect(await api('GET', `/pages/${id}/publications`)).toMatchObject({ status: 410, body: errorOf('page-deleted') });
    expect(await api('POST', `/pages/${id}/publications/1/live`)).toMatchObject({ status: 410 });
    expect(await api('DELETE', `/pages/${id}/publish`)).toMatchObject({ status: 410 });
    expect(await api('POST', `/pages/never-made/publish`, {})).toMatchObject({ status: 404, body: errorOf('not-found') });
  });

  it('a bad publish body is refused with 400 and publishes nothing', async () => {
    const { id, ada } = await openPage();
    expect(await api('POST', `/pages/${id}/publish`, { userName: '' })).toMatchObject({ status: 400, body: errorOf('bad-request') });
    expect((await api('GET', `/pages/${id}/publications`)).body).toEqual({ publications: [], url: `${server.http}/s/${id}` });
    await ada.close();
  });

  it('[R2] [R3] what a peer wrote stays inert when published: <script> is text, javascript: links are no links', async () => {
    const { id, ada, edit } = await openPage();
    const add = (node: ComponentNode, index: number): Operation[] => [
      { op: 'add', path: `/components/${node.id}`, value: node as never },
      { op: 'add', path: `/components/hero/children/${index}`, value: node.id },
    ];
    const node = (nodeId: string, type: string, props: Record<string, unknown>): ComponentNode => ({
      id: nodeId,
      type,
      props: { ...defaultProps(type), ...props } as never,
      children: [],
    });
    await edit(add(node('evil_text', 'Text', { text: '<script>alert("x")</script><img src=x onerror=alert(1)>' }), 0));
    await edit(add(node('evil_link', 'Link', { text: 'Click', href: 'javascript:alert(1)' }), 0));
    await edit(add(node('evil_button', 'Button', { label: 'Press', href: ' JaVaScRiPt:alert(2)' }), 0));
    await edit(add(node('evil_image', 'Image', { src: 'javascript:alert(3)', alt: 'x" onload="alert(4)' }), 0));
    await edit([{ op: 'replace', path: '/components/root/props/title', value: '</title><script>alert(5)</script>' }]);
    await api('POST', `/pages/${id}/publish`, {});
    const body = await html(id);
    expect(body).not.toMatch(/<script/i);
    expect(body).not.toMatch(/javascript:/i);
    expect(attributeNames(body).filter((name) => name.startsWith('on'))).toEqual([]);
    expect(attributeNames(body)).toContain('aria-label');
    expect(body).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(body).toContain('<title>&lt;/title&gt;&lt;script&gt;alert(5)&lt;/script&gt;</title>');
    expect(body).toContain('<a class="tp-link">Click</a>');
    expect(body).toContain('<a class="tp-button tp-button--primary" role="button">Press</a>');
    await ada.close();
  });

  it('the landing template publishes to less than 30 KB of HTML', async () => {
    const created = await api('POST', '/pages', { title: 'Landing', template: 'landing' });
    const res = await api('POST', `/pages/${created.body.id}/publish`, {});
    expect(res.status).toBe(201);
    const bytes = (await (await site(created.body.id)).arrayBuffer()).byteLength;
    expect(bytes).toBeGreaterThan(1000);
    expect(bytes).toBeLessThan(30 * 1024);
  });
});

describe('export and import', () => {
  it('export as JSON then import gives an equal document', async () => {
    const created = await api('POST', '/pages', { title: 'Pricing 2026', template: 'pricing' });
    const id = created.body.id as string;
    const res = await fetch(`${server.http}/api/pages/${id}/export?format=json`, { headers: { cookie: owner.cookie } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="pricing-2026.json"');
    const file = ExportedPageSchema.parse(await res.json());
    expect(file).toMatchObject({ kind: 'tandem-page', formatVersion: 1, title: 'Pricing 2026', version: 0 });
    expect(file.document).toEqual(templateDocument('pricing', 'Pricing 2026'));

    const imported = await api('POST', '/pages', { title: file.title, document: file.document, formatVersion: file.formatVersion });
    expect(imported.status).toBe(201);
    expect(imported.body.id).not.toBe(id);
    const copy = await api('GET', `/pages/${imported.body.id}`);
    expect(copy.body).toMatchObject({ title: 'Pricing 2026', version: 0 });
    expect(copy.body.document).toEqual(file.document);
  });

  it('an import takes the title asked for, and may be larger than other bodies', async () => {
    const doc = templateDocument('blank', 'Big');
    const root = doc.components[doc.rootId] as ComponentNode;
    for (let i = 0; i < 400; i++) {
      const id = `t${i}`;
      doc.components[id] = { id, type: 'Text', props: { ...defaultProps('Text'), text: `Paragraph ${i} `.repeat(8) }, children: [] };
      root.children.push(id);
    }
    expect(JSON.stringify(doc).length).toBeGreaterThan(64 * 1024);
    const imported = await api('POST', '/pages', { title: 'Renamed', document: doc });
    expect(imported.status).toBe(201);
    const copy = (await api('GET', `/pages/${imported.body.id}`)).body;
    expect(copy.title).toBe('Renamed');
    expect(Object.keys(copy.document.components)).toHaveLength(401);
  });

  it('an invalid document is refused with 400 listing what is wrong, and creates nothing', async () => {
    const before = (await api('GET', '/pages')).body.pages.length;
    const doc = templateDocument('landing', 'x');
    (doc.components[doc.rootId] as ComponentNode).children.push('ghost');
    (doc.components[doc.rootId] as { props: Record<string, unknown> }).props.maxWidth = 'wide';
    const res = await api('POST', '/pages', { title: 'Bad', document: doc });
    expect(res).toMatchObject({ status: 400, body: errorOf('bad-request') });
    expect(res.body.error.message).toContain('D2: "root" has missing child "ghost"');
    expect(res.body.error.message).toContain('D6: "root".props.maxWidth must be a finite number');
    expect(await api('POST', '/pages', { title: 'Bad', document: 'nope' })).toMatchObject({ status: 400 });
    expect(await api('POST', '/pages', { title: 'Bad', document: doc, template: 'landing' })).toMatchObject({ status: 400 });
    expect(await api('POST', '/pages', { title: 'Bad', document: templateDocument('blank'), formatVersion: 9 })).toMatchObject({
      status: 400,
      body: { error: { message: expect.stringContaining('newer than this server') } },
    });
    expect((await api('GET', '/pages')).body.pages.length).toBe(before);
  });

  it('[R1] export as HTML is the draft as one standalone file, by the published renderer', async () => {
    const { id, ada, heading } = await openPage();
    await api('POST', `/pages/${id}/publish`, {});
    await heading('Draft heading');
    const res = await fetch(`${server.http}/api/pages/${id}/export?format=html`, { headers: { cookie: owner.cookie } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="[a-z0-9-]+\.html"$/);
    const body = await res.text();
    expect(body).toContain('Draft heading');
    expect(body).not.toMatch(/<script/i);
    // The same renderer: the exported draft and the published page differ only in the edit and og:url.
    const published = await html(id);
    expect(body.replace('Draft heading', 'Welcome to your page')).toBe(published.replace(/<meta property="og:url"[^>]*>/, ''));
    expect(await api('GET', `/pages/${id}/export?format=pdf`)).toMatchObject({ status: 400, body: errorOf('bad-request') });
    await ada.close();
  });
});

describe('configuration', () => {
  it('frame-ancestors and the public origin are configurable', async () => {
    const other = await startTestServer({
      config: { publishFrameAncestors: "'self' https://embed.example.com", publicUrl: 'https://pages.example.com' },
    });
    try {
      const someone = await signUp(other, 'Someone');
      const created = await fetch(`${other.http}/api/pages`, {
        method: 'POST',
        headers: someone.headers,
        body: JSON.stringify({ title: 'Framed' }),
      });
      const { id } = (await created.json()) as { id: string };
      const published = await fetch(`${other.http}/api/pages/${id}/publish`, { method: 'POST', headers: { cookie: someone.cookie } });
      expect(((await published.json()) as { url: string }).url).toBe(`https://pages.example.com/s/${id}`);
      const page = await fetch(`${other.http}/s/${id}`);
      expect(page.headers.get('content-security-policy')).toContain("frame-ancestors 'self' https://embed.example.com;");
      expect(await page.text()).toContain(`<meta property="og:url" content="https://pages.example.com/s/${id}"/>`);
    } finally {
      await other.close();
    }
  });
});

describe('the role hook (roles: see #10)', () => {
  it('one authorize hook per route: a viewer gets 403 on publish, make live and unpublish, and may still read', async () => {
    const storage = new MemoryStorage();
    const asViewer: Authorize = (action) => (req, _res, next) =>
      next(
        action === 'publish' && req.get('x-role') === 'viewer'
          ? new HttpError(403, HttpErrorCode.Forbidden, 'viewers cannot publish')
          : undefined,
      );
    const app = express();
    app.use(express.json());
    app.use('/api/pages', publishingRouter({ storage, authorize: asViewer }));
    app.use('/s', publicSiteRouter({ storage }));
    const onError: ErrorRequestHandler = (error, _req, res, _next) => {
      const known = asHttpError(error);
      res.status(known?.status ?? 500).json({ error: { code: known?.code ?? 'internal', message: String(error?.message) } });
    };
    app.use(onError);
    const http = createHttpServer(app);
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
    const call = (method: string, route: string, role: string) =>
      fetch(`${base}${route}`, {
        method,
        headers: { 'x-role': role, 'content-type': 'application/json' },
        body: method === 'GET' ? undefined : '{}',
      });
    try {
      await storage.createIfMissing('roles', templateDocument('landing', 'Roles'));
      const denied = await call('POST', '/api/pages/roles/publish', 'viewer');
      expect(denied.status).toBe(403);
      expect(await denied.json()).toEqual(errorOf('forbidden'));
      expect(await storage.listPublications('roles')).toEqual([]);
      expect((await fetch(`${base}/s/roles`)).status).toBe(404);

      expect((await call('POST', '/api/pages/roles/publish', 'editor')).status).toBe(201);
      expect((await call('POST', '/api/pages/roles/publications/1/live', 'viewer')).status).toBe(403);
      expect((await call('DELETE', '/api/pages/roles/publish', 'viewer')).status).toBe(403);
      expect((await fetch(`${base}/s/roles`)).status).toBe(200);
      // Reading is another action: a viewer may list and export.
      expect((await call('GET', '/api/pages/roles/publications', 'viewer')).status).toBe(200);
      expect((await call('GET', '/api/pages/roles/export?format=json', 'viewer')).status).toBe(200);
    } finally {
      await new Promise<void>((resolve) => http.close(() => resolve()));
    }
  });
});
