/**
 * The style system through the real server and raw sockets: every bad style or
 * theme value is refused with `schema-violation` and changes nothing (SPEC S1,
 * S3–S7, S13), and two people styling the same component at two breakpoints at
 * once both keep their edit (S14).
 */
import { type PageDocument, styleToCss } from '@tandem/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { allow, type RunningServer, signUp, startTestServer, TestClient } from './testing.ts';

let server: RunningServer;
afterEach(async () => {
  await server?.close();
});

const HEADING = '/components/hero-heading/props/style';

async function documentOf(pageId: string): Promise<PageDocument> {
  // Read by someone who may see the page: a viewer.
  const reader = await signUp(server, 'Reader');
  await allow(server, pageId, reader.user.id, 'viewer');
  const res = await fetch(`${server.http}/api/pages/${pageId}`, { headers: { cookie: reader.cookie } });
  expect(res.status).toBe(200);
  return ((await res.json()) as { document: PageDocument }).document;
}

describe('style values through the server', () => {
  it('[S13] refuses every value that could escape into CSS with schema-violation, and keeps the page as it was', async () => {
    server = await startTestServer();
    const ada = await TestClient.join(server, 'style-bad', 'Ada');
    const before = ada.sync.payload.schema;
    const bad: [string, unknown][] = [
      [`${HEADING}/base`, { color: 'url(javascript:alert(1))' }],
      [`${HEADING}/base`, { color: 'expression(alert(1))' }],
      [`${HEADING}/base`, { color: '</style><script>alert(1)</script>' }],
      [`${HEADING}/base`, { fontSize: '12px;}body{display:none' }],
      [`${HEADING}/base`, { fontSize: '\\31 2px' }],
      [`${HEADING}/base`, { backgroundImage: 'javascript:alert(1)' }],
      [`${HEADING}/base`, { backgroundImage: 'https://x.example/a.png");}*{color:red' }],
      [`${HEADING}/base`, { backgroundImage: 'data:image/svg+xml;base64,PHN2Zz4=' }],
      [`${HEADING}/base`, { fontFamily: 'Comic Sans MS' }],
      [`${HEADING}/base`, { direction: 'row' }], // a Heading is no container
      [`${HEADING}/desktop`, { color: '#fff' }],
      [`${HEADING}/base`, { colour: '#fff' }],
      [HEADING, 'color: red'],
      ['/components/root/props/theme', { primary: 'red;}' }],
      ['/components/root/props/theme', { bodyFont: '</style>' }],
      ['/components/root/props/theme', { accent: '#fff' }],
    ];
    for (const [i, [path, value]] of bad.entries()) {
      ada.sendPatch([{ op: 'add', path, value }], 0, `bad-${i}`);
      const error = await ada.next('error');
      expect(error.payload, `${path} = ${JSON.stringify(value)}`).toMatchObject({ code: 'schema-violation', opId: `bad-${i}` });
    }
    // Nothing was applied: a good value is still accepted at version 0, and the page holds only it.
    ada.sendPatch([{ op: 'add', path: `${HEADING}/base`, value: { color: 'var(--theme-primary)' } }], 0, 'good');
    expect((await ada.next('ack')).payload).toEqual({ opId: 'good', version: 1 });
    const after = await documentOf('style-bad');
    expect(after.components['hero-heading']?.props.style).toEqual({ base: { color: 'var(--theme-primary)' } });
    expect({ ...after, components: { ...after.components, 'hero-heading': before.components['hero-heading'] } }).toEqual(before);
    await ada.close();
  });

  it('[S14] a base style and a mobile override made at once by two people both survive', async () => {
    server = await startTestServer();
    const ada = await TestClient.join(server, 'style-both', 'Ada');
    const bob = await TestClient.join(server, 'style-both', 'Bob');
    expect(ada.sync.payload.version).toBe(0);
    expect(ada.sync.payload.schema.components['hero-heading']?.props.style).toEqual({});

    // Round 1: each creates a breakpoint, both against version 0.
    ada.sendPatch([{ op: 'add', path: `${HEADING}/base`, value: { fontSize: '56px', color: '#ffffff' } }], 0, 'ada-1');
    bob.sendPatch([{ op: 'add', path: `${HEADING}/mobile`, value: { fontSize: '32px' } }], 0, 'bob-1');
    const acks1 = [await ada.next('ack'), await bob.next('ack')].map((m) => m.payload.version).sort();
    expect(acks1).toEqual([1, 2]);
    await ada.next('op-patch');
    await bob.next('op-patch');

    // Round 2: both change the same key (fontSize) of the same component, one at the base and one on mobile, against version 2.
    ada.sendPatch([{ op: 'replace', path: `${HEADING}/base/fontSize`, value: '64px' }], 2, 'ada-2');
    bob.sendPatch([{ op: 'replace', path: `${HEADING}/mobile/fontSize`, value: '28px' }], 2, 'bob-2');
    const acks2 = [await ada.next('ack'), await bob.next('ack')].map((m) => m.payload.version).sort();
    expect(acks2).toEqual([3, 4]);
    await ada.next('op-patch');
    await bob.next('op-patch');

    const expected = { base: { fontSize: '64px', color: '#ffffff' }, mobile: { fontSize: '28px' } };
    const doc = await documentOf('style-both');
    expect(doc.components['hero-heading']?.props.style).toEqual(expected);
    // A newcomer sees the same, and so does the stylesheet: the base rule and the mobile override.
    const cleo = await TestClient.join(server, 'style-both', 'Cleo');
    expect(cleo.sync.payload.schema.components['hero-heading']?.props.style).toEqual(expected);
    const css = styleToCss(doc);
    expect(css).toContain('[data-node-id="hero-heading"] {\n  font-size: 64px !important;\n  color: #ffffff !important;\n}');
    expect(css).toMatch(/@media \(max-width: 640px\) \{[^@]*\[data-node-id="hero-heading"\] \{\n {4}font-size: 28px !important;/);
    await Promise.all([ada.close(), bob.close(), cleo.close()]);
  });
});
