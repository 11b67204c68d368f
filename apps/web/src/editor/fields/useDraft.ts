/**
 * A control's local copy of a prop. While the person types, the control shows
 * their draft and sends each change; the store's value replaces the draft only
 * when the prop itself changed (someone else edited this very prop, or undo).
 * Edits to other props never touch it, so the caret stays where it is.
 */
import { type RefObject, useLayoutEffect, useRef, useState } from 'react';

export function useDraft<T>(value: T): { draft: T; setDraft: (next: T) => void; reset: () => void; changedUnderneath: boolean } {
  const [draft, setDraft] = useState(value);
  const [previous, setPrevious] = useState(value);
  let changedUnderneath = false;
  if (!Object.is(value, previous)) {
    // Deriving state from a changed prop while rendering, as React documents it.
    setPrevious(value);
    if (!Object.is(value, draft)) {
      setDraft(value);
      changedUnderneath = true;
    }
  }
  return { draft, setDraft, reset: () => setDraft(value), changedUnderneath };
}

type TextElement = HTMLInputElement | HTMLTextAreaElement;

/**
 * A text draft that also keeps the caret where it was when someone else's edit
 * to the same prop replaces the text under a focused control.
 */
export function useTextDraft(value: string, element: RefObject<TextElement | null>) {
  const state = useDraft(value);
  const caret = useRef<[number, number] | null>(null);
  const el = element.current;
  if (state.changedUnderneath && el && el.ownerDocument.activeElement === el) {
    caret.current = [el.selectionStart ?? 0, el.selectionEnd ?? 0];
  }
  useLayoutEffect(() => {
    const saved = caret.current;
    const current = element.current;
    if (!saved || !current) return;
    caret.current = null;
    const max = current.value.length;
    current.setSelectionRange(Math.min(saved[0], max), Math.min(saved[1], max));
  });
  return state;
}
