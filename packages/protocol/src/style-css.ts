/**
 * `styleToCss(doc)`: a page's generated stylesheet (SPEC S8–S11). Pure: the
 * same document gives the same text, in the canvas, the preview and published
 * output. Every value is re-checked against the grammar (style.ts) before it is
 * printed, so even a document that skipped validation cannot inject CSS; a
 * value that fails is left out.
 */
import type { PageDocument } from './document.ts';
import { hasOwn, isPlainObject } from './json.ts';
import { getDefinition } from './registry.ts';
import {
  BREAKPOINT_MAX_WIDTH,
  DEFAULT_THEME,
  FONT_STACKS,
  isStyleValue,
  isThemeValue,
  SHADOW_PRESETS,
  type StyleKey,
  type StyleScalar,
  type StyleScope,
  THEME_KEYS,
  type Theme,
} from './style.ts';

export interface StyleCssOptions {
  /**
   * S9: answer breakpoints with `@container <name>` instead of `@media`, for an
   * editor that shows the page in a frame narrower than the window (the canvas
   * is the container `canvas`). Full bleed then uses `cqw` instead of `vw`.
   */
  container?: string;
}

type Values = Partial<Record<StyleKey, StyleScalar>>;

const COMPONENT_ID = /^[A-Za-z_][A-Za-z0-9_-]{0,127}$/;
const CONTAINER_NAME = /^[a-z][a-z0-9-]{0,31}$/;
/** S10: the attribute the renderer puts on each component's root element. */
export const styleSelector = (id: string): string => `[data-node-id="${id}"]`;

const FLEX = { start: 'flex-start', center: 'center', end: 'flex-end', stretch: 'stretch', baseline: 'baseline' } as const;
const JUSTIFY = {
  start: 'flex-start',
  center: 'center',
  end: 'flex-end',
  between: 'space-between',
  around: 'space-around',
  evenly: 'space-evenly',
} as const;

/** Keys that are one CSS property each, printed as they are. */
const SIMPLE: readonly (readonly [StyleKey, string])[] = [
  ['marginTop', 'margin-top'],
  ['marginBottom', 'margin-bottom'],
  ['width', 'width'],
  ['maxWidth', 'max-width'],
  ['minHeight', 'min-height'],
  ['gap', 'gap'],
  ['fontSize', 'font-size'],
  ['fontWeight', 'font-weight'],
  ['lineHeight', 'line-height'],
  ['letterSpacing', 'letter-spacing'],
  ['color', 'color'],
  ['textAlign', 'text-align'],
  ['textTransform', 'text-transform'],
  ['backgroundColor', 'background-color'],
  ['backgroundSize', 'background-size'],
  ['backgroundPosition', 'background-position'],
  ['borderWidth', 'border-width'],
  ['borderStyle', 'border-style'],
  ['borderColor', 'border-color'],
  ['radiusTopLeft', 'border-top-left-radius'],
  ['radiusTopRight', 'border-top-right-radius'],
  ['radiusBottomRight', 'border-bottom-right-radius'],
  ['radiusBottomLeft', 'border-bottom-left-radius'],
  ['paddingTop', 'padding-top'],
  ['paddingBottom', 'padding-bottom'],
  ['opacity', 'opacity'],
];

const font = (key: string): string =>
  key === 'theme-heading'
    ? 'var(--theme-heading-font)'
    : key === 'theme-body'
      ? 'var(--theme-body-font)'
      : FONT_STACKS[key as keyof typeof FONT_STACKS];

/** The checked values of one breakpoint of a component's style (anything off-grammar dropped). */
function cleanValues(raw: unknown, scope: StyleScope): Values {
  const out: Values = {};
  if (!isPlainObject(raw)) return out;
  for (const [key, value] of Object.entries(raw)) {
    if (isStyleValue(key, value, scope)) out[key as StyleKey] = value as StyleScalar;
  }
  return out;
}

/**
 * The declarations for `own` (the values a breakpoint sets), given `all` (what
 * is in force there: base, then tablet, then mobile). Composite properties
 * (gradient over image, custom shadow, full bleed) are rebuilt from `all`
 * whenever one of their parts is set at this breakpoint.
 */
function declarations(own: Values, all: Values, type: string, bleedUnit: string): string[] {
  const out: string[] = [];
  if (isEmpty(own)) return out;
  const put = (property: string, value: StyleScalar) => out.push(`${property}: ${value} !important`);
  const has = (...keys: StyleKey[]) => keys.some((k) => own[k] !== undefined);
  for (const [key, property] of SIMPLE) if (own[key] !== undefined) put(property, own[key] as StyleScalar);

  // Full bleed (S11): the background reaches the frame's edges, the content keeps the parent's width.
  const bleed = all.fullBleed === true;
  if (has('fullBleed', 'marginLeft', 'marginRight', 'paddingLeft', 'paddingRight')) {
    if (bleed) {
      put('margin-left', `calc(50% - 50${bleedUnit})`);
      put('margin-right', `calc(50% - 50${bleedUnit})`);
      put('padding-left', `calc(50${bleedUnit} - 50% + ${all.paddingLeft ?? '24px'})`);
      put('padding-right', `calc(50${bleedUnit} - 50% + ${all.paddingRight ?? '24px'})`);
    } else {
      for (const [key, property] of [
        ['marginLeft', 'margin-left'],
        ['marginRight', 'margin-right'],
        ['paddingLeft', 'padding-left'],
        ['paddingRight', 'padding-right'],
      ] as const) {
        if (all[key] !== undefined) put(property, all[key]);
        // Bleed turned off at a narrower screen: undo the earlier breakpoint's margins, keep a Section's usual padding.
        else if (own.fullBleed === false) put(property, property.startsWith('margin') ? '0' : '24px');
      }
    }
  }

  if (has('fontFamily') && typeof own.fontFamily === 'string') put('font-family', font(own.fontFamily));

  // Layout: Columns stay a grid (gap and alignment apply as they are); other containers become flex boxes.
  if (has('direction') && type !== 'Columns') {
    put('display', 'flex');
    put('flex-direction', own.direction as string);
  }
  if (has('wrap')) put('flex-wrap', own.wrap === true ? 'wrap' : 'nowrap');
  if (has('alignItems')) put('align-items', FLEX[own.alignItems as keyof typeof FLEX]);
  if (has('justifyContent')) put('justify-content', JUSTIFY[own.justifyContent as keyof typeof JUSTIFY]);
  if (own.equalHeight === true) put('align-items', 'stretch');

  if (has('gradientFrom', 'gradientTo', 'gradientAngle', 'backgroundImage')) {
    const layers: string[] = [];
    if (all.gradientFrom !== undefined && all.gradientTo !== undefined) {
      layers.push(`linear-gradient(${all.gradientAngle ?? 180}deg, ${all.gradientFrom}, ${all.gradientTo})`);
    }
    if (all.backgroundImage !== undefined) layers.push(`url("${all.backgroundImage}")`);
    put('background-image', layers.length > 0 ? layers.join(', ') : 'none');
    if (all.backgroundImage !== undefined && all.backgroundSize === undefined) put('background-size', 'cover');
    if (all.backgroundImage !== undefined && all.backgroundPosition === undefined) put('background-position', 'center');
  }
  if (has('borderWidth') && all.borderStyle === undefined) put('border-style', 'solid');

  if (has('shadow', 'shadowX', 'shadowY', 'shadowBlur', 'shadowSpread', 'shadowColor') && all.shadow !== undefined) {
    put(
      'box-shadow',
      all.shadow === 'custom'
        ? `${all.shadowX ?? '0'} ${all.shadowY ?? '4px'} ${all.shadowBlur ?? '12px'} ${all.shadowSpread ?? '0'} ${all.shadowColor ?? 'rgba(16, 24, 40, 0.16)'}`
        : SHADOW_PRESETS[all.shadow as keyof typeof SHADOW_PRESETS],
    );
  }
  return out;
}

function isEmpty(values: object): boolean {
  for (const _ in values) return false;
  return true;
}

function rule(selector: string, decls: string[]): string {
  return decls.length === 0 ? '' : `${selector} {\n${decls.map((d) => `  ${d};\n`).join('')}}\n`;
}

/** The components in page order (depth first from the root), each once, whatever the document holds. */
function pageOrder(doc: PageDocument): string[] {
  const order: string[] = [];
  const seen = new Set<string>();
  const stack = [doc.rootId];
  while (stack.length > 0) {
    const id = stack.pop() as string;
    if (seen.has(id) || !hasOwn(doc.components, id)) continue;
    seen.add(id);
    order.push(id);
    const children = doc.components[id]?.children ?? [];
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i] as string);
  }
  return order;
}

/**
 * S8: the page's stylesheet. First the theme (custom properties on the root)
 * and the defaults that make any page work on a phone (S12), then one rule per
 * styled component at the base, then the tablet and the mobile overrides inside
 * their breakpoint, in that order, so a narrower screen's value wins.
 */
export function styleToCss(doc: PageDocument, options: StyleCssOptions = {}): string {
  const container = options.container !== undefined && CONTAINER_NAME.test(options.container) ? options.container : null;
  const at = (bp: 'tablet' | 'mobile') => `${container ? `@container ${container}` : '@media'} (max-width: ${BREAKPOINT_MAX_WIDTH[bp]}px)`;
  const bleedUnit = container ? 'cqw' : 'vw';
  const rootId = COMPONENT_ID.test(doc.rootId) ? doc.rootId : null;
  if (rootId === null) return '';
  const root = styleSelector(rootId);

  const theme: Required<Theme> = { ...DEFAULT_THEME };
  const rawTheme = doc.components[rootId]?.props?.theme;
  if (isPlainObject(rawTheme)) {
    for (const key of THEME_KEYS) if (isThemeValue(key, rawTheme[key])) theme[key] = rawTheme[key] as string;
  }

  let css = rule(root, [
    `--theme-primary: ${theme.primary}`,
    `--theme-text: ${theme.text}`,
    `--theme-muted: ${theme.muted}`,
    `--theme-surface: ${theme.surface}`,
    `--theme-heading-font: ${font(theme.headingFont)}`,
    `--theme-body-font: ${font(theme.bodyFont)}`,
    'color: var(--theme-text)',
    'font-family: var(--theme-body-font)',
  ]);
  // S12: headings follow the theme and inherit colour (so a heading on a dark Section can be made light
  // by colouring the Section); text wraps long words; images never overflow; buttons use the primary.
  css += rule(`${root} .tp-heading`, ['color: inherit', 'font-family: var(--theme-heading-font)', 'overflow-wrap: anywhere']);
  css += rule(`${root} .tp-heading--6`, ['color: var(--theme-muted)']);
  css += rule(`${root} :is(.tp-text, .tp-list, .tp-link)`, ['overflow-wrap: anywhere']);
  css += rule(`${root} img`, ['max-width: 100%', 'height: auto']);
  css += rule(`${root} .tp-image, ${root} .tp-image__placeholder`, ['max-width: 100%']);
  css += rule(`${root} .tp-button--primary`, ['background-color: var(--theme-primary)', 'border-color: var(--theme-primary)']);

  const base: string[] = [];
  const tablet: string[] = [];
  const mobile: string[] = [];
  let bleeds = false;
  for (const id of pageOrder(doc)) {
    const node = doc.components[id];
    const def = node ? getDefinition(node.type) : undefined;
    const style = node?.props?.style;
    // Most components carry an empty style: skip them before any work.
    if (!node || !isPlainObject(style) || isEmpty(style)) continue;
    if (!def || !COMPONENT_ID.test(id)) continue;
    const scope: StyleScope = { container: def.acceptsChildren, section: node.type === 'Section' };
    const b = cleanValues(style.base, scope);
    const t = cleanValues(style.tablet, scope);
    const m = cleanValues(style.mobile, scope);
    const selector = styleSelector(id);
    bleeds ||= b.fullBleed === true || t.fullBleed === true || m.fullBleed === true;
    base.push(rule(selector, declarations(b, b, node.type, bleedUnit)));
    tablet.push(rule(selector, declarations(t, { ...b, ...t }, node.type, bleedUnit)));
    mobile.push(rule(selector, declarations(m, { ...b, ...t, ...m }, node.type, bleedUnit)));
    // S11: equal-height children: each child stretches, and a child's only child fills it (a Card in a Column);
    // turned off at a narrower breakpoint, both go back to their own height.
    for (const [values, into] of [
      [b, base],
      [t, tablet],
      [m, mobile],
    ] as const) {
      if (values.equalHeight === true) {
        into.push(rule(`${selector} > *`, ['align-self: stretch !important']));
        into.push(rule(`${selector} > * > :only-child`, ['height: 100%', 'box-sizing: border-box']));
      } else if (values.equalHeight === false && into !== base) {
        into.push(rule(`${selector} > *`, ['align-self: auto !important']));
        into.push(rule(`${selector} > * > :only-child`, ['height: auto']));
      }
    }
  }
  // S11: 100vw counts a classic scrollbar, so a full-bleed Section would scroll the window sideways by its width.
  if (bleeds && !container) css += rule('html, body', ['overflow-x: clip']);
  css += base.join('');
  const tabletCss = tablet.join('');
  if (tabletCss) css += `${at('tablet')} {\n${indent(tabletCss)}}\n`;
  // S12: Columns stack on phones.
  const mobileCss = rule(`${root} .tp-columns`, ['grid-template-columns: minmax(0, 1fr)']) + mobile.join('');
  css += `${at('mobile')} {\n${indent(mobileCss)}}\n`;
  return css;
}

const indent = (text: string): string =>
  text
    .split('\n')
    .map((line) => (line ? `  ${line}` : line))
    .join('\n');
