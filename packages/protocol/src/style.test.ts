import { describe, expect, it } from 'vitest';
import {
  applyDocumentPatch,
  checkStyle,
  checkTheme,
  defaultProps,
  isColor,
  isImageUrl,
  isLength,
  type PageDocument,
  STYLE_KEYS,
  styleToCss,
  validateDocument,
} from './index.ts';

const leaf = { container: false, section: false };
const box = { container: true, section: false };
const section = { container: true, section: true };

function page(): PageDocument {
  return {
    rootId: 'root',
    components: {
      root: { id: 'root', type: 'Page', props: defaultProps('Page'), children: ['hero'] },
      hero: { id: 'hero', type: 'Section', props: defaultProps('Section'), children: ['title'] },
      title: { id: 'title', type: 'Heading', props: defaultProps('Heading'), children: [] },
    },
  };
}

/** What a peer might write to break out of a CSS value, a rule or the `<style>` element. */
const HOSTILE = [
  'url(javascript:alert(1))',
  'javascript:alert(1)',
  'expression(alert(1))',
  '</style><script>alert(1)</script>',
  '1px;}body{display:none',
  'red;}',
  '1px; background: url(https://evil.example/x)',
  '\\75rl(javascript:alert(1))',
  '\\3c/style>',
  '#fff\\;',
  '"',
  "'",
  '/* */',
  '1px !important',
  '@import "https://evil.example/x.css"',
  'var(--theme-primary);}',
  'rgb(1, 2, 3);color:red',
  '#fff\n}',
];

describe('style grammar', () => {
  it('[S1] every component type has a style field, empty by default; the Page has a theme', () => {
    for (const type of [
      'Page',
      'Section',
      'Heading',
      'Text',
      'Button',
      'Image',
      'Columns',
      'Column',
      'Card',
      'Link',
      'List',
      'Divider',
      'Spacer',
    ]) {
      expect(defaultProps(type).style).toEqual({});
    }
    expect(defaultProps('Page').theme).toEqual({});
    // Each call gets its own object, so one component's edit never reaches another's defaults.
    expect(defaultProps('Text').style).not.toBe(defaultProps('Text').style);
  });

  it('[S1] a style is an object of breakpoints, each an object of known keys', () => {
    expect(checkStyle({}, leaf)).toBeNull();
    expect(checkStyle({ base: { color: '#fff' }, tablet: {}, mobile: { fontSize: '14px' } }, leaf)).toBeNull();
    expect(checkStyle(null, leaf)).toMatch(/object/);
    expect(checkStyle([], leaf)).toMatch(/object/);
    expect(checkStyle({ desktop: {} }, leaf)).toMatch(/unknown breakpoint/);
    expect(checkStyle({ base: [] }, leaf)).toMatch(/must be an object/);
    expect(checkStyle({ base: { colour: '#fff' } }, leaf)).toMatch(/unknown style key "colour"/);
    expect(checkStyle({ base: { __proto__: '#fff' } }, leaf)).toBeNull(); // an object literal's __proto__ sets the prototype, not a key
    expect(checkStyle(JSON.parse('{"base":{"__proto__":"#fff"}}'), leaf)).toMatch(/unknown style key/);
    expect(checkStyle({ base: { toString: '#fff' } }, leaf)).toMatch(/unknown style key/);
  });

  it('[S3] lengths: 0 or a number of at most 4 digits and 3 decimals with a listed unit', () => {
    for (const ok of ['0', '12px', '1.5rem', '.5em', '100%', '50vw', '80vh', '9999px', '0.125rem']) expect(isLength(ok), ok).toBe(true);
    for (const bad of [
      '12',
      '12 px',
      '12PX',
      '1e3px',
      '10000px',
      '1.2345rem',
      'px',
      '-4px',
      '12pt',
      'calc(1px)',
      '+1px',
      ' 1px',
      12,
      null,
    ]) {
      expect(isLength(bad), String(bad)).toBe(false);
    }
    expect(isLength('-4px', { negative: true })).toBe(true);
    expect(isLength('auto', { keywords: ['auto'] })).toBe(true);
  });

  it('[S3] colours: #hex, rgb()/rgba() with channels up to 255, transparent, theme references', () => {
    for (const ok of [
      '#fff',
      '#FFFA',
      '#0f172a',
      '#0f172a80',
      'rgb(1, 2, 3)',
      'rgb(255,255,255)',
      'rgba(0, 0, 0, 0.5)',
      'rgba(0,0,0,1)',
      'transparent',
      'var(--theme-primary)',
      'var(--theme-muted)',
    ]) {
      expect(isColor(ok), ok).toBe(true);
    }
    for (const bad of [
      'red',
      '#ff',
      '#fffff',
      'rgb(256, 0, 0)',
      'rgb(1 2 3)',
      'rgba(0,0,0,1.5)',
      'var(--theme-accent)',
      'var(--x)',
      'hsl(0 0% 0%)',
      '',
      3,
    ]) {
      expect(isColor(bad), String(bad)).toBe(false);
    }
    expect(isColor('var(--theme-text)', { themeRefs: false })).toBe(false);
  });

  it('[S3] numbers, enums and booleans are exactly the listed ones', () => {
    expect(checkStyle({ base: { fontWeight: 700, lineHeight: 1.4, opacity: 0.5, gradientAngle: 90 } }, leaf)).toBeNull();
    expect(checkStyle({ base: { fontWeight: 750 } }, leaf)).toMatch(/fontWeight/);
    expect(checkStyle({ base: { fontWeight: '700' } }, leaf)).toMatch(/fontWeight/);
    expect(checkStyle({ base: { opacity: 2 } }, leaf)).toMatch(/opacity/);
    expect(checkStyle({ base: { opacity: Number.NaN } }, leaf)).toMatch(/opacity/);
    expect(checkStyle({ base: { textAlign: 'middle' } }, leaf)).toMatch(/textAlign/);
    expect(checkStyle({ base: { fontFamily: 'Comic Sans MS' } }, leaf)).toMatch(/fontFamily/);
    expect(checkStyle({ base: { fontFamily: 'theme-heading' } }, leaf)).toBeNull();
    expect(checkStyle({ base: { wrap: 'yes' } }, box)).toMatch(/wrap/);
  });

  it('[S4] image URLs: https, relative and data:image only', () => {
    for (const ok of [
      'https://images.example.com/a.png?w=800&h=600#x',
      '/assets/abc123',
      'img/hero.webp',
      '../a.jpg',
      'HTTPS://EXAMPLE.COM/A.PNG',
      'data:image/png;base64,iVBORw0KGgo=',
    ]) {
      expect(isImageUrl(ok), ok).toBe(true);
    }
    for (const bad of [
      'http://example.com/a.png',
      'javascript:alert(1)',
      'JAVASCRIPT:alert(1)',
      'data:text/html;base64,PHNjcmlwdD4=',
      'data:image/svg+xml;base64,PHN2Zz4=',
      'data:image/png,raw',
      '//evil.example/a.png',
      'https:evil.example',
      'vbscript:x',
      'a.png") ; x',
      'a.png)',
      "a.png'",
      'a b.png',
      'a\\b.png',
      'a.png;}',
      '<x>',
      '',
      `https://example.com/${'a'.repeat(2048)}`,
      `data:image/png;base64,${'A'.repeat(40_000)}`,
    ]) {
      expect(isImageUrl(bad), bad.slice(0, 60)).toBe(false);
    }
  });

  it('[S6] layout keys only on containers, full bleed only on Sections', () => {
    expect(checkStyle({ base: { direction: 'row', gap: '8px', equalHeight: true } }, box)).toBeNull();
    expect(checkStyle({ base: { direction: 'row' } }, leaf)).toMatch(/only to containers/);
    expect(checkStyle({ base: { fullBleed: true } }, box)).toMatch(/only to Sections/);
    expect(checkStyle({ base: { fullBleed: true } }, section)).toBeNull();
  });

  it('[S7] a theme holds literal colours and font stacks under its six keys', () => {
    expect(checkTheme({})).toBeNull();
    expect(
      checkTheme({
        primary: '#0f766e',
        text: '#111',
        muted: 'rgb(100, 100, 100)',
        surface: '#fff',
        headingFont: 'didone',
        bodyFont: 'humanist',
      }),
    ).toBeNull();
    expect(checkTheme({ accent: '#fff' })).toMatch(/unknown key/);
    expect(checkTheme({ primary: 'var(--theme-text)' })).toMatch(/colour/);
    expect(checkTheme({ headingFont: 'theme-body' })).toMatch(/must be one of/);
    expect(checkTheme('dark')).toMatch(/object/);
  });

  it('[S13] no hostile string is a valid value of any key', () => {
    for (const key of Object.keys(STYLE_KEYS)) {
      for (const value of HOSTILE) {
        expect(checkStyle({ base: { [key]: value } }, section), `${key}: ${value}`).not.toBeNull();
      }
    }
    for (const key of ['primary', 'text', 'muted', 'surface', 'headingFont', 'bodyFont']) {
      for (const value of HOSTILE) expect(checkTheme({ [key]: value }), `${key}: ${value}`).not.toBeNull();
    }
  });

  it('[S13] a document whose style escapes is refused as schema-violation and changes nothing', () => {
    const doc = page();
    for (const value of HOSTILE) {
      for (const [path, key] of [
        ['/components/title/props/style/base', 'color'],
        ['/components/hero/props/style/mobile', 'backgroundImage'],
      ] as const) {
        const result = applyDocumentPatch(doc, [{ op: 'add', path, value: { [key]: value } }]);
        expect(result.ok, `${path} = ${value}`).toBe(false);
        if (!result.ok) expect(result.error.code).toBe('schema-violation');
      }
    }
    expect(validateDocument(doc)).toEqual([]);
    expect(doc.components.title?.props.style).toEqual({});
  });

  it('[S13] styleToCss prints nothing hostile even from a document that skipped validation', () => {
    const doc = page();
    const values: Record<string, string> = {};
    HOSTILE.forEach((value, i) => {
      const keys = Object.keys(STYLE_KEYS);
      values[keys[i % keys.length] as string] = value;
    });
    (doc.components.hero as { props: Record<string, unknown> }).props.style = {
      base: values,
      mobile: { backgroundImage: 'javascript:alert(1)', color: '</style>' },
    };
    (doc.components.root as { props: Record<string, unknown> }).props.theme = { primary: 'red;}', bodyFont: '</style>' };
    const css = styleToCss(doc);
    for (const bad of ['javascript', 'expression', '</style', '\\', 'evil', '@import', ';}', 'red']) expect(css).not.toContain(bad);
    // Braces balance: no rule was closed early or left open.
    expect(css.split('{').length).toBe(css.split('}').length);
  });
});
