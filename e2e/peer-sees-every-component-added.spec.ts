/**
 * A adds one of every component type the palette offers; B sees each appear
 * within a second, in the same place in the tree. Of the 13 registered types
 * that is all but Page, which is root-only (SPEC D1/D7): every page has
 * exactly one, its root, and the palette does not offer it.
 *
 * The order is chosen so that the palette's placement rule is exercised in all
 * its cases: with nothing selected a component goes to the end of the page; a
 * selected container takes it as its last child; after a selected leaf it goes
 * just after it. Column goes into the Columns added just before it.
 */
import { expect, test } from '@playwright/test';
import {
  canvasIds,
  canvasTree,
  closeAll,
  expectSameTree,
  outlineTree,
  pair,
  paletteItem,
  placeOf,
  stampNextClick,
  type TreeEntry,
  waitForNewNode,
} from './helpers.ts';

/** packages/protocol/src/registry.ts, less the root-only Page, in the order A adds them. */
const ORDER = ['Section', 'Heading', 'Text', 'Button', 'Image', 'Link', 'List', 'Divider', 'Spacer', 'Navbar', 'Footer', 'Testimonial', 'Feature', 'FAQ', 'LogoRow', 'Video', 'Card', 'Columns', 'Column'];
const ROOT_TYPE = 'Page';
const CONTAINERS = new Set(['Page', 'Section', 'Columns', 'Column', 'Card']);

/** Where the palette must put the next component, given the one selected (the last added). */
function expectedPlace(tree: readonly TreeEntry[], selected: { id: string; type: string } | null): string {
  if (selected === null) return `root#${tree.filter((e) => e.parent === 'root').length}`;
  if (CONTAINERS.has(selected.type)) return `${selected.id}#${tree.filter((e) => e.parent === selected.id).length}`;
  const at = tree.find((e) => e.id === selected.id) as TreeEntry;
  return `${at.parent}#${at.index + 1}`;
}

test('every component type A adds appears for B within 1 s, in the same place', async ({ browser }) => {
  const { a, b } = await pair(browser, 'add-all');
  await expect(a.page.getByTestId(/^palette-item-/)).toHaveCount(ORDER.length);
  await expect(paletteItem(a.page, ROOT_TYPE)).toHaveCount(0);

  let selected: { id: string; type: string } | null = null;
  for (const type of ORDER) {
    const tree = await canvasTree(a.page);
    const place = expectedPlace(tree, selected);
    const before = await canvasIds(b.page);

    // Timed from the click landing in A's page to B's canvas showing the node (checked every frame in B).
    const clickedAt = await stampNextClick(paletteItem(a.page, type));
    await paletteItem(a.page, type).click();
    const { id, seenAt } = await waitForNewNode(b.page, type, before).catch(async (error: Error) => {
      // Say whether A itself got it, and what A's editor said about it.
      const notice = a.page.getByTestId('notice');
      const said = (await notice.count()) > 0 ? ` A's notice: "${await notice.first().textContent()}".` : '';
      const onA = (await canvasTree(a.page)).some((e) => e.type === type && !tree.some((t) => t.id === e.id));
      throw new Error(`${type} never reached B; A ${onA ? 'has it' : 'does not have it either'}.${said}\n${error.message}`);
    });
    const elapsed = seenAt - (await clickedAt());
    test.info().annotations.push({ type: 'A click → B canvas', description: `${type}: ${elapsed} ms` });
    expect(elapsed, `${type} reached B in ${elapsed} ms`).toBeLessThanOrEqual(1_000);

    // A's new component is that one, selected, where the palette rule puts it; B has it in the same place.
    await expect(a.page.getByTestId(`canvas-node-${id}`)).toHaveAttribute('data-selected', 'true');
    await expect(b.page.getByTestId(`canvas-node-${id}`)).toHaveAttribute('data-type', type);
    await expectSameTree(a.page, b.page);
    const [outlineA, outlineB] = await Promise.all([outlineTree(a.page), outlineTree(b.page)]);
    expect(placeOf(outlineA, id), `${type} goes where the palette rule says`).toBe(place);
    expect(placeOf(outlineB, id), `${type} is in the same place for B`).toBe(place);
    selected = { id, type };
  }

  // All 20 registered types are on both canvases: the 19 added and the root's Page, still the only one.
  for (const page of [a.page, b.page]) {
    const tree = await canvasTree(page);
    expect([...new Set(tree.map((e) => e.type))].sort()).toEqual([...ORDER, ROOT_TYPE].sort());
    expect(tree.filter((e) => e.type === ROOT_TYPE).map((e) => e.id)).toEqual(['root']);
  }
  await closeAll(a, b);
});
