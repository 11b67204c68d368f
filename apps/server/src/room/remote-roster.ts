/**
 * The people in a page's room on other processes, each with the process that
 * has them, learnt from their joins, leaves and rosters. A process killed
 * outright cannot say its people left, so every process with people in the
 * room repeats its roster every ANNOUNCE_MS, and the people of a process not
 * heard from for SILENCE_MS are forgotten.
 */
import type { User } from '@tandem/protocol';

export const ANNOUNCE_MS = 5_000;
export const SILENCE_MS = 15_000;

export class RemoteRoster {
  private readonly people = new Map<string, { user: User; origin: string }>();
  private readonly heard = new Map<string, number>();

  /** Any message from `origin` shows it is alive. */
  heardFrom(origin: string, now: number): void {
    this.heard.set(origin, now);
  }

  /** Records `users` as on `origin`; returns those that are new. */
  joined(origin: string, users: readonly User[]): User[] {
    const fresh = users.filter((u) => this.people.get(u.userId)?.origin !== origin);
    for (const user of users) this.people.set(user.userId, { user, origin });
    return fresh;
  }

  /** Forgets `userIds`; returns those that were listed. */
  left(userIds: readonly string[]): string[] {
    return userIds.filter((id) => this.people.delete(id));
  }

  list(): User[] {
    return [...this.people.values()].map((p) => p.user);
  }

  /** The people of processes silent for SILENCE_MS, forgotten now. */
  expire(now: number): string[] {
    const gone: string[] = [];
    for (const [origin, at] of this.heard) {
      if (now - at < SILENCE_MS) continue;
      this.heard.delete(origin);
      for (const [userId, p] of this.people) if (p.origin === origin) gone.push(userId);
    }
    for (const userId of gone) this.people.delete(userId);
    return gone;
  }
}
