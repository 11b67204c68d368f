/**
 * What every spec needs: people (one browser context each, signed in to an
 * account of their own with a fixed name), pages shared between them, the page's tree as each person's outline and canvas show it,
 * selecting on the canvas, and a raw protocol client for what a peer might send.
 * Only the UI's test ids (the contract in apps/web/README.md) are relied on.
 */
import { type Browser, type BrowserContext, expect, type Locator, type Page, test } from '@playwright/test';
import WebSocket from 'ws';

/**
 * A name for a page no other test uses. The page itself is made by the first
 * person who opens it (openAs), as its owner, from the starter template; the
 * others join it through an editor link. `pageIdOf(alias)` is its real id then.
 */
export function uniquePageId(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}

/** alias (or real id) → the page and its owner's session cookie, for making links. */
const shared = new Map<string, { id: string; ownerCookie: string; base: string }>();

/** The real id of a page opened under `alias` (or the alias itself when it is one). */
export function pageIdOf(alias: string): string {
  return shared.get(alias)?.id ?? alias;
}

/**
 * Signs a fresh account of `name` up in `context`: the session cookie is the
 * context's from then on (context.request shares its cookies with its pages).
 */
export async function signIn(context: BrowserContext, name: string, base = baseURLOf()): Promise<{ userId: string; cookie: string }> {
  const email = `${name.replace(/[^A-Za-z]/g, '').toLowerCase()}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}@example.com`;
  const res = await context.request.post(`${base}/api/auth/signup`, { data: { email, password: 'correct horse battery', name } });
  if (res.status() !== 201) throw new Error(`sign-up failed: ${res.status()} ${await res.text()}`);
  const { user } = (await res.json()) as { user: { id: string } };
  const cookie = (await context.cookies(base)).find((c) => c.name === 'tandem_session');
  if (!cookie) throw new Error('sign-up set no session cookie');
  return { userId: user.id, cookie: `tandem_session=${cookie.value}` };
}

/** Records that `id` (made by the person with `ownerCookie`) may be shared by openAs. */
export function adopt(id: string, ownerCookie: string, base = baseURLOf()): void {
  shared.set(id, { id, ownerCookie, base });
}

/** A page made by a fresh owner account over the API (from `template`), which openAs then shares as an editor link. */
export async function createSharedPage(title: string, template: string, base = baseURLOf()): Promise<string> {
  const email = `owner-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}@example.com`;
  const signup = await fetch(`${base}/api/auth/signup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: 'correct horse battery', name: 'Page Owner' }),
  });
  const cookie = (signup.headers.get('set-cookie') ?? '').split(';')[0] as string;
  const res = await fetch(`${base}/api/pages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie },
    body: JSON.stringify({ title, template }),
  });
  if (res.status !== 201) throw new Error(`page creation failed: ${res.status} ${await res.text()}`);
  const { id } = (await res.json()) as { id: string };
  adopt(id, cookie, base);
  return id;
}

/** A share link to the page under `alias`, made by its owner. */
export async function shareLink(alias: string, role: 'editor' | 'viewer' = 'editor'): Promise<string> {
  const page = shared.get(alias);
  if (!page) throw new Error(`no page was opened as ${alias}`);
  const res = await fetch(`${page.base}/api/pages/${page.id}/links`, {
    method: 'POST',
    headers: { cookie: page.ownerCookie, 'content-type': 'application/json' },
    body: JSON.stringify({ role }),
  });
  if (res.status !== 201) throw new Error(`link refused: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { token: string }).token;
}

/** The page under `alias` for the person signed in to `context`: made (they own it) the first time, joined as an editor after. */
export async function enter(context: BrowserContext, alias: string, cookie: string, base = baseURLOf()): Promise<string> {
  const known = shared.get(alias);
  if (!known) {
    const res = await context.request.post(`${base}/api/pages`, { data: { title: 'Untitled page', template: 'starter' } });
    if (res.status() !== 201) throw new Error(`page creation failed: ${res.status()} ${await res.text()}`);
    const { id } = (await res.json()) as { id: string };
    shared.set(alias, { id, ownerCookie: cookie, base });
    return id;
  }
  const token = await shareLink(alias);
  const joined = await context.request.post(`${base}/api/join`, { data: { token } });
  if (joined.status() !== 200) throw new Error(`join failed: ${joined.status()} ${await joined.text()}`);
  return known.id;
}

export interface Person {
  name: string;
  /** The page's real id. */
  pageId: string;
  userId: string;
  context: BrowserContext;
  page: Page;
  /** Only with `{ valve: true }`: holds back what the server sends this person. */
  valve: SocketValve;
}

/**
 * A hold on the messages the server sends one person (their page's socket is
 * routed through the test). While held, that person keeps editing what they
 * see, so their edits are made against a version the server has moved past:
 * the only way to make two people's edits truly simultaneous on demand.
 */
export interface SocketValve {
  hold(): void;
  /** Waits until a held message of this type (e.g. `op-patch`) has arrived from the server. */
  waitForHeld(type: string): Promise<void>;
  /** Delivers everything held, in order, and stops holding. */
  release(): void;
}

function noValve(): SocketValve {
  const fail = () => {
    throw new Error('open this person with { valve: true } to hold their socket');
  };
  return { hold: fail, waitForHeld: async () => fail(), release: fail };
}

async function installValve(page: Page): Promise<SocketValve> {
  let holding = false;
  let held: { message: string | Buffer; deliver: () => void }[] = [];
  const waiters = new Set<() => void>();
  await page.routeWebSocket(/\/ws\//, (ws) => {
    const server = ws.connectToServer();
    // Ours to forward: the page's messages go straight through, the server's wait while held.
    ws.onMessage((message) => server.send(message));
    server.onMessage((message) => {
      const deliver = () => ws.send(message);
      if (!holding) return deliver();
      held.push({ message, deliver });
      for (const wake of waiters) wake();
    });
  });
  const typeOf = (message: string | Buffer) => {
    try {
      return (JSON.parse(String(message)) as { type?: string }).type;
    } catch {
      return undefined;
    }
  };
  return {
    hold() {
      holding = true;
    },
    async waitForHeld(type) {
      const deadline = Date.now() + 5_000;
      while (!held.some((h) => typeOf(h.message) === type)) {
        if (Date.now() > deadline) throw new Error(`no ${type} from the server while the socket was held`);
        await new Promise<void>((resolve) => {
          const wake = () => {
            waiters.delete(wake);
            resolve();
          };
          waiters.add(wake);
          setTimeout(wake, 100);
        });
      }
    },
    release() {
      holding = false;
      const queue = held;
      held = [];
      for (const h of queue) h.deliver();
    },
  };
}

/**
 * One person with their own browser context (own storage, own socket), signed
 * in to a fresh account of that name, with the page open and synced.
 */
export async function openAs(browser: Browser, name: string, alias: string, options: { valve?: boolean } = {}): Promise<Person> {
  const context = await browser.newContext();
  await context.addInitScript((userName) => window.localStorage.setItem('tandem:userName', userName), name);
  const { userId, cookie } = await signIn(context, name);
  const pageId = await enter(context, alias, cookie);
  const page = await context.newPage();
  // Anything a peer's data could make pop up fails the spec that sees it (see inert-peer-content).
  page.on('dialog', (dialog) => {
    dialog.dismiss().catch(() => {});
  });
  const valve = options.valve ? await installValve(page) : noValve();
  await page.goto(`/p/${pageId}`);
  await expect(status(page)).toHaveAttribute('data-state', 'connected');
  await expect(canvasNode(page, 'root')).toBeVisible();
  return { name, pageId, userId, context, page, valve };
}

/** Two people on the same fresh page, each seeing the other. */
export async function pair(
  browser: Browser,
  prefix: string,
  options: { valve?: boolean } = {},
): Promise<{ pageId: string; a: Person; b: Person }> {
  return pairOn(browser, uniquePageId(prefix), options);
}

/** Alice then Bob on the page under `alias` (such as one from createSharedPage), each seeing the other. */
export async function pairOn(
  browser: Browser,
  alias: string,
  options: { valve?: boolean } = {},
): Promise<{ pageId: string; a: Person; b: Person }> {
  const a = await openAs(browser, 'Alice Heron', alias, options);
  const b = await openAs(browser, 'Bob Otter', alias, options);
  await expect(avatarOf(a.page, b.name)).toBeVisible();
  await expect(avatarOf(b.page, a.name)).toBeVisible();
  return { pageId: a.pageId, a, b };
}

export async function closeAll(...people: Person[]): Promise<void> {
  await Promise.all(people.map((p) => p.context.close().catch(() => {})));
}

// ---- locators -----------------------------------------------------------------

export const status = (page: Page) => page.getByTestId('connection-status');
export const canvasNode = (page: Page, id: string) => page.getByTestId(`canvas-node-${id}`);
export const outlineNode = (page: Page, id: string) => page.getByTestId(`outline-node-${id}`);
export const paletteItem = (page: Page, type: string) => page.getByTestId(`palette-item-${type}`);
export const propField = (page: Page, name: string) => page.getByTestId(`prop-field-${name}`);
/** A person's avatar in someone's window, found by the name it shows. */
export const avatarOf = (page: Page, name: string) => page.getByTestId(/^presence-avatar-/).filter({ hasText: name });

/** The userId a person has in `page`'s avatar list (from the `presence-avatar-<userId>` test id). */
export async function userIdIn(page: Page, name: string): Promise<string> {
  const testId = await avatarOf(page, name).first().getAttribute('data-testid');
  if (!testId) throw new Error(`no avatar for ${name}`);
  return testId.slice('presence-avatar-'.length);
}

// ---- the tree -------------------------------------------------------------------

export interface TreeEntry {
  id: string;
  /** null for the root. */
  parent: string | null;
  index: number;
}

/**
 * The page as a person's outline shows it, in order. Works for a nested outline
 * (items inside items) and for a flat one that says each item's depth with
 * `aria-level` or `data-depth`.
 */
export async function outlineTree(page: Page): Promise<TreeEntry[]> {
  return page.evaluate(() => {
    const prefix = 'outline-node-';
    const items = [...document.querySelectorAll<HTMLElement>(`[data-testid^="${prefix}"]`)];
    const depthOf = (el: HTMLElement): number => {
      const level = el.getAttribute('aria-level') ?? el.dataset.depth;
      if (level != null && level !== '') return Number(level);
      let depth = 1;
      for (
        let up = el.parentElement?.closest(`[data-testid^="${prefix}"]`);
        up;
        up = up.parentElement?.closest(`[data-testid^="${prefix}"]`)
      )
        depth++;
      return depth;
    };
    const out: { id: string; parent: string | null; index: number }[] = [];
    const stack: { id: string; depth: number; children: number }[] = [];
    for (const el of items) {
      const id = (el.dataset.testid as string).slice(prefix.length);
      const depth = depthOf(el);
      while (stack.length > 0 && (stack.at(-1) as { depth: number }).depth >= depth) stack.pop();
      const parent = stack.at(-1);
      out.push({ id, parent: parent ? parent.id : null, index: parent ? parent.children++ : 0 });
      stack.push({ id, depth, children: 0 });
    }
    return out;
  });
}

/** The page as a person's canvas shows it: each canvas node's parent is the nearest canvas node around it. */
export async function canvasTree(page: Page): Promise<(TreeEntry & { type: string })[]> {
  return page.evaluate(() => {
    const prefix = 'canvas-node-';
    const selector = `[data-testid^="${prefix}"]`;
    const counts = new Map<Element, number>();
    return [...document.querySelectorAll<HTMLElement>(selector)].map((el) => {
      const up = el.parentElement?.closest(selector) ?? null;
      const index = up ? (counts.get(up) ?? 0) : 0;
      if (up) counts.set(up, index + 1);
      return {
        id: (el.dataset.testid as string).slice(prefix.length),
        parent: up ? ((up as HTMLElement).dataset.testid as string).slice(prefix.length) : null,
        index,
        type: el.dataset.type ?? '',
      };
    });
  });
}

/** Ids in tree order, nested as text: `root[hero[hero-heading,hero-text],card-1]`. Easy to read in a failure. */
export function treeString(tree: readonly TreeEntry[]): string {
  const children = new Map<string | null, string[]>();
  for (const e of tree) children.set(e.parent, [...(children.get(e.parent) ?? []), e.id]);
  const render = (id: string): string => {
    const kids = children.get(id);
    return kids ? `${id}[${kids.map(render).join(',')}]` : id;
  };
  return (children.get(null) ?? []).map(render).join(',');
}

/**
 * Waits until B's outline and both canvases show the same tree as A's outline,
 * and returns it. On a timeout the failure shows all four.
 */
export async function expectSameTree(a: Page, b: Page, timeout = 5_000): Promise<string> {
  let tree = '';
  await expect
    .poll(
      async () => {
        const [oa, ob, ca, cb] = (await Promise.all([outlineTree(a), outlineTree(b), canvasTree(a), canvasTree(b)])).map(treeString);
        tree = oa as string;
        return oa !== '' && ob === oa && ca === oa && cb === oa ? 'same' : { outlineA: oa, outlineB: ob, canvasA: ca, canvasB: cb };
      },
      { timeout, message: "B's outline, A's canvas and B's canvas match A's outline" },
    )
    .toBe('same');
  return tree;
}

/** Where `id` sits in a tree: `parent#index`. */
export function placeOf(tree: readonly TreeEntry[], id: string): string | undefined {
  const e = tree.find((x) => x.id === id);
  return e ? `${e.parent}#${e.index}` : undefined;
}

/** Canvas node ids in `page`, in tree order. */
export async function canvasIds(page: Page): Promise<string[]> {
  return (await canvasTree(page)).map((e) => e.id);
}

// ---- acting on the canvas --------------------------------------------------------

/**
 * Clicks a canvas node on a point of its own (not on a child component), so a
 * container is selected rather than whatever it holds, and waits for the
 * properties panel to show that component.
 */
export async function selectOnCanvas(page: Page, id: string): Promise<void> {
  const node = canvasNode(page, id);
  await node.scrollIntoViewIfNeeded();
  const point = await node.evaluate((el) => {
    const selector = '[data-testid^="canvas-node-"]';
    const box = el.getBoundingClientRect();
    const steps = 12;
    for (let yi = 0; yi <= steps; yi++) {
      for (let xi = 0; xi <= steps; xi++) {
        const x = box.left + 2 + ((box.width - 4) * xi) / steps;
        const y = box.top + 2 + ((box.height - 4) * yi) / steps;
        const hit = document.elementFromPoint(x, y);
        if (hit && hit.closest(selector) === el) return { x, y };
      }
    }
    return null;
  });
  if (!point) throw new Error(`canvas node ${id} has no visible point of its own to click`);
  await page.mouse.click(point.x, point.y);
  await expectSelected(page, id);
}

/** The component the properties panel and the canvas show as selected. */
export async function expectSelected(page: Page, id: string): Promise<void> {
  await expect(canvasNode(page, id)).toHaveAttribute('data-selected', 'true');
}

/** Clicks a palette item and returns the id of the component it added (the new canvas node of that type). */
export async function addFromPalette(page: Page, type: string): Promise<string> {
  const before = new Set(await canvasIds(page));
  await paletteItem(page, type).click();
  let added: string | undefined;
  await expect
    .poll(
      async () => {
        const tree = await canvasTree(page);
        added = tree.find((e) => !before.has(e.id) && e.type === type)?.id;
        return added;
      },
      { message: `a new ${type} appears on the canvas` },
    )
    .toBeDefined();
  return added as string;
}

/** The text a canvas node shows, without any editor chrome inside it (presence labels, badges). */
export async function canvasText(page: Page, id: string): Promise<string> {
  return canvasNode(page, id).evaluate((el) => {
    const copy = el.cloneNode(true) as HTMLElement;
    for (const chrome of copy.querySelectorAll('[data-chrome], [aria-hidden="true"]')) chrome.remove();
    return copy.textContent ?? '';
  });
}

/** Waits for a canvas node to show exactly `text` (as `canvasText` reads it). */
export async function expectCanvasText(page: Page, id: string, text: string, timeout?: number): Promise<void> {
  await expect.poll(() => canvasText(page, id), { timeout, message: `canvas node ${id} shows "${text}"` }).toBe(text);
}

/** Waits for some text anywhere in the page. */
export async function waitForText(page: Page | Locator, text: string | RegExp, timeout?: number): Promise<void> {
  await expect(page.getByText(text).first()).toBeVisible({ timeout });
}

// ---- a raw peer --------------------------------------------------------------------

/**
 * A peer that speaks the wire protocol directly (packages/protocol/README.md),
 * sending exactly what it is given: what a modified or hostile client could send.
 */
export class RawPeer {
  version = 0;
  private constructor(
    private readonly ws: WebSocket,
    readonly userId: string,
  ) {}

  /** Joins as `session` (a cookie), or as a fresh account of that name made an editor through a link. */
  static async join(baseURL: string, alias: string, who: string | { cookie: string }): Promise<RawPeer> {
    const cookie = typeof who === 'string' ? await RawPeer.editor(baseURL, alias, who) : who.cookie;
    const pageId = pageIdOf(alias);
    const res = await fetch(`${baseURL}/api/tickets`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie },
      body: JSON.stringify({ pageId }),
    });
    if (res.status !== 201) throw new Error(`ticket refused: ${res.status} ${await res.text()}`);
    const { ticket, userId } = (await res.json()) as { ticket: string; userId: string };
    const ws = new WebSocket(`${baseURL.replace(/^http/, 'ws')}/ws/${pageId}?ticket=${encodeURIComponent(ticket)}`);
    const peer = new RawPeer(ws, userId);
    await new Promise<void>((resolve, reject) => {
      ws.once('error', reject);
      ws.on('message', (data) => {
        const m = JSON.parse(String(data)) as { type: string; payload: { version?: number } };
        if ((m.type === 'sync' || m.type === 'op-patch' || m.type === 'ack') && typeof m.payload.version === 'number') {
          peer.version = m.payload.version;
        }
        if (m.type === 'sync') resolve();
      });
    });
    return peer;
  }

  private static async editor(baseURL: string, alias: string, name: string): Promise<string> {
    const email = `${name.replace(/[^A-Za-z]/g, '').toLowerCase()}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}@example.com`;
    const res = await fetch(`${baseURL}/api/auth/signup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password: 'correct horse battery', name }),
    });
    const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] as string;
    const token = await shareLink(alias);
    await fetch(`${baseURL}/api/join`, { method: 'POST', headers: { 'content-type': 'application/json', cookie }, body: JSON.stringify({ token }) });
    return cookie;
  }

  /** Sends one op-patch against the latest version seen and waits for its ack (or error). */
  async patch(patches: unknown[]): Promise<void> {
    const opId = `raw-${Math.random().toString(36).slice(2)}`;
    await new Promise<void>((resolve, reject) => {
      const onMessage = (data: WebSocket.RawData) => {
        const m = JSON.parse(String(data)) as { type: string; payload: { opId?: string; message?: string; code?: string } };
        if (m.payload.opId !== opId) return;
        this.ws.off('message', onMessage);
        if (m.type === 'ack') resolve();
        else reject(new Error(`patch refused: ${m.payload.code} ${m.payload.message}`));
      };
      this.ws.on('message', onMessage);
      this.ws.send(JSON.stringify({ type: 'op-patch', payload: { patches, version: this.version, opId } }));
    });
  }

  close(): void {
    this.ws.close();
  }
}

/** The base URL of the server Playwright started (playwright.config.ts). */
export function baseURLOf(): string {
  const url = test.info().project.use.baseURL;
  if (!url) throw new Error('no baseURL in playwright.config.ts');
  return url;
}

/**
 * Waits (checking every animation frame) for a canvas node of `type` that is
 * not in `before` to appear in `page`; returns its id and the wall-clock time
 * (Date.now(), shared by every page on this machine) at which it was seen.
 */
export async function waitForNewNode(
  page: Page,
  type: string,
  before: readonly string[],
  timeout = 5_000,
): Promise<{ id: string; seenAt: number }> {
  const handle = await page.waitForFunction(
    ({ type, before }) => {
      const known = new Set(before);
      for (const el of document.querySelectorAll<HTMLElement>(`[data-testid^="canvas-node-"][data-type="${type}"]`)) {
        const id = (el.dataset.testid as string).slice('canvas-node-'.length);
        if (!known.has(id)) return { id, seenAt: Date.now() };
      }
      return null;
    },
    { type, before },
    { polling: 'raf', timeout },
  );
  return (await handle.jsonValue()) as { id: string; seenAt: number };
}

/** Remembers, in `page`, the wall-clock time of the next click on `locator`'s element; read it with the returned function. */
export async function stampNextClick(locator: Locator): Promise<() => Promise<number>> {
  await locator.evaluate((el) => {
    const w = window as unknown as { __clickedAt?: number };
    delete w.__clickedAt;
    el.addEventListener(
      'click',
      () => {
        w.__clickedAt = Date.now();
      },
      { capture: true, once: true },
    );
  });
  return async () => {
    const at = await locator.page().evaluate(() => (window as unknown as { __clickedAt?: number }).__clickedAt);
    if (at === undefined) throw new Error('the click was not seen');
    return at;
  };
}
