import { describe, expect, it } from 'vitest';
import { defaultProps, FONT_STACKS, type Json, type PageDocument, styleToCss } from './index.ts';

function page(styles: Record<string, Json> = {}, theme: Json = {}): PageDocument {
  const node = (id: string, type: string, children: string[] = []) => ({
    id,
    type,
    props: { ...defaultProps(type), ...(styles[id] !== undefined ? { style: styles[id] } : {}) },
    children,
  });
  const doc: PageDocument = {
    rootId: 'root',
    components: {
      root: node('root', 'Page', ['hero', 'cols']),
      hero: node('hero', 'Section', ['title']),
      title: node('title', 'Heading'),
      cols: node('cols', 'Columns', ['c1', 'c2']),
      c1: node('c1', 'Column', ['card']),
      c2: node('c2', 'Column'),
      card: node('card', 'Card'),
    },
  };
  (doc.components.root as { props: Record<string, Json> }).props.theme = theme;
  return doc;
}

/** The body of the rule for `selector` in `css` (the first one, or the one inside `within`). */
function ruleOf(css: string, selector: string, within?: string): string | null {
  let text = css;
  if (within !== undefined) {
    const start = css.indexOf(`${within} {`);
    if (start < 0) return null;
    text = css.slice(start + within.length + 2, blockEnd(css, start + within.length + 1));
  } else {
    text = css.replace(/@(?:media|container)[^{]*\{(?:[^{}]*\{[^{}]*\})*[^{}]*\}/g, '');
  }
  const at = text.indexOf(`${selector} {`);
  if (at < 0) return null;
  return text.slice(at + selector.length + 2, text.indexOf('}', at)).trim();
}
function blockEnd(css: string, open: number): number {
  let depth = 0;
  for (let i = open; i < css.length; i++) {
    if (css[i] === '{') depth++;
    if (css[i] === '}' && --depth === 0) return i;
  }
  return css.length;
}

const TABLET = '@media (max-width: 1024px)';
const MOBILE = '@media (max-width: 640px)';

describe('styleToCss', () => {
  it('[S8] is pure and deterministic: the same document gives the same text, and the input is untouched', () => {
    const doc = page({ title: { base: { color: '#fff' } } });
    const copy = JSON.parse(JSON.stringify(doc));
    expect(styleToCss(doc)).toBe(styleToCss(copy));
    expect(doc).toEqual(copy);
  });

  it('[S8] prints the base values of a component in its own rule, with CSS property names', () => {
    const css = styleToCss(
      page({
        title: {
          base: {
            color: 'var(--theme-primary)',
            fontSize: '48px',
            fontWeight: 800,
            letterSpacing: '-0.02em',
            textTransform: 'uppercase',
            marginTop: '0',
            marginBottom: '16px',
            paddingTop: '4px',
          },
        },
      }),
    );
    const body = ruleOf(css, '[data-node-id="title"]');
    expect(body).toContain('color: var(--theme-primary) !important;');
    expect(body).toContain('font-size: 48px !important;');
    expect(body).toContain('font-weight: 800 !important;');
    expect(body).toContain('letter-spacing: -0.02em !important;');
    expect(body).toContain('text-transform: uppercase !important;');
    expect(body).toContain('margin-top: 0 !important;');
    expect(body).toContain('margin-bottom: 16px !important;');
    expect(body).toContain('padding-top: 4px !important;');
    // A component without a style gets no rule.
    expect(ruleOf(css, '[data-node-id="hero"]')).toBeNull();
  });

  it('[S2] tablet overrides go inside max-width 1024px, mobile ones inside 640px, after the base', () => {
    const css = styleToCss(
      page({ title: { base: { fontSize: '48px' }, tablet: { fontSize: '36px' }, mobile: { fontSize: '28px', textAlign: 'center' } } }),
    );
    expect(ruleOf(css, '[data-node-id="title"]')).toBe('font-size: 48px !important;');
    expect(ruleOf(css, '[data-node-id="title"]', TABLET)).toBe('font-size: 36px !important;');
    expect(ruleOf(css, '[data-node-id="title"]', MOBILE)).toBe('font-size: 28px !important;\n    text-align: center !important;');
    expect(css.indexOf(TABLET)).toBeGreaterThan(css.indexOf('[data-node-id="title"]'));
    expect(css.indexOf(MOBILE)).toBeGreaterThan(css.indexOf(TABLET));
  });

  it('[S9] in an editor frame, the same rules answer a container query, and full bleed uses cqw', () => {
    const doc = page({ hero: { base: { fullBleed: true } }, title: { mobile: { fontSize: '20px' } } });
    const css = styleToCss(doc, { container: 'canvas' });
    expect(css).not.toContain('@media');
    expect(ruleOf(css, '[data-node-id="title"]', '@container canvas (max-width: 640px)')).toBe('font-size: 20px !important;');
    expect(ruleOf(css, '[data-node-id="hero"]')).toContain('margin-left: calc(50% - 50cqw) !important;');
    expect(ruleOf(styleToCss(doc), '[data-node-id="hero"]')).toContain('margin-left: calc(50% - 50vw) !important;');
    // A container name outside the grammar falls back to media queries.
    expect(styleToCss(doc, { container: 'x{}' })).toContain(MOBILE);
  });

  it('[S7] the theme is custom properties on the root, with defaults, so changing it restyles every reference', () => {
    const plain = styleToCss(page());
    const root = ruleOf(plain, '[data-node-id="root"]') ?? '';
    expect(root).toContain('--theme-primary: #2563eb;');
    expect(root).toContain(`--theme-body-font: ${FONT_STACKS.system};`);
    expect(root).toContain('color: var(--theme-text);');
    expect(root).toContain('font-family: var(--theme-body-font);');
    const themed = styleToCss(page({}, { primary: '#be123c', headingFont: 'didone' }));
    const themedRoot = ruleOf(themed, '[data-node-id="root"]') ?? '';
    expect(themedRoot).toContain('--theme-primary: #be123c;');
    expect(themedRoot).toContain(`--theme-heading-font: ${FONT_STACKS.didone};`);
    expect(ruleOf(themed, '[data-node-id="root"] .tp-heading')).toContain('font-family: var(--theme-heading-font);');
    expect(ruleOf(themed, '[data-node-id="root"] .tp-button--primary')).toContain('background-color: var(--theme-primary);');
  });

  it('[S5] fonts print their whole stack; theme fonts print their variable', () => {
    const css = styleToCss(page({ title: { base: { fontFamily: 'mono' } }, hero: { base: { fontFamily: 'theme-heading' } } }));
    expect(ruleOf(css, '[data-node-id="title"]')).toBe(`font-family: ${FONT_STACKS.mono} !important;`);
    expect(ruleOf(css, '[data-node-id="hero"]')).toBe('font-family: var(--theme-heading-font) !important;');
  });

  it('[S11] backgrounds: a gradient layers over an image, which covers and centres unless told otherwise', () => {
    const css = styleToCss(
      page({
        hero: {
          base: { gradientFrom: 'rgba(0, 0, 0, 0.6)', gradientTo: 'transparent', gradientAngle: 90, backgroundImage: '/assets/abc' },
          mobile: { backgroundImage: 'https://cdn.example.com/small.jpg' },
        },
      }),
    );
    const base = ruleOf(css, '[data-node-id="hero"]');
    expect(base).toContain('background-image: linear-gradient(90deg, rgba(0, 0, 0, 0.6), transparent), url("/assets/abc") !important;');
    expect(base).toContain('background-size: cover !important;');
    expect(base).toContain('background-position: center !important;');
    // The mobile image replaces the base one; the gradient carries over.
    expect(ruleOf(css, '[data-node-id="hero"]', MOBILE)).toContain(
      'background-image: linear-gradient(90deg, rgba(0, 0, 0, 0.6), transparent), url("https://cdn.example.com/small.jpg") !important;',
    );
  });

  it('[S11] borders and shadows: a width alone is solid; presets and a custom shadow', () => {
    const css = styleToCss(
      page({
        card: {
          base: { borderWidth: '2px', borderColor: '#e2e8f0', radiusTopLeft: '16px', radiusBottomRight: '4px', shadow: 'lg' },
          mobile: { shadow: 'custom', shadowY: '2px', shadowColor: '#0003' },
        },
      }),
    );
    const base = ruleOf(css, '[data-node-id="card"]') ?? '';
    expect(base).toContain('border-width: 2px !important;');
    expect(base).toContain('border-style: solid !important;');
    expect(base).toContain('border-top-left-radius: 16px !important;');
    expect(base).toContain('border-bottom-right-radius: 4px !important;');
    expect(base).toContain('box-shadow: 0 12px 16px -4px');
    expect(ruleOf(css, '[data-node-id="card"]', MOBILE)).toBe('box-shadow: 0 2px 12px 0 #0003 !important;');
  });

  it('[S11] layout: a container becomes a flex box; Columns stay a grid; equal height stretches children and their only child', () => {
    const css = styleToCss(
      page({
        hero: {
          base: { direction: 'row', gap: '24px', justifyContent: 'between', alignItems: 'center', wrap: true },
          mobile: { direction: 'column' },
        },
        cols: { base: { gap: '32px', equalHeight: true } },
      }),
    );
    const hero = ruleOf(css, '[data-node-id="hero"]') ?? '';
    for (const d of [
      'display: flex',
      'flex-direction: row',
      'gap: 24px',
      'justify-content: space-between',
      'align-items: center',
      'flex-wrap: wrap',
    ]) {
      expect(hero).toContain(`${d} !important;`);
    }
    expect(ruleOf(css, '[data-node-id="hero"]', MOBILE)).toContain('flex-direction: column !important;');
    const cols = ruleOf(css, '[data-node-id="cols"]') ?? '';
    expect(cols).not.toContain('display');
    expect(cols).toContain('align-items: stretch !important;');
    expect(ruleOf(css, '[data-node-id="cols"] > * > :only-child')).toContain('height: 100%;');
    // Off again on phones, where the columns stack.
    const off = styleToCss(page({ cols: { base: { equalHeight: true }, mobile: { equalHeight: false } } }));
    expect(ruleOf(off, '[data-node-id="cols"] > *', MOBILE)).toBe('align-self: auto !important;');
    expect(ruleOf(off, '[data-node-id="cols"] > * > :only-child', MOBILE)).toBe('height: auto;');
  });

  it('[S13] a document that is not even well formed prints the theme and nothing else, without throwing', () => {
    const doc = page() as unknown as { components: Record<string, unknown> };
    doc.components.title = { id: 'title', type: 'Heading', children: 'x' };
    doc.components.hero = null;
    const css = styleToCss(doc as unknown as PageDocument);
    expect(css).toContain('--theme-primary: #2563eb;');
    expect(css).not.toContain('[data-node-id="title"] {');
    expect(css).not.toContain('[data-node-id="hero"] {');
  });

  it('[S11] full bleed: edge-to-edge margins, the content padded back to the parent width; off again on mobile', () => {
    const css = styleToCss(page({ hero: { base: { fullBleed: true, paddingLeft: '32px' }, mobile: { fullBleed: false } } }));
    const base = ruleOf(css, '[data-node-id="hero"]') ?? '';
    expect(base).toContain('margin-right: calc(50% - 50vw) !important;');
    expect(base).toContain('padding-left: calc(50vw - 50% + 32px) !important;');
    expect(base).toContain('padding-right: calc(50vw - 50% + 24px) !important;');
    const mobile = ruleOf(css, '[data-node-id="hero"]', MOBILE) ?? '';
    expect(mobile).toContain('margin-left: 0 !important;');
    expect(mobile).toContain('padding-left: 32px !important;');
    // The window never scrolls sideways for a scrollbar's width; only pages that bleed say so, and never in an editor frame.
    expect(ruleOf(css, 'html, body')).toBe('overflow-x: clip;');
    expect(ruleOf(styleToCss(page()), 'html, body')).toBeNull();
    expect(ruleOf(styleToCss(page({ hero: { base: { fullBleed: true } } }), { container: 'canvas' }), 'html, body')).toBeNull();
  });

  it('[S2] mobile inherits tablet: composites at mobile are rebuilt from base, then tablet, then mobile', () => {
    const css = styleToCss(page({ hero: { base: { fullBleed: true }, tablet: { paddingLeft: '16px' }, mobile: { paddingRight: '8px' } } }));
    expect(ruleOf(css, '[data-node-id="hero"]', TABLET)).toContain('padding-left: calc(50vw - 50% + 16px) !important;');
    const mobile = ruleOf(css, '[data-node-id="hero"]', MOBILE) ?? '';
    expect(mobile).toContain('padding-left: calc(50vw - 50% + 16px) !important;');
    expect(mobile).toContain('padding-right: calc(50vw - 50% + 8px) !important;');
  });

  it('[S12] every page works on a phone: Columns stack, long words wrap, images scale down', () => {
    const css = styleToCss(page());
    expect(ruleOf(css, '[data-node-id="root"] .tp-columns', MOBILE)).toBe('grid-template-columns: minmax(0, 1fr);');
    expect(ruleOf(css, '[data-node-id="root"] .tp-heading')).toContain('overflow-wrap: anywhere;');
    expect(ruleOf(css, '[data-node-id="root"] :is(.tp-text, .tp-list, .tp-link)')).toBe('overflow-wrap: anywhere;');
    expect(ruleOf(css, '[data-node-id="root"] img')).toBe('max-width: 100%;\n  height: auto;');
    // And a heading's colour is inherited, so colouring a dark Section makes its heading readable.
    expect(ruleOf(css, '[data-node-id="root"] .tp-heading')).toContain('color: inherit;');
  });

  it('[S8] rules follow page order and survive an unreachable or cyclic document without looping', () => {
    const doc = page({ title: { base: { opacity: 0.5 } }, hero: { base: { opacity: 0.9 } } });
    expect(styleToCss(doc).indexOf('[data-node-id="hero"] {')).toBeLessThan(styleToCss(doc).indexOf('[data-node-id="title"] {'));
    (doc.components.title as { children: string[] }).children = ['hero'];
    expect(styleToCss(doc)).toContain('opacity: 0.5 !important;');
  });
});
