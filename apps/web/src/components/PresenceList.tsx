import type { User } from '@tandem/protocol';
import { initials } from '../lib/userName.ts';

export function PresenceList({ users, me }: { users: readonly User[]; me: User | null }) {
  return (
    <ul className="presence" aria-label="People on this page">
      {users.map((user) => (
        <li key={user.userId} className="presence__user" data-testid={`presence-avatar-${user.userId}`} title={user.userName}>
          <span className="presence__avatar" style={{ backgroundColor: safeColor(user.color) }} aria-hidden="true">
            {initials(user.userName)}
          </span>
          <span className="presence__name">
            {user.userName}
            {user.userId === me?.userId && ' (you)'}
          </span>
        </li>
      ))}
    </ul>
  );
}

/** Colours come from the server; only a plain #hex one reaches the style. */
function safeColor(color: string): string | undefined {
  return /^#[0-9a-fA-F]{3,8}$/.test(color) ? color : undefined;
}
