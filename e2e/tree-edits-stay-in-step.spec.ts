/**
 * A reorders, moves a component into another container and out again,
 * duplicates and deletes, with the outline's keyboard moves, drag and drop, the
 * toolbar and the shortcuts; after each step B's outline (and both canvases)
 * show exactly A's tree.
 */
import { expect, test } from '@playwright/test';
import { addFromPalette, canvasNode, closeAll, expectSameTree, outlineNode, outlineTree, pair, treeString } from './helpers.ts';

test("B's tree matches A's after each reorder, move, duplicate and delete", async ({ browser }) => {
  const { a, b } = await pair(browser, 'tree-edits');
  const A = a.page;

  // Nothing selected: a Card goes to the end of the page.
  const card = await addFromPalette(A, 'Card');
  expect(await expectSameTree(A, b.page)).toBe(`root[hero[hero-heading,hero-text,hero-button],${card}]`);

  // Reorder with the outline's keyboard move: the Button goes up above the Text.
  await outlineNode(A, 'hero-button').click();
  await outlineNode(A, 'hero-button').press('Alt+ArrowUp');
  expect(await expectSameTree(A, b.page)).toBe(`root[hero[hero-heading,hero-button,hero-text],${card}]`);

  // Move into another container by dragging the Text's row onto the middle of the Card's row.
  await outlineNode(A, 'hero-text').dragTo(outlineNode(A, card));
  expect(await expectSameTree(A, b.page)).toBe(`root[hero[hero-heading,hero-button],${card}[hero-text]]`);

  // And out again with the keyboard: outdent puts it just after the Card.
  await outlineNode(A, 'hero-text').click();
  await outlineNode(A, 'hero-text').press('Alt+ArrowLeft');
  expect(await expectSameTree(A, b.page)).toBe(`root[hero[hero-heading,hero-button],${card},hero-text]`);
  // Indent: into the previous sibling, the Card.
  await outlineNode(A, 'hero-text').press('Alt+ArrowRight');
  expect(await expectSameTree(A, b.page)).toBe(`root[hero[hero-heading,hero-button],${card}[hero-text]]`);

  // Duplicate the Card (with the Text inside) from the toolbar: the copy, with fresh ids, comes right after it.
  await outlineNode(A, card).click();
  await A.getByTestId('duplicate').click();
  const afterDuplicate = await expectSameTree(A, b.page);
  const roots = (await outlineTree(A)).filter((e) => e.parent === 'root').map((e) => e.id);
  expect(roots).toHaveLength(3);
  const copy = roots[2] as string;
  const copiedText = (await outlineTree(A)).find((e) => e.parent === copy)?.id as string;
  expect(afterDuplicate).toBe(`root[hero[hero-heading,hero-button],${card}[hero-text],${copy}[${copiedText}]]`);
  expect([copy, copiedText]).not.toContain(card);
  expect(copiedText).not.toBe('hero-text');
  await expect(canvasNode(b.page, copy)).toHaveAttribute('data-type', 'Card');
  await expect(canvasNode(b.page, copiedText)).toHaveAttribute('data-type', 'Text');

  // Duplicate the Heading with the shortcut (focus in the outline, not in a text field).
  await outlineNode(A, 'hero-heading').click();
  await A.keyboard.press('ControlOrMeta+d');
  await expect.poll(async () => (await outlineTree(A)).filter((e) => e.parent === 'hero').length).toBe(3);
  const headingCopy = (await outlineTree(A)).filter((e) => e.parent === 'hero')[1]?.id as string;
  expect(await expectSameTree(A, b.page)).toBe(
    `root[hero[hero-heading,${headingCopy},hero-button],${card}[hero-text],${copy}[${copiedText}]]`,
  );
  await expect(canvasNode(b.page, headingCopy)).toHaveAttribute('data-type', 'Heading');

  // Delete the original Card (and the Text in it) from the toolbar.
  await outlineNode(A, card).click();
  await A.getByTestId('delete').click();
  expect(await expectSameTree(A, b.page)).toBe(`root[hero[hero-heading,${headingCopy},hero-button],${copy}[${copiedText}]]`);

  // Delete the Heading's copy with the Delete key.
  await outlineNode(A, headingCopy).click();
  await A.keyboard.press('Delete');
  const final = await expectSameTree(A, b.page);
  expect(final).toBe(`root[hero[hero-heading,hero-button],${copy}[${copiedText}]]`);
  expect(treeString(await outlineTree(b.page))).toBe(final);
  await closeAll(a, b);
});
