/**
 * Copy and paste of the selected subtrees as JSON through the system clipboard,
 * so it works between pages and tabs. The copy/paste events are the dependable
 * path (they need no permission); navigator.clipboard is tried as well, and the
 * last copy made in this tab is the fallback when neither is allowed.
 */
import type { StoreApi } from 'zustand';
import type { EditorStore } from '@tandem/editor';
import { firstFile } from './assets/image-file.ts';
import { selectedGroup } from './commands.ts';

let lastCopied: string | null = null;

export function isEditableTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  if (target instanceof HTMLInputElement)
    return !['checkbox', 'radio', 'button', 'submit', 'reset', 'color', 'range'].includes(target.type);
  return false;
}

/** The JSON for the selected subtrees, remembered as the fallback; null when nothing copyable is selected. */
export function copySelection(store: EditorStore): string | null {
  const ids = selectedGroup(store);
  if (ids.length === 0) return null;
  const json = store.copyComponents(ids);
  if (json !== null) lastCopied = json;
  return json;
}

/** Writes through navigator.clipboard too, for browsers where the copy event did not fire. */
export function writeClipboard(json: string): void {
  navigator.clipboard?.writeText(json).catch(() => {
    // Not allowed (no focus, no permission): the copy event or lastCopied covers it.
  });
}

/** Reads navigator.clipboard when allowed, else the last copy made in this tab. */
export async function readClipboard(): Promise<string | null> {
  try {
    const text = await navigator.clipboard?.readText();
    if (text) return text;
  } catch {
    // Reading needs a permission the page may not have.
  }
  return lastCopied;
}

/**
 * Installs the copy/paste listeners on `target` (the document); returns the
 * cleanup. `pendingPaste` lets the keyboard shortcut fall back to readClipboard
 * when the browser fires no paste event. A pasted file goes to `onFile` (the
 * editor uploads it and places an Image: assets/image-file.ts).
 */
export function installClipboard(
  api: StoreApi<EditorStore>,
  state: { pendingPaste: boolean },
  onFile: (file: File) => void = () => {},
): () => void {
  const onCopy = (event: ClipboardEvent) => {
    if (isEditableTarget(event.target) || hasTextSelection()) return;
    const json = copySelection(api.getState());
    if (json === null || !event.clipboardData) return;
    event.clipboardData.setData('text/plain', json);
    event.preventDefault();
  };
  const onCut = (event: ClipboardEvent) => {
    if (isEditableTarget(event.target) || hasTextSelection()) return;
    const store = api.getState();
    const ids = selectedGroup(store);
    const json = copySelection(store);
    if (json === null || ids.length === 0 || !event.clipboardData) return;
    event.clipboardData.setData('text/plain', json);
    event.preventDefault();
    store.removeComponents(ids);
  };
  const onPaste = (event: ClipboardEvent) => {
    if (isEditableTarget(event.target)) return;
    state.pendingPaste = false;
    // A file in the clipboard (a screenshot, an image copied from a file manager) wins over its text twin.
    const file = firstFile(event.clipboardData?.files);
    if (file) {
      event.preventDefault();
      onFile(file);
      return;
    }
    const text = event.clipboardData?.getData('text/plain') ?? '';
    if (text === '') return;
    if (api.getState().paste(text) !== null) event.preventDefault();
  };
  document.addEventListener('copy', onCopy);
  document.addEventListener('cut', onCut);
  document.addEventListener('paste', onPaste);
  return () => {
    document.removeEventListener('copy', onCopy);
    document.removeEventListener('cut', onCut);
    document.removeEventListener('paste', onPaste);
  };
}

function hasTextSelection(): boolean {
  const selection = window.getSelection();
  return selection !== null && !selection.isCollapsed && selection.toString() !== '';
}
