/**
 * A control's local copy of a prop. While the person types, the control shows
 * their draft and sends each change; the store's value replaces the draft only
 * when the prop itself changed (someone else edited this very prop, or undo).
 * Edits to other props never touch it, so the caret stays where it is.
 */
import { diffText, mapTextPosition } from '@tandem/protocol';
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
 * A text draft that keeps the caret and selection where they belong when someone
 * else's edit to the same prop replaces the text under a focused control: each
 * end is carried through the change (SPEC T15: past what was inserted or removed
 * before it, not pushed by text inserted exactly at it), so the next keystroke
 * lands where the person meant it.
 */
export function useTextDraft(value: string, element: RefObject<TextElement | null>) {
  const state = useDraft(value);
  const caret = useRef<[number, number, TextElement['selectionDirection']] | null>(null);
  const el = element.current;
  if (state.changedUnderneath && el && el.ownerDocument.activeElement === el) {
    // What the control shows right now is the text the caret positions refer to.
    const hunks = diffText(el.value, value);
    caret.current = [mapTextPosition(el.selectionStart ?? 0, hunks), mapTextPosition(el.selectionEnd ?? 0, hunks), el.selectionDirection];
  }
  useLayoutEffect(() => {
    const saved = caret.current;
    const current = element.current;
    if (!saved || !current) return;
    caret.current = null;
    const max = current.value.length;
    current.setSelectionRange(Math.min(saved[0], max), Math.min(saved[1], max), saved[2] ?? undefined);
  });
  return state;
}
