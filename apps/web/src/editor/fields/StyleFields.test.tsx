// @vitest-environment happy-dom
/**
 * The Style tab (SPEC S1, S2): it edits the base at desktop and the override at
 * tablet or mobile, shows the inherited value, marks overrides and resets them
 * with one click; values outside the grammar are never written (S13).
 */
import { type PageDocument, starterDocument } from '@tandem/protocol';
import { act } from 'react';
import { afterEach, describe, expect, test } from 'vitest';
import { Properties } from '../Properties.tsx';
import { byTestId, click, type Mounted, mount, typeInto } from '../testing/mount.tsx';

let mounted: Mounted | null = null;
afterEach(() => {
  mounted?.unmount();
  mounted = null;
});

const m = () => mounted as Mounted;
const el = <T extends HTMLElement = HTMLInputElement>(id: string) => byTestId(m().container, id) as T | null;
const styleOf = (id: string) => m().store.getState().doc?.components[id]?.props.style;
const sent = () => m().client.sent;

function openStyle(doc: PageDocument, id: string) {
  mounted = mount(<Properties />, doc);
  act(() => m().store.getState().select(id));
  click(el('properties-tab-style') as HTMLElement);
}

describe('the Style tab', () => {
  test('[S1] at desktop it edits the base, one path per value', () => {
    openStyle(starterDocument(), 'hero-heading');
    expect(el('style-breakpoint')?.textContent).toContain('Desktop');
    typeInto(el('style-field-fontSize') as HTMLInputElement, '56px');
    typeInto(el('style-field-color') as HTMLInputElement, '#ffffff');
    expect(styleOf('hero-heading')).toEqual({ base: { fontSize: '56px', color: '#ffffff' } });
    expect(sent().at(-1)).toEqual([{ op: 'add', path: '/components/hero-heading/props/style/base/color', value: '#ffffff' }]);
    // The properties tab still has its own fields.
    click(el('properties-tab-props') as HTMLElement);
    expect(el('prop-field-text')).not.toBeNull();
  });

  test('[S13] a value outside the grammar stays in the control, marked invalid, and is not written', () => {
    openStyle(starterDocument(), 'hero-heading');
    const size = el('style-field-fontSize') as HTMLInputElement;
    typeInto(size, '12px;}body{display:none');
    expect(size.getAttribute('aria-invalid')).toBe('true');
    typeInto(el('style-field-color') as HTMLInputElement, 'url(javascript:alert(1))');
    expect(sent()).toEqual([]);
    expect(styleOf('hero-heading')).toEqual({});
  });

  test('[S2] at mobile it writes the override, shows the inherited value, marks it and resets it in one click', () => {
    const doc = starterDocument();
    (doc.components['hero-heading'] as { props: Record<string, unknown> }).props.style = {
      base: { fontSize: '56px' },
      tablet: { fontSize: '40px' },
    };
    openStyle(doc, 'hero-heading');
    act(() => m().store.getState().setViewport('mobile'));
    expect(el('style-breakpoint')?.textContent).toContain('Mobile');
    const size = el('style-field-fontSize') as HTMLInputElement;
    // Mobile inherits tablet, which overrides the base.
    expect(size.value).toBe('');
    expect(size.placeholder).toBe('40px');
    expect(el('style-reset-fontSize')).toBeNull();

    typeInto(size, '32px');
    expect(styleOf('hero-heading')).toEqual({ base: { fontSize: '56px' }, tablet: { fontSize: '40px' }, mobile: { fontSize: '32px' } });
    expect(size.closest('[data-overridden]')).not.toBeNull();
    click(el('style-reset-fontSize') as HTMLElement);
    expect(styleOf('hero-heading')).toEqual({ base: { fontSize: '56px' }, tablet: { fontSize: '40px' }, mobile: {} });
    expect((el('style-field-fontSize') as HTMLInputElement).value).toBe('');
    expect(el('style-reset-fontSize')).toBeNull();

    // Back at desktop, the base is what the field shows, and nothing is marked.
    act(() => m().store.getState().setViewport('desktop'));
    expect((el('style-field-fontSize') as HTMLInputElement).value).toBe('56px');
    expect(m().container.querySelector('[data-overridden]')).toBeNull();
  });

  test('linked sides write all four; unlinked, one side at a time', () => {
    openStyle(starterDocument(), 'hero');
    typeInto(el('style-field-padding') as HTMLInputElement, '48px');
    expect(styleOf('hero')).toEqual({ base: { paddingTop: '48px', paddingRight: '48px', paddingBottom: '48px', paddingLeft: '48px' } });
    click(el('style-link-padding') as HTMLElement);
    expect((el('style-field-paddingTop') as HTMLInputElement).value).toBe('48px');
    typeInto(el('style-field-paddingTop') as HTMLInputElement, '96px');
    expect(styleOf('hero')).toMatchObject({ base: { paddingTop: '96px', paddingBottom: '48px' } });
    typeInto(el('style-field-radius') as HTMLInputElement, '16px');
    expect(styleOf('hero')).toMatchObject({ base: { radiusTopLeft: '16px', radiusBottomRight: '16px' } });
  });

  test('the font is chosen from the curated stacks; empty goes back to inherited', () => {
    openStyle(starterDocument(), 'hero-text');
    const select = el<HTMLSelectElement>('style-field-fontFamily') as HTMLSelectElement;
    const options = [...select.options].map((o) => o.value);
    expect(options).toContain('humanist');
    expect(options).toContain('theme-heading');
    act(() => {
      select.value = 'didone';
      select.dispatchEvent(new Event('change', { bubbles: true }));
    });
    expect(styleOf('hero-text')).toEqual({ base: { fontFamily: 'didone' } });
    act(() => {
      select.value = '';
      select.dispatchEvent(new Event('change', { bubbles: true }));
    });
    expect(styleOf('hero-text')).toEqual({ base: {} });
  });

  test('[S7] on the Page, the theme: colours and fonts named once, each written at its own path', () => {
    openStyle(starterDocument(), 'root');
    const primary = el('theme-field-primary') as HTMLInputElement;
    expect(primary.placeholder).toBe('#2563eb');
    typeInto(primary, '#7c3aed');
    expect(sent().at(-1)).toEqual([{ op: 'add', path: '/components/root/props/theme/primary', value: '#7c3aed' }]);
    // A theme colour cannot refer to the theme (S7), nor be anything off the grammar.
    typeInto(el('theme-field-text') as HTMLInputElement, 'var(--theme-primary)');
    typeInto(el('theme-field-muted') as HTMLInputElement, 'red;}');
    const font = el<HTMLSelectElement>('theme-field-headingFont') as HTMLSelectElement;
    act(() => {
      font.value = 'didone';
      font.dispatchEvent(new Event('change', { bubbles: true }));
    });
    expect(m().store.getState().doc?.components.root?.props.theme).toEqual({ primary: '#7c3aed', headingFont: 'didone' });
    typeInto(primary, '');
    expect(m().store.getState().doc?.components.root?.props.theme).toEqual({ headingFont: 'didone' });
    // Other components have no theme group.
    act(() => m().store.getState().select('hero'));
    expect(el('theme-fields')).toBeNull();
  });

  test("[S6] every group: numbers stay numbers, choices are the grammar's, layout only on containers, full bleed only on Sections", () => {
    openStyle(starterDocument(), 'hero-heading');
    expect(el('style-field-direction')).toBeNull();
    expect(el('style-field-fullBleed')).toBeNull();
    typeInto(el('style-field-lineHeight') as HTMLInputElement, '1.25');
    typeInto(el('style-field-opacity') as HTMLInputElement, '2');
    expect((el('style-field-opacity') as HTMLInputElement).getAttribute('aria-invalid')).toBe('true');
    const choose = (key: string, value: string) => {
      const select = el<HTMLSelectElement>(`style-field-${key}`) as HTMLSelectElement;
      act(() => {
        select.value = value;
        select.dispatchEvent(new Event('change', { bubbles: true }));
      });
    };
    choose('fontWeight', '800');
    choose('shadow', 'lg');
    typeInto(el('style-field-backgroundImage') as HTMLInputElement, 'javascript:alert(1)');
    expect(styleOf('hero-heading')).toEqual({ base: { lineHeight: 1.25, fontWeight: 800, shadow: 'lg' } });

    act(() => m().store.getState().select('hero'));
    choose('fullBleed', 'true');
    choose('direction', 'row');
    choose('equalHeight', 'true');
    typeInto(el('style-field-gradientAngle') as HTMLInputElement, '135');
    typeInto(el('style-field-backgroundImage') as HTMLInputElement, '/assets/abc');
    expect(styleOf('hero')).toEqual({
      base: { fullBleed: true, direction: 'row', equalHeight: true, gradientAngle: 135, backgroundImage: '/assets/abc' },
    });
  });
});
