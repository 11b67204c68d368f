// @vitest-environment happy-dom
/** The canvas: what each component renders, that peers' data stays inert, and selection by click and Escape. */
import { type PageDocument, starterDocument } from '@tandem/protocol';
import { act } from 'react';
import { afterEach, describe, expect, test } from 'vitest';
import { Canvas } from './canvas/Canvas.tsx';
import { byTestId, click, type Mounted, mount, press } from './testing/mount.tsx';
import { useShortcuts } from './useShortcuts.ts';

function WithShortcuts() {
  useShortcuts();
  return <Canvas />;
}

let mounted: Mounted | null = null;
afterEach(() => {
  mounted?.unmount();
  mounted = null;
});

function setProps(doc: PageDocument, id: string, props: Record<string, unknown>) {
  Object.assign((doc.components[id] as { props: Record<string, unknown> }).props, props);
}

function withEverything(): PageDocument {
  const doc = starterDocument('My page');
  const add = (id: string, type: string, props: Record<string, unknown>, parent = 'hero', children: string[] = []) => {
    doc.components[id] = { id, type, props: props as never, children };
    (doc.components[parent] as { children: string[] }).children.push(id);
  };
  add('img-empty', 'Image', { src: '', alt: '', width: 200 });
  add('img-ok', 'Image', { src: 'https://example.com/a.png', alt: 'A cat', width: 200 });
  add('img-bad', 'Image', { src: 'javascript:alert(1)', alt: 'bad', width: 200 });
  add('link-ok', 'Link', { text: 'Docs', href: 'https://example.com/docs', newTab: true });
  add('link-bad', 'Link', { text: 'Evil', href: ' JavaScript:alert(1)', newTab: false });
  add('list', 'List', { items: ['One', '<b>Two</b>'], ordered: true });
  add('cols', 'Columns', { gap: 24, verticalAlign: 'start' }, 'root', ['col-a', 'col-b']);
  doc.components['col-a'] = { id: 'col-a', type: 'Column', props: { padding: 0, background: '' }, children: [] };
  doc.components['col-b'] = { id: 'col-b', type: 'Column', props: { padding: 0, background: '' }, children: [] };
  return doc;
}

describe('rendering', () => {
  test('every component is one element with its test id and type, in tree order', () => {
    mounted = mount(<Canvas />, starterDocument('My page'));
    const nodes = [...mounted.container.querySelectorAll<HTMLElement>('[data-testid^="canvas-node-"]')].map(
      (el) => `${el.dataset.testid?.slice('canvas-node-'.length)}:${el.dataset.type}`,
    );
    expect(nodes).toEqual(['root:Page', 'hero:Section', 'hero-heading:Heading', 'hero-text:Text', 'hero-button:Button']);
    expect(byTestId(mounted.container, 'canvas-node-hero-heading')?.tagName).toBe('H1');
    expect(byTestId(mounted.container, 'canvas-node-hero-heading')?.textContent).toBe('Welcome to your page');
    expect(byTestId(mounted.container, 'canvas')).not.toBeNull();
  });

  test('layout props become styles: Section flex, Columns grid, Page width and background', () => {
    const doc = withEverything();
    setProps(doc, 'hero', { direction: 'row', gap: 40, padding: 8, align: 'center', background: '#ff0000' });
    setProps(doc, 'root', { maxWidth: 720, background: '#fafafa' });
    mounted = mount(<Canvas />, doc);
    const hero = byTestId(mounted.container, 'canvas-node-hero') as HTMLElement;
    expect(hero.tagName).toBe('SECTION');
    expect(hero.classList.contains('tp-section--row')).toBe(true);
    expect(hero.style.gap).toBe('40px');
    expect(hero.style.padding).toBe('8px');
    expect(hero.style.alignItems).toBe('center');
    const root = byTestId(mounted.container, 'canvas-node-root') as HTMLElement;
    expect(root.style.maxWidth).toBe('720px');
    const cols = byTestId(mounted.container, 'canvas-node-cols') as HTMLElement;
    expect(cols.classList.contains('tp-columns')).toBe(true);
    expect(cols.style.getPropertyValue('--columns')).toBe('2');
  });

  test('text from peers is text: markup is shown literally, never parsed', () => {
    const doc = withEverything();
    setProps(doc, 'hero-heading', { text: '<img src=x onerror="alert(1)">' });
    mounted = mount(<Canvas />, doc);
    const heading = byTestId(mounted.container, 'canvas-node-hero-heading') as HTMLElement;
    expect(heading.textContent).toBe('<img src=x onerror="alert(1)">');
    expect(heading.querySelector('img')).toBeNull();
    expect(byTestId(mounted.container, 'canvas-node-list')?.querySelectorAll('li')[1]?.textContent).toBe('<b>Two</b>');
  });

  test('images: a placeholder without a safe src, the image with one', () => {
    mounted = mount(<Canvas />, withEverything());
    const image = (id: string) => byTestId(mounted?.container as HTMLElement, `canvas-node-${id}`) as HTMLElement;
    expect(image('img-empty').querySelector('img')).toBeNull();
    expect(image('img-empty').querySelector('.tp-image__placeholder')).not.toBeNull();
    expect(image('img-bad').querySelector('img')).toBeNull();
    expect(image('img-ok').querySelector('img')?.getAttribute('src')).toBe('https://example.com/a.png');
    expect(image('img-ok').querySelector('img')?.getAttribute('alt')).toBe('A cat');
  });

  test('in the editor no link is live; in preview only safe ones are', () => {
    mounted = mount(<Canvas />, withEverything());
    const hrefs = () => [...(mounted as Mounted).container.querySelectorAll('a')].map((a) => a.getAttribute('href'));
    expect(hrefs().every((href) => href === null)).toBe(true);

    act(() => mounted?.store.getState().setPreview(true));
    const link = (id: string) => byTestId(mounted?.container as HTMLElement, `canvas-node-${id}`)?.querySelector('a');
    expect(link('link-ok')?.getAttribute('href')).toBe('https://example.com/docs');
    expect(link('link-ok')?.getAttribute('target')).toBe('_blank');
    expect(link('link-ok')?.getAttribute('rel')).toBe('noopener noreferrer');
    expect(link('link-bad')?.hasAttribute('href')).toBe(false);
    expect(link('hero-button')?.getAttribute('href')).toBe('https://example.com');
    expect(hrefs().some((href) => href?.toLowerCase().includes('javascript'))).toBe(false);
  });

  test('a broken document (a cycle, a missing child) does not hang or crash', () => {
    const doc = starterDocument();
    (doc.components.hero as { children: string[] }).children.push('missing');
    mounted = mount(<Canvas />, doc);
    expect(mounted.container.querySelectorAll('[data-testid^="canvas-node-"]')).toHaveLength(5);
  });
});

describe('[#11 bug 9] images that cannot be shown', () => {
  const image = (id: string) => byTestId(mounted?.container as HTMLElement, `canvas-node-${id}`) as HTMLElement;

  test('a refused javascript: source shows the designed placeholder and says why the address was refused', () => {
    mounted = mount(<Canvas />, withEverything());
    const placeholder = image('img-bad').querySelector('[data-testid="image-placeholder"]') as HTMLElement;
    expect(placeholder.dataset.reason).toBe('refused');
    expect(placeholder.textContent).toContain('This address was refused');
    expect(image('img-empty').querySelector('[data-testid="image-placeholder"]')?.getAttribute('data-reason')).toBe('empty');
  });

  test('an address that fails to load swaps the broken image for the placeholder, and a new address is tried again', () => {
    const doc = withEverything();
    mounted = mount(<Canvas />, doc);
    const img = image('img-ok').querySelector('img') as HTMLImageElement;
    act(() => {
      img.dispatchEvent(new Event('error'));
    });
    expect(image('img-ok').querySelector('img')).toBeNull();
    const placeholder = image('img-ok').querySelector('[data-testid="image-placeholder"]') as HTMLElement;
    expect(placeholder.dataset.reason).toBe('broken');
    expect(placeholder.textContent).toContain('could not be loaded');
    act(() => {
      mounted?.store.getState().setProp('img-ok', 'src', 'https://example.com/b.png');
    });
    expect(image('img-ok').querySelector('img')?.getAttribute('src')).toBe('https://example.com/b.png');
  });
});

describe('selecting', () => {
  test('a click selects the component under it (not its container) and shows its name', () => {
    mounted = mount(<WithShortcuts />, starterDocument());
    const text = byTestId(mounted.container, 'canvas-node-hero-text') as HTMLElement;
    click(text);
    expect(mounted.store.getState().selection).toBe('hero-text');
    expect(text.dataset.selected).toBe('true');
    expect(byTestId(mounted.container, 'canvas-node-hero')?.dataset.selected).toBeUndefined();
    expect(byTestId(mounted.container, 'selection-label')?.textContent).toBe('Text');
  });

  test('a click on a link or button in the editor selects it and does not navigate', () => {
    mounted = mount(<WithShortcuts />, starterDocument());
    const anchor = byTestId(mounted.container, 'canvas-node-hero-button')?.querySelector('a') as HTMLAnchorElement;
    const event = new MouseEvent('click', { bubbles: true, cancelable: true });
    act(() => {
      anchor.dispatchEvent(event);
    });
    expect(event.defaultPrevented).toBe(true);
    expect(mounted.store.getState().selection).toBe('hero-button');
  });

  test('Escape clears the selection; hovering marks the component under the pointer', () => {
    mounted = mount(<WithShortcuts />, starterDocument());
    click(byTestId(mounted.container, 'canvas-node-hero-heading') as HTMLElement);
    press(document.body, 'Escape');
    expect(mounted.store.getState().selection).toBeNull();
    expect(byTestId(mounted.container, 'selection-label')).toBeNull();

    const text = byTestId(mounted.container, 'canvas-node-hero-text') as HTMLElement;
    act(() => {
      text.dispatchEvent(new PointerEvent('pointerover', { bubbles: true }));
    });
    expect(mounted.store.getState().hover).toBe('hero-text');
    expect(text.classList.contains('is-hovered')).toBe(true);
  });

  test('in preview nothing is selected or marked', () => {
    mounted = mount(<WithShortcuts />, starterDocument());
    act(() => mounted?.store.getState().select('hero-text'));
    act(() => mounted?.store.getState().setPreview(true));
    expect(byTestId(mounted.container, 'canvas-node-hero-text')?.dataset.selected).toBeUndefined();
    expect(byTestId(mounted.container, 'selection-label')).toBeNull();
    expect(mounted.container.querySelector('.cv-node')).toBeNull();
  });
});
