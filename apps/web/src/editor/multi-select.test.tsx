// @vitest-environment happy-dom
/**
 * Multi-select in the editor (issue 11): Shift/Ctrl/Cmd+click on the canvas and
 * in the outline, Shift+click ranges in the outline, Ctrl/Cmd+A for the siblings,
 * Escape to clear; Delete, Ctrl+D, Ctrl+G and the properties act on the whole
 * selection, each as one undoable step.
 */
import { type PageDocument, starterDocument } from '@tandem/protocol';
import { act } from 'react';
import { afterEach, describe, expect, test } from 'vitest';
import { Canvas } from './canvas/Canvas.tsx';
import { Outline } from './Outline.tsx';
import { Properties } from './Properties.tsx';
import { byTestId, type Mounted, mount, press, typeInto } from './testing/mount.tsx';
import { useShortcuts } from './useShortcuts.ts';

let mounted: Mounted;
afterEach(() => mounted.unmount());

const get = (id: string) => byTestId(mounted.container, id) as HTMLElement;
const state = () => mounted.store.getState();
const children = (id: string) => state().doc?.components[id]?.children;

/** The starter page plus a second Section with two Texts. */
function page(): PageDocument {
  const doc = starterDocument();
  const text = (id: string, value: string) => ({ id, type: 'Text', props: { text: value }, children: [] });
  doc.components.more = { id: 'more', type: 'Section', props: {}, children: ['t1', 't2'] };
  doc.components.t1 = text('t1', 'One');
  doc.components.t2 = text('t2', 'Two');
  (doc.components.root as { children: string[] }).children.push('more');
  return doc;
}

/** The panes that select and act (the whole Editor is Editor.test.tsx's). */
function Panes() {
  useShortcuts();
  return (
    <>
      <Outline />
      <Canvas />
      <Properties />
    </>
  );
}

function open() {
  mounted = mount(<Panes />, page());
}

function clickWith(element: Element, init: MouseEventInit = {}) {
  act(() => {
    element.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true, ...init }));
  });
}

const marked = (prefix: 'canvas-node' | 'outline-node') =>
  [...mounted.container.querySelectorAll<HTMLElement>(`[data-testid^="${prefix}-"]`)]
    .filter((el) => (prefix === 'canvas-node' ? el.dataset.selected === 'true' : el.getAttribute('aria-selected') === 'true'))
    .map((el) => el.dataset.testid?.slice(prefix.length + 1));

describe('selecting several components', () => {
  test('Shift, Ctrl and Cmd+click on the canvas add components to the selection or take them out; Escape clears it', () => {
    open();
    clickWith(get('canvas-node-hero-heading'));
    clickWith(get('canvas-node-hero-button'), { shiftKey: true });
    clickWith(get('canvas-node-t1'), { ctrlKey: true });
    clickWith(get('canvas-node-t2'), { metaKey: true });
    expect(state().selectedIds).toEqual(['hero-heading', 'hero-button', 't1', 't2']);
    expect(marked('canvas-node')).toEqual(['hero-heading', 'hero-button', 't1', 't2']);
    expect(marked('outline-node')).toEqual(['hero-heading', 'hero-button', 't1', 't2']);
    clickWith(get('canvas-node-t1'), { shiftKey: true });
    expect(state().selectedIds).toEqual(['hero-heading', 'hero-button', 't2']);
    // A plain click selects one again.
    clickWith(get('canvas-node-t1'));
    expect(state().selectedIds).toEqual(['t1']);
    clickWith(get('canvas-node-t2'), { ctrlKey: true });
    press(document.body, 'Escape');
    expect(state().selectedIds).toEqual([]);
    expect(marked('canvas-node')).toEqual([]);
  });

  test('Shift+click in the outline selects the rows between; Ctrl/Cmd+click toggles one', () => {
    open();
    clickWith(get('outline-node-hero-text'));
    clickWith(get('outline-node-t1'), { shiftKey: true });
    expect(marked('outline-node')).toEqual(['hero-text', 'hero-button', 'more', 't1']);
    clickWith(get('outline-node-more'), { ctrlKey: true });
    expect(state().selectedIds).toEqual(['hero-text', 'hero-button', 't1']);
    clickWith(get('outline-node-hero-heading'), { metaKey: true });
    expect(marked('outline-node')).toEqual(['hero-heading', 'hero-text', 'hero-button', 't1']);
  });

  test('[#11 bug 3] Ctrl/Cmd+A selects the siblings of the selection, not the text of the editor', () => {
    open();
    clickWith(get('canvas-node-t1'));
    expect(press(get('canvas'), 'a', { ctrlKey: true }).defaultPrevented).toBe(true);
    expect(state().selectedIds).toEqual(['t1', 't2']);
    clickWith(get('outline-node-hero-text'));
    expect(press(get('outline-node-hero-text'), 'a', { metaKey: true }).defaultPrevented).toBe(true);
    expect(marked('outline-node')).toEqual(['hero-heading', 'hero-text', 'hero-button']);
  });

  test('others are told the whole selection', () => {
    open();
    clickWith(get('canvas-node-t1'));
    clickWith(get('canvas-node-t2'), { shiftKey: true });
    expect(mounted.client.selections.at(-1)).toEqual(['t2', 't1']);
  });
});

describe('acting on the selection', () => {
  test('Delete removes the whole selection in one step; one Ctrl+Z brings it all back', () => {
    open();
    clickWith(get('canvas-node-hero-heading'));
    clickWith(get('canvas-node-hero-button'), { shiftKey: true });
    clickWith(get('canvas-node-t2'), { shiftKey: true });
    const sent = mounted.client.sent.length;
    press(document.body, 'Delete');
    expect(children('hero')).toEqual(['hero-text']);
    expect(children('more')).toEqual(['t1']);
    expect(mounted.client.sent).toHaveLength(sent + 1);
    press(document.body, 'z', { ctrlKey: true });
    expect(children('hero')).toEqual(['hero-heading', 'hero-text', 'hero-button']);
    expect(children('more')).toEqual(['t1', 't2']);
  });

  test('Ctrl+D duplicates each, and the Delete in the outline deletes the group', () => {
    open();
    clickWith(get('outline-node-t1'));
    clickWith(get('outline-node-t2'), { shiftKey: true });
    press(document.body, 'd', { ctrlKey: true });
    expect(children('more')).toHaveLength(4);
    expect(state().selectedIds).toHaveLength(2);
    const copies = [...state().selectedIds];
    press(get(`outline-node-${copies[0]}`), 'Delete');
    expect(children('more')).toEqual(['t1', 't2']);
  });

  test('Ctrl+G wraps the selection in a Section; one that does not share a parent is refused, saying why', () => {
    open();
    clickWith(get('canvas-node-hero-heading'));
    clickWith(get('canvas-node-hero-text'), { shiftKey: true });
    press(document.body, 'g', { ctrlKey: true });
    const hero = children('hero') as string[];
    expect(hero).toHaveLength(2);
    const section = hero[0] as string;
    expect(children(section)).toEqual(['hero-heading', 'hero-text']);
    expect(state().selection).toBe(section);
    clickWith(get('canvas-node-hero-button'));
    clickWith(get('canvas-node-t1'), { shiftKey: true });
    press(document.body, 'g', { ctrlKey: true });
    expect(state().notice?.message).toMatch(/side by side in one container/);
  });
});

describe('the properties of a multi-selection', () => {
  test('components of one type: the shared fields, a change sets all of them in one step, differing values say so', () => {
    open();
    clickWith(get('canvas-node-hero-text'));
    clickWith(get('canvas-node-t1'), { shiftKey: true });
    expect(get('group-count').textContent).toBe('2 Text components selected');
    expect(get('prop-mixed-text')).not.toBeNull();
    const sent = mounted.client.sent.length;
    typeInto(get('prop-field-text') as HTMLTextAreaElement, 'Same');
    expect(state().doc?.components['hero-text']?.props.text).toBe('Same');
    expect(state().doc?.components.t1?.props.text).toBe('Same');
    expect(mounted.client.sent).toHaveLength(sent + 1);
    expect(byTestId(mounted.container, 'prop-mixed-text')).toBeNull();
  });

  test('components of different types: a clear message, and the group actions', () => {
    open();
    clickWith(get('canvas-node-hero-heading'));
    clickWith(get('canvas-node-hero-button'), { ctrlKey: true });
    expect(get('group-mixed-types').textContent).toMatch(/different kinds of component/);
    expect(byTestId(mounted.container, 'prop-field-text')).toBeNull();
    clickWith(get('group-delete'));
    expect(children('hero')).toEqual(['hero-text']);
  });
});
