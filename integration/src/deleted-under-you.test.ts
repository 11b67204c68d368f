/**
 * SPEC H2 and H3 through the real server and the real client (issue 11, bugs 4
 * and 7): two people, each with their own store, on one page.
 */
import { describe, expect, it, vi } from 'vitest';
import { converged, docOf, type Person, storesOnServer } from './two-stores.ts';

const stores = storesOnServer('deleted');

/** Ada and Bea on a fresh page, each seeing the other. */
async function twoPeople() {
  const pageId = stores.newPage();
  const ada = await stores.join(pageId, 'Ada');
  const bea = await stores.join(pageId, 'Bea');
  await vi.waitFor(() => expect(ada.state().users.map((u) => u.userName).sort()).toEqual(['Ada', 'Bea']));
  await vi.waitFor(() => expect(bea.state().users.map((u) => u.userName).sort()).toEqual(['Ada', 'Bea']));
  return [pageId, ada, bea] as const;
}

const heroText = (p: Person) => docOf(p).components['hero-text']?.props.text;

describe('[H3][#11 bug 4] A deletes the Section B is typing in', () => {
  it('B is told it was Ada and which Section, and one call puts it back, with B’s typing, for both', async () => {
    const [, ada, bea] = await twoPeople();
    bea.state().select('hero-text');
    // Ada sees where Bea is before she deletes.
    await vi.waitFor(() => expect(ada.state().presence[bea.state().me?.userId ?? '']).toEqual(['hero-text']));
    bea.state().setProp('hero-text', 'text', 'Bea was typing this');
    await converged(ada, bea);
    ada.state().removeComponent('hero');
    expect(ada.state().notice).toEqual({
      code: 'deleted-in-use',
      message: 'Bea was working in what you deleted. Undo (Ctrl+Z) puts it back for everyone.',
    });
    await vi.waitFor(() => expect(bea.state().deleted).not.toBeNull());
    expect(bea.state().deleted).toMatchObject({ byName: 'Ada', rootId: 'hero', type: 'Section', parentId: 'root', index: 0, selectedId: 'hero-text' });
    expect(bea.state().selection).toBeNull();

    expect(bea.state().restoreDeleted()).toBe('hero-text');
    await converged(ada, bea);
    expect(docOf(ada).components.root?.children).toEqual(['hero']);
    expect(heroText(ada)).toBe('Bea was typing this');
    expect(bea.state().selection).toBe('hero-text');
  });

  it('keystrokes Bea sent while the deletion was on its way are in what she puts back', async () => {
    const [, ada, bea] = await twoPeople();
    bea.state().select('hero-text');
    // Bea types and Ada deletes before either hears of the other: Bea's edit reaches the server after the deletion and is dropped there.
    bea.state().setProp('hero-text', 'text', 'In flight');
    ada.state().removeComponent('hero');
    await vi.waitFor(() => expect(bea.state().deleted).not.toBeNull());
    await converged(ada, bea);
    expect(docOf(ada).components.hero).toBeUndefined();
    bea.state().restoreDeleted();
    await converged(ada, bea);
    expect(heroText(ada)).toBe('In flight');
  });

  it('Ada’s own Undo brings it back for Bea too', async () => {
    const [, ada, bea] = await twoPeople();
    bea.state().select('hero-heading');
    ada.state().removeComponent('hero');
    await vi.waitFor(() => expect(bea.state().deleted?.byName).toBe('Ada'));
    ada.state().undo();
    await converged(ada, bea);
    expect(docOf(bea).components.hero?.children).toEqual(['hero-heading', 'hero-text', 'hero-button']);
  });
});

describe('[H2][#11 bug 7] a restore through the API', () => {
  it('reaches the other person as a restore by Ada, and their Undo starts afresh from it', async () => {
    const [pageId, ada, bea] = await twoPeople();
    bea.state().setProp('hero-heading', 'text', 'Bea’s older edit');
    await converged(ada, bea);
    expect(bea.state().canUndo).toBe(true);
    const res = await ada.fetch(`${stores.server.http}/api/pages/${pageId}/restore`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ version: 0 }),
    });
    expect(res.status).toBe(200);
    await vi.waitFor(() => expect(bea.state().notice?.code).toBe('version-restored'));
    expect(bea.state().notice?.message).toBe('Ada restored version 0. Undo starts again from here.');
    expect(bea.state().canUndo).toBe(false);
    bea.state().undo();
    await converged(ada, bea);
    expect(docOf(bea).components['hero-heading']?.props.text).toBe('Welcome to your page');
  });
});
