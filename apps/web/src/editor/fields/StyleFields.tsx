/**
 * The Style tab: a component's style (SPEC S1) for the viewport that is on.
 * At desktop it edits the base; at tablet or mobile it writes that
 * breakpoint's override (S2), shows what is inherited as the placeholder,
 * marks each overridden field and resets it with one click. Every value goes
 * through `setStyle`, one path per value, and only when the grammar accepts it;
 * anything else stays in the control, marked invalid.
 */
import {
  type Breakpoint,
  DEFAULT_THEME,
  FONT_KEYS,
  FONT_STACKS,
  getDefinition,
  isPlainObject,
  isStyleValue,
  isThemeValue,
  type Json,
  ROOT_TYPE,
  type StyleKey,
  type StyleScalar,
  type StyleScope,
  THEME_COLORS,
} from '@tandem/protocol';
import { useId, useRef, useState } from 'react';
import { safeColor, toColorInputValue } from '../../lib/color.ts';
import type { Viewport } from '@tandem/editor';
import { useComponent, useEditor, useEditorStore } from '../store-hooks.ts';
import { Icon } from '../icons.tsx';
import { useTextDraft } from './useDraft.ts';

const BREAKPOINT_OF: Record<Viewport, Breakpoint> = { desktop: 'base', tablet: 'tablet', mobile: 'mobile' };
const BREAKPOINT_LABEL: Record<Breakpoint, string> = {
  base: 'Desktop (the base for every screen)',
  tablet: 'Tablet override (up to 1024 px)',
  mobile: 'Mobile override (up to 640 px)',
};
const FONT_LABELS: Record<string, string> = {
  system: 'System sans',
  'neo-grotesque': 'Neo-grotesque',
  humanist: 'Humanist sans',
  geometric: 'Geometric sans',
  rounded: 'Rounded sans',
  transitional: 'Transitional serif',
  'old-style': 'Old-style serif',
  didone: 'Didone serif',
  slab: 'Slab serif',
  mono: 'Monospace',
  handwritten: 'Handwritten',
  inter: 'Inter (bundled)',
  lora: 'Lora serif (bundled)',
  'jetbrains-mono': 'JetBrains Mono (bundled)',
  'theme-heading': 'Theme heading font',
  'theme-body': 'Theme body font',
};

type Values = Partial<Record<StyleKey, StyleScalar>>;

const WEIGHTS = [100, 200, 300, 400, 500, 600, 700, 800, 900].map(
  (w) => [w, `${w}${w === 400 ? ' (regular)' : w === 700 ? ' (bold)' : ''}`] as const,
);
const TEXT_ALIGN = [
  ['left', 'Left'],
  ['center', 'Centre'],
  ['right', 'Right'],
  ['justify', 'Justified'],
] as const;
const TEXT_TRANSFORM = [
  ['none', 'As typed'],
  ['uppercase', 'UPPER CASE'],
  ['lowercase', 'lower case'],
  ['capitalize', 'Capitalised'],
] as const;
const DIRECTION = [
  ['column', 'Vertical'],
  ['row', 'Horizontal'],
] as const;
const ALIGN = [
  ['start', 'Start'],
  ['center', 'Centre'],
  ['end', 'End'],
  ['stretch', 'Stretch'],
  ['baseline', 'Baseline'],
] as const;
const JUSTIFY = [
  ['start', 'Start'],
  ['center', 'Centre'],
  ['end', 'End'],
  ['between', 'Space between'],
  ['around', 'Space around'],
  ['evenly', 'Space evenly'],
] as const;
const BG_SIZE = [
  ['cover', 'Cover'],
  ['contain', 'Contain'],
  ['auto', 'As it is'],
] as const;
const BORDER_STYLE = [
  ['solid', 'Solid'],
  ['dashed', 'Dashed'],
  ['dotted', 'Dotted'],
  ['double', 'Double'],
  ['none', 'None'],
] as const;
const SHADOWS = [
  ['none', 'None'],
  ['sm', 'Small'],
  ['md', 'Medium'],
  ['lg', 'Large'],
  ['xl', 'Extra large'],
] as const;

function valuesAt(style: Json | undefined, bp: Breakpoint): Values {
  const values = isPlainObject(style) ? style[bp] : undefined;
  return isPlainObject(values) ? (values as Values) : {};
}

/** What applies at `bp` from the wider breakpoints only: base, then tablet for mobile. */
function inheritedAt(style: Json | undefined, bp: Breakpoint): Values {
  if (bp === 'base') return {};
  const base = valuesAt(style, 'base');
  return bp === 'mobile' ? { ...base, ...valuesAt(style, 'tablet') } : base;
}

interface Ctx {
  id: string;
  bp: Breakpoint;
  own: Values;
  inherited: Values;
  scope: StyleScope;
  set: (values: Partial<Record<StyleKey, StyleScalar | null>>) => void;
}

export function StyleFields({ componentId }: { componentId: string }) {
  const api = useEditorStore();
  const node = useComponent(componentId);
  const viewport = useEditor((state) => state.viewport);
  const field = node ? getDefinition(node.type)?.fields.style : undefined;
  if (!node || field?.kind !== 'style') return <p className="field__hint">This component has no style.</p>;
  const bp = BREAKPOINT_OF[viewport];
  const ctx: Ctx = {
    id: componentId,
    bp,
    own: valuesAt(node.props.style, bp),
    inherited: inheritedAt(node.props.style, bp),
    scope: { container: field.container, section: field.section },
    set: (values) => api.getState().setStyle(componentId, bp, values),
  };
  return (
    <div key={bp} className="style-fields" data-testid="style-tab" data-breakpoint={bp}>
      <p className={`style-fields__breakpoint style-fields__breakpoint--${bp}`} data-testid="style-breakpoint">
        <Icon name={viewport} size={14} />
        {BREAKPOINT_LABEL[bp]}
      </p>
      {node.type === ROOT_TYPE && <ThemeFields theme={node.props.theme} />}
      <fieldset className="style-group">
        <legend className="style-group__title">Spacing</legend>
        <Sides ctx={ctx} label="Padding" keys={['paddingTop', 'paddingRight', 'paddingBottom', 'paddingLeft']} name="padding" />
        <Sides ctx={ctx} label="Margin" keys={['marginTop', 'marginRight', 'marginBottom', 'marginLeft']} name="margin" />
      </fieldset>
      <fieldset className="style-group">
        <legend className="style-group__title">Typography</legend>
        <StyleSelect ctx={ctx} k="fontFamily" label="Font" options={FONT_OPTIONS} />
        <StyleInput ctx={ctx} keys={['fontSize']} label="Size" placeholder="16px" />
        <StyleSelect ctx={ctx} k="fontWeight" label="Weight" options={WEIGHTS} />
        <StyleInput ctx={ctx} keys={['lineHeight']} label="Line height" placeholder="1.5" numeric />
        <StyleInput ctx={ctx} keys={['letterSpacing']} label="Letter spacing" placeholder="0" />
        <StyleInput ctx={ctx} keys={['color']} label="Colour" color />
        <StyleSelect ctx={ctx} k="textAlign" label="Alignment" options={TEXT_ALIGN} />
        <StyleSelect ctx={ctx} k="textTransform" label="Case" options={TEXT_TRANSFORM} />
      </fieldset>
      {ctx.scope.container && (
        <fieldset className="style-group">
          <legend className="style-group__title">Layout</legend>
          {ctx.scope.section && (
            <StyleSelect ctx={ctx} k="fullBleed" label="Width" options={yesNo('Full bleed (to the window edges)', 'Within the page')} />
          )}
          <StyleSelect ctx={ctx} k="direction" label="Direction" options={DIRECTION} />
          <StyleInput ctx={ctx} keys={['gap']} label="Gap" placeholder="16px" />
          <StyleSelect ctx={ctx} k="alignItems" label="Align items" options={ALIGN} />
          <StyleSelect ctx={ctx} k="justifyContent" label="Justify" options={JUSTIFY} />
          <StyleSelect ctx={ctx} k="wrap" label="Wrap" options={yesNo('Wrap onto new lines', 'One line')} />
          <StyleSelect ctx={ctx} k="equalHeight" label="Children's height" options={yesNo('Equal height', 'Their own')} />
        </fieldset>
      )}
      <fieldset className="style-group">
        <legend className="style-group__title">Size</legend>
        <StyleInput ctx={ctx} keys={['width']} label="Width" placeholder="auto" />
        <StyleInput ctx={ctx} keys={['maxWidth']} label="Max width" placeholder="none" />
        <StyleInput ctx={ctx} keys={['minHeight']} label="Min height" placeholder="0" />
      </fieldset>
      <fieldset className="style-group">
        <legend className="style-group__title">Background</legend>
        <StyleInput ctx={ctx} keys={['backgroundColor']} label="Background" color />
        <StyleInput ctx={ctx} keys={['gradientFrom']} label="Gradient from" color />
        <StyleInput ctx={ctx} keys={['gradientTo']} label="Gradient to" color />
        <StyleInput ctx={ctx} keys={['gradientAngle']} label="Gradient angle (degrees)" placeholder="180" numeric />
        <StyleInput ctx={ctx} keys={['backgroundImage']} label="Image URL" placeholder="https://… or /assets/…" url />
        <StyleSelect ctx={ctx} k="backgroundSize" label="Image size" options={BG_SIZE} />
      </fieldset>
      <fieldset className="style-group">
        <legend className="style-group__title">Border and shadow</legend>
        <StyleInput
          ctx={ctx}
          keys={['radiusTopLeft', 'radiusTopRight', 'radiusBottomRight', 'radiusBottomLeft']}
          name="radius"
          label="Corner radius"
          placeholder="0"
        />
        <StyleInput ctx={ctx} keys={['borderWidth']} label="Border width" placeholder="0" />
        <StyleSelect ctx={ctx} k="borderStyle" label="Border style" options={BORDER_STYLE} />
        <StyleInput ctx={ctx} keys={['borderColor']} label="Border colour" color />
        <StyleSelect ctx={ctx} k="shadow" label="Shadow" options={SHADOWS} />
        <StyleInput ctx={ctx} keys={['opacity']} label="Opacity (0–1)" placeholder="1" numeric />
      </fieldset>
    </div>
  );
}

/** Four sides, linked (one value for all) until the person unlinks them or they already differ. */
function Sides({ ctx, label, keys, name }: { ctx: Ctx; label: string; keys: [StyleKey, StyleKey, StyleKey, StyleKey]; name: string }) {
  const effective = keys.map((k) => ctx.own[k] ?? ctx.inherited[k]);
  const [linked, setLinked] = useState(effective.every((v) => v === effective[0]));
  return (
    <div className="style-sides">
      <div className="style-sides__head">
        <span className="field__label">{label}</span>
        <button
          type="button"
          className={`style-link${linked ? ' style-link--on' : ''}`}
          data-testid={`style-link-${name}`}
          aria-pressed={linked}
          title={linked ? 'One value for every side (click to set each side)' : 'Each side on its own (click to link them)'}
          onClick={() => setLinked(!linked)}
        >
          <Icon name="link" size={14} />
        </button>
      </div>
      {linked ? (
        <StyleInput ctx={ctx} keys={keys} name={name} label={`${label}, every side`} placeholder="0" hideLabel />
      ) : (
        <div className="style-sides__grid">
          {keys.map((key, i) => (
            <StyleInput key={key} ctx={ctx} keys={[key]} label={['Top', 'Right', 'Bottom', 'Left'][i] as string} placeholder="0" />
          ))}
        </div>
      )}
    </div>
  );
}

/** One text control writing one or more keys (all to the same value); empty removes them. */
function StyleInput(props: {
  numeric?: boolean;
  url?: boolean;
  ctx: Ctx;
  keys: StyleKey[];
  label: string;
  name?: string;
  placeholder?: string;
  color?: boolean;
  hideLabel?: boolean;
}) {
  const { ctx, keys } = props;
  const name = props.name ?? (keys[0] as string);
  const inputId = useId();
  const ref = useRef<HTMLInputElement & HTMLTextAreaElement>(null);
  const own = commonValue(keys.map((k) => ctx.own[k]));
  const inherited = commonValue(keys.map((k) => ctx.inherited[k]));
  const { draft, setDraft, reset } = useTextDraft(own === undefined ? '' : String(own), ref);
  // Numbers (line height, opacity, angle) are JSON numbers in the style, typed as text here.
  const parse = (text: string): StyleScalar => (props.numeric && /^-?(?:\d+\.?\d*|\.\d+)$/.test(text) ? Number(text) : text);
  const valid = (text: string) => text === '' || keys.every((k) => isStyleValue(k, parse(text), ctx.scope));
  const write = (text: string) => {
    const value = text === '' ? null : parse(text);
    ctx.set(Object.fromEntries(keys.map((k) => [k, value])));
  };
  const change = (next: string) => {
    setDraft(next);
    if (valid(next.trim())) write(next.trim());
  };
  const overridden = ctx.bp !== 'base' && keys.some((k) => ctx.own[k] !== undefined);
  const shownColour = props.color ? safeColor(own ?? inherited) : undefined;
  return (
    <div className={`field style-field${overridden ? ' style-field--overridden' : ''}`} data-overridden={overridden || undefined}>
      <label className={props.hideLabel ? 'sr-only' : 'field__label'} htmlFor={inputId}>
        {props.label}
        {overridden && <span className="style-field__mark"> · overridden</span>}
      </label>
      <div className="style-field__row">
        {props.color && (
          <span className={`color__swatch${shownColour ? '' : ' color__swatch--none'}`} style={{ backgroundColor: shownColour }}>
            <input
              type="color"
              aria-label={`${props.label} picker`}
              value={toColorInputValue(String(own ?? inherited ?? ''))}
              onChange={(event) => change(event.target.value)}
            />
          </span>
        )}
        <input
          ref={ref}
          id={inputId}
          data-testid={`style-field-${name}`}
          className={`input${props.color ? ' color__hex' : ''}`}
          type="text"
          spellCheck={false}
          autoComplete="off"
          placeholder={inherited !== undefined ? String(inherited) : (props.placeholder ?? (props.color ? 'none' : ''))}
          aria-invalid={!valid(draft.trim()) || undefined}
          value={draft}
          onChange={(event) => change(event.target.value)}
          onBlur={() => {
            if (!valid(draft.trim())) reset();
          }}
        />
        {overridden && (
          <button
            type="button"
            className="icon-button"
            data-testid={`style-reset-${name}`}
            title={inherited !== undefined ? `Reset to the inherited ${inherited}` : 'Reset to the inherited value'}
            aria-label={`Reset ${props.label}`}
            onClick={() => {
              ctx.set(Object.fromEntries(keys.map((k) => [k, null])));
              setDraft('');
            }}
          >
            <Icon name="refresh" size={14} />
          </button>
        )}
      </div>
      {!valid(draft.trim()) && (
        <p className="field__hint field__hint--warn">
          {props.color
            ? 'A colour: #hex, rgb(…), transparent or var(--theme-…)'
            : props.url
              ? 'An https or relative URL (http:, javascript: and SVG data are refused)'
              : props.numeric
                ? 'A number in range'
                : 'A length such as 16px, 1.5rem or 50%'}
        </p>
      )}
    </div>
  );
}

type Options = readonly (readonly [StyleScalar, string])[];
const FONT_OPTIONS: Options = FONT_KEYS.map((key) => [key, FONT_LABELS[key] ?? key] as const);
const yesNo = (yes: string, no: string): Options => [
  [true, yes],
  [false, no],
];

/** One choice among a key's values (enums, booleans, weights); the empty choice is "inherited". */
function StyleSelect({ ctx, k, label, options }: { ctx: Ctx; k: StyleKey; label: string; options: Options }) {
  const inputId = useId();
  const own = ctx.own[k];
  const overridden = ctx.bp !== 'base' && own !== undefined;
  const inherited = ctx.inherited[k];
  const labelOf = (value: StyleScalar | undefined) => options.find(([v]) => v === value)?.[1] ?? String(value);
  return (
    <div className={`field style-field${overridden ? ' style-field--overridden' : ''}`} data-overridden={overridden || undefined}>
      <label className="field__label" htmlFor={inputId}>
        {label}
        {overridden && <span className="style-field__mark"> · overridden</span>}
      </label>
      <div className="style-field__row">
        <select
          id={inputId}
          data-testid={`style-field-${k}`}
          className="input"
          value={own === undefined ? '' : String(own)}
          onChange={(event) => {
            const picked = options.find(([v]) => String(v) === event.target.value);
            ctx.set({ [k]: picked ? picked[0] : null });
          }}
        >
          <option value="">{inherited !== undefined ? `Inherited: ${labelOf(inherited)}` : 'Inherited'}</option>
          {options.map(([value, text]) => (
            <option key={String(value)} value={String(value)}>
              {text}
            </option>
          ))}
        </select>
        {overridden && (
          <button
            type="button"
            className="icon-button"
            data-testid={`style-reset-${k}`}
            aria-label={`Reset ${label}`}
            title="Reset to the inherited value"
            onClick={() => ctx.set({ [k]: null })}
          >
            <Icon name="refresh" size={14} />
          </button>
        )}
      </div>
    </div>
  );
}

/** The value every key has, or undefined when they differ or none is set. */
function commonValue(values: (StyleScalar | undefined)[]): StyleScalar | undefined {
  const first = values[0];
  return values.every((v) => v === first) ? first : undefined;
}

const THEME_LABELS: Record<string, string> = {
  primary: 'Primary',
  text: 'Text',
  muted: 'Muted',
  surface: 'Surface',
  headingFont: 'Heading font',
  bodyFont: 'Body font',
};

/** The page's theme (SPEC S7): one value for every screen, referred to by the components' styles. */
function ThemeFields({ theme }: { theme: Json | undefined }) {
  const api = useEditorStore();
  const values = isPlainObject(theme) ? theme : {};
  const set = (key: string, value: string | null) => api.getState().setTheme({ [key]: value });
  return (
    <fieldset className="style-group" data-testid="theme-fields">
      <legend className="style-group__title">Theme (every screen)</legend>
      {THEME_COLORS.map((key) => (
        <ThemeColour key={key} name={key} value={typeof values[key] === 'string' ? values[key] : ''} onChange={(v) => set(key, v)} />
      ))}
      {(['headingFont', 'bodyFont'] as const).map((key) => (
        <div className="field" key={key}>
          <label className="field__label" htmlFor={`theme-${key}`}>
            {THEME_LABELS[key]}
          </label>
          <select
            id={`theme-${key}`}
            data-testid={`theme-field-${key}`}
            className="input"
            value={typeof values[key] === 'string' ? values[key] : ''}
            onChange={(event) => set(key, event.target.value === '' ? null : event.target.value)}
          >
            <option value="">Default: {FONT_LABELS[DEFAULT_THEME[key]]}</option>
            {Object.keys(FONT_STACKS).map((font) => (
              <option key={font} value={font}>
                {FONT_LABELS[font] ?? font}
              </option>
            ))}
          </select>
        </div>
      ))}
    </fieldset>
  );
}

function ThemeColour({
  name,
  value,
  onChange,
}: {
  name: (typeof THEME_COLORS)[number];
  value: string;
  onChange: (value: string | null) => void;
}) {
  const inputId = useId();
  const ref = useRef<HTMLInputElement & HTMLTextAreaElement>(null);
  const { draft, setDraft, reset } = useTextDraft(value, ref);
  const valid = (text: string) => text === '' || isThemeValue(name, text);
  const change = (next: string) => {
    setDraft(next);
    if (valid(next.trim())) onChange(next.trim() === '' ? null : next.trim());
  };
  const shown = safeColor(value || DEFAULT_THEME[name]);
  return (
    <div className="field">
      <label className="field__label" htmlFor={inputId}>
        {THEME_LABELS[name]}
      </label>
      <div className="style-field__row">
        <span className={`color__swatch${shown ? '' : ' color__swatch--none'}`} style={{ backgroundColor: shown }}>
          <input
            type="color"
            aria-label={`${THEME_LABELS[name]} picker`}
            value={toColorInputValue(value || DEFAULT_THEME[name])}
            onChange={(event) => change(event.target.value)}
          />
        </span>
        <input
          ref={ref}
          id={inputId}
          data-testid={`theme-field-${name}`}
          className="input color__hex"
          type="text"
          spellCheck={false}
          autoComplete="off"
          placeholder={DEFAULT_THEME[name]}
          aria-invalid={!valid(draft.trim()) || undefined}
          value={draft}
          onChange={(event) => change(event.target.value)}
          onBlur={() => {
            if (!valid(draft.trim())) reset();
          }}
        />
      </div>
    </div>
  );
}
