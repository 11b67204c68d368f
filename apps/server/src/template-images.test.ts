/**
 * The templates' illustrations ship with the web app (apps/web/public/templates, copied into its build) and
 * are served by the server beside the editor, under the same relative URL the canvas and the published page use.
 */
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { TEMPLATE_IDS, templateDocument } from '@tandem/protocol';
import { renderPublishedPage } from '@tandem/render/document';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type RunningServer, signUp, startTestServer } from './testing.ts';

const PUBLIC = fileURLToPath(new URL('../../web/public', import.meta.url));
let web: string;
let server: RunningServer;

beforeAll(async () => {
  // A built web app as Vite leaves it: index.html plus the public folder's files.
  web = mkdtempSync(path.join(tmpdir(), 'tandem-web-'));
  cpSync(PUBLIC, web, { recursive: true });
  writeFileSync(path.join(web, 'index.html'), '<!doctype html><title>Tandem</title>');
  server = await startTestServer({ config: { webDist: web } });
});
afterAll(async () => {
  await server?.close();
  rmSync(web, { recursive: true, force: true });
});

it('every image a template uses is served as an SVG image, and a published page may load it', async () => {
  let count = 0;
  for (const id of TEMPLATE_IDS) {
    for (const [, src] of renderPublishedPage(templateDocument(id, 'x')).matchAll(/<img src="([^"]+)"/g)) {
      const res = await fetch(`${server.http}${src}`);
      expect(res.status, src).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^image\/svg\+xml/);
      expect(await res.text()).toMatch(/^<svg /);
      count++;
    }
  }
  expect(count).toBeGreaterThanOrEqual(6);

  const { headers } = await signUp(server, 'Shot taker');
  const created = await fetch(`${server.http}/api/pages`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ title: 'Shot', template: 'saas' }),
  });
  expect(created.status).toBe(201);
});
