/**
 * Follow mode, the pure part: what following someone asks of this canvas, and
 * which of this person's own inputs end it. The React side (useFollow.ts) only
 * reads the store, asks these, and applies the answer.
 */
import type { View } from '@tandem/protocol';
import type { Viewport } from '@tandem/editor';

/** What to change here so this canvas shows what the followed person's shows; only what differs. */
export interface FollowStep {
  viewport?: Viewport;
  selection?: string | null;
}

/**
 * The viewport and selection to take from the followed person (their view may be
 * unknown yet: then only the selection). Their selection's first component is
 * taken, and one that is not on the page here (yet) is left for the next change.
 */
export function followStep(
  mine: { viewport: Viewport; selection: string | null },
  theirs: { view: View | undefined; selection: readonly string[] | null | undefined },
  exists: (id: string) => boolean,
): FollowStep {
  const step: FollowStep = {};
  if (theirs.view && theirs.view.viewport !== mine.viewport) step.viewport = theirs.view.viewport;
  const wanted = theirs.selection?.[0] ?? null;
  if (wanted !== mine.selection && (wanted === null || exists(wanted))) step.selection = wanted;
  return step;
}

/** Keys that alone are no action: a modifier pressed on its way to a shortcut still counts when the shortcut comes. */
const MODIFIERS = new Set(['Shift', 'Control', 'Alt', 'Meta', 'CapsLock', 'Fn']);

/**
 * Whether an input event is this person acting on their own (which stops
 * following): a press of the pointer, a key, a wheel or a touch. Scroll events
 * are not: the follower's canvas scrolls when the followed person's does.
 * Synthetic events (not `isTrusted`) are the page's own doing, not the person's.
 * A press on a follow control (an avatar, Stop following), by pointer or by
 * Enter/Space, is left to that control's click, which decides (an avatar toggles).
 */
export function isOwnAction(event: { type: string; isTrusted: boolean; key?: string; onFollowControl?: boolean }): boolean {
  if (!event.isTrusted) return false;
  if (event.onFollowControl && (event.type === 'pointerdown' || event.key === 'Enter' || event.key === ' ')) return false;
  switch (event.type) {
    case 'pointerdown':
    case 'wheel':
    case 'touchstart':
      return true;
    case 'keydown':
      return event.key !== undefined && !MODIFIERS.has(event.key);
    default:
      return false;
  }
}

/** The person followed, while they are still on the page; null once they left (following ends). */
export function stillFollowing(following: string | null, users: readonly { userId: string }[], meId: string | null): string | null {
  if (following === null || following === meId) return null;
  return users.some((u) => u.userId === following) ? following : null;
}
