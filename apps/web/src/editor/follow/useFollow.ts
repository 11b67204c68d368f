/**
 * Follow mode on the canvas: while this window follows someone, it takes their
 * viewport, scroll and selection as they change (follow.ts says what), until this
 * person acts on their own (a click, a key, the wheel, a touch) or the other
 * leaves. Scroll is applied after the layout their viewport gives, and after the
 * selection's own scroll-into-view, so theirs is what stays.
 */
import { nodeOf } from '@tandem/protocol';
import { type RefObject, useEffect } from 'react';
import { useEditor, useEditorStore } from '../store-hooks.ts';
import { scrollTopFor } from '../cursors/anchor.ts';
import { followStep, isOwnAction, stillFollowing } from './follow.ts';
import { stopFollowing, useFollowing } from './follow-store.ts';

const OWN_ACTIONS = ['pointerdown', 'keydown', 'wheel', 'touchstart'] as const;

/** `enabled`: false for a canvas that shows something else than the live page (a preview of an old version). */
export function useFollow(scroller: RefObject<HTMLElement | null>, enabled: boolean): void {
  const api = useEditorStore();
  const followed = useFollowing();
  const following = enabled ? followed : null;
  const target = useEditor((state) => stillFollowing(following, state.users, state.me?.userId ?? null));
  const view = useEditor((state) => (target === null ? undefined : state.views[target]));
  const theirSelection = useEditor((state) => (target === null ? undefined : state.presence[target]));
  const viewport = useEditor((state) => state.viewport);
  const selection = useEditor((state) => state.selection);

  // The person followed left (or never was here): following ends.
  useEffect(() => {
    if (following !== null && target === null) stopFollowing();
  }, [following, target]);
  // A page left while following: the next one starts without.
  useEffect(() => (enabled ? stopFollowing : undefined), [enabled]);

  // This person acting on their own ends it.
  useEffect(() => {
    if (target === null) return;
    const onInput = (event: Event) => {
      const onFollowControl = event.target instanceof Element && event.target.closest('[data-follow-control]') !== null;
      if (isOwnAction({ type: event.type, isTrusted: event.isTrusted, key: (event as KeyboardEvent).key, onFollowControl })) stopFollowing();
    };
    for (const type of OWN_ACTIONS) window.addEventListener(type, onInput, { capture: true, passive: true });
    return () => {
      for (const type of OWN_ACTIONS) window.removeEventListener(type, onInput, { capture: true });
    };
  }, [target]);

  useEffect(() => {
    if (target === null) return;
    const state = api.getState();
    const step = followStep({ viewport: state.viewport, selection: state.selection }, { view, selection: theirSelection }, (id) =>
      state.doc === null ? false : nodeOf(state.doc, id) !== undefined,
    );
    if (step.viewport !== undefined) state.setViewport(step.viewport);
    if (step.selection !== undefined) state.select(step.selection);
  }, [api, target, view, theirSelection]);

  useEffect(() => {
    const element = scroller.current;
    if (target === null || view === undefined || element === null || view.viewport !== viewport) return;
    void selection;
    element.scrollTop = scrollTopFor(view.scroll, element.scrollHeight, element.clientHeight);
  }, [scroller, target, view, viewport, selection]);
}
