// @vitest-environment happy-dom
/** The upload beside an image URL field: the file goes to POST /api/assets, its URL into the prop; refusals are said. */
import { type ComponentNode, defaultProps, type PageDocument, starterDocument } from '@tandem/protocol';
import { act } from 'react';
import { afterEach, describe, expect, test } from 'vitest';
import { Properties } from '../Properties.tsx';
import { byTestId, type Mounted, mount } from '../testing/mount.tsx';
import { answerFetch, fetchCalls, restoreFetch } from '../testing/fake-fetch.ts';

let mounted: Mounted | null = null;
afterEach(() => {
  mounted?.unmount();
  mounted = null;
  restoreFetch();
});

const HASH = 'a'.repeat(64);

function openImage(): void {
  const doc: PageDocument = starterDocument();
  const image: ComponentNode = { id: 'photo', type: 'Image', props: defaultProps('Image'), children: [] };
  doc.components.photo = image;
  (doc.components.hero as { children: string[] }).children.push('photo');
  mounted = mount(<Properties />, doc);
  act(() => mounted?.store.getState().select('photo'));
}

async function pick(file: File): Promise<void> {
  const input = byTestId((mounted as Mounted).container, 'image-upload-src') as HTMLInputElement;
  Object.defineProperty(input, 'files', { value: [file], configurable: true });
  await act(async () => {
    input.dispatchEvent(new Event('change', { bubbles: true }));
    await new Promise((resolve) => setTimeout(resolve, 0));
  });
}

const src = () => (mounted as Mounted).store.getState().doc?.components.photo?.props.src;

describe('image upload', () => {
  test('[U5] a picked file is sent as the body, and the URL it is served at becomes the src', async () => {
    answerFetch(201, { hash: HASH, url: `/assets/${HASH}`, type: 'image/png', size: 3 });
    openImage();
    const file = new File([new Uint8Array([1, 2, 3])], 'photo.png', { type: 'image/png' });
    await pick(file);
    expect(fetchCalls).toHaveLength(1);
    expect(fetchCalls[0]).toMatchObject({ url: '/api/assets', method: 'POST' });
    expect(fetchCalls[0]?.body).toBe(file);
    expect(src()).toBe(`/assets/${HASH}`);
    expect((byTestId((mounted as Mounted).container, 'prop-field-src') as HTMLInputElement).value).toBe(`/assets/${HASH}`);
  });

  test('[U1] a refusal is said, and the src stays as it was', async () => {
    answerFetch(415, { error: { code: 'unsupported-type', message: 'not a PNG, JPEG, GIF, WebP or AVIF image' } });
    openImage();
    await pick(new File(['<html>'], 'page.png', { type: 'image/png' }));
    expect(byTestId((mounted as Mounted).container, 'image-upload-error-src')?.textContent).toContain('not a PNG, JPEG, GIF, WebP or AVIF');
    expect(src()).toBe('');
  });

  test('[U1] SVG and files over 10 MB are refused before anything is sent', async () => {
    answerFetch(201, {});
    openImage();
    await pick(new File(['<svg/>'], 'logo.svg', { type: 'image/svg+xml' }));
    expect(byTestId((mounted as Mounted).container, 'image-upload-error-src')?.textContent).toContain('SVG');
    const big = new File([new Uint8Array(10 * 1024 * 1024 + 1)], 'big.png', { type: 'image/png' });
    await pick(big);
    expect(byTestId((mounted as Mounted).container, 'image-upload-error-src')?.textContent).toContain('10 MB');
    expect(fetchCalls).toEqual([]);
  });

  test('only image URL fields offer an upload', () => {
    mounted = mount(<Properties />, starterDocument());
    act(() => mounted?.store.getState().select('hero-button'));
    expect(byTestId((mounted as Mounted).container, 'prop-field-href')).not.toBeNull();
    expect(byTestId((mounted as Mounted).container, 'image-upload-href')).toBeNull();
  });
});
