/**
 * Says, over the canvas and in their colour, whom this window follows, with a
 * button to stop (any click, key or scroll of one's own stops it too).
 */
import type { CSSProperties } from 'react';
import { safeColor } from '../../lib/color.ts';
import { useEditor } from '../store-hooks.ts';
import { stopFollowing, useFollowing } from './follow-store.ts';

export function FollowBanner() {
  const following = useFollowing();
  const user = useEditor((state) => (following === null ? null : (state.users.find((u) => u.userId === following) ?? null)));
  if (user === null) return null;
  const color = safeColor(user.color) ?? '#64748b';
  return (
    <div className="follow-banner" role="status" data-testid="follow-banner" style={{ '--follow-color': color } as CSSProperties}>
      <span className="follow-banner__dot" aria-hidden="true" />
      <span>
        Following <strong>{user.userName}</strong>: you see what they see. Click, type or scroll to take over.
      </span>
      <button type="button" className="button button--small follow-banner__stop" data-testid="follow-stop" data-follow-control onClick={stopFollowing}>
        Stop following
      </button>
    </div>
  );
}
