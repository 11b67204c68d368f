/**
 * The page's generated stylesheet (styleToCss, SPEC S8–S12) as one `<style>`
 * element inside the canvas frame. Its own component, so that only it re-renders
 * when the document changes. The frame is the container `canvas`, so the
 * tablet and mobile rules follow the frame's width, not the window's (S9).
 * The text is CSS built from grammar-checked values only (S13).
 */
import { styleToCss } from '@tandem/protocol';
import { useDeferredValue, useMemo } from 'react';
import { useEditor } from '../store-hooks.ts';

export function PageStyle() {
  // Deferred: on a large page, printing the stylesheet never holds up the keystroke that changed a text.
  const doc = useDeferredValue(useEditor((state) => state.doc));
  const css = useMemo(() => (doc ? styleToCss(doc, { container: 'canvas' }) : ''), [doc]);
  return <style data-testid="page-style">{css}</style>;
}
