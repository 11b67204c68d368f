/**
 * setStyle: some style values of one component at one breakpoint (SPEC S1, S2).
 * Each value is written at its own path (`/props/style/<breakpoint>/<key>`), so
 * two people styling the same component at two breakpoints, or two keys at one,
 * never overwrite each other (SPEC S14). `null` removes a value: at tablet or
 * mobile that is "reset to the inherited value".
 */
import {
  type Breakpoint,
  BREAKPOINTS,
  getDefinition,
  hasOwn,
  isPlainObject,
  isStyleValue,
  isThemeValue,
  type JsonObject,
  nodeOf,
  type PageDocument,
  ROOT_TYPE,
  type StyleScalar,
  THEME_KEYS,
} from '@tandem/protocol';
import { fail, type Outcome, ok } from '../outcome.ts';

export function setStyle(
  doc: PageDocument,
  id: string,
  breakpoint: Breakpoint,
  values: Readonly<Record<string, StyleScalar | null>>,
): Outcome<void> {
  const node = nodeOf(doc, id);
  if (!node) return fail('that component no longer exists');
  const field = getDefinition(node.type)?.fields.style;
  if (field?.kind !== 'style') return fail(`a ${node.type} has no style`);
  if (!BREAKPOINTS.includes(breakpoint)) return fail(`unknown breakpoint ${breakpoint}`);
  const scope = { container: field.container, section: field.section };
  for (const [key, value] of Object.entries(values)) {
    if (value !== null && !isStyleValue(key, value, scope)) return fail(`${key} cannot be ${JSON.stringify(value)}`);
  }
  // Create only what is missing, so that an edit is as deep a path as it can be.
  if (!isPlainObject(node.props.style)) node.props.style = {};
  const style = node.props.style as JsonObject;
  if (!isPlainObject(style[breakpoint])) style[breakpoint] = {};
  const at = style[breakpoint] as JsonObject;
  for (const [key, value] of Object.entries(values)) {
    if (value === null) {
      if (hasOwn(at, key)) delete at[key];
    } else if (at[key] !== value) at[key] = value;
  }
  return ok(undefined);
}

/**
 * setTheme: some of the page theme's values (SPEC S7), each at its own path
 * (`/props/theme/<key>` on the root), so two people changing two theme colours
 * both keep theirs. `null` goes back to the default.
 */
export function setTheme(doc: PageDocument, values: Readonly<Record<string, string | null>>): Outcome<void> {
  const root = nodeOf(doc, doc.rootId);
  if (root?.type !== ROOT_TYPE) return fail('the page has no root');
  for (const [key, value] of Object.entries(values)) {
    if (value !== null && !isThemeValue(key, value)) return fail(`the theme's ${key} cannot be ${JSON.stringify(value)}`);
    if (value === null && !(THEME_KEYS as readonly string[]).includes(key)) return fail(`the theme has no ${key}`);
  }
  if (!isPlainObject(root.props.theme)) root.props.theme = {};
  const theme = root.props.theme as JsonObject;
  for (const [key, value] of Object.entries(values)) {
    if (value === null) {
      if (hasOwn(theme, key)) delete theme[key];
    } else if (theme[key] !== value) theme[key] = value;
  }
  return ok(undefined);
}
