/** The page blocks (Navbar, Footer, Testimonial, Feature, FAQ, Logo row, Video): registry validation, rendering, URL policy. */
import {
  checkFieldValue,
  defaultProps,
  FEATURE_ICONS,
  getDefinition,
  type Json,
  starterDocument,
  validateDocument,
} from '@tandem/protocol';
import { createElement as h } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, test } from 'vitest';
import { type CanvasMode, ComponentView } from './ComponentView.ts';
import { renderPublishedPage } from './document.ts';
import { videoEmbed } from './video.ts';

const TYPES = ['Navbar', 'Footer', 'Testimonial', 'Feature', 'FAQ', 'LogoRow', 'Video'];

const render = (type: string, props: Record<string, Json> = {}, mode: CanvasMode = 'preview') =>
  renderToStaticMarkup(
    h(ComponentView, { node: { id: 'n', type, props: { ...defaultProps(type), ...props }, children: [] }, mode, attributes: {} }),
  );

describe('registry', () => {
  test('each block is registered, a leaf, with defaults that validate in a document', () => {
    const doc = starterDocument('Blocks');
    const root = doc.components[doc.rootId] as { children: string[] };
    for (const type of TYPES) {
      const def = getDefinition(type);
      expect(def?.acceptsChildren).toBe(false);
      doc.components[type] = { id: type, type, props: defaultProps(type), children: [] };
      root.children.push(type);
    }
    expect(validateDocument(doc)).toEqual([]);
  });

  test('props are validated like every other prop', () => {
    const field = (type: string, name: string) => getDefinition(type)?.fields[name] as never;
    expect(checkFieldValue(field('Feature', 'icon'), 'skull')).toMatch(/options/);
    for (const icon of FEATURE_ICONS) expect(checkFieldValue(field('Feature', 'icon'), icon)).toBeNull();
    expect(checkFieldValue(field('Navbar', 'links'), Array(9).fill('A | /a'))).toMatch(/too many/);
    expect(checkFieldValue(field('Navbar', 'links'), [1])).toMatch(/list of strings/);
    expect(checkFieldValue(field('Video', 'url'), 'x'.repeat(3000))).toMatch(/too long/);
    expect(checkFieldValue(field('Testimonial', 'quote'), { html: '<b>' })).toMatch(/string/);
  });
});

describe('rendering', () => {
  test('Navbar: logo, links, button, and a details menu for phones with the same links', () => {
    const html = render('Navbar', { logo: 'Tandem', links: ['Docs | /docs', 'Evil | javascript:alert(1)'], buttonLabel: 'Start' });
    expect(html).toMatch(/^<nav class="tp-navbar">/);
    expect(html).toContain('<span class="tp-navbar__logo">Tandem</span>');
    expect(html.match(/<a class="tp-navbar__link" href="\/docs">Docs<\/a>/g)).toHaveLength(2);
    expect(html.match(/<a class="tp-navbar__link">Evil<\/a>/g)).toHaveLength(2);
    expect(html).toContain('<details class="tp-navbar__menu"><summary class="tp-navbar__toggle" aria-label="Menu">');
    expect(html).toContain('href="#signup">Start</a>');
    expect(html).not.toMatch(/javascript:|<script/i);
    // In the editor nothing navigates.
    expect(render('Navbar', {}, 'edit')).not.toContain('href=');
  });

  test('Footer, Testimonial, Feature, FAQ and Logo row render their text as text', () => {
    expect(render('Footer', { text: '<b>x</b>', links: ['Terms | /terms'] })).toBe(
      '<footer class="tp-footer"><p class="tp-footer__text">&lt;b&gt;x&lt;/b&gt;</p><ul class="tp-footer__links"><li><a class="tp-footer__link" href="/terms">Terms</a></li></ul></footer>',
    );
    const quote = render('Testimonial', { quote: 'Great', name: 'ada', role: 'CTO', avatar: 'javascript:alert(1)' });
    expect(quote).toContain('<blockquote class="tp-testimonial__quote"><p>Great</p></blockquote>');
    expect(quote).toContain('tp-testimonial__initial" aria-hidden="true">A</span>');
    expect(quote).not.toContain('javascript:');
    expect(render('Testimonial', { avatar: '/assets/a.png' })).toContain('src="/assets/a.png"');
    const feature = render('Feature', { icon: 'not-an-icon', title: 'T', text: 'X' });
    expect(feature).toContain('<h3 class="tp-feature__title">T</h3>');
    expect(feature).toContain('<path d="M13 2 4 14h7l-1 8 9-12h-7z"');
    const faq = render('FAQ', { items: ['Why? | Because.', 'No answer', ' | orphan'] });
    expect(faq.match(/<details class="tp-faq__item">/g)).toHaveLength(2);
    expect(faq).toContain('<summary class="tp-faq__question">Why?</summary><p class="tp-faq__answer">Because.</p>');
    const logos = render('LogoRow', { logos: ['Globex', 'Acme | /logo.svg', 'Bad | javascript:x'] });
    expect(logos).toContain('<li class="tp-logos__item">Globex</li>');
    expect(logos).toContain('<img src="/logo.svg" alt="Acme"');
    expect(logos).toContain('<li class="tp-logos__item">Bad</li>');
  });

  test('Video: the privacy-enhanced embed in a sandboxed iframe; anything else a placeholder', () => {
    const html = render('Video', { url: 'https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=3', title: 'Demo' });
    expect(html).toContain('src="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"');
    expect(html).toContain('sandbox="allow-scripts allow-same-origin allow-presentation allow-popups"');
    expect(html).toContain('referrerPolicy="strict-origin-when-cross-origin"');
    expect(html).toContain('allow="accelerometer; encrypted-media; gyroscope; picture-in-picture; fullscreen"');
    expect(html).toContain('title="Demo"');
    for (const url of ['javascript:alert(1)', 'https://evil.example/embed/dQw4w9WgXcQ', '']) {
      const out = render('Video', { url });
      expect(out).not.toContain('<iframe');
      expect(out).toContain('tp-video__placeholder');
    }
    // The editor never loads the player (it would swallow the click that selects it).
    expect(render('Video', { url: 'https://vimeo.com/76979871' }, 'edit')).not.toContain('<iframe');
  });

  test('a published page with every block has no script and no javascript: URL', () => {
    const doc = starterDocument('All');
    const root = doc.components[doc.rootId] as { children: string[] };
    for (const type of TYPES) {
      doc.components[type] = { id: type, type, props: { ...defaultProps(type), url: 'https://youtu.be/dQw4w9WgXcQ' }, children: [] };
      root.children.push(type);
    }
    const html = renderPublishedPage(doc);
    expect(html).not.toMatch(/<script|javascript:/i);
    expect(html).toContain('<iframe');
  });
});

describe('videoEmbed', () => {
  test.each([
    ['https://www.youtube.com/watch?v=dQw4w9WgXcQ', 'https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ'],
    ['https://youtu.be/dQw4w9WgXcQ?si=abc', 'https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ'],
    ['https://m.youtube.com/shorts/dQw4w9WgXcQ', 'https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ'],
    ['https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ', 'https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ'],
    ['https://vimeo.com/76979871', 'https://player.vimeo.com/video/76979871?dnt=1'],
    ['https://player.vimeo.com/video/76979871?h=x', 'https://player.vimeo.com/video/76979871?dnt=1'],
  ])('%s becomes %s', (url, src) => {
    expect(videoEmbed(url)?.src).toBe(src);
  });

  test.each([
    'javascript:alert(1)',
    ' JavaScript://youtube.com/%0Aalert(1)',
    'data:text/html,<script>alert(1)</script>',
    'https://evil.example/watch?v=dQw4w9WgXcQ',
    'https://youtube.com.evil.example/watch?v=dQw4w9WgXcQ',
    'https://user@youtube.com/watch?v=dQw4w9WgXcQ',
    'https://youtube.com:8443/watch?v=dQw4w9WgXcQ',
    'https://www.youtube.com/watch?v=dQw4w9WgXcQ"><script>',
    'https://www.youtube.com/watch?v=short',
    'https://vimeo.com/abc',
    '//youtube.com/watch?v=dQw4w9WgXcQ',
    'ftp://youtube.com/watch?v=dQw4w9WgXcQ',
  ])('%s is refused', (url) => {
    expect(videoEmbed(url)).toBeNull();
  });
});
