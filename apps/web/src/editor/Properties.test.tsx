// @vitest-environment happy-dom
/** The properties panel: the right control per field kind, edits through setProp, and remote edits that leave the caret alone. */
import { type ComponentNode, defaultProps, type PageDocument, starterDocument } from '@tandem/protocol';
import { act } from 'react';
import { afterEach, describe, expect, test } from 'vitest';
import { Properties } from './Properties.tsx';
import { byTestId, click, type Mounted, mount, press, typeInto } from './testing/mount.tsx';

let mounted: Mounted | null = null;
afterEach(() => {
  mounted?.unmount();
  mounted = null;
});

function docWith(...nodes: ComponentNode[]): PageDocument {
  const doc = starterDocument();
  for (const node of nodes) {
    doc.components[node.id] = node;
    (doc.components.hero as { children: string[] }).children.push(node.id);
  }
  return doc;
}

const node = (id: string, type: string): ComponentNode => ({ id, type, props: defaultProps(type), children: [] });
const field = <T extends HTMLElement = HTMLInputElement>(name: string) =>
  byTestId((mounted as Mounted).container, `prop-field-${name}`) as T;
const props = (id: string) => (mounted as Mounted).store.getState().doc?.components[id]?.props ?? {};

function open(doc: PageDocument, id: string | null) {
  mounted = mount(<Properties />, doc);
  act(() => mounted?.store.getState().select(id));
}

test('with nothing selected it says what to do', () => {
  open(starterDocument(), null);
  expect(byTestId((mounted as Mounted).container, 'properties')?.textContent).toContain('Select a component to edit its properties');
});

describe('one control per registered field, of the right kind', () => {
  test.each([
    ['Heading', { text: 'INPUT', level: 'SELECT', align: 'SELECT' }],
    ['Text', { text: 'TEXTAREA', align: 'SELECT' }],
    ['Button', { label: 'INPUT', href: 'INPUT', variant: 'SELECT' }],
    ['Image', { src: 'INPUT', alt: 'INPUT', decorative: 'INPUT', width: 'INPUT', height: 'INPUT', fit: 'SELECT', aspectRatio: 'SELECT', radius: 'INPUT' }],
    ['Card', { background: 'INPUT', padding: 'INPUT', radius: 'INPUT', shadow: 'INPUT' }],
    ['List', { items: 'DIV', ordered: 'INPUT' }],
    ['Divider', { color: 'INPUT', thickness: 'INPUT' }],
    ['Page', { title: 'INPUT', background: 'INPUT', maxWidth: 'INPUT', description: 'TEXTAREA', socialImage: 'INPUT', lang: 'INPUT' }],
  ])('%s', (type, expected) => {
    const doc = docWith(node('x', type));
    open(doc, type === 'Page' ? 'root' : 'x');
    const controls = [...(mounted as Mounted).container.querySelectorAll<HTMLElement>('[data-testid^="prop-field-"]')];
    expect(Object.fromEntries(controls.map((c) => [c.dataset.testid?.slice('prop-field-'.length), c.tagName]))).toEqual(expected);
  });

  test('a url field is a url input', () => {
    open(starterDocument(), 'hero-button');
    expect(field('href').type).toBe('url');
    expect(field('label').type).toBe('text');
  });

  test('input types: number with its unit, checkbox switch, hex text for colours', () => {
    open(docWith(node('c', 'Card')), 'c');
    expect(field('padding').type).toBe('number');
    expect(field('padding').parentElement?.textContent).toContain('px');
    expect(field('shadow').type).toBe('checkbox');
    expect(field('shadow').getAttribute('role')).toBe('switch');
    expect(field('background').type).toBe('text');
    expect(field('background').value).toBe('#ffffff');
  });
});

describe('editing', () => {
  test('typing updates the component at once', () => {
    open(starterDocument(), 'hero-heading');
    typeInto(field('text'), 'Hello');
    expect(props('hero-heading').text).toBe('Hello');
    const select = field<HTMLSelectElement>('level');
    act(() => {
      select.value = '3';
      select.dispatchEvent(new Event('change', { bubbles: true }));
    });
    expect(props('hero-heading').level).toBe('3');
  });

  test('a number outside its range is kept in the field, marked, and not sent', () => {
    open(docWith(node('s', 'Spacer')), 's');
    typeInto(field('height'), '64');
    expect(props('s').height).toBe(64);
    typeInto(field('height'), '9999');
    expect(props('s').height).toBe(64);
    expect(field('height').value).toBe('9999');
    expect(field('height').getAttribute('aria-invalid')).toBe('true');
  });

  test('colours: a valid hex is sent, a half-typed one is not, empty clears', () => {
    open(docWith(node('d', 'Divider')), 'd');
    typeInto(field('color'), '#12');
    expect(props('d').color).toBe('#e2e8f0');
    typeInto(field('color'), '#123456');
    expect(props('d').color).toBe('#123456');
    typeInto(field('color'), '');
    expect(props('d').color).toBe('');
  });

  test('booleans toggle', () => {
    open(docWith(node('l', 'Link')), 'l');
    click(field('newTab'));
    expect(props('l').newTab).toBe(true);
  });

  test('lists: edit, add and remove items', () => {
    open(docWith(node('l', 'List')), 'l');
    const list = field<HTMLDivElement>('items');
    typeInto(list.querySelectorAll('input')[1] as HTMLInputElement, 'Changed');
    expect(props('l').items).toEqual(['First item', 'Changed', 'Third item']);
    click([...list.querySelectorAll('button')].find((b) => b.textContent?.includes('Add item')) as HTMLElement);
    expect(props('l').items).toEqual(['First item', 'Changed', 'Third item', 'New item']);
    click(list.querySelector('[aria-label="Remove item 1"]') as HTMLElement);
    expect(props('l').items).toEqual(['Changed', 'Third item', 'New item']);
  });

  test('an unsafe link is accepted but flagged as inert', () => {
    open(starterDocument(), 'hero-button');
    typeInto(field('href'), 'javascript:alert(1)');
    expect(props('hero-button').href).toBe('javascript:alert(1)');
    expect(field('href').getAttribute('aria-invalid')).toBe('true');
    expect((mounted as Mounted).container.textContent).toContain('will do nothing');
  });
});

describe('leaving a field', () => {
  test('[issue 11 bug 8] Escape in a property field leaves it, keeping what was typed and the selection', () => {
    open(starterDocument(), 'hero-button');
    const label = field('label');
    label.focus();
    typeInto(label, 'Buy now');
    act(() => {
      press(label, 'Escape');
    });
    expect(document.activeElement).not.toBe(label);
    expect(props('hero-button').label).toBe('Buy now');
    expect((mounted as Mounted).store.getState().selection).toBe('hero-button');
  });
});

describe('remote edits while typing', () => {
  test("someone else's edit to another prop leaves the focused field, its text and its caret alone", () => {
    open(starterDocument(), 'hero-button');
    const label = field('label');
    label.focus();
    typeInto(label, 'Buy now');
    label.setSelectionRange(3, 3);
    act(() => mounted?.client.remote([{ op: 'replace', path: '/components/hero-button/props/variant', value: 'ghost' }]));
    expect(field('label')).toBe(label);
    expect(document.activeElement).toBe(label);
    expect(label.value).toBe('Buy now');
    expect([label.selectionStart, label.selectionEnd]).toEqual([3, 3]);
    expect(field<HTMLSelectElement>('variant').value).toBe('ghost');
  });

  test("someone else's edit to the same prop shows up, the caret kept where it was", () => {
    open(starterDocument(), 'hero-button');
    const label = field('label');
    label.focus();
    typeInto(label, 'Buy now');
    label.setSelectionRange(2, 2);
    act(() => mounted?.client.remote([{ op: 'replace', path: '/components/hero-button/props/label', value: 'Buy it now' }]));
    expect(label.value).toBe('Buy it now');
    expect(document.activeElement).toBe(label);
    expect([label.selectionStart, label.selectionEnd]).toEqual([2, 2]);
  });

  test("[T15] someone else's typing before the caret carries the caret and selection along", () => {
    open(starterDocument(), 'hero-button');
    const label = field('label');
    label.focus();
    typeInto(label, 'Buy now');
    label.setSelectionRange(4, 7);
    act(() => mounted?.client.remote([{ op: 'replace', path: '/components/hero-button/props/label', value: 'Do Buy now' }]));
    expect(label.value).toBe('Do Buy now');
    expect([label.selectionStart, label.selectionEnd]).toEqual([7, 10]);
    // Text removed before the caret pulls it back; text added after it leaves it.
    label.setSelectionRange(10, 10);
    act(() => mounted?.client.remote([{ op: 'replace', path: '/components/hero-button/props/label', value: 'Buy now' }]));
    expect([label.selectionStart, label.selectionEnd]).toEqual([7, 7]);
    label.setSelectionRange(3, 3);
    act(() => mounted?.client.remote([{ op: 'replace', path: '/components/hero-button/props/label', value: 'Buy now!' }]));
    expect([label.selectionStart, label.selectionEnd]).toEqual([3, 3]);
  });

  test('the selected component deleted by someone else empties the panel', () => {
    open(starterDocument(), 'hero-text');
    act(() =>
      mounted?.client.remote([
        { op: 'remove', path: '/components/hero/children/1' },
        { op: 'remove', path: '/components/hero-text' },
      ]),
    );
    expect(byTestId((mounted as Mounted).container, 'prop-field-text')).toBeNull();
  });
});
