/** The Image component's frame (SPEC U6): fit, aspect ratio, radius, alt text, placeholder — the one renderer for canvas, preview and published page. */
import { defaultProps, type Json, starterDocument } from '@tandem/protocol';
import { createElement as h } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, test } from 'vitest';
import { type CanvasMode, ComponentView } from './ComponentView.ts';
import { renderPublishedPage } from './document.ts';
import { cssAspectRatio } from './ImageView.ts';

const image = (props: Record<string, Json> = {}, mode: CanvasMode = 'preview') =>
  renderToStaticMarkup(
    h(ComponentView, {
      node: { id: 'n', type: 'Image', props: { ...defaultProps('Image'), src: 'https://example.com/a.png', ...props }, children: [] },
      mode,
      attributes: {},
    }),
  );

describe('Image frame', () => {
  test('[U6] the ratios of the registry become CSS ratios; anything else keeps the picture its own shape', () => {
    expect(cssAspectRatio('16:9')).toBe('16 / 9');
    expect(cssAspectRatio('1:1')).toBe('1 / 1');
    for (const bad of ['auto', '', '0:1', '4/3', '1:1;color:red', '123:1']) expect(cssAspectRatio(bad), bad).toBeUndefined();
  });

  test('[U6] fit, ratio and radius are the img element’s style', () => {
    const out = image({ fit: 'contain', aspectRatio: '4:3', radius: 24, width: 400 });
    expect(out).toMatch(/<img [^>]*style="width:400px;border-radius:24px;aspect-ratio:4 \/ 3;object-fit:contain"/);
  });

  test('[U6] by default the picture covers its frame with 8 px corners and no ratio of its own', () => {
    const out = image();
    expect(out).toContain('object-fit:cover');
    expect(out).toContain('border-radius:8px');
    expect(out).not.toContain('aspect-ratio');
  });

  test('[U6] values the registry would refuse fall back to safe ones (no CSS from a peer)', () => {
    const out = image({ fit: 'fill;background:url(javascript:x)', aspectRatio: '1:1;x', radius: 9999 });
    expect(out).toContain('object-fit:cover');
    expect(out).toContain('border-radius:512px');
    expect(out).not.toMatch(/javascript|aspect-ratio/);
  });

  test('[U6] the placeholder has the frame’s shape and corners', () => {
    const out = image({ src: '', aspectRatio: '16:9', radius: 0 });
    expect(out).toContain('data-reason="empty"');
    expect(out).toContain('aspect-ratio:16 / 9');
    expect(out).toContain('border-radius:0px');
  });

  test('[U6] a refused javascript: source says why in the editor, and visitors see a quiet placeholder', () => {
    expect(image({ src: 'javascript:alert(1)' }, 'edit')).toContain('never javascript: or data:');
    const visitor = image({ src: 'javascript:alert(1)' });
    expect(visitor).toContain('data-reason="refused"');
    expect(visitor).not.toContain('javascript');
  });
});

describe('Image alt text', () => {
  test('[U6] a decorative image has alt="" whatever its alt prop says', () => {
    expect(image({ alt: 'left over', decorative: true })).toMatch(/<img [^>]*alt=""/);
    expect(image({ alt: 'A cat', decorative: false })).toMatch(/<img [^>]*alt="A cat"/);
  });

  test('[U6] the published page never has an <img> without an alt attribute', () => {
    const doc = starterDocument('Alts');
    const root = doc.components[doc.rootId] as { children: string[] };
    const cases: Record<string, Json>[] = [{ alt: '' }, { alt: 'A cat' }, { alt: '', decorative: true }, { alt: 42 as unknown as string }];
    cases.forEach((props, i) => {
      const id = `img${i}`;
      doc.components[id] = {
        id,
        type: 'Image',
        props: { ...defaultProps('Image'), src: `/assets/${'a'.repeat(63)}${i}`, ...props },
        children: [],
      };
      root.children.push(id);
    });
    // Testimonial avatars and logo images too.
    doc.components.t = {
      id: 't',
      type: 'Testimonial',
      props: { ...defaultProps('Testimonial'), avatar: 'https://example.com/a.png' },
      children: [],
    };
    doc.components.l = {
      id: 'l',
      type: 'LogoRow',
      props: { ...defaultProps('LogoRow'), logos: ['Acme | https://example.com/l.png'] },
      children: [],
    };
    root.children.push('t', 'l');
    const html = renderPublishedPage(doc);
    const imgs = html.match(/<img\b[^>]*>/g) ?? [];
    expect(imgs.length).toBe(cases.length + 2);
    for (const tag of imgs) expect(tag, tag).toMatch(/\salt="[^"]*"/);
  });
});
