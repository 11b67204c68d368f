/**
 * `pnpm bench:web`: how the editor feels on a 2,000-component page. Starts the
 * built server (`pnpm start`) on a free port, makes the page through the real
 * protocol (generate-page.ts), drives Chromium with Playwright, prints medians
 * next to the targets, and stops everything it started. A figure, not a test:
 * it exits 0 whatever the figures are, and non-zero only when it cannot measure.
 *
 * Every interval is measured inside the page, in its own clock
 * (performance.now()): from the input event (keydown or click, its timeStamp)
 * or from the WebSocket message's arrival, to the MutationObserver callback
 * that sees the canvas show the change ("DOM", compared with the target), and
 * to the end of the rendering of the next frame ("painted": a message posted
 * from that frame's requestAnimationFrame callback). "From handler" leaves out
 * the time the input event waited in the queue before the page handled it
 * (e.g. behind the rendering of a hover): the app's own reaction.
 *
 * Options: BENCH_COMPONENTS (2000), BENCH_SAMPLES (25), BENCH_LOADS (7),
 * BENCH_TIMEOUT_MS (300000), BENCH_HEADED=1 to watch, BENCH_URL to measure a
 * server that is already running (built app included) instead of starting one.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium, type Page } from '@playwright/test';
import WebSocket from 'ws';
import { generatePage } from './generate-page.ts';

const COMPONENTS = Number(process.env.BENCH_COMPONENTS ?? 2000);
const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 25);
const LOADS = Number(process.env.BENCH_LOADS ?? 7);
const TIMEOUT_MS = Number(process.env.BENCH_TIMEOUT_MS ?? 300_000);
const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));
const systemChromium = '/usr/bin/chromium';

interface Timing {
  /** Input event (its timeStamp) or message arrival → the DOM shows it. */
  dom: number;
  /** The same, from when the page began handling the event: without the wait in the input queue. */
  handled: number;
  /** → the frame that shows it has rendered. */
  frame: number;
}

// ---- the server ------------------------------------------------------------------

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** The end of the server's output, shown only when it fails to start. */
let serverOutput = '';

/** `pnpm start` in its own process group, so that stopping it stops pnpm, tsx and node together. */
function startServer(port: number): ChildProcess {
  const child = spawn('pnpm', ['start'], {
    cwd: repoRoot,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const keep = (chunk: Buffer) => {
    serverOutput = (serverOutput + chunk.toString()).slice(-4000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  return child;
}

function stopServer(child: ChildProcess): void {
  if (child.pid === undefined || child.exitCode !== null) return;
  try {
    process.kill(-child.pid, 'SIGTERM');
  } catch {
    // Already gone.
  }
}

async function waitForHealth(baseUrl: string, child: ChildProcess, ms = 60_000): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}:\n${serverOutput}`);
    try {
      if ((await fetch(`${baseUrl}/healthz`)).ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`the server did not answer ${baseUrl}/healthz within ${ms} ms:\n${serverOutput}`);
}

// ---- in-page instruments -----------------------------------------------------------

/**
 * Installed before the app starts: records when each WebSocket message that
 * carries the current marker arrives (before the app's own handler runs, since
 * this listener is added first), and when the page first shows every canvas
 * node with the palette clickable.
 */
function instruments(expected: number): void {
  const w = window as unknown as Record<string, unknown>;
  w.__benchMarker = null;
  w.__benchArrival = null;
  const Native = window.WebSocket;
  class TimedWebSocket extends Native {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols);
      this.addEventListener('message', (event: MessageEvent) => {
        const marker = w.__benchMarker;
        if (typeof marker === 'string' && typeof event.data === 'string' && event.data.includes(marker)) {
          w.__benchArrival = performance.now();
        }
      });
    }
  }
  window.WebSocket = TimedWebSocket as unknown as typeof window.WebSocket;

  // Time to interactive: checked once per frame from the first one on.
  const check = () => {
    const nodes = document.querySelectorAll('[data-testid^="canvas-node-"]').length;
    const item = document.querySelector<HTMLElement>('[data-testid^="palette-item-"]');
    if (nodes >= expected && item && !item.matches(':disabled, [aria-disabled="true"]')) {
      const box = item.getBoundingClientRect();
      const hit = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
      if (hit && item.contains(hit)) {
        w.__benchInteractive = performance.now();
        return;
      }
    }
    requestAnimationFrame(check);
  };
  requestAnimationFrame(check);
}

/** What the canvas must show for a measurement to end. */
type Done =
  | { kind: 'text'; selector: string; includes: string }
  | { kind: 'gone'; selector: string }
  | { kind: 'count-above'; selector: string; count: number };

/**
 * Arms one measurement in the page: the start is the next `startOn` event
 * (its timeStamp) or the arrival of a message with `marker`; the end is the
 * first DOM mutation after which `done` holds, and then the frame that paints it.
 */
async function arm(page: Page, options: { startOn: 'keydown' | 'click' | 'message'; done: Done; marker?: string }): Promise<void> {
  await page.evaluate(
    ({ startOn, done, marker }) => {
      const w = window as unknown as Record<string, unknown>;
      const isDone = (): boolean => {
        if (done.kind === 'text') return document.querySelector(done.selector)?.textContent?.includes(done.includes) ?? false;
        if (done.kind === 'gone') return document.querySelector(done.selector) === null;
        return document.querySelectorAll(done.selector).length > done.count;
      };
      let start: number | null = null;
      let handling: number | null = null;
      w.__benchArrival = null;
      w.__benchMarker = marker ?? null;
      if (startOn !== 'message') {
        window.addEventListener(
          startOn,
          (event) => {
            // The event's own timestamp includes any wait before it was handled.
            const now = performance.now();
            handling = now;
            start = event.timeStamp > 0 && event.timeStamp <= now && now - event.timeStamp < 10_000 ? event.timeStamp : now;
          },
          { capture: true, once: true },
        );
      }
      w.__benchResult = new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          observer.disconnect();
          reject(new Error(`no change within 10 s: ${JSON.stringify(done)}`));
        }, 10_000);
        const observer = new MutationObserver(() => {
          const t = performance.now();
          if (startOn === 'message') {
            start = w.__benchArrival as number | null;
            handling = start;
          }
          if (start === null || !isDone()) return;
          observer.disconnect();
          clearTimeout(timer);
          const from = start;
          const handled = t - (handling ?? start);
          // The frame that shows it: its rAF callbacks run before style, layout and paint; a message
          // posted from there is handled once that frame's rendering work is done.
          requestAnimationFrame(() => {
            const channel = new MessageChannel();
            channel.port1.onmessage = () =>
              resolve({ dom: t - from, handled, frame: performance.now() - from, end: performance.timeOrigin + t });
            channel.port2.postMessage(null);
          });
        });
        observer.observe(document.body, { subtree: true, childList: true, characterData: true });
      });
    },
    { startOn: options.startOn, done: options.done, marker: options.marker },
  );
}

async function result(page: Page): Promise<Timing & { end: number }> {
  return page.evaluate(() => (window as unknown as { __benchResult: Promise<Timing & { end: number }> }).__benchResult);
}

const nodeSelector = (id: string) => `[data-testid="canvas-node-${id}"]`;

/** Clicks a point of the canvas node that belongs to it (not to a child) and waits until it is selected. */
async function select(page: Page, id: string): Promise<void> {
  const node = page.locator(nodeSelector(id));
  await node.scrollIntoViewIfNeeded();
  const point = await node.evaluate((el) => {
    const box = el.getBoundingClientRect();
    for (let yi = 0; yi <= 8; yi++) {
      for (let xi = 0; xi <= 8; xi++) {
        const x = box.left + 2 + ((box.width - 4) * xi) / 8;
        const y = box.top + 2 + ((box.height - 4) * yi) / 8;
        if (document.elementFromPoint(x, y)?.closest('[data-testid^="canvas-node-"]') === el) return { x, y };
      }
    }
    return null;
  });
  if (!point) throw new Error(`no point of ${id} to click`);
  await page.mouse.click(point.x, point.y);
  await page.locator(`${nodeSelector(id)}[data-selected="true"]`).waitFor();
}

/**
 * tsx (esbuild with keepNames) wraps functions in `__name(fn, "name")`; the
 * functions this script sends into the page need that helper there too.
 */
const KEEP_NAMES_SHIM = { content: 'globalThis.__name = globalThis.__name || ((fn) => fn);' };

async function newBenchContext(browser: Browser, userName: string) {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  await context.addInitScript(KEEP_NAMES_SHIM);
  await context.addInitScript(instruments, COMPONENTS);
  await context.addInitScript((name) => window.localStorage.setItem('tandem:userName', name), userName);
  return context;
}

// ---- the measurements ----------------------------------------------------------------

async function measureKeystrokes(page: Page, headingId: string): Promise<Timing[]> {
  await select(page, headingId);
  const field = page.getByTestId('prop-field-text');
  await field.click();
  await field.press('End');
  let text = await field.inputValue();
  const out: Timing[] = [];
  for (let i = 0; i < SAMPLES + 3; i++) {
    const key = 'abcdefghijklmnopqrstuvwxyz'[i % 26] as string;
    text += key;
    await arm(page, {
      startOn: 'keydown',
      done: { kind: 'text', selector: nodeSelector(headingId), includes: text },
    });
    await page.keyboard.press(key);
    const r = await result(page);
    if (i >= 3) out.push(r); // the first few warm up
  }
  return out;
}

async function measureDuplicateDelete(page: Page, id: string): Promise<{ duplicate: Timing[]; remove: Timing[] }> {
  const duplicate: Timing[] = [];
  const remove: Timing[] = [];
  for (let i = 0; i < SAMPLES + 2; i++) {
    await select(page, id);
    const before = await page.evaluate(() => document.querySelectorAll('[data-testid^="canvas-node-"]').length);
    await arm(page, { startOn: 'click', done: { kind: 'count-above', selector: '[data-testid^="canvas-node-"]', count: before } });
    await page.getByTestId('duplicate').click();
    const d = await result(page);
    // The copy is selected now; delete it.
    const copy = await page.locator('[data-testid^="canvas-node-"][data-selected="true"]').getAttribute('data-testid');
    if (!copy || copy === `canvas-node-${id}`) throw new Error('duplicate did not select the copy');
    await arm(page, { startOn: 'click', done: { kind: 'gone', selector: `[data-testid="${copy}"]` } });
    await page.getByTestId('delete').click();
    const r = await result(page);
    if (i >= 2) {
      duplicate.push(d);
      remove.push(r);
    }
  }
  return { duplicate, remove };
}

/** A second client, straight on the protocol, sends patches stamped with Date.now(); the page times their arrival and its DOM. */
async function measureRemote(
  page: Page,
  baseUrl: string,
  pageId: string,
  textId: string,
): Promise<{ inPage: Timing[]; endToEnd: number[] }> {
  const res = await fetch(`${baseUrl}/api/tickets`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ pageId, userName: 'Remote bench peer' }),
  });
  const { ticket } = (await res.json()) as { ticket: string };
  const ws = new WebSocket(`${baseUrl.replace(/^http/, 'ws')}/ws/${pageId}?ticket=${ticket}`);
  let version = 0;
  const acks = new Map<string, () => void>();
  await new Promise<void>((resolve, reject) => {
    ws.once('error', reject);
    ws.on('message', (data) => {
      const m = JSON.parse(String(data)) as { type: string; payload: { version?: number; opId?: string } };
      if (typeof m.payload.version === 'number' && ['sync', 'op-patch', 'ack'].includes(m.type)) version = m.payload.version;
      if (m.type === 'sync') resolve();
      if (m.type === 'ack' && m.payload.opId) acks.get(m.payload.opId)?.();
    });
  });
  const inPage: Timing[] = [];
  const endToEnd: number[] = [];
  try {
    for (let i = 0; i < SAMPLES + 3; i++) {
      const marker = `remote-${i}-${Math.random().toString(36).slice(2, 8)}`;
      await arm(page, {
        startOn: 'message',
        marker,
        done: { kind: 'text', selector: nodeSelector(textId), includes: marker },
      });
      const opId = `bench-${marker}`;
      const acked = new Promise<void>((r) => acks.set(opId, r));
      const sent = Date.now();
      const patches = [{ op: 'replace', path: `/components/${textId}/props/text`, value: `${marker} sent at ${sent}` }];
      ws.send(JSON.stringify({ type: 'op-patch', payload: { patches, version, opId } }));
      const r = await result(page);
      await acked;
      if (i >= 3) {
        inPage.push(r);
        endToEnd.push(r.end - sent);
      }
    }
  } finally {
    ws.close();
  }
  return { inPage, endToEnd };
}

/** Why a page is not interactive yet: the parts of the check in `instruments`. */
async function interactiveState(page: Page) {
  return page.evaluate(() => {
    const item = document.querySelector<HTMLElement>('[data-testid^="palette-item-"]');
    const box = item?.getBoundingClientRect();
    const hit = box ? document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2) : null;
    return {
      nodes: document.querySelectorAll('[data-testid^="canvas-node-"]').length,
      item: item?.dataset.testid ?? null,
      disabled: item?.matches(':disabled, [aria-disabled="true"]') ?? null,
      hit: hit ? hit.outerHTML.slice(0, 160) : null,
      status: document.querySelector('[data-testid="connection-status"]')?.getAttribute('data-state') ?? null,
    };
  });
}

async function measureLoads(browser: Browser, baseUrl: string, pageId: string): Promise<{ interactive: number[]; nodes: number }> {
  const interactive: number[] = [];
  let nodes = 0;
  for (let i = 0; i < LOADS + 1; i++) {
    // A fresh context each time: nothing cached, like a first visit.
    const context = await newBenchContext(browser, 'Bench Loader');
    const page = await context.newPage();
    page.on('pageerror', (error) => console.error(`bench:web: page error: ${error.message}`));
    await page.goto(`${baseUrl}/p/${pageId}`);
    const t = await page
      .waitForFunction(() => (window as unknown as { __benchInteractive?: number }).__benchInteractive, null, {
        timeout: 30_000,
        polling: 100,
      })
      .catch(async (error: Error) => {
        throw new Error(`load ${i} never became interactive: ${JSON.stringify(await interactiveState(page))}\n${error.message}`);
      });
    if (i > 0) interactive.push((await t.jsonValue()) as number); // the first load warms the server and the disk cache
    nodes = await page.locator('[data-testid^="canvas-node-"]').count();
    await context.close();
  }
  return { interactive, nodes };
}

// ---- the report ------------------------------------------------------------------------

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
};
const ms = (value: number) => (value >= 1000 ? `${(value / 1000).toFixed(2)} s` : `${value.toFixed(1)} ms`);

function row(label: string, timings: readonly number[], target: number, extra = ''): string {
  const m = median(timings);
  const verdict = m <= target ? 'ok' : 'OVER';
  return `  ${label.padEnd(52)} ${ms(m).padStart(9)}   target ≤ ${ms(target).padEnd(8)} ${verdict.padEnd(4)} ${extra}`;
}

async function main(): Promise<void> {
  if (!existsSync(`${repoRoot}/apps/web/dist/index.html`))
    throw new Error('apps/web/dist is missing: run `pnpm build` first (pnpm bench:web does)');
  // BENCH_URL: measure a server that is already running instead of starting one.
  const existing = process.env.BENCH_URL?.replace(/\/$/, '');
  const port = existing ? 0 : await freePort();
  const baseUrl = existing ?? `http://127.0.0.1:${port}`;
  const server = existing ? null : startServer(port);
  const stop = () => {
    if (server) stopServer(server);
  };
  process.once('exit', stop);
  let browser: Browser | null = null;
  const watchdog = setTimeout(() => {
    console.error(`bench:web: gave up after ${TIMEOUT_MS} ms`);
    stop();
    process.exit(2);
  }, TIMEOUT_MS);
  try {
    if (server) await waitForHealth(baseUrl, server);
    const pageId = `bench-${Date.now().toString(36)}`;
    const generated = await generatePage(baseUrl, pageId, { count: COMPONENTS });
    const pick = (type: string) => {
      const ids = generated.byType[type] ?? [];
      return ids[Math.floor(ids.length / 2)] as string;
    };
    const headingId = pick('Heading');
    const textId = pick('Text');
    const remoteTextId = (generated.byType.Text ?? [])[Math.floor((generated.byType.Text ?? []).length / 3)] as string;
    console.log(
      `bench:web: ${generated.count} components on ${baseUrl}/p/${pageId}; Chromium ${existsSync(systemChromium) ? systemChromium : '(Playwright)'}`,
    );

    browser = await chromium.launch({
      headless: process.env.BENCH_HEADED !== '1',
      executablePath: existsSync(systemChromium) ? systemChromium : undefined,
      args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking'],
    });

    const loads = await measureLoads(browser, baseUrl, pageId);

    const context = await newBenchContext(browser, 'Bench Editor');
    const page = await context.newPage();
    await page.goto(`${baseUrl}/p/${pageId}`);
    await page.waitForFunction(() => (window as unknown as { __benchInteractive?: number }).__benchInteractive, null, { timeout: 60_000 });

    const keys = await measureKeystrokes(page, headingId);
    const edits = await measureDuplicateDelete(page, textId);
    await page.keyboard.press('Escape');
    const remote = await measureRemote(page, baseUrl, pageId, remoteTextId);

    const dom = (list: readonly Timing[]) => list.map((t) => t.dom);
    const frame = (list: readonly Timing[]) =>
      `(from handler ${ms(median(list.map((t) => t.handled)))}, painted ${ms(median(list.map((t) => t.frame)))})`;
    console.log('');
    console.log(
      `web editor on a ${generated.count.toLocaleString('en-US')}-component page: medians of ${SAMPLES} samples (${LOADS} loads)`,
    );
    // Figures from a busy machine are not comparable: say how busy it was.
    console.log(
      `  ${cpus().length} cores, load average ${loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')} at the end of the run`,
    );
    console.log(row('keystroke in a property field → canvas text (DOM)', dom(keys), 16, frame(keys)));
    console.log(row('delete → canvas updated (DOM)', dom(edits.remove), 50, frame(edits.remove)));
    console.log(row('duplicate → canvas updated (DOM)', dom(edits.duplicate), 50, frame(edits.duplicate)));
    console.log(row('remote patch: message arrives → applied in DOM', dom(remote.inPage), 5, frame(remote.inPage)));
    console.log(`  ${'  (sent by the peer → DOM, through the server)'.padEnd(52)} ${ms(median(remote.endToEnd)).padStart(9)}`);
    console.log(row('load → all nodes rendered, palette clickable', loads.interactive, 1500, `(${loads.nodes} canvas nodes)`));
  } finally {
    clearTimeout(watchdog);
    await browser?.close().catch(() => {});
    stop();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error('bench:web failed:', error instanceof Error ? error.stack : error);
    process.exit(1);
  },
);
