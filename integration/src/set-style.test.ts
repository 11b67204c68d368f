/**
 * setStyle (SPEC S1, S2, S14): each style value is its own path, so edits at two
 * breakpoints, or to two keys, never overwrite each other; on the fake client
 * (the patches sent) and through the real server with two people.
 */
import { CollabClient, type WebSocketConstructor } from '@tandem/client';
import { createEditorStore } from '@tandem/editor';
import { harness, sampleDocument } from '@tandem/editor/testing';
import { type PageDocument, styleToCss } from '@tandem/protocol';
import { allow, type RunningServer, signedInFetch, signUp, startTestServer } from '@tandem/server/testing';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';

describe('setStyle', () => {
  it('[S14] writes each value at its own path, creating only the breakpoint that is missing', () => {
    const h = harness();
    h.state().setStyle('title', 'mobile', { fontSize: '28px' });
    expect(h.lastSent()).toEqual([{ op: 'add', path: '/components/title/props/style/mobile', value: { fontSize: '28px' } }]);
    h.state().setStyle('title', 'mobile', { color: '#ffffff' });
    expect(h.lastSent()).toEqual([{ op: 'add', path: '/components/title/props/style/mobile/color', value: '#ffffff' }]);
    h.state().setStyle('title', 'mobile', { color: '#000000' });
    expect(h.lastSent()).toEqual([{ op: 'replace', path: '/components/title/props/style/mobile/color', value: '#000000' }]);
    expect(h.node('title')?.props.style).toEqual({ mobile: { fontSize: '28px', color: '#000000' } });
  });

  it('[S2] null resets a value (the override goes, the inherited value shows again), and undo brings it back', () => {
    const h = harness();
    h.state().setStyle('card', 'base', { radiusTopLeft: '12px', radiusTopRight: '12px' });
    h.state().setStyle('card', 'tablet', { radiusTopLeft: '4px' });
    h.clock.now += 60_000; // not one burst of typing: the reset is its own undo step
    h.state().setStyle('card', 'tablet', { radiusTopLeft: null });
    expect(h.lastSent()).toEqual([{ op: 'remove', path: '/components/card/props/style/tablet/radiusTopLeft' }]);
    expect(h.node('card')?.props.style).toEqual({ base: { radiusTopLeft: '12px', radiusTopRight: '12px' }, tablet: {} });
    h.state().undo();
    expect(h.node('card')?.props.style).toEqual({
      base: { radiusTopLeft: '12px', radiusTopRight: '12px' },
      tablet: { radiusTopLeft: '4px' },
    });
  });

  it('[S13] refuses values outside the grammar and keys outside the component’s scope, sending nothing', () => {
    const h = harness();
    h.state().setStyle('title', 'base', { color: 'red;}' });
    h.state().setStyle('title', 'base', { direction: 'row' });
    h.state().setStyle('title', 'base', { backgroundImage: 'javascript:alert(1)' });
    h.state().setStyle('nope', 'base', { color: '#fff' });
    expect(h.client.sent).toEqual([]);
    expect(h.state().notice?.code).toBe('edit-refused');
  });

  it('[S7] setTheme writes each theme value at its own path and refuses what the theme cannot hold', () => {
    const h = harness();
    h.state().setTheme({ primary: '#be123c' });
    expect(h.lastSent()).toEqual([{ op: 'add', path: '/components/root/props/theme/primary', value: '#be123c' }]);
    h.state().setTheme({ primary: 'var(--theme-text)' });
    h.state().setTheme({ accent: '#fff' });
    h.state().setTheme({ bodyFont: 'Comic Sans' });
    expect(h.client.sent).toHaveLength(1);
    h.state().setTheme({ primary: null });
    expect(h.lastSent()).toEqual([{ op: 'remove', path: '/components/root/props/theme/primary' }]);
  });

  it('creates the style prop on a component from before styles existed', () => {
    const doc = sampleDocument();
    delete (doc.components.body as { props: Record<string, unknown> }).props.style;
    const h = harness(doc);
    h.state().setStyle('body', 'base', { textAlign: 'center' });
    expect(h.lastSent()).toEqual([{ op: 'add', path: '/components/body/props/style', value: { base: { textAlign: 'center' } } }]);
  });
});

describe('setStyle through the server', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server.close();
  });

  async function join(pageId: string, userName: string) {
    const client = new CollabClient({
      baseUrl: server.http,
      pageId,
      userName,
      WebSocket: WebSocket as unknown as WebSocketConstructor,
      fetch: signedInFetch(server, pageId, userName),
    });
    const store = createEditorStore(client);
    await client.connect();
    return { client, store, state: () => store.getState() };
  }

  it('[S14] Ann styles the base while Bob overrides mobile, at once: both edits survive everywhere', async () => {
    const ann = await join('style-store', 'Ann');
    const bob = await join('style-store', 'Bob');
    // Neither waits for the other: both edits are made against the same version.
    ann.state().setStyle('hero-heading', 'base', { fontSize: '56px', color: '#ffffff' });
    bob.state().setStyle('hero-heading', 'mobile', { fontSize: '32px' });
    ann.state().setStyle('hero-heading', 'base', { fontSize: '64px' });
    bob.state().setStyle('hero-heading', 'mobile', { textAlign: 'center' });
    const expected = { base: { fontSize: '64px', color: '#ffffff' }, mobile: { fontSize: '32px', textAlign: 'center' } };
    await vi.waitFor(
      () => {
        expect(ann.state().pendingCount + bob.state().pendingCount).toBe(0);
        expect(ann.state().doc?.components['hero-heading']?.props.style).toEqual(expected);
        expect(bob.state().doc?.components['hero-heading']?.props.style).toEqual(expected);
      },
      { timeout: 5000, interval: 10 },
    );
    const reader = await signUp(server, 'Reader');
    await allow(server, 'style-store', reader.user.id, 'viewer');
    const res = await fetch(`${server.http}/api/pages/style-store`, { headers: { cookie: reader.cookie } });
    const stored = (await res.json()) as { document: PageDocument };
    expect(stored.document.components['hero-heading']?.props.style).toEqual(expected);
    expect(styleToCss(stored.document)).toBe(styleToCss(ann.state().doc as PageDocument));
    for (const p of [ann, bob]) {
      p.store.destroy();
      p.client.close();
    }
  });
});
