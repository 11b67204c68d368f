/**
 * `pnpm bench`: publishing. How long the server takes to render a
 * 2,000-component page to HTML (renderPublishedPage, react-dom/server), and how
 * many requests per second GET /s/:id serves on loopback once it is published
 * (a stored, pre-rendered page: the cost is one storage read). Figures, not tests.
 *
 * The load is a bounded loop: `CONCURRENCY` keep-alive connections, each with
 * one request in flight, for `SECONDS`, against a server on 127.0.0.1 in this
 * same process (so client and server share one thread: a floor, not a ceiling).
 * Run with NODE_ENV=production (the package script does): React's development
 * build renders several times slower.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { defaultProps, type PageDocument, templateDocument } from '@tandem/protocol';
import { renderPublishedPage } from '@tandem/render/document';
import { createLogger } from '../src/log.ts';
import { createServer } from '../src/server.ts';
import { SqliteStorage } from '../src/storage/sqlite.ts';

const CONCURRENCY = 32;
const SECONDS = 5;

/** About `count` components of every kind: Sections holding a Heading, a Text, a List, a Button and three Columns of cards. */
function mixedPage(count: number): PageDocument {
  const components: PageDocument['components'] = {};
  const add = (id: string, type: string, props: Record<string, unknown> = {}, children: string[] = []) => {
    components[id] = { id, type, props: { ...defaultProps(type), ...props } as never, children };
    return id;
  };
  const sections: string[] = [];
  let made = 1;
  for (let s = 0; made < count; s++) {
    const columns: string[] = [];
    for (let c = 0; c < 3; c++) {
      const p = `s${s}c${c}`;
      columns.push(
        add(`${p}`, 'Column', {}, [
          add(`${p}-h`, 'Heading', { text: `Feature ${s}.${c}`, level: '3' }),
          add(`${p}-t`, 'Text', { text: 'A sentence or two about this feature, long enough to wrap on a phone.' }),
          add(`${p}-i`, 'Image', { src: `https://images.example.com/${s}/${c}.png`, alt: `Feature ${s}.${c}` }),
        ]),
      );
    }
    sections.push(
      add(`s${s}`, 'Section', {}, [
        add(`s${s}-h`, 'Heading', { text: `Section ${s}` }),
        add(`s${s}-t`, 'Text', { text: `The text of section ${s}. <Escaped> & quoted "safely".` }),
        add(`s${s}-l`, 'List', { items: ['One', 'Two', 'Three'] }),
        add(`s${s}-b`, 'Button', { label: 'Learn more', href: `https://example.com/${s}` }),
        add(`s${s}-cols`, 'Columns', {}, columns),
      ]),
    );
    made += 1 + 5 + 3 * 4;
  }
  add('root', 'Page', { title: 'Benchmark page', description: 'Two thousand components' }, sections);
  return { rootId: 'root', components };
}

function renderTimes(doc: PageDocument, runs: number): { median: number; p95: number; bytes: number } {
  let html = renderPublishedPage(doc); // warm-up
  for (let i = 0; i < 5; i++) html = renderPublishedPage(doc);
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    html = renderPublishedPage(doc);
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return { median: times[Math.floor(runs / 2)] as number, p95: times[Math.floor(runs * 0.95)] as number, bytes: Buffer.byteLength(html) };
}

/** Requests per second over `SECONDS`, `CONCURRENCY` at a time; every answer must have `status`. */
async function load(port: number, route: string, headers: Record<string, string>, status: number, seconds = SECONDS): Promise<number> {
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const end = performance.now() + seconds * 1000;
  let done = 0;
  const one = () =>
    new Promise<void>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, path: route, agent, headers }, (res) => {
        if (res.statusCode !== status) reject(new Error(`GET ${route} answered ${res.statusCode}`));
        res.resume();
        res.on('end', () => resolve());
      });
      req.on('error', reject);
      req.end();
    });
  const worker = async () => {
    while (performance.now() < end) {
      await one();
      done++;
    }
  };
  const start = performance.now();
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const rate = (done * 1000) / (performance.now() - start);
  agent.destroy();
  return rate;
}

const big = mixedPage(2000);
const size = Object.keys(big.components).length;
const rendered = renderTimes(big, 40);
const landing = renderPublishedPage(templateDocument('landing', 'Landing'));
console.log(
  `renderPublishedPage  ${size} components: median ${rendered.median.toFixed(1)} ms, p95 ${rendered.p95.toFixed(1)} ms (goal 50 ms), ${(rendered.bytes / 1024).toFixed(0)} KB of HTML`,
);
console.log(`landing template     ${(Buffer.byteLength(landing) / 1024).toFixed(1)} KB of HTML (goal under 30 KB)`);

const dir = mkdtempSync(path.join(tmpdir(), 'tandem-bench-publish-'));
const server = createServer({
  storage: SqliteStorage.open(path.join(dir, 'tandem.db')),
  ownsStorage: true,
  config: { port: 0, host: '127.0.0.1' },
  log: createLogger('silent'),
});
try {
  const port = await server.listen();
  const base = `http://127.0.0.1:${port}`;
  const post = (route: string, body: unknown) =>
    fetch(`${base}${route}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const { id } = (await (await post('/api/pages', { title: 'Landing', template: 'landing' })).json()) as { id: string };
  await post(`/api/pages/${id}/publish`, {});
  const etag = (await fetch(`${base}/s/${id}`)).headers.get('etag') as string;
  // Warm-up (JIT, sockets), then what the HTTP stack alone costs here, to read the figures below against.
  await load(port, `/s/${id}`, {}, 200, 1);
  const baseline = await load(port, '/healthz', {}, 200);
  const full = await load(port, `/s/${id}`, {}, 200);
  const revalidated = await load(port, `/s/${id}`, { 'if-none-match': etag }, 304);
  console.log(`GET /s/:id (landing, SQLite, ${CONCURRENCY} connections, ${SECONDS} s each)`);
  console.log(`  GET /healthz (baseline)  ${Math.round(baseline).toLocaleString('en-US')} requests/s`);
  console.log(`  200 with the page        ${Math.round(full).toLocaleString('en-US')} requests/s`);
  console.log(`  304 (If-None-Match)      ${Math.round(revalidated).toLocaleString('en-US')} requests/s`);
} finally {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
}
