/**
 * Attacks through publishing, export and import. After each, the server is
 * alive, another page still takes edits, and nothing half-made is left behind.
 */
import { type ComponentNode, defaultProps, type PageDocument, templateDocument } from '@tandem/protocol';
import { startTestServer, TestClient, type Session, signUp } from '@tandem/server/testing';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';

let server: Awaited<ReturnType<typeof startTestServer>>;
/** Who imports and publishes (an account; the owner of what they import). */
let me: Session;
beforeAll(async () => {
  server = await startTestServer();
  me = await signUp(server, 'Ada');
});
afterAll(() => server.close());

const post = (route: string, body: unknown) =>
  fetch(`${server.http}${route}`, {
    method: 'POST',
    headers: me.headers,
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

let checks = 0;
afterEach(async () => {
  expect((await fetch(`${server.http}/healthz`)).status).toBe(200);
  const id = `bystander-${++checks}`;
  const ada = await TestClient.join(server, id, 'Ada');
  ada.sendPatch([{ op: 'replace', path: '/components/hero-heading/props/text', value: 'still here' }], 0, `${id}-1`);
  expect((await ada.next('ack')).payload.version).toBe(1);
  await ada.close();
});

it('an imported page 3,000 sections deep publishes, rendered to a bounded depth', async () => {
  const doc = templateDocument('blank', 'Deep');
  let parent = doc.rootId;
  for (let i = 0; i < 3000; i++) {
    const id = `s${i}`;
    doc.components[id] = { id, type: 'Section', props: {}, children: [] };
    (doc.components[parent] as ComponentNode).children.push(id);
    parent = id;
  }
  const created = await post('/api/pages', { title: 'Deep', document: doc });
  expect(created.status).toBe(201);
  const { id } = (await created.json()) as { id: string };
  expect((await post(`/api/pages/${id}/publish`, {})).status).toBe(201);
  const html = await (await fetch(`${server.http}/s/${id}`)).text();
  const sections = html.match(/<section/g)?.length ?? 0;
  expect(sections).toBeGreaterThan(100);
  expect(sections).toBeLessThan(200);
}, 30_000);

it('an import with prototype keys, or with the wrong shape, is refused and creates nothing', async () => {
  const before = ((await (await fetch(`${server.http}/api/pages`, { headers: { cookie: me.cookie } })).json()) as { pages: unknown[] }).pages.length;
  const doc = JSON.stringify(templateDocument('blank', 'x')).replace(
    '"components":{',
    '"components":{"__proto__":{"id":"__proto__","type":"Text","props":{},"children":[]},',
  );
  const polluted = await post('/api/pages', `{"title":"x","document":${doc}}`);
  expect(polluted.status).toBe(400);
  for (const document of [null, [], 'page', { rootId: 'root' }, { rootId: 'root', components: { root: { id: 'root', type: 'Page' } } }]) {
    expect((await post('/api/pages', { title: 'x', document })).status).toBe(400);
  }
  expect(({} as Record<string, unknown>).type).toBeUndefined();
  const after = ((await (await fetch(`${server.http}/api/pages`, { headers: { cookie: me.cookie } })).json()) as { pages: unknown[] }).pages.length;
  expect(after).toBe(before);
});

it('an import over 1 MB is refused with 413 before it is parsed', async () => {
  const doc: PageDocument = templateDocument('blank', 'Huge');
  const root = doc.components[doc.rootId] as ComponentNode;
  for (let i = 0; i < 80; i++) {
    const id = `t${i}`;
    doc.components[id] = { id, type: 'Text', props: { ...defaultProps('Text'), text: 'x'.repeat(15_000) }, children: [] };
    root.children.push(id);
  }
  const res = await post('/api/pages', { title: 'Huge', document: doc });
  expect(res.status).toBe(413);
});

it('publishing again and again keeps a bounded number of publications', async () => {
  const created = await post('/api/pages', { title: 'Spam', template: 'landing' });
  const { id } = (await created.json()) as { id: string };
  for (let i = 0; i < 60; i++) expect((await post(`/api/pages/${id}/publish`, {})).status).toBe(201);
  const { publications } = (await (await fetch(`${server.http}/api/pages/${id}/publications`, { headers: { cookie: me.cookie } })).json()) as {
    publications: { number: number; live: boolean }[];
  };
  expect(publications).toHaveLength(50);
  expect(publications[0]).toMatchObject({ number: 60, live: true });
}, 60_000);

it('odd public addresses are 404 and reach nothing else', async () => {
  for (const route of ['/s/..%2F..%2Fetc%2Fpasswd', '/s/%00', '/s/a%20b', `/s/${'x'.repeat(65)}`, '/s/__proto__']) {
    const res = await fetch(`${server.http}${route}`);
    expect([404]).toContain(res.status);
    expect(await res.text()).not.toContain('"document"');
  }
});
