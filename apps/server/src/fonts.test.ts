/** The bundled fonts through the real server: served from this origin, only the listed files, and named by published pages. */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultProps, FONT_STACKS } from '@tandem/protocol';
import { BUNDLED_FONTS } from '@tandem/render';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allow, type RunningServer, type Session, signUp, startTestServer, TestClient } from './testing.ts';

let server: RunningServer;
let me: Session;
beforeAll(async () => {
  server = await startTestServer();
  me = await signUp(server, 'Typographer');
});
afterAll(() => server.close());

describe('GET /fonts/:file', () => {
  it('serves every bundled font as woff2 from this origin, with nosniff and a day of caching', async () => {
    expect(BUNDLED_FONTS.length).toBeGreaterThanOrEqual(3);
    for (const font of BUNDLED_FONTS) {
      const res = await fetch(`${server.http}/fonts/${font.file}`);
      expect(res.status, font.file).toBe(200);
      expect(res.headers.get('content-type')).toBe('font/woff2');
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('cache-control')).toBe('public, max-age=86400');
      // The woff2 signature: a real font file, not an HTML fallback.
      expect(
        Buffer.from(await res.arrayBuffer())
          .subarray(0, 4)
          .toString('latin1'),
      ).toBe('wOF2');
    }
  });

  it('every font ships with its licence in the repository, and a font stack names it first', () => {
    const dir = fileURLToPath(new URL('../../../packages/render/fonts/', import.meta.url));
    const stacks = Object.values(FONT_STACKS);
    for (const font of BUNDLED_FONTS) {
      const licence = path.join(dir, font.file.replace(/-latin-wght-normal\.woff2$/, '-OFL.txt'));
      expect(existsSync(licence), licence).toBe(true);
      expect(
        stacks.some((stack) => stack.startsWith(`'${font.family}'`)),
        font.family,
      ).toBe(true);
    }
  });

  it('answers 404 for any other name (no directory listing, no climbing out)', async () => {
    for (const name of ['inter.woff2', '..%2Fpackage.json', '%2E%2E%2F%2E%2E%2Fpackage.json', 'README.md', 'inter-OFL.txt']) {
      const res = await fetch(`${server.http}/fonts/${name}`);
      expect(res.status, name).toBe(404);
      expect(res.headers.get('content-type'), name).not.toBe('font/woff2');
    }
  });
});

describe('published pages', () => {
  it("declare the bundled fonts from /fonts/ and allow them with font-src 'self'", async () => {
    await allow(server, 'fonts-page', me.user.id);
    const client = await TestClient.join(server, 'fonts-page', me);
    const heading = { ...defaultProps('Heading'), text: 'Set in Lora', style: { base: { fontFamily: 'lora' } } };
    client.sendPatch(
      [
        { op: 'add', path: '/components/h', value: { id: 'h', type: 'Heading', props: heading, children: [] } },
        { op: 'add', path: '/components/hero/children/0', value: 'h' },
      ],
      0,
      'font',
    );
    await client.next('ack');
    await client.close();
    const published = await fetch(`${server.http}/api/pages/fonts-page/publish`, { method: 'POST', headers: me.headers, body: '{}' });
    expect(published.status).toBe(201);
    const page = await fetch(`${server.http}/s/fonts-page`);
    expect(page.headers.get('content-security-policy')).toContain("font-src 'self'");
    const html = await page.text();
    for (const font of BUNDLED_FONTS) expect(html).toContain(`url("/fonts/${font.file}") format("woff2")`);
    expect(html).toContain(`font-family: ${FONT_STACKS.lora}`);
  });
});
