/**
 * Makes a large page on a running server through the real protocol: a ticket,
 * a WebSocket, and `op-patch` messages that each add a batch of components
 * (each waiting for its ack). The page then opens in the editor like any other.
 *
 *   pnpm exec tsx apps/web/bench/generate-page.ts [--url http://127.0.0.1:8080] [--page bench-2000] [--count 2000]
 *
 * The page is built of blocks of 20 components that use every type the
 * palette offers (Section, Heading, Text, Columns → Column, Card, Button, Link,
 * List, Image, Divider, Spacer), so the canvas renders a realistic mix.
 */
import { pathToFileURL } from 'node:url';
import { defaultProps, type Json, type PageDocument } from '@tandem/protocol';
import WebSocket from 'ws';

/** One block: [type, index of its parent in the block, or -1 for the page root]. Parents come first. */
const BLOCK: readonly (readonly [string, number])[] = [
  ['Section', -1],
  ['Heading', 0],
  ['Text', 0],
  ['Columns', 0],
  ['Column', 3],
  ['Text', 4],
  ['Button', 4],
  ['Column', 3],
  ['Card', 7],
  ['Heading', 8],
  ['Text', 8],
  ['Link', 8],
  ['List', 0],
  ['Image', 0],
  ['Divider', 0],
  ['Spacer', 0],
  ['Card', 0],
  ['Text', 16],
  ['Button', 16],
  ['Heading', 16],
];

export interface GeneratedPage {
  pageId: string;
  /** Components on the page, the starter's five included. */
  count: number;
  version: number;
  /** Ids by type, in tree order: the benchmark picks its targets here. */
  byType: Record<string, string[]>;
}

interface Message {
  type: string;
  payload: Record<string, unknown>;
}

/** The components of blocks `from`…, as `add` operations, stopping once `remaining` components are made. */
function blockOps(block: number, remaining: number, byType: Record<string, string[]>): { ops: Json[]; made: number } {
  const ids: string[] = [];
  const nodes: { id: string; type: string; props: Record<string, Json>; children: string[] }[] = [];
  for (const [i, [type, parent]] of BLOCK.entries()) {
    if (nodes.length >= remaining) break;
    const id = `b${block}-${type.toLowerCase()}-${i}`;
    const props = defaultProps(type);
    if (type === 'Heading') props.text = `Block ${block} heading ${i}`;
    if (type === 'Text') props.text = `Block ${block} text ${i}: the quick brown fox jumps over the lazy dog.`;
    if (type === 'Button') props.label = `Action ${block}.${i}`;
    if (type === 'Link') props.text = `Read more about block ${block}`;
    ids.push(id);
    nodes.push({ id, type, props, children: [] });
    if (parent >= 0) nodes[parent]?.children.push(id);
    byType[type] = [...(byType[type] ?? []), id];
  }
  const ops: Json[] = nodes.map((node) => ({ op: 'add', path: `/components/${node.id}`, value: node }));
  ops.push({ op: 'add', path: '/components/root/children/-', value: ids[0] as string });
  return { ops, made: nodes.length };
}

/** Creates (or grows) `pageId` to `count` components. Resolves once every batch is acknowledged. */
export async function generatePage(
  baseUrl: string,
  pageId: string,
  { count = 2000, blocksPerPatch = 10 }: { count?: number; blocksPerPatch?: number } = {},
): Promise<GeneratedPage> {
  const res = await fetch(`${baseUrl}/api/tickets`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ pageId, userName: 'Page generator' }),
  });
  if (res.status !== 201) throw new Error(`ticket refused: ${res.status} ${await res.text()}`);
  const { ticket } = (await res.json()) as { ticket: string };
  const ws = new WebSocket(`${baseUrl.replace(/^http/, 'ws')}/ws/${pageId}?ticket=${encodeURIComponent(ticket)}`);

  const inbox: Message[] = [];
  let wake: (() => void) | null = null;
  ws.on('message', (data) => {
    inbox.push(JSON.parse(String(data)) as Message);
    wake?.();
  });
  const closed = new Promise<never>((_, reject) => {
    ws.once('error', reject);
    ws.once('close', (code) => reject(new Error(`socket closed (${code}) while generating ${pageId}`)));
  });
  closed.catch(() => {});
  const next = async (accept: (m: Message) => boolean): Promise<Message> => {
    for (;;) {
      const i = inbox.findIndex(accept);
      if (i >= 0) return inbox.splice(i, 1)[0] as Message;
      await Promise.race([new Promise<void>((r) => (wake = r)), closed]);
    }
  };

  try {
    const sync = await next((m) => m.type === 'sync');
    const doc = sync.payload.schema as PageDocument;
    let version = sync.payload.version as number;
    const byType: Record<string, string[]> = {};
    for (const c of Object.values(doc.components)) byType[c.type] = [...(byType[c.type] ?? []), c.id];
    let made = Object.keys(doc.components).length;
    let block = 0;
    while (doc.components[`b${block}-section-0`]) block++; // growing a page made earlier
    let batch = 0;
    while (made < count) {
      const ops: Json[] = [];
      for (let b = 0; b < blocksPerPatch && made < count; b++, block++) {
        const part = blockOps(block, count - made, byType);
        ops.push(...part.ops);
        made += part.made;
      }
      const opId = `generate-${pageId}-${batch++}`;
      ws.send(JSON.stringify({ type: 'op-patch', payload: { patches: ops, version, opId } }));
      const reply = await next((m) => m.payload.opId === opId || m.type === 'error');
      if (reply.type !== 'ack') throw new Error(`batch ${batch} refused: ${JSON.stringify(reply.payload)}`);
      version = reply.payload.version as number;
    }
    return { pageId, count: made, version, byType };
  } finally {
    ws.removeAllListeners('close');
    ws.close();
  }
}

// Run as a script: make the page and say where it is.
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const arg = (name: string, fallback: string) => {
    const i = process.argv.indexOf(`--${name}`);
    return i >= 0 && process.argv[i + 1] ? (process.argv[i + 1] as string) : fallback;
  };
  const baseUrl = arg('url', 'http://127.0.0.1:8080');
  const pageId = arg('page', `bench-${Date.now().toString(36)}`);
  const count = Number(arg('count', '2000'));
  const started = performance.now();
  const page = await generatePage(baseUrl, pageId, { count });
  console.log(
    `${page.count} components on ${baseUrl}/p/${page.pageId} (version ${page.version}, ${Math.round(performance.now() - started)} ms)`,
  );
}
