// @vitest-environment happy-dom
/**
 * The performance rule: "editing one Text in a 500-component page
 * re-renders that Text and not its siblings". Every canvas and outline node
 * reports its renders through RenderProbeContext; after an edit, only the
 * nodes the edit touched may have rendered again.
 */
import { type ComponentNode, defaultProps, type PageDocument } from '@tandem/protocol';
import { act } from 'react';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { Canvas } from './canvas/Canvas.tsx';
import { Outline } from './Outline.tsx';
import { RenderProbeContext } from './render-probe.ts';
import { type Mounted, mount } from './testing/mount.tsx';

/** root → 10 Sections → 49 Texts each: 1 + 10 + 490 = 501 components. */
function bigPage(): PageDocument {
  const components: Record<string, ComponentNode> = {};
  const sections: string[] = [];
  for (let s = 0; s < 10; s++) {
    const children: string[] = [];
    for (let t = 0; t < 49; t++) {
      const id = `text-${s}-${t}`;
      components[id] = { id, type: 'Text', props: { ...defaultProps('Text'), text: `Text ${s}.${t}` }, children: [] };
      children.push(id);
    }
    const id = `section-${s}`;
    components[id] = { id, type: 'Section', props: defaultProps('Section'), children };
    sections.push(id);
  }
  components.root = { id: 'root', type: 'Page', props: defaultProps('Page'), children: sections };
  return { rootId: 'root', components };
}

let renders: Map<string, number>;
let mounted: Mounted;

const count = (where: 'canvas' | 'outline') =>
  [...renders].filter(([key]) => key.startsWith(`${where}:`)).map(([key, n]) => [key.slice(where.length + 1), n] as const);
const rendered = (where: 'canvas' | 'outline') => Object.fromEntries(count(where));

beforeEach(() => {
  renders = new Map();
  const probe = (where: string, id: string) => renders.set(`${where}:${id}`, (renders.get(`${where}:${id}`) ?? 0) + 1);
  const doc = bigPage();
  expect(Object.keys(doc.components)).toHaveLength(501);
  mounted = mount(
    <RenderProbeContext value={probe}>
      <Canvas />
      <Outline />
    </RenderProbeContext>,
    doc,
  );
  expect(mounted.container.querySelectorAll('[data-testid^="canvas-node-"]')).toHaveLength(501);
  expect(mounted.container.querySelectorAll('[data-testid^="outline-node-"]')).toHaveLength(501);
  renders.clear();
});

afterEach(() => mounted.unmount());

describe('editing one Text in a 500-component page', () => {
  test('a local edit re-renders that Text and not its siblings', () => {
    act(() => mounted.store.getState().setProp('text-4-20', 'text', 'Edited here'));
    expect(mounted.container.querySelector('[data-testid="canvas-node-text-4-20"]')?.textContent).toBe('Edited here');
    expect(rendered('canvas')).toEqual({ 'text-4-20': 1 });
    // The outline row shows the text too, so it renders again; nothing else does.
    expect(rendered('outline')).toEqual({ 'text-4-20': 1 });
  });

  test('a remote edit re-renders that Text and not its siblings', () => {
    act(() => mounted.client.remote([{ op: 'replace', path: '/components/text-7-3/props/text', value: 'From a colleague' }]));
    expect(mounted.container.querySelector('[data-testid="canvas-node-text-7-3"]')?.textContent).toBe('From a colleague');
    expect(rendered('canvas')).toEqual({ 'text-7-3': 1 });
    expect(rendered('outline')).toEqual({ 'text-7-3': 1 });
  });

  test('selecting re-renders only the previously and newly selected nodes', () => {
    act(() => mounted.store.getState().select('text-1-1'));
    expect(rendered('canvas')).toEqual({ 'text-1-1': 1 });
    renders.clear();
    act(() => mounted.store.getState().select('text-2-2'));
    expect(rendered('canvas')).toEqual({ 'text-1-1': 1, 'text-2-2': 1 });
    expect(rendered('outline')).toEqual({ 'text-1-1': 1, 'text-2-2': 1 });
  });

  test('adding to a multi-selection, or Ctrl/Cmd+A, re-renders only the nodes that joined it', () => {
    act(() => mounted.store.getState().select('text-1-1'));
    renders.clear();
    act(() => mounted.store.getState().toggleSelect('text-4-4'));
    expect(rendered('canvas')).toEqual({ 'text-4-4': 1 });
    expect(rendered('outline')).toEqual({ 'text-4-4': 1 });
    renders.clear();
    act(() => mounted.store.getState().selectSiblings());
    // text-4-4's 48 siblings joined and text-1-1 left: those 49 re-render; text-4-4 and the other Sections do not.
    const canvas = Object.keys(rendered('canvas'));
    expect(canvas).toHaveLength(49);
    expect(canvas).toContain('text-1-1');
    expect(canvas).not.toContain('text-4-4');
    expect(canvas.every((id) => id.startsWith('text-4-') || id === 'text-1-1')).toBe(true);
  });

  test("another person's selection re-renders only what they selected", () => {
    act(() => {
      mounted.client.users = [mounted.client.me as never, { userId: 'u-ann', userName: 'Ann', color: '#e5484d' }];
      mounted.client.presence.set('u-ann', ['text-3-3']);
      mounted.client.emit({ type: 'users', users: mounted.client.users } as never);
      mounted.client.emit({ type: 'presence', presence: mounted.client.presence } as never);
    });
    expect(rendered('canvas')).toEqual({ 'text-3-3': 1 });
    const node = mounted.container.querySelector<HTMLElement>('[data-testid="canvas-node-text-3-3"]');
    expect(node?.classList.contains('is-remote-selected')).toBe(true);
    expect(node?.style.getPropertyValue('--remote-color')).toBe('#e5484d');
  });

  test('adding a component re-renders its container, not the siblings', () => {
    act(() => {
      mounted.store.getState().addComponent('Text', { parentId: 'section-5', index: 0 });
    });
    const canvas = rendered('canvas');
    // The new Text, and section-5 whose children changed.
    expect(Object.keys(canvas).sort()).toEqual(['section-5', 'text-1'].sort());
    expect(canvas['text-5-0']).toBeUndefined();
    // In the outline the root row too: it stops being the tab stop once something is selected.
    expect(Object.keys(rendered('outline')).sort()).toEqual(['root', 'section-5', 'text-1']);
  });
});
