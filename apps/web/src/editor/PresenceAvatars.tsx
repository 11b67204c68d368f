/** Everyone on the page as initials in their colour; the name on hover; one's own avatar marked. */
import { safeColor } from '../lib/color.ts';
import { initials } from '../lib/userName.ts';
import { useEditor } from './store-hooks.ts';

const SHOWN = 5;

export function PresenceAvatars() {
  const users = useEditor((state) => state.users);
  const meId = useEditor((state) => state.me?.userId ?? null);
  // Own avatar first, then the others in order of arrival.
  const ordered = [...users.filter((u) => u.userId === meId), ...users.filter((u) => u.userId !== meId)];
  const hidden = ordered.length - SHOWN;
  return (
    <ul className="avatars" aria-label={`${users.length} ${users.length === 1 ? 'person' : 'people'} on this page`}>
      {ordered.slice(0, hidden > 0 ? SHOWN - 1 : SHOWN).map((user) => {
        const mine = user.userId === meId;
        const name = mine ? `${user.userName} (you)` : user.userName;
        return (
          <li
            key={user.userId}
            className={`avatar${mine ? ' avatar--me' : ''}`}
            data-testid={`presence-avatar-${user.userId}`}
            data-me={mine || undefined}
            title={name}
            style={{ backgroundColor: safeColor(user.color) ?? '#64748b' }}
          >
            <span aria-hidden="true">{initials(user.userName)}</span>
            <span className="sr-only">{name}</span>
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
