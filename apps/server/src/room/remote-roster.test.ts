import { describe, expect, it } from 'vitest';
import { RemoteRoster, SILENCE_MS } from './remote-roster.ts';

const ada = { userId: 'ada', userName: 'Ada', color: '#e5484d' };
const bob = { userId: 'bob', userName: 'Bob', color: '#0090ff' };

describe('RemoteRoster', () => {
  it('lists people by the process that has them, and says only what is new', () => {
    const roster = new RemoteRoster();
    expect(roster.joined('p1', [ada, bob])).toEqual([ada, bob]);
    // The same roster again (a keep-alive) is no news.
    expect(roster.joined('p1', [ada, bob])).toEqual([]);
    expect(roster.left(['bob', 'nobody'])).toEqual(['bob']);
    expect(roster.list()).toEqual([ada]);
  });

  it('forgets the people of a process that went silent (killed outright), and only those', () => {
    const roster = new RemoteRoster();
    roster.heardFrom('p1', 0);
    roster.heardFrom('p2', 0);
    roster.joined('p1', [ada]);
    roster.joined('p2', [bob]);
    roster.heardFrom('p2', SILENCE_MS - 1);
    expect(roster.expire(SILENCE_MS - 1)).toEqual([]);
    expect(roster.expire(SILENCE_MS)).toEqual(['ada']);
    expect(roster.list()).toEqual([bob]);
  });
});
