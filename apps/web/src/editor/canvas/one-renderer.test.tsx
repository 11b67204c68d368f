// @vitest-environment happy-dom
/**
 * One renderer: the canvas (in preview, as visitors see the page) and the
 * server's published HTML come from the same component renderers, so the two
 * give the same elements, attributes and text, editing chrome aside.
 */
import { renderPublishedPage } from '@tandem/render/document';
import { type ComponentNode, defaultProps, type PageDocument, templateDocument } from '@tandem/protocol';
import { act } from 'react';
import { afterEach, expect, test } from 'vitest';
import { byTestId, type Mounted, mount } from '../testing/mount.tsx';
import { Canvas } from './Canvas.tsx';

interface Shape {
  tag: string;
  attributes: Record<string, string>;
  text: string;
  children: Shape[];
}

/** An element as a tree of tags, attributes and direct text; the canvas's own data-* attributes left out. */
function shape(element: Element): Shape {
  const attributes: Record<string, string> = {};
  for (const { name, value } of [...element.attributes]) if (!name.startsWith('data-')) attributes[name.toLowerCase()] = value;
  // React writes `a:b;c:d`, the DOM `a: b; c: d;`: the same declarations.
  if (attributes.style !== undefined) attributes.style = normaliseStyle(attributes.style);
  const text = [...element.childNodes]
    .filter((n) => n.nodeType === 3)
    .map((n) => n.textContent)
    .join('');
  return { tag: element.tagName.toLowerCase(), attributes, text, children: [...element.children].map(shape) };
}

const normaliseStyle = (style: string) =>
  style
    .split(';')
    .map((declaration) =>
      declaration
        .split(':')
        .map((part) => part.trim())
        .join(':'),
    )
    .filter((declaration) => declaration !== '')
    .join(';');

function everything(): PageDocument {
  const doc = templateDocument('landing', 'Both ways');
  const root = doc.components[doc.rootId] as ComponentNode;
  const add = (id: string, type: string, props: Record<string, unknown>) => {
    doc.components[id] = { id, type, props: { ...defaultProps(type), ...props } as never, children: [] };
    root.children.push(id);
  };
  add('img', 'Image', { src: 'https://example.com/cat.png', alt: 'A cat', width: 240, height: 160 });
  add('img_none', 'Image', { src: '', alt: '' });
  add('link', 'Link', { text: 'Docs', href: 'https://example.com/docs', newTab: true });
  add('evil', 'Link', { text: 'Evil', href: 'javascript:alert(1)' });
  add('list', 'List', { items: ['One', '<b>Two</b>'], ordered: true });
  add('divider', 'Divider', { color: '#ff0000', thickness: 3 });
  add('spacer', 'Spacer', { height: 40 });
  add('script', 'Text', { text: '<script>alert(1)</script>' });
  return doc;
}

/** The root component's element in the canvas frame (the page's generated `<style>` sits beside it). */
const pageIn = (frame: HTMLElement) => frame.querySelector(':scope > :not(style)') as Element;

let mounted: Mounted | null = null;
afterEach(() => {
  mounted?.unmount();
  mounted = null;
});

test('[R1] the canvas in preview and the published HTML have the same structure', () => {
  const doc = everything();
  mounted = mount(<Canvas />, doc);
  const store = mounted.store;
  act(() => store.getState().setPreview(true));
  const canvasPage = pageIn(byTestId(mounted.container, 'canvas') as HTMLElement);

  const published = new DOMParser().parseFromString(renderPublishedPage(doc), 'text/html');
  const publishedPage = published.querySelector('main.tp-frame')?.firstElementChild as Element;

  expect(publishedPage.className).toBe('tp-page');
  const fromCanvas = shape(canvasPage);
  expect(fromCanvas.children.length).toBe(doc.components[doc.rootId]?.children.length);
  expect(shape(publishedPage)).toEqual(fromCanvas);
  // And the comparison sees what matters: a live link, an image with its size, escaped text.
  const all = JSON.stringify(fromCanvas);
  expect(all).toContain('"href":"https://example.com/docs"');
  expect(all).toContain('"loading":"lazy"');
  expect(all).toContain('"height":"160"');
  expect(all).toContain('<script>alert(1)</script>');
  expect(all).not.toContain('javascript:');
});

test('[R1] in the editor the same elements carry the chrome, and links do not navigate', () => {
  const doc = everything();
  mounted = mount(<Canvas />, doc);
  const canvasPage = pageIn(byTestId(mounted.container, 'canvas') as HTMLElement);
  const published = new DOMParser().parseFromString(renderPublishedPage(doc), 'text/html');
  const publishedPage = published.querySelector('main.tp-frame')?.firstElementChild as Element;
  const tags = (s: Shape): string[] => [s.tag, ...s.children.flatMap(tags)];
  expect(tags(shape(canvasPage))).toEqual(tags(shape(publishedPage)));
  expect(canvasPage.querySelector('a[href]')).toBeNull();
  expect(canvasPage.classList.contains('cv-node')).toBe(true);
});
