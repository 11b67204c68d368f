/** Issue 11, bug 5: a person's colour follows their id, not the order people joined in. */
import { describe, expect, it } from 'vitest';
import { COLORS, colorIndexFor, Membership } from './membership.ts';

const clock = { now: () => 0, setTimeout: () => 0, clearTimeout: () => {} } as never;
const client = () => ({ send: () => {}, close: () => {} });

function join(room: Membership, userId: string): string {
  const user = room.newUser({ userId, userName: userId });
  room.add(client(), { user, selection: null, view: null, syncedVersion: 0 });
  return user.color;
}

// Two ids that prefer different colours, found deterministically.
const ada = 'u-ada';
const bob = ['u-bob', 'u-bob2', 'u-bob3', 'u-bob4'].find((id) => colorIndexFor(id) !== colorIndexFor(ada)) as string;

describe('[#11 bug 5] one person keeps one colour', () => {
  it('the same id gets the same colour whoever joined before, and whatever room it is', () => {
    const alone = join(new Membership(clock), ada);
    const other = new Membership(clock);
    join(other, bob);
    expect(join(other, ada)).toBe(alone);
    expect(alone).toBe(COLORS[colorIndexFor(ada)]);
  });

  it('two people in one room still get different colours when their ids pick the same one', () => {
    const room = new Membership(clock);
    // With 10 colours, one of the first 200 ids surely prefers Ada's.
    const twin = Array.from({ length: 200 }, (_, i) => `u-${i}`).find((id) => colorIndexFor(id) === colorIndexFor(ada));
    expect(twin).toBeDefined();
    const first = join(room, ada);
    expect(join(room, twin as string)).not.toBe(first);
  });
});
