/**
 * The style system's grammar (SPEC S1–S8): what a component's `style` prop and
 * the Page's `theme` prop may hold. Every value is a JSON scalar checked against
 * a closed grammar (numbers with listed units, #hex/rgb()/theme colours, enums,
 * image URLs under one policy), so that `styleToCss` can paste a valid value
 * into CSS as it is: nothing a peer writes can close a string, a declaration,
 * a rule or the `<style>` element.
 */
import { hasOwn, isPlainObject } from './json.ts';

/** S2: desktop is the base; tablet applies at <= 1024 px, mobile at <= 640 px (mobile also gets tablet's overrides). */
export const BREAKPOINTS = ['base', 'tablet', 'mobile'] as const;
export type Breakpoint = (typeof BREAKPOINTS)[number];
export const BREAKPOINT_MAX_WIDTH = { tablet: 1024, mobile: 640 } as const;

export type StyleScalar = string | number | boolean;
export type StyleValues = Partial<Record<StyleKey, StyleScalar>>;
export type StyleValue = Partial<Record<Breakpoint, StyleValues>>;

// ---- S3: the value grammar ----

/** The units a length may use (LENGTH below spells the same list). */
export const LENGTH_UNITS = ['px', 'rem', 'em', '%', 'vw', 'vh'] as const;
/** Up to 4 integer digits and 3 decimals: large enough for any layout, small enough to print as written. */
const LENGTH = /^(-?)(?:\d{1,4}(?:\.\d{1,3})?|\.\d{1,3})(px|rem|em|%|vw|vh)$/;

export function isLength(value: unknown, { negative = false, keywords = [] as readonly string[] } = {}): value is string {
  if (typeof value !== 'string') return false;
  if (value === '0' || keywords.includes(value)) return true;
  const m = LENGTH.exec(value);
  return m !== null && (negative || m[1] === '');
}

/** The theme's colours, referenced as `var(--theme-<name>)`. */
export const THEME_COLORS = ['primary', 'text', 'muted', 'surface'] as const;
export type ThemeColor = (typeof THEME_COLORS)[number];

const HEX = /^#(?:[0-9a-fA-F]{3,4}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})$/;
const RGB = /^rgba?\((\d{1,3}), ?(\d{1,3}), ?(\d{1,3})(?:, ?(0|1|0?\.\d{1,3}))?\)$/;
const THEME_REF = /^var\(--theme-(primary|text|muted|surface)\)$/;

/** `#hex`, `rgb(r, g, b)` / `rgba(r, g, b, a)` with channels 0–255 and alpha 0–1, `transparent`, or a theme colour (when allowed). */
export function isColor(value: unknown, { themeRefs = true } = {}): value is string {
  if (typeof value !== 'string') return false;
  if (value === 'transparent' || HEX.test(value)) return true;
  const rgb = RGB.exec(value);
  if (rgb) return [rgb[1], rgb[2], rgb[3]].every((c) => Number(c) <= 255);
  return themeRefs && THEME_REF.test(value);
}

const MAX_DATA_URL = 32_768;
const MAX_IMAGE_URL = 2_048;
const DATA_IMAGE = /^data:image\/(?:png|jpeg|gif|webp|avif);base64,[A-Za-z0-9+/]+={0,2}$/;
/**
 * Characters an https or relative image URL may use: RFC 3986's unreserved,
 * sub-delims and `%`, minus everything that means something to CSS inside
 * `url("…")` or to HTML around a `<style>` element: quotes, parentheses,
 * backslash, whitespace, `;`, `{`, `}`, `<`, `>`.
 */
const URL_CHARS = /^[A-Za-z0-9\-._~:/?#[\]@!$&*+,=%]+$/;

/**
 * S4: the image URL policy. `https:` URLs, relative URLs (`/assets/…`, `img/a.png`;
 * never `//host`), and `data:image/{png,jpeg,gif,webp,avif};base64,…`; nothing else.
 */
export function isImageUrl(value: unknown): value is string {
  if (typeof value !== 'string' || value === '') return false;
  if (value.startsWith('data:')) return value.length <= MAX_DATA_URL && DATA_IMAGE.test(value);
  if (value.length > MAX_IMAGE_URL || !URL_CHARS.test(value)) return false;
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(value);
  if (scheme) return scheme[1]?.toLowerCase() === 'https' && value.slice(6, 8) === '//';
  return !value.startsWith('//');
}

// ---- S5: fonts, from a curated set of system stacks and three bundled fonts (nothing is downloaded from elsewhere) ----

export const FONT_STACKS = {
  system: "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif",
  'neo-grotesque': "Inter, Roboto, 'Helvetica Neue', 'Arial Nova', 'Nimbus Sans', Arial, sans-serif",
  humanist: "Seravek, 'Gill Sans Nova', Ubuntu, Calibri, 'DejaVu Sans', source-sans-pro, sans-serif",
  geometric: "Avenir, Montserrat, Corbel, 'URW Gothic', source-sans-pro, sans-serif",
  rounded: "ui-rounded, 'Hiragino Maru Gothic ProN', Quicksand, Comfortaa, Manjari, 'Arial Rounded MT', Calibri, sans-serif",
  transitional: "Charter, 'Bitstream Charter', 'Sitka Text', Cambria, serif",
  'old-style': "'Iowan Old Style', 'Palatino Linotype', 'URW Palladio L', P052, serif",
  didone: "Didot, 'Bodoni MT', 'Noto Serif Display', 'URW Palladio L', P052, Sylfaen, serif",
  slab: "Rockwell, 'Rockwell Nova', 'Roboto Slab', 'DejaVu Serif', 'Sitka Small', serif",
  mono: "ui-monospace, 'Cascadia Code', 'Source Code Pro', Menlo, Consolas, 'DejaVu Sans Mono', monospace",
  handwritten: "'Segoe Print', 'Bradley Hand', Chilanka, TSCu_Comic, casual, cursive",
  // Bundled with Tandem (packages/render/fonts, served at /fonts/): the same letters on every visitor's screen.
  inter: "'Inter Variable', Inter, system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif",
  lora: "'Lora Variable', Lora, Georgia, Cambria, 'Times New Roman', serif",
  'jetbrains-mono': "'JetBrains Mono Variable', 'JetBrains Mono', ui-monospace, Menlo, Consolas, monospace",
} as const;
export type FontKey = keyof typeof FONT_STACKS;
/** A component's font: one of the stacks, or the theme's heading or body font. */
export const FONT_KEYS = [...(Object.keys(FONT_STACKS) as FontKey[]), 'theme-heading', 'theme-body'] as const;

export const SHADOW_PRESETS = {
  none: 'none',
  sm: '0 1px 2px rgba(16, 24, 40, 0.06), 0 1px 3px rgba(16, 24, 40, 0.1)',
  md: '0 4px 8px -2px rgba(16, 24, 40, 0.1), 0 2px 4px -2px rgba(16, 24, 40, 0.06)',
  lg: '0 12px 16px -4px rgba(16, 24, 40, 0.08), 0 4px 6px -2px rgba(16, 24, 40, 0.03)',
  xl: '0 24px 48px -12px rgba(16, 24, 40, 0.18)',
} as const;

// ---- S6: the keys a breakpoint may set ----

type Check = (value: unknown) => boolean;
const oneOf =
  (...options: readonly string[]): Check =>
  (v) =>
    typeof v === 'string' && options.includes(v);
const numberIn =
  (min: number, max: number, step?: number): Check =>
  (v) =>
    typeof v === 'number' && Number.isFinite(v) && v >= min && v <= max && (step === undefined || v % step === 0);
const length =
  (negative = false, ...keywords: string[]): Check =>
  (v) =>
    isLength(v, { negative, keywords });
const color: Check = (v) => isColor(v);
const bool: Check = (v) => typeof v === 'boolean';

/** Which components a key applies to: every one, containers only (layout), or Sections only (full bleed). */
type Scope = 'all' | 'container' | 'section';

interface KeySpec {
  check: Check;
  /** What the value must be, for error messages. */
  expects: string;
  group: 'spacing' | 'size' | 'layout' | 'typography' | 'background' | 'border' | 'shadow' | 'effects';
  scope: Scope;
}

const spec = (group: KeySpec['group'], check: Check, expects: string, scope: Scope = 'all'): KeySpec => ({ check, expects, group, scope });
const LEN = 'a length (0, or a number with px, rem, em, %, vw or vh)';
const COLOUR = 'a colour (#hex, rgb(), rgba(), transparent or var(--theme-…))';

export const STYLE_KEYS = {
  marginTop: spec('spacing', length(true, 'auto'), `${LEN}, may be negative, or auto`),
  marginRight: spec('spacing', length(true, 'auto'), `${LEN}, may be negative, or auto`),
  marginBottom: spec('spacing', length(true, 'auto'), `${LEN}, may be negative, or auto`),
  marginLeft: spec('spacing', length(true, 'auto'), `${LEN}, may be negative, or auto`),
  paddingTop: spec('spacing', length(), LEN),
  paddingRight: spec('spacing', length(), LEN),
  paddingBottom: spec('spacing', length(), LEN),
  paddingLeft: spec('spacing', length(), LEN),

  width: spec('size', length(false, 'auto'), `${LEN} or auto`),
  maxWidth: spec('size', length(false, 'none'), `${LEN} or none`),
  minHeight: spec('size', length(), LEN),

  direction: spec('layout', oneOf('row', 'column'), 'row or column', 'container'),
  gap: spec('layout', length(), LEN, 'container'),
  alignItems: spec(
    'layout',
    oneOf('start', 'center', 'end', 'stretch', 'baseline'),
    'start, center, end, stretch or baseline',
    'container',
  ),
  justifyContent: spec(
    'layout',
    oneOf('start', 'center', 'end', 'between', 'around', 'evenly'),
    'start, center, end, between, around or evenly',
    'container',
  ),
  wrap: spec('layout', bool, 'true or false', 'container'),
  equalHeight: spec('layout', bool, 'true or false', 'container'),
  fullBleed: spec('layout', bool, 'true or false', 'section'),

  fontFamily: spec('typography', oneOf(...FONT_KEYS), `one of ${FONT_KEYS.join(', ')}`),
  fontSize: spec('typography', length(), LEN),
  fontWeight: spec('typography', numberIn(100, 900, 100), 'a weight from 100 to 900 in steps of 100'),
  lineHeight: spec('typography', numberIn(0.5, 4), 'a number from 0.5 to 4 (times the font size)'),
  letterSpacing: spec('typography', length(true), `${LEN}, may be negative`),
  color: spec('typography', color, COLOUR),
  textAlign: spec('typography', oneOf('left', 'center', 'right', 'justify'), 'left, center, right or justify'),
  textTransform: spec('typography', oneOf('none', 'uppercase', 'lowercase', 'capitalize'), 'none, uppercase, lowercase or capitalize'),

  backgroundColor: spec('background', color, COLOUR),
  gradientFrom: spec('background', color, COLOUR),
  gradientTo: spec('background', color, COLOUR),
  gradientAngle: spec('background', numberIn(0, 360), 'an angle from 0 to 360 (degrees)'),
  backgroundImage: spec('background', isImageUrl, 'an https, relative or data:image URL (SPEC S4)'),
  backgroundSize: spec('background', oneOf('cover', 'contain', 'auto'), 'cover, contain or auto'),
  backgroundPosition: spec('background', oneOf('center', 'top', 'bottom', 'left', 'right'), 'center, top, bottom, left or right'),

  borderWidth: spec('border', length(), LEN),
  borderStyle: spec('border', oneOf('none', 'solid', 'dashed', 'dotted', 'double'), 'none, solid, dashed, dotted or double'),
  borderColor: spec('border', color, COLOUR),
  radiusTopLeft: spec('border', length(), LEN),
  radiusTopRight: spec('border', length(), LEN),
  radiusBottomRight: spec('border', length(), LEN),
  radiusBottomLeft: spec('border', length(), LEN),

  shadow: spec('shadow', oneOf(...Object.keys(SHADOW_PRESETS), 'custom'), `one of ${Object.keys(SHADOW_PRESETS).join(', ')} or custom`),
  shadowX: spec('shadow', length(true), `${LEN}, may be negative`),
  shadowY: spec('shadow', length(true), `${LEN}, may be negative`),
  shadowBlur: spec('shadow', length(), LEN),
  shadowSpread: spec('shadow', length(true), `${LEN}, may be negative`),
  shadowColor: spec('shadow', color, COLOUR),

  opacity: spec('effects', numberIn(0, 1), 'a number from 0 to 1'),
} as const satisfies Record<string, KeySpec>;
export type StyleKey = keyof typeof STYLE_KEYS;

export function isStyleKey(key: string): key is StyleKey {
  return hasOwn(STYLE_KEYS, key);
}

/** What a component's style may hold: layout keys on containers, full bleed on Sections (S6). */
export interface StyleScope {
  container: boolean;
  section: boolean;
}

/** Whether `value` fits `key` for a component of `scope` (S3, S6). */
export function isStyleValue(key: string, value: unknown, scope: StyleScope): boolean {
  if (!isStyleKey(key)) return false;
  const s: KeySpec = STYLE_KEYS[key];
  if ((s.scope === 'container' && !scope.container) || (s.scope === 'section' && !scope.section)) return false;
  return s.check(value);
}

/** S1: why `value` is not a valid `style` prop for a component of `scope`, or null when it is. */
export function checkStyle(value: unknown, scope: StyleScope): string | null {
  if (!isPlainObject(value)) return 'must be an object of breakpoints (base, tablet, mobile)';
  for (const [bp, values] of Object.entries(value)) {
    if (!(BREAKPOINTS as readonly string[]).includes(bp)) return `has unknown breakpoint "${bp}" (base, tablet or mobile)`;
    if (!isPlainObject(values)) return `.${bp} must be an object`;
    for (const [key, v] of Object.entries(values)) {
      if (!isStyleKey(key)) return `.${bp} has unknown style key "${key}"`;
      const s: KeySpec = STYLE_KEYS[key];
      if (s.scope === 'container' && !scope.container) return `.${bp}.${key} applies only to containers`;
      if (s.scope === 'section' && !scope.section) return `.${bp}.${key} applies only to Sections`;
      if (!s.check(v)) return `.${bp}.${key} must be ${s.expects}`;
    }
  }
  return null;
}

// ---- S7: the page theme ----

export const THEME_KEYS = ['primary', 'text', 'muted', 'surface', 'headingFont', 'bodyFont'] as const;
export type ThemeKey = (typeof THEME_KEYS)[number];
export type Theme = Partial<Record<ThemeKey, string>>;

export const DEFAULT_THEME: Required<Theme> = {
  primary: '#2563eb',
  text: '#0f172a',
  muted: '#475467',
  surface: '#ffffff',
  headingFont: 'system',
  bodyFont: 'system',
};

const isFontStack = (v: unknown): v is FontKey => typeof v === 'string' && hasOwn(FONT_STACKS, v);

/** Whether `value` fits theme key `key`: a literal colour (no theme reference, so no cycles) or a font stack. */
export function isThemeValue(key: string, value: unknown): boolean {
  if (key === 'headingFont' || key === 'bodyFont') return isFontStack(value);
  return (THEME_COLORS as readonly string[]).includes(key) && isColor(value, { themeRefs: false });
}

/** S7: why `value` is not a valid `theme` prop, or null when it is. */
export function checkTheme(value: unknown): string | null {
  if (!isPlainObject(value)) return 'must be an object';
  for (const [key, v] of Object.entries(value)) {
    if (!(THEME_KEYS as readonly string[]).includes(key)) return `has unknown key "${key}"`;
    if (!isThemeValue(key, v)) {
      return key.endsWith('Font')
        ? `.${key} must be one of ${Object.keys(FONT_STACKS).join(', ')}`
        : `.${key} must be a colour (#hex, rgb(), rgba() or transparent)`;
    }
  }
  return null;
}
