/** The published page: a complete, script-free, semantic document; peers' text and URLs stay inert. */
import { BREAKPOINT_MAX_WIDTH, defaultProps, type PageDocument, starterDocument, templateDocument } from '@tandem/protocol';
import { describe, expect, test } from 'vitest';
import { pageMeta, renderPublishedPage } from './document.ts';
import { COMPONENT_CSS } from './styles.ts';

function page(): PageDocument {
  const doc = starterDocument('Launch day');
  const root = doc.components[doc.rootId] as { props: Record<string, unknown>; children: string[] };
  Object.assign(root.props, {
    description: 'Everything about "launch" <day>',
    socialImage: 'https://cdn.example.com/share.png',
    lang: 'fr-CA',
  });
  const add = (id: string, type: string, props: Record<string, unknown>) => {
    doc.components[id] = { id, type, props: { ...defaultProps(type), ...props } as never, children: [] };
    root.children.push(id);
  };
  add('evil-text', 'Text', { text: '<script>alert(1)</script><img src=x onerror=alert(2)>' });
  add('evil-link', 'Link', { text: 'Evil', href: ' JavaScript:alert(1)' });
  add('good-link', 'Link', { text: 'Docs', href: 'https://example.com/docs', newTab: true });
  add('evil-button', 'Button', { label: 'Go', href: 'javascript:alert(3)' });
  add('img', 'Image', { src: 'https://example.com/cat.png', alt: 'A cat', width: 300, height: 200 });
  add('evil-img', 'Image', { src: 'javascript:alert(4)', alt: 'bad' });
  add('list', 'List', { items: ['One', '<b>Two</b>'] });
  return doc;
}

describe('renderPublishedPage', () => {
  const html = renderPublishedPage(page(), { url: 'https://tandem.example/s/abc' });

  test('[R4] is a complete document with the page metadata', () => {
    expect(html.startsWith('<!DOCTYPE html><html lang="fr-CA"><head><meta charSet="utf-8"/>')).toBe(true);
    expect(html).toContain('<title>Launch day</title>');
    expect(html).toContain('<meta name="description" content="Everything about &quot;launch&quot; &lt;day&gt;"/>');
    expect(html).toContain('<meta property="og:title" content="Launch day"/>');
    expect(html).toContain('<meta property="og:image" content="https://cdn.example.com/share.png"/>');
    expect(html).toContain('<meta property="og:url" content="https://tandem.example/s/abc"/>');
    expect(html).toContain('<meta name="viewport" content="width=device-width, initial-scale=1"/>');
    expect(html.endsWith('</main></body></html>')).toBe(true);
  });

  test('[R2] [R3] has no script, no event handler and no javascript: URL anywhere', () => {
    expect(html).not.toMatch(/<script/i);
    // Inside a tag, not in escaped text (where `onerror=` is only words).
    expect(html).not.toMatch(/<[^>]*\son[a-z]+=/i);
    expect(html).not.toMatch(/javascript:/i);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;');
    expect(html).toContain('<li>&lt;b&gt;Two&lt;/b&gt;</li>');
  });

  test('[R4] [R3] semantic HTML: headings, paragraphs, lists, live safe links, images with alt, size and lazy loading', () => {
    expect(html).toMatch(/<h1 class="tp-heading tp-heading--1"[^>]*>Welcome to your page<\/h1>/);
    expect(html).toMatch(/<p class="tp-text"/);
    expect(html).toMatch(/<ul class="tp-list" data-node-id="list"><li>One<\/li>/);
    expect(html).toContain('<a class="tp-link" href="https://example.com/docs" target="_blank" rel="noopener noreferrer">Docs</a>');
    // The refused links are still there as text, but are not links.
    expect(html).toContain('<a class="tp-link">Evil</a>');
    expect(html).toContain('<a class="tp-button tp-button--primary" role="button">Go</a>');
    expect(html).toMatch(
      /<img src="https:\/\/example.com\/cat.png" alt="A cat" width="300" height="200" style="width:300px;border-radius:8px;object-fit:cover" loading="lazy"/,
    );
    expect(html).toContain('aria-label="bad"');
    expect(html.match(/<img /g)).toHaveLength(1);
  });

  test('[R5] carries the components’ CSS, with the narrow layout that stacks columns', () => {
    // The components' phone layout and the style system's mobile breakpoint are one constant (SPEC S2).
    expect(html).toContain(`@container tp-frame (max-width:${BREAKPOINT_MAX_WIDTH.mobile}px){`);
    expect(html).toContain('.tp-columns{grid-template-columns:minmax(0,1fr)}');
    expect(html).toContain('<main class="tp-frame">');
    expect(COMPONENT_CSS).toContain('overflow-wrap: break-word');
  });

  test('[R4] metadata falls back to safe defaults', () => {
    const doc = starterDocument('');
    Object.assign((doc.components[doc.rootId] as { props: Record<string, unknown> }).props, {
      title: '  ',
      lang: 'en" onload="x',
      socialImage: 'javascript:alert(1)',
    });
    expect(pageMeta(doc)).toEqual({ title: 'Untitled page', description: '', socialImage: null, lang: 'en' });
    const plain = renderPublishedPage(doc);
    expect(plain).not.toContain('name="description"');
    expect(plain).not.toContain('og:image');
    expect(plain).toContain('<html lang="en">');
  });

  test('a relative social image is left out: link previews need an absolute address', () => {
    const doc = starterDocument('x');
    Object.assign((doc.components[doc.rootId] as { props: Record<string, unknown> }).props, { socialImage: '/share.png' });
    expect(pageMeta(doc).socialImage).toBeNull();
  });

  test('the landing template is under 30 KB of HTML', () => {
    // UTF-8 bytes: the page's text is ASCII but for a few typographic marks, counted as 3 bytes each to be safe.
    const html = renderPublishedPage(templateDocument('landing', 'Landing'));
    const bytes = [...html].reduce((n, c) => n + (c.charCodeAt(0) < 128 ? 1 : 3), 0);
    expect(bytes).toBeLessThan(30 * 1024);
  });

  test('a broken document (a cycle, missing children, absurd depth) still renders, bounded', () => {
    const doc = starterDocument('x');
    const root = doc.components[doc.rootId] as { children: string[] };
    root.children.push('missing', doc.rootId);
    let parent = 'hero';
    for (let i = 0; i < 300; i++) {
      const id = `s${i}`;
      doc.components[id] = { id, type: 'Section', props: defaultProps('Section'), children: [] };
      (doc.components[parent] as { children: string[] }).children.push(id);
      parent = id;
    }
    const out = renderPublishedPage(doc);
    expect(out.match(/<section/g)?.length).toBeLessThan(140);
  });

  test('[R5] [S8] carries the page’s own styles, with the mobile overrides in a media query; hostile values never reach it', () => {
    const doc = starterDocument('Styled');
    const root = doc.components[doc.rootId] as { props: Record<string, unknown>; children: string[] };
    const add = (id: string, type: string, props: Record<string, unknown>) => {
      doc.components[id] = { id, type, props: { ...defaultProps(type), ...props } as never, children: [] };
      root.children.push(id);
    };
    add('title', 'Heading', { text: 'Hi', style: { base: { fontSize: '48px' }, mobile: { fontSize: '28px', textAlign: 'center' } } });
    add('bad', 'Text', {
      style: {
        base: { color: 'red}</style><script>alert(1)</script>', backgroundImage: 'x"); } </style><script>' },
        mobile: { fontSize: '1px;}body{display:none' },
      },
    });
    root.props.theme = { primary: '#ff0066', text: '</style><script>' };
    const out = renderPublishedPage(doc);
    const css = [...out.matchAll(/<style>([\s\S]*?)<\/style>/g)].map((m) => m[1]).join('\n');
    expect(css).toContain('[data-node-id="title"] {\n  font-size: 48px !important;');
    const mobileAt = css.indexOf(`@media (max-width: ${BREAKPOINT_MAX_WIDTH.mobile}px)`);
    expect(mobileAt).toBeGreaterThan(0);
    expect(css.slice(mobileAt)).toContain('font-size: 28px !important;');
    expect(css).toContain('--theme-primary: #ff0066');
    // The element the rule selects carries the id, as on the canvas.
    expect(out).toMatch(/<h2 class="tp-heading tp-heading--2" data-node-id="title"[^>]*>Hi<\/h2>/);
    expect(out).not.toMatch(/<script/i);
    expect(out.match(/<\/style>/g)).toHaveLength(2);
    const own = out.match(/<style>([\s\S]*?)<\/style>/g)?.[1] ?? '';
    expect(own).toContain('28px');
    expect(own).not.toContain('display:none');
    expect(own).not.toContain('alert');
  });
});
