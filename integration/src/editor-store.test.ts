/**
 * The store with the real CollabClient against the real server (in-process, on an
 * ephemeral port): two people on one page, each with their own store.
 */
import { seeded } from '@tandem/editor/testing';
import { describe, expect, it, vi } from 'vitest';
import { converged, docOf, type Person, storesOnServer } from './two-stores.ts';

const stores = storesOnServer('store-test');

async function twoPeople() {
  const pageId = stores.newPage();
  return [await stores.join(pageId, 'Ann'), await stores.join(pageId, 'Bob')] as const;
}

describe('two stores on one page, through the server', () => {
  it('B’s document follows A’s adds, moves, props and deletes, and A’s undo', async () => {
    const [a, b] = await twoPeople();
    expect(a.state().status).toBe('connected');
    await vi.waitFor(() =>
      expect(
        a
          .state()
          .users.map((u) => u.userName)
          .sort(),
      ).toEqual(['Ann', 'Bob']),
    );

    const heading = a.state().addComponent('Heading', { parentId: 'hero', index: 0 }) as string;
    const columns = a.state().addComponent('Columns', { parentId: 'root', index: 1 }) as string;
    const [left] = a.state().doc?.components[columns]?.children ?? [];
    expect(a.state().moveComponent('hero-text', { parentId: left as string, index: 0 })).toBe(true);
    a.state().setProp(heading, 'text', 'From Ann');
    a.state().setProp('hero-button', 'variant', 'ghost');
    a.state().removeComponent('hero-heading');
    const copy = a.state().duplicateComponent(columns) as string;
    await converged(a, b);
    expect(b.state().doc?.components[heading]?.props.text).toBe('From Ann');
    expect(b.state().doc?.components[copy]?.children).toHaveLength(2);
    expect(b.state().doc?.components['hero-heading']).toBeUndefined();

    a.state().undo(); // the duplicate
    a.state().undo(); // the removal
    await converged(a, b);
    expect(b.state().doc?.components[copy]).toBeUndefined();
    expect(b.state().doc?.components.hero?.children).toContain('hero-heading');
    a.state().redo();
    await converged(a, b);
    expect(b.state().doc?.components['hero-heading']).toBeUndefined();
  });

  it('one local edit is one store update, with the history and pending count already in it', async () => {
    const [a, b] = await twoPeople();
    const updates: { text: unknown; canUndo: boolean; pendingCount: number; version: number }[] = [];
    const stop = a.store.subscribe((s) =>
      updates.push({
        text: s.doc?.components['hero-heading']?.props.text,
        canUndo: s.canUndo,
        pendingCount: s.pendingCount,
        version: s.version,
      }),
    );
    const version = a.state().version;
    a.state().setProp('hero-heading', 'text', 'Said once');
    expect(updates).toEqual([{ text: 'Said once', canUndo: true, pendingCount: 1, version }]);
    stop();
    // The ack still reaches the store (pending count and version), through the client's events.
    await converged(a, b);
    expect(a.state().version).toBe(version + 1);
  });

  it('a burst of typing arrives whole, and undo takes it back as one step on both screens', async () => {
    const [a, b] = await twoPeople();
    const before = a.state().doc?.components['hero-heading']?.props.text;
    let text = '';
    for (const ch of 'Typed by Ann') {
      text += ch;
      a.state().setProp('hero-heading', 'text', text);
    }
    await converged(a, b);
    expect(b.state().doc?.components['hero-heading']?.props.text).toBe('Typed by Ann');
    a.state().undo();
    await converged(a, b);
    expect(b.state().doc?.components['hero-heading']?.props.text).toBe(before);
    expect(a.state().canUndo).toBe(false);
  });

  it('undo on A keeps B’s later change to another prop of the same component', async () => {
    const [a, b] = await twoPeople();
    a.state().setProp('hero-heading', 'text', 'Ann’s words');
    await converged(a, b);
    b.state().setProp('hero-heading', 'align', 'center');
    await converged(a, b);
    a.state().undo();
    await converged(a, b);
    expect(b.state().doc?.components['hero-heading']?.props).toMatchObject({ text: 'Welcome to your page', align: 'center' });
  });

  it('concurrent edits by both converge, and B’s untouched components keep their identity', async () => {
    const [a, b] = await twoPeople();
    const bButton = b.state().doc?.components['hero-button'];
    a.state().setProp('hero-heading', 'text', 'Ann');
    a.state().addComponent('Text', { parentId: 'hero', index: 0 });
    b.state().setProp('hero-text', 'text', 'Bob');
    b.state().addComponent('Spacer', { parentId: 'hero', index: 0 });
    await converged(a, b);
    expect(docOf(a).components.hero?.children).toHaveLength(5);
    expect(b.state().doc?.components['hero-button']).toBe(bButton);
  });

  it('A’s undo of an edit to a component B deleted is skipped; the step before is undone', async () => {
    const [a, b] = await twoPeople();
    a.state().setProp('hero-button', 'label', 'First');
    await new Promise((resolve) => setTimeout(resolve, 5)); // a different prop: its own step anyway
    a.state().setProp('hero-text', 'text', 'Second');
    await converged(a, b);
    b.state().removeComponent('hero-text');
    await converged(a, b);
    a.state().undo();
    await converged(a, b);
    expect(docOf(b).components['hero-text']).toBeUndefined();
    expect(docOf(b).components['hero-button']?.props.label).toBe('Get started');
  });

  it('selection is presence: B sees what A selected, and loses it when A’s component is deleted', async () => {
    const [a, b] = await twoPeople();
    a.state().select('hero-text');
    const annId = a.state().me?.userId as string;
    await vi.waitFor(() => expect(b.state().presence[annId]).toEqual(['hero-text']));
    b.state().removeComponent('hero-text');
    await converged(a, b);
    expect(a.state().selection).toBeNull();
    await vi.waitFor(() => expect(b.state().presence[annId]).toBeNull());
  });

  it('multi-select: B sees A’s whole selection; A’s group delete is one version, and one undo brings the group back for B', async () => {
    const [a, b] = await twoPeople();
    const before = structuredClone(docOf(a));
    a.state().select('hero-heading');
    a.state().toggleSelect('hero-text');
    a.state().toggleSelect('hero-button');
    const annId = a.state().me?.userId as string;
    await vi.waitFor(() => expect(b.state().presence[annId]).toEqual(['hero-button', 'hero-heading', 'hero-text']));
    const version = a.state().version;
    expect(a.state().removeComponents(a.state().selectedIds)).toBe(true);
    await converged(a, b);
    expect(b.state().version).toBe(version + 1);
    expect(b.state().doc?.components.hero?.children).toEqual([]);
    await vi.waitFor(() => expect(b.state().presence[annId]).toBeNull());
    a.state().undo();
    await converged(a, b);
    expect(b.state().version).toBe(version + 2);
    expect(docOf(b)).toEqual(before);
  });

  // Conflicting structural edits (a move into a Section the other deletes) are refused
  // by the server now and then; what matters is that both end on the same valid page.
  // Seeds that once failed are added here by number (40 seeds passed when this was written).
  it.each([1, 2, 3, 4, 5])('random concurrent edits and undos by both converge to a valid page (seed %i)', async (seed) => {
    const [a, b] = await twoPeople();
    const r = seeded(seed);
    const types = ['Heading', 'Text', 'Button', 'Section', 'Card', 'Columns', 'Spacer', 'List'];
    const act = (p: Person) => {
      const doc = docOf(p);
      const ids = Object.keys(doc.components);
      const some = () => r.pick(ids);
      const s = p.state();
      switch (r.int(9)) {
        case 0:
        case 1:
          s.select(r.next() < 0.3 ? null : some());
          s.addComponent(r.pick(types));
          break;
        case 2: {
          const target = doc.components[some()];
          if (target) s.moveComponent(some(), { parentId: target.id, index: r.int(target.children.length + 1) });
          break;
        }
        case 3:
          s.removeComponent(some());
          break;
        case 4: {
          const id = some();
          if ('text' in (doc.components[id]?.props ?? {})) s.setProp(id, 'text', `${p.state().me?.userName} ${r.int(100)}`);
          else s.duplicateComponent(id);
          break;
        }
        case 5:
          s.undo();
          break;
        case 6:
          s.redo();
          break;
        case 7:
          (r.next() < 0.5 ? s.indent : s.outdent)(some());
          break;
        default:
          (r.next() < 0.5 ? s.moveUp : s.moveDown)(some());
      }
    };
    for (let round = 0; round < 40; round++) {
      act(a);
      act(b);
      if (r.next() < 0.3) await new Promise((resolve) => setTimeout(resolve, r.int(30)));
    }
    await converged(a, b);
  });
});
