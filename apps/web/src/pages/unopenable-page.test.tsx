// @vitest-environment happy-dom
/** Issue 11, bug 6: an address that cannot name a page, and messages written for people. */
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, expect, test } from 'vitest';
import { humanFatal, humanNotice } from '../lib/human-messages.ts';
import { EditorPage } from './EditorPage.tsx';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

let root: Root;
let container: HTMLElement;
afterEach(() => {
  act(() => root.unmount());
  container.remove();
});

test('[#11 bug 6] /p/hello%20world! shows a clear page with the way home, not an editor with live buttons', () => {
  const calls: string[] = [];
  const realFetch = globalThis.fetch;
  globalThis.fetch = (async (input: RequestInfo | URL) => {
    calls.push(String(input));
    throw new Error('no request is expected');
  }) as typeof fetch;
  try {
    container = document.createElement('div');
    document.body.append(container);
    root = createRoot(container);
    act(() => root.render(<EditorPage pageId="hello world!" />));
    const card = container.querySelector('[data-testid="page-unavailable"]') as HTMLElement;
    expect(card.textContent).toContain('This address does not open a page');
    expect(card.textContent).not.toMatch(/pageId|ticket|\(400\)/);
    expect(container.querySelector('[data-testid="page-unavailable-home"]')).not.toBeNull();
    for (const id of ['undo', 'redo', 'delete', 'palette', 'canvas']) {
      expect(container.querySelector(`[data-testid="${id}"]`), id).toBeNull();
    }
    expect(calls).toEqual([]);
  } finally {
    globalThis.fetch = realFetch;
  }
});

test('[#11 bug 6] the server being down, and refusals, read as sentences for people', () => {
  const down = humanNotice({ code: 'ticket', message: 'ticket request failed: Failed to fetch' });
  expect(down).toMatch(/^Can’t reach the Tandem server/);
  expect(down).not.toMatch(/ticket|fetch/i);
  expect(humanFatal('ticket refused (400): pageId: page ids are 1–64 letters')).not.toMatch(/pageId|ticket|400/);
  expect(humanFatal('ticket refused (410): page x was deleted')).toBe('This page was deleted.');
  expect(humanNotice({ code: 'edit-refused', message: 'that place is gone' })).toBe('That place is gone.');
  expect(humanNotice({ code: 'some-new-code', message: 'stack trace at foo.ts:1' })).not.toMatch(/foo\.ts/);
});
