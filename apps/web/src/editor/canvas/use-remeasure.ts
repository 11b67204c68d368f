/**
 * Runs `measure` again, at most once per animation frame, whenever the canvas's
 * layout can have changed: a document or viewport change, the frame resized, the
 * window resized, and (with `onLoad`) an image inside the frame finished loading.
 * Layers drawn over the canvas (the selection overlay, live cursors) measure the
 * components they point at this way, so none of them re-measures on its own terms.
 */
import { type RefObject, useLayoutEffect } from 'react';
import { useEditorStore } from '../store-hooks.ts';

export function useRemeasure(frame: RefObject<HTMLElement | null>, measure: () => void, options: { onLoad?: boolean } = {}): void {
  const api = useEditorStore();
  const { onLoad = false } = options;
  useLayoutEffect(() => {
    measure();
    const root = frame.current;
    if (!root) return;
    let scheduled = 0;
    const schedule = () => {
      if (scheduled) return;
      scheduled = requestAnimationFrame(() => {
        scheduled = 0;
        measure();
      });
    };
    // Any document change can move what is measured; once per frame at most.
    const unsubscribe = api.subscribe((state, previous) => {
      if (state.doc !== previous.doc || state.viewport !== previous.viewport) schedule();
    });
    const observer = new ResizeObserver(schedule);
    observer.observe(root);
    // `load` does not bubble: caught on its way down.
    if (onLoad) root.addEventListener('load', schedule, true);
    window.addEventListener('resize', schedule);
    return () => {
      unsubscribe();
      observer.disconnect();
      if (onLoad) root.removeEventListener('load', schedule, true);
      window.removeEventListener('resize', schedule);
      cancelAnimationFrame(scheduled);
    };
  }, [api, frame, measure, onLoad]);
}
