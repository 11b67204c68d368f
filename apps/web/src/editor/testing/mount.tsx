/** Mounting editor components on a real store over a fake client, in happy-dom, for the UI's tests. */
import type { PageDocument } from '@tandem/protocol';
import { act, type ReactNode } from 'react';
import { createRoot } from 'react-dom/client';
import { createEditorStore, type EditorStoreApi } from '@tandem/editor';
import { counterIds, FakeClient } from '@tandem/editor/testing';
import { EditorProvider } from '../store-hooks.ts';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

export interface Mounted {
  container: HTMLElement;
  store: EditorStoreApi;
  client: FakeClient;
  rerender(ui: ReactNode): void;
  unmount(): void;
}

export function editorFor(doc: PageDocument): { store: EditorStoreApi; client: FakeClient } {
  const client = new FakeClient(doc);
  const store = createEditorStore(client, { ids: counterIds() });
  return { store, client };
}

export function mount(ui: ReactNode, doc: PageDocument, existing?: { store: EditorStoreApi; client: FakeClient }): Mounted {
  const { store, client } = existing ?? editorFor(doc);
  const container = document.createElement('div');
  document.body.append(container);
  const root = createRoot(container);
  const wrap = (node: ReactNode) => <EditorProvider store={store}>{node}</EditorProvider>;
  act(() => root.render(wrap(ui)));
  return {
    container,
    store,
    client,
    rerender: (next) => act(() => root.render(wrap(next))),
    unmount: () => {
      act(() => root.unmount());
      container.remove();
      store.destroy();
    },
  };
}

export const byTestId = (root: ParentNode, id: string) => root.querySelector<HTMLElement>(`[data-testid="${CSS.escape(id)}"]`);

/** Sets an input's value the way React notices (the native setter), then fires input. */
export function typeInto(element: HTMLInputElement | HTMLTextAreaElement, value: string): void {
  const proto = element instanceof HTMLTextAreaElement ? HTMLTextAreaElement.prototype : HTMLInputElement.prototype;
  const setter = Object.getOwnPropertyDescriptor(proto, 'value')?.set;
  act(() => {
    setter?.call(element, value);
    element.dispatchEvent(new Event('input', { bubbles: true }));
  });
}

export function press(target: Element | Window, key: string, init: KeyboardEventInit = {}): KeyboardEvent {
  const event = new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true, ...init });
  act(() => {
    target.dispatchEvent(event);
  });
  return event;
}

export function click(element: Element): void {
  act(() => {
    element.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true }));
  });
}
