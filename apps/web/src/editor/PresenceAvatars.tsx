/**
 * Everyone on the page as initials in their colour; the name on hover; one's own avatar marked.
 *
 * Presence shows only who is really there as far as this window knows (issue 11,
 * bug 5): while this window is not connected (offline, or the server unreachable)
 * the others' avatars are marked "last seen" with the time the connection was lost,
 * greyed, since nobody can tell whether they are still there. They come back to life
 * with the next roster the server sends on reconnect.
 *
 * Clicking someone else's avatar follows them (follow mode): this window takes their
 * viewport, scroll and selection until one acts oneself; clicking it again stops.
 */
import { useEffect, useState } from 'react';
import { safeColor } from '../lib/color.ts';
import { initials } from '../lib/userName.ts';
import { useEditor } from './store-hooks.ts';
import { followUser, stopFollowing, useFollowing } from './follow/follow-store.ts';

const SHOWN = 5;

export function PresenceAvatars() {
  const users = useEditor((state) => state.users);
  const meId = useEditor((state) => state.me?.userId ?? null);
  const connected = useEditor((state) => state.status === 'connected');
  const following = useFollowing();
  // When this window lost its connection: the others were last seen then.
  const [lostAt, setLostAt] = useState<Date | null>(null);
  useEffect(() => {
    setLostAt(connected ? null : (previous) => previous ?? new Date());
  }, [connected]);
  const lastSeen = lostAt?.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' }) ?? '';
  // Own avatar first, then the others in order of arrival.
  const ordered = [...users.filter((u) => u.userId === meId), ...users.filter((u) => u.userId !== meId)];
  const hidden = ordered.length - SHOWN;
  return (
    <ul
      className="avatars"
      aria-label={
        connected
          ? `${users.length} ${users.length === 1 ? 'person' : 'people'} on this page`
          : `Offline: who else is on this page is not known (last seen ${lastSeen})`
      }
    >
      {ordered.slice(0, hidden > 0 ? SHOWN - 1 : SHOWN).map((user) => {
        const mine = user.userId === meId;
        const stale = !mine && !connected;
        const name = mine
          ? `${user.userName} (you)`
          : stale
            ? `${user.userName}, last seen ${lastSeen} (this window is offline)`
            : user.userName;
        const followed = following === user.userId;
        const content = (
          <>
            <span aria-hidden="true">{initials(user.userName)}</span>
            <span className="sr-only">{name}</span>
          </>
        );
        return (
          <li
            key={user.userId}
            className={`avatar${mine ? ' avatar--me' : ''}${stale ? ' avatar--stale' : ''}${followed ? ' avatar--followed' : ''}`}
            data-testid={`presence-avatar-${user.userId}`}
            data-me={mine || undefined}
            data-stale={stale || undefined}
            data-following={followed || undefined}
            title={name}
            style={{ backgroundColor: safeColor(user.color) ?? '#64748b' }}
          >
            {mine || stale ? (
              content
            ) : (
              <button
                type="button"
                className="avatar__follow"
                data-follow-control
                data-testid={`follow-${user.userId}`}
                aria-pressed={followed}
                aria-label={followed ? `Stop following ${user.userName}` : `Follow ${user.userName}`}
                title={followed ? `You follow ${user.userName}: click to stop` : `Follow ${user.userName}: see what they see`}
                onClick={() => (followed ? stopFollowing() : followUser(user.userId))}
              >
                {content}
              </button>
            )}
          </li>
        );
      })}
      {hidden > 0 && (
        <li
          className="avatar avatar--more"
          title={ordered
            .slice(SHOWN - 1)
            .map((u) => u.userName)
            .join(', ')}
        >
          +{hidden + 1}
        </li>
      )}
    </ul>
  );
}
