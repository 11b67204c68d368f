/**
 * The component registry: which component types exist, which props each takes
 * (with a kind that decides both validation and the editor control), and which
 * may hold children. Server and web read the same table.
 */
import { cloneJson, type Json } from './json.ts';
import { checkStyle, checkTheme, type StyleValue, type Theme } from './style.ts';
import { DEFAULT_PAGE_TITLE } from './title.ts';

export type FieldKind = 'text' | 'textarea' | 'number' | 'select' | 'color' | 'url' | 'boolean' | 'list' | 'style' | 'theme';

interface FieldBase<K extends FieldKind, V> {
  kind: K;
  label: string;
  default: V;
}
export type TextField = FieldBase<'text' | 'textarea', string> & { maxLength?: number };
export type NumberField = FieldBase<'number', number> & { min?: number; max?: number; step?: number; unit?: string };
export type SelectField = FieldBase<'select', string> & { options: readonly { value: string; label: string }[] };
export type ColorField = FieldBase<'color', string>;
/** `image`: the URL names an image, so the editor offers an upload (POST /api/assets) beside it. */
export type UrlField = FieldBase<'url', string> & { image?: boolean };
export type BooleanField = FieldBase<'boolean', boolean>;
export type ListField = FieldBase<'list', string[]> & { maxItems?: number };
/** SPEC S1: a component's style, per breakpoint; `container` allows layout keys, `section` full bleed. */
export type StyleField = FieldBase<'style', StyleValue> & { container: boolean; section: boolean };
/** SPEC S7: the page's theme (colours and fonts that styles reference). */
export type ThemeField = FieldBase<'theme', Theme>;
export type FieldDefinition =
  | TextField
  | NumberField
  | SelectField
  | ColorField
  | UrlField
  | BooleanField
  | ListField
  | StyleField
  | ThemeField;

export interface ComponentDefinition {
  type: string;
  label: string;
  /** Only containers may have children. */
  acceptsChildren: boolean;
  /** When set, the only types this container holds (Columns hold Columns). */
  allowedChildren?: readonly string[];
  /** When set, the most children this container holds. */
  maxChildren?: number;
  /** Only ever the root of a page: no container holds it, and the palette does not offer it. */
  rootOnly?: boolean;
  /** A short hint for the palette. */
  description?: string;
  fields: Readonly<Record<string, FieldDefinition>>;
}

/** Long enough for any real paragraph, short enough that one prop cannot fill a frame. */
const MAX_TEXT = 20_000;
const MAX_URL = 2_048;

const text = (label: string, value = '', long = false): TextField => ({ kind: long ? 'textarea' : 'text', label, default: value });
const num = (label: string, value: number, min: number, max: number, unit?: string): NumberField => ({
  kind: 'number',
  label,
  default: value,
  min,
  max,
  ...(unit ? { unit } : {}),
});
const select = (label: string, value: string, options: readonly string[] | readonly [string, string][]): SelectField => ({
  kind: 'select',
  label,
  default: value,
  options: options.map((o) =>
    typeof o === 'string' ? { value: o, label: o[0]?.toUpperCase() + o.slice(1) } : { value: o[0], label: o[1] },
  ),
});
const color = (label: string, value = ''): ColorField => ({ kind: 'color', label, default: value });
const url = (label: string, value = ''): UrlField => ({ kind: 'url', label, default: value });
const bool = (label: string, value = false): BooleanField => ({ kind: 'boolean', label, default: value });
/** A list whose items are `first | second` pairs (see pairs() in the renderer). */
const pairList = (label: string, value: string[], maxItems: number): ListField => ({ kind: 'list', label, default: value, maxItems });

/** An Image's frame shapes (`auto`: the picture's own proportions); the renderer turns `4:3` into `aspect-ratio: 4 / 3`. */
export const IMAGE_ASPECT_RATIOS: readonly [string, string][] = [
  ['auto', 'Original'],
  ['1:1', 'Square (1:1)'],
  ['4:3', '4:3'],
  ['3:2', '3:2'],
  ['16:9', 'Wide (16:9)'],
];

/** The Feature component's built-in icons (drawn by the renderer; no peer-supplied SVG). */
export const FEATURE_ICONS = ['bolt', 'shield', 'chart', 'users', 'globe', 'heart', 'star', 'clock', 'lock', 'sparkles'] as const;

const align = () =>
  select('Alignment', 'left', [
    ['left', 'Left'],
    ['center', 'Centre'],
    ['right', 'Right'],
  ]);

const definitions: ComponentDefinition[] = [
  {
    type: 'Page',
    label: 'Page',
    acceptsChildren: true,
    rootOnly: true,
    fields: {
      title: text('Title', DEFAULT_PAGE_TITLE),
      theme: { kind: 'theme', label: 'Theme', default: {} },
      background: color('Background', '#ffffff'),
      maxWidth: num('Max width', 960, 240, 4096, 'px'),
      // What the published page says about itself: search results, link previews, the language of its text.
      description: text('Description', '', true),
      socialImage: url('Social image'),
      lang: text('Language (a tag such as en or fr-CA)', 'en'),
    },
  },
  {
    type: 'Section',
    label: 'Section',
    acceptsChildren: true,
    fields: {
      direction: select('Direction', 'column', [
        ['column', 'Vertical'],
        ['row', 'Horizontal'],
      ]),
      gap: num('Gap', 16, 0, 512, 'px'),
      padding: num('Padding', 24, 0, 512, 'px'),
      background: color('Background'),
      align: select('Alignment', 'stretch', [
        ['stretch', 'Stretch'],
        ['start', 'Start'],
        ['center', 'Centre'],
        ['end', 'End'],
      ]),
    },
  },
  {
    type: 'Heading',
    label: 'Heading',
    acceptsChildren: false,
    fields: {
      text: text('Text', 'Heading'),
      level: select(
        'Level',
        '2',
        ['1', '2', '3', '4', '5', '6'].map((l) => [l, `H${l}`] as [string, string]),
      ),
      align: align(),
    },
  },
  { type: 'Text', label: 'Text', acceptsChildren: false, fields: { text: text('Text', 'Write something here.', true), align: align() } },
  {
    type: 'Button',
    label: 'Button',
    acceptsChildren: false,
    fields: {
      label: text('Label', 'Click me'),
      href: url('Link'),
      variant: select('Variant', 'primary', ['primary', 'secondary', 'ghost']),
    },
  },
  {
    type: 'Image',
    label: 'Image',
    acceptsChildren: false,
    fields: {
      src: { ...url('Source'), image: true },
      alt: text('Alt text'),
      // U6: said on purpose, so that an empty alt means "not described yet" and the editor asks for one.
      decorative: bool('Decorative (no alt text needed)'),
      width: num('Width', 320, 16, 4096, 'px'),
      // The space kept while the image loads; once loaded it keeps its own proportions at the chosen width.
      height: num('Height', 200, 16, 4096, 'px'),
      fit: select('Fit', 'cover', [
        ['cover', 'Cover (fill the frame, crop)'],
        ['contain', 'Contain (whole image)'],
      ]),
      aspectRatio: select('Aspect ratio', 'auto', IMAGE_ASPECT_RATIOS),
      radius: num('Corner radius', 8, 0, 512, 'px'),
    },
  },
  {
    type: 'Columns',
    label: 'Columns',
    description: 'Side-by-side columns (2–4)',
    acceptsChildren: true,
    allowedChildren: ['Column'],
    maxChildren: 4,
    fields: {
      gap: num('Gap', 24, 0, 256, 'px'),
      verticalAlign: select('Vertical alignment', 'start', [
        ['start', 'Top'],
        ['center', 'Middle'],
        ['end', 'Bottom'],
      ]),
    },
  },
  {
    type: 'Column',
    label: 'Column',
    description: 'One column of a Columns block',
    acceptsChildren: true,
    fields: { padding: num('Padding', 0, 0, 256, 'px'), background: color('Background') },
  },
  {
    type: 'Card',
    label: 'Card',
    description: 'A framed box for grouping content',
    acceptsChildren: true,
    fields: {
      background: color('Background', '#ffffff'),
      padding: num('Padding', 24, 0, 256, 'px'),
      radius: num('Corner radius', 12, 0, 64, 'px'),
      shadow: bool('Shadow', true),
    },
  },
  {
    type: 'Link',
    label: 'Link',
    acceptsChildren: false,
    fields: { text: text('Text', 'Read more'), href: url('Link'), newTab: bool('Open in a new tab') },
  },
  {
    type: 'List',
    label: 'List',
    acceptsChildren: false,
    fields: { items: { kind: 'list', label: 'Items', default: ['First item', 'Second item', 'Third item'] }, ordered: bool('Numbered') },
  },
  {
    type: 'Divider',
    label: 'Divider',
    acceptsChildren: false,
    fields: { color: color('Colour', '#e2e8f0'), thickness: num('Thickness', 1, 1, 16, 'px') },
  },
  { type: 'Spacer', label: 'Spacer', acceptsChildren: false, fields: { height: num('Height', 32, 0, 512, 'px') } },
  // Blocks that real pages need. Links and questions are list items of the form `Label | URL` and `Question | Answer`
  // (pairs()): one list control edits them, and each half is still only text or a URL under safeUrl.
  {
    type: 'Navbar',
    label: 'Navbar',
    description: 'Logo, links and a button; a menu on phones',
    acceptsChildren: false,
    fields: {
      logo: text('Logo text', 'Acme'),
      links: pairList('Links (Label | URL)', ['Features | #features', 'Pricing | #pricing', 'About | #about'], 8),
      buttonLabel: text('Button label', 'Sign up'),
      buttonHref: url('Button link', '#signup'),
    },
  },
  {
    type: 'Footer',
    label: 'Footer',
    description: 'Small print and links at the bottom',
    acceptsChildren: false,
    fields: {
      text: text('Text', '© 2026 Acme Inc. All rights reserved.'),
      links: pairList('Links (Label | URL)', ['Privacy | /privacy', 'Terms | /terms', 'Contact | mailto:hello@example.com'], 12),
    },
  },
  {
    type: 'Testimonial',
    label: 'Testimonial',
    description: 'A quote from a customer',
    acceptsChildren: false,
    fields: {
      quote: text('Quote', 'We shipped our new site in an afternoon, and the whole team worked on it at once.', true),
      name: text('Name', 'Jordan Lee'),
      role: text('Role', 'Head of Marketing, Northwind'),
      avatar: { ...url('Photo'), image: true },
    },
  },
  {
    type: 'Feature',
    label: 'Feature',
    description: 'An icon, a title and a sentence',
    acceptsChildren: false,
    fields: {
      icon: select('Icon', 'bolt', FEATURE_ICONS),
      title: text('Title', 'Fast by default'),
      text: text('Text', 'Pages load in a blink on every device, with nothing to configure.', true),
    },
  },
  {
    type: 'FAQ',
    label: 'FAQ',
    description: 'Questions that open to show their answer',
    acceptsChildren: false,
    fields: {
      items: pairList(
        'Questions (Question | Answer)',
        [
          'Can I cancel at any time? | Yes. Plans are monthly and you can cancel from your settings.',
          'Do you offer a free trial? | Every plan starts with 14 days free, no card needed.',
        ],
        50,
      ),
    },
  },
  {
    type: 'LogoRow',
    label: 'Logo row',
    description: 'A row of customer or partner logos',
    acceptsChildren: false,
    fields: {
      title: text('Title', 'Trusted by teams at'),
      logos: pairList('Logos (Name | image URL, the URL optional)', ['Northwind', 'Globex', 'Initech', 'Umbrella', 'Hooli'], 12),
    },
  },
  {
    type: 'Video',
    label: 'Video',
    description: 'A YouTube or Vimeo video',
    acceptsChildren: false,
    fields: { url: url('YouTube or Vimeo URL'), title: text('Title (for screen readers)', 'Video') },
  },
];

/** SPEC S1: every component carries a `style` prop; containers may lay out their children, Sections go full bleed. */
function withStyle(def: ComponentDefinition): ComponentDefinition {
  const style: StyleField = { kind: 'style', label: 'Style', default: {}, container: def.acceptsChildren, section: def.type === 'Section' };
  return { ...def, fields: { ...def.fields, style } };
}

export const registry: ReadonlyMap<string, ComponentDefinition> = new Map(definitions.map((d) => [d.type, withStyle(d)]));

/** The type that roots every page. */
export const ROOT_TYPE = 'Page';

export function getDefinition(type: string): ComponentDefinition | undefined {
  return registry.get(type);
}

/** Default props for a new component of a registered type. */
export function defaultProps(type: string): Record<string, Json> {
  const def = registry.get(type);
  if (!def) throw new Error(`unknown component type ${type}`);
  const props: Record<string, Json> = {};
  for (const [name, field] of Object.entries(def.fields)) props[name] = cloneJson(field.default as Json);
  return props;
}

/** Why `value` does not fit `field`, or null when it does. */
export function checkFieldValue(field: FieldDefinition, value: unknown): string | null {
  switch (field.kind) {
    case 'text':
    case 'textarea':
      if (typeof value !== 'string') return 'must be a string';
      return value.length > (field.maxLength ?? MAX_TEXT) ? 'is too long' : null;
    case 'url':
      if (typeof value !== 'string') return 'must be a string';
      return value.length > MAX_URL ? 'is too long' : null;
    case 'color':
      if (typeof value !== 'string') return 'must be a string';
      return value === '' || /^#(?:[0-9a-fA-F]{3,4}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})$/.test(value) ? null : 'must be a #hex colour or empty';
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value)) return 'must be a finite number';
      if (field.min !== undefined && value < field.min) return `must be at least ${field.min}`;
      if (field.max !== undefined && value > field.max) return `must be at most ${field.max}`;
      return null;
    case 'select':
      return typeof value === 'string' && field.options.some((o) => o.value === value) ? null : 'is not one of the options';
    case 'boolean':
      return typeof value === 'boolean' ? null : 'must be true or false';
    case 'list':
      if (!Array.isArray(value) || value.some((item) => typeof item !== 'string' || item.length > MAX_TEXT))
        return 'must be a list of strings';
      return value.length > (field.maxItems ?? 500) ? 'has too many items' : null;
    case 'style':
      return checkStyle(value, { container: field.container, section: field.section });
    case 'theme':
      return checkTheme(value);
  }
}
