/**
 * What a peer writes is data, never code. A peer speaking the protocol
 * directly (as a modified client could) puts a <script> and an onerror image
 * into a Text, and adds a Link whose href is `javascript:`. In B's window,
 * in the editor and in preview: no dialog, no script or image element, no
 * `javascript:` href, the text shown literally, and clicking the link runs nothing.
 */
import { expect, type Page, test } from '@playwright/test';
import { baseURLOf, canvasNode, canvasText, closeAll, expectCanvasText, openAs, RawPeer, uniquePageId } from './helpers.ts';

const HOSTILE_TEXT = `<script>window.__pwned = 'script'; alert('script')</script><img src=x onerror="window.__pwned = 'img'; alert('img')">`;
const HOSTILE_HREF = `javascript:window.__pwned = 'link'; alert('link')`;

/** What B's page shows of anything hostile: script/img elements in the canvas, javascript: hrefs, and the tell-tale global. */
async function hostileTraces(page: Page) {
  return page.evaluate(() => {
    const canvas = document.querySelector('[data-testid="canvas"]') ?? document.body;
    const jsHrefs = [...document.querySelectorAll('[href], [src], [action], [formaction]')]
      .flatMap((el) => ['href', 'src', 'action', 'formaction'].map((name) => el.getAttribute(name) ?? ''))
      // As a browser reads a URL: spaces and control characters anywhere do not stop `javascript:`.
      .filter((value) =>
        [...value]
          .filter((c) => c.charCodeAt(0) > 0x20)
          .join('')
          .toLowerCase()
          .startsWith('javascript:'),
      );
    return {
      scriptsInCanvas: canvas.querySelectorAll('script').length,
      imagesInCanvas: canvas.querySelectorAll('img').length,
      scriptsInDocument: document.querySelectorAll('script').length,
      jsHrefs,
      pwned: (window as unknown as { __pwned?: unknown }).__pwned ?? null,
    };
  });
}

test("a peer's <script> Text and javascript: Link do nothing in B's window", async ({ browser }) => {
  const pageId = uniquePageId('inert');
  const b = await openAs(browser, 'Bob Otter', pageId);
  const dialogs: string[] = [];
  b.page.on('dialog', (dialog) => dialogs.push(dialog.message()));
  const before = await hostileTraces(b.page);

  const peer = await RawPeer.join(baseURLOf(), pageId, 'Mallory Raw');
  await peer.patch([
    { op: 'replace', path: '/components/hero-text/props/text', value: HOSTILE_TEXT },
    {
      op: 'add',
      path: '/components/evil-link',
      value: { id: 'evil-link', type: 'Link', props: { text: 'Totally safe link', href: HOSTILE_HREF, newTab: false }, children: [] },
    },
    { op: 'add', path: '/components/hero/children/-', value: 'evil-link' },
  ]);

  // The text arrives and is shown as the characters it is.
  await expectCanvasText(b.page, 'hero-text', HOSTILE_TEXT);
  await expect(canvasNode(b.page, 'evil-link')).toHaveAttribute('data-type', 'Link');
  expect(await canvasText(b.page, 'evil-link')).toBe('Totally safe link');
  const traces = await hostileTraces(b.page);
  expect(traces).toEqual({ ...before, jsHrefs: [], pwned: null, scriptsInCanvas: 0, imagesInCanvas: 0 });

  // Clicking the link in the editor selects it and runs nothing.
  const url = b.page.url();
  await canvasNode(b.page, 'evil-link').click();
  await expect(canvasNode(b.page, 'evil-link')).toHaveAttribute('data-selected', 'true');

  // In preview, where safe links are live, this one still is not.
  await b.page.getByTestId('preview-toggle').click();
  await expect(canvasNode(b.page, 'evil-link')).not.toHaveAttribute('data-selected', 'true');
  expect((await hostileTraces(b.page)).jsHrefs).toEqual([]);
  await canvasNode(b.page, 'evil-link').click();
  await canvasNode(b.page, 'hero-text').click();
  // A round trip through the page's event loop, so any handler a click queued has run.
  await b.page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0))));
  expect(b.page.url()).toBe(url);
  expect(await hostileTraces(b.page)).toEqual({ ...before, jsHrefs: [], pwned: null, scriptsInCanvas: 0, imagesInCanvas: 0 });
  await expectCanvasText(b.page, 'hero-text', HOSTILE_TEXT);
  expect(dialogs).toEqual([]);

  peer.close();
  await closeAll(b);
});
