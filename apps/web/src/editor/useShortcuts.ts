/**
 * The editor's keyboard shortcuts, active whenever focus is not in a text field
 * (where the keys keep their usual meaning): Delete/Backspace, Ctrl/Cmd+D,
 * Ctrl/Cmd+C/X/V, Ctrl/Cmd+G (wrap in a Section), Ctrl/Cmd+Z, Shift+Ctrl/Cmd+Z
 * and Ctrl+Y, Escape, and Ctrl/Cmd+A. Each acts on the whole selection. Ctrl/Cmd+A
 * selects the components beside the selected one (its siblings) and never runs the
 * browser's "select all", which would highlight the text of the whole editor UI
 * (issue 11, bug 3). Ctrl/Cmd+V with an image file in the clipboard uploads it and
 * places an Image where a pasted component would go.
 */
import { useEffect, useRef } from 'react';
import { useImageFile } from './assets/image-file.ts';
import { deleteSelection, duplicateSelection, wrapSelection } from './commands.ts';
import { useEditorStore } from './store-hooks.ts';
import { copySelection, installClipboard, isEditableTarget, readClipboard, writeClipboard } from './system-clipboard.ts';

export function useShortcuts(): void {
  const api = useEditorStore();
  const placeImageFile = useImageFile();
  // The latest, without reinstalling the listeners when the uploader's context changes.
  const placeFile = useRef(placeImageFile);
  placeFile.current = placeImageFile;
  useEffect(() => {
    const clipboardState = { pendingPaste: false };
    const uninstall = installClipboard(api, clipboardState, (file) => {
      if (!api.getState().preview) void placeFile.current(file, { kind: 'insert' });
    });

    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || isEditableTarget(event.target)) return;
      const store = api.getState();
      const mod = event.ctrlKey || event.metaKey;
      const key = event.key.toLowerCase();

      if (event.key === 'Escape') {
        if (store.preview) store.setPreview(false);
        else store.select(null);
        return;
      }
      if (store.preview) return;
      if ((event.key === 'Delete' || event.key === 'Backspace') && !mod && !event.altKey) {
        event.preventDefault();
        deleteSelection(store);
        return;
      }
      if (!mod || event.altKey) return;
      if (key === 'a' && !event.shiftKey) {
        event.preventDefault();
        store.selectSiblings();
        return;
      }
      if (key === 'z') {
        event.preventDefault();
        if (event.shiftKey) store.redo();
        else store.undo();
      } else if (key === 'y' && !event.shiftKey) {
        event.preventDefault();
        store.redo();
      } else if (key === 'd' && !event.shiftKey) {
        event.preventDefault();
        duplicateSelection(store);
      } else if (key === 'g' && !event.shiftKey) {
        event.preventDefault();
        wrapSelection(store);
      } else if (key === 'c' && !event.shiftKey) {
        // The copy event that follows fills the system clipboard; this also tries the async API.
        const json = copySelection(store);
        if (json !== null) writeClipboard(json);
      } else if (key === 'v' && !event.shiftKey) {
        clipboardState.pendingPaste = true;
        window.setTimeout(() => {
          if (!clipboardState.pendingPaste) return;
          clipboardState.pendingPaste = false;
          void readClipboard().then((text) => {
            if (text) api.getState().paste(text);
          });
        }, 80);
      }
    };
    window.addEventListener('keydown', onKeyDown);
    return () => {
      uninstall();
      window.removeEventListener('keydown', onKeyDown);
    };
  }, [api]);
}
