// @vitest-environment happy-dom
/**
 * An image file dropped or pasted on the canvas (issue 14, "Images"): uploaded for
 * the page with the same uploader as the Image field, then one edit: a new Image
 * with the served URL where it landed (or the dropped-on Image's src), whose alt
 * prompt takes the focus. Refusals are said and change nothing; a viewer cannot drop.
 */
import { type ComponentNode, defaultProps, type PageDocument, starterDocument } from '@tandem/protocol';
import { act } from 'react';
import { afterEach, describe, expect, test } from 'vitest';
import { PageAssetsProvider } from '../assets/PageAssetsContext.tsx';
import { Properties } from '../Properties.tsx';
import { byTestId, type Mounted, mount } from '../testing/mount.tsx';
import { answerFetch, fetchCalls, restoreFetch } from '../testing/fake-fetch.ts';
import { useShortcuts } from '../useShortcuts.ts';
import { Canvas } from './Canvas.tsx';

function EditorBits() {
  useShortcuts();
  return (
    <>
      <Canvas />
      <Properties />
    </>
  );
}

let mounted: Mounted | null = null;
afterEach(() => {
  mounted?.unmount();
  mounted = null;
  restoreFetch();
});

const HASH = 'b'.repeat(64);
const uploaded = () => answerFetch(201, { hash: HASH, url: `/assets/${HASH}`, type: 'image/png', size: 3 });

function open(): Mounted {
  const doc: PageDocument = starterDocument();
  const image: ComponentNode = { id: 'photo', type: 'Image', props: { ...defaultProps('Image'), src: '/assets/old' }, children: [] };
  doc.components.photo = image;
  (doc.components.hero as { children: string[] }).children.push('photo');
  mounted = mount(
    <PageAssetsProvider pageId="p1">
      <EditorBits />
    </PageAssetsProvider>,
    doc,
  );
  return mounted;
}

const png = () => new File([new Uint8Array([137, 80, 78, 71])], 'photo.png', { type: 'image/png' });
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

/** What the browser sends when a file from the desktop is dragged over a canvas node and let go. */
async function dropOn(id: string, file: File): Promise<void> {
  const target = byTestId((mounted as Mounted).container, `canvas-node-${id}`) as HTMLElement;
  const dataTransfer = { types: ['Files'], files: [file], dropEffect: 'none', getData: () => '' };
  await act(async () => {
    for (const type of ['dragover', 'drop']) {
      const event = new MouseEvent(type, { bubbles: true, cancelable: true, clientX: 0, clientY: 0 }) as MouseEvent & { dataTransfer: unknown };
      Object.defineProperty(event, 'dataTransfer', { value: dataTransfer });
      target.dispatchEvent(event);
    }
    await settle();
    await settle();
  });
}

const state = () => (mounted as Mounted).store.getState();
const hero = () => state().doc?.components.hero?.children ?? [];

describe('an image file dropped on the canvas', () => {
  test('is uploaded for the page, then placed where it was dropped as one new Image: one submit, one undo step', async () => {
    uploaded();
    const { client } = open();
    const sentBefore = client.sent.length;
    const file = png();
    await dropOn('hero-heading', file);
    expect(fetchCalls).toEqual([{ url: '/api/pages/p1/assets', method: 'POST', body: file }]);
    // In happy-dom every box is at 0,0: the drop is at the Heading's top edge, so just before it.
    const id = hero()[0] as string;
    expect(state().doc?.components[id]).toMatchObject({ type: 'Image', props: { src: `/assets/${HASH}`, alt: '' } });
    expect(hero().slice(1, 2)).toEqual(['hero-heading']);
    expect(client.sent.length - sentBefore).toBe(1);
    // Selected, and its alt prompt asks for a description with the focus, as after an upload in the field.
    expect(state().selection).toBe(id);
    expect(document.activeElement).toBe(byTestId((mounted as Mounted).container, 'alt-prompt-input'));
    act(() => state().undo());
    expect(state().doc?.components[id]).toBeUndefined();
    expect(hero()[0]).toBe('hero-heading');
  });

  test('says "Uploading the image…" over the canvas until the server answers, and changes the page only then', async () => {
    let reply: (response: Response) => void = () => {};
    globalThis.fetch = (() => new Promise<Response>((resolve) => (reply = resolve))) as typeof fetch;
    const { client } = open();
    const sentBefore = client.sent.length;
    await dropOn('hero-heading', png());
    expect(byTestId((mounted as Mounted).container, 'canvas-uploading')?.textContent).toBe('Uploading the image…');
    expect(client.sent.length).toBe(sentBefore);
    await act(async () => {
      reply(new Response(JSON.stringify({ hash: HASH, url: `/assets/${HASH}`, type: 'image/png', size: 4 }), { status: 201 }));
      await settle();
      await settle();
    });
    expect(byTestId((mounted as Mounted).container, 'canvas-uploading')).toBeNull();
    expect(client.sent.length - sentBefore).toBe(1);
  });

  test('on an Image replaces its src, and adds nothing', async () => {
    uploaded();
    open();
    const before = Object.keys(state().doc?.components ?? {}).length;
    await dropOn('photo', png());
    expect(state().doc?.components.photo?.props.src).toBe(`/assets/${HASH}`);
    expect(Object.keys(state().doc?.components ?? {})).toHaveLength(before);
    act(() => state().undo());
    expect(state().doc?.components.photo?.props.src).toBe('/assets/old');
  });

  test('a refusal (quota) is said in words and changes nothing', async () => {
    answerFetch(413, { error: { code: 'quota-exceeded', message: 'at most 200 images' } });
    const { client } = open();
    const sentBefore = client.sent.length;
    await dropOn('hero-heading', png());
    expect(state().notice).toMatchObject({ code: 'upload-refused' });
    expect(state().notice?.message).toContain('upload quota (at most 200 images)');
    expect(client.sent.length).toBe(sentBefore);
  });

  test('a viewer cannot drop: nothing is uploaded, and the notice says why', async () => {
    uploaded();
    const { client } = open();
    act(() => (mounted as Mounted).store.setState({ readOnly: true }));
    const sentBefore = client.sent.length;
    await dropOn('hero-heading', png());
    expect(fetchCalls).toEqual([]);
    expect(client.sent.length).toBe(sentBefore);
    expect(state().notice?.message).toContain('cannot be added');
  });
});

describe('an image file pasted with the focus on the canvas', () => {
  test('goes where a pasted component would: just after the selected Heading', async () => {
    uploaded();
    open();
    act(() => state().select('hero-heading'));
    const file = png();
    const paste = new Event('paste', { bubbles: true, cancelable: true }) as Event & { clipboardData: unknown };
    paste.clipboardData = { files: [file], getData: () => '' };
    await act(async () => {
      document.body.dispatchEvent(paste);
      await settle();
      await settle();
    });
    expect(paste.defaultPrevented).toBe(true);
    expect(fetchCalls).toEqual([{ url: '/api/pages/p1/assets', method: 'POST', body: file }]);
    const id = hero()[1] as string;
    expect(hero()[0]).toBe('hero-heading');
    expect(state().doc?.components[id]).toMatchObject({ type: 'Image', props: { src: `/assets/${HASH}` } });
  });
});
