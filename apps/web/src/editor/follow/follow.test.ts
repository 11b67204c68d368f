import { describe, expect, it } from 'vitest';
import { followStep, isOwnAction, stillFollowing } from './follow.ts';

const everything = () => true;

describe('following someone', () => {
  it('takes their viewport and the first component of their selection, only what differs', () => {
    const step = followStep(
      { viewport: 'desktop', selection: null },
      { view: { viewport: 'mobile', scroll: 0.5 }, selection: ['title', 'text'] },
      everything,
    );
    expect(step).toEqual({ viewport: 'mobile', selection: 'title' });
    expect(followStep({ viewport: 'mobile', selection: 'title' }, { view: { viewport: 'mobile', scroll: 0 }, selection: ['title'] }, everything)).toEqual({});
  });

  it('clears the selection when theirs is empty, and leaves the viewport when theirs is not known yet', () => {
    expect(followStep({ viewport: 'tablet', selection: 'title' }, { view: undefined, selection: null }, everything)).toEqual({ selection: null });
    expect(followStep({ viewport: 'tablet', selection: 'title' }, { view: undefined, selection: undefined }, everything)).toEqual({ selection: null });
  });

  it('waits for a component it does not have yet rather than selecting nothing', () => {
    const step = followStep({ viewport: 'desktop', selection: 'a' }, { view: undefined, selection: ['new-one'] }, (id) => id !== 'new-one');
    expect(step).toEqual({});
  });

  it('ends when the person followed leaves, and never follows oneself', () => {
    const users = [{ userId: 'ada' }, { userId: 'bob' }];
    expect(stillFollowing('ada', users, 'bob')).toBe('ada');
    expect(stillFollowing('cy', users, 'bob')).toBeNull();
    expect(stillFollowing('bob', users, 'bob')).toBeNull();
    expect(stillFollowing(null, users, 'bob')).toBeNull();
  });
});

describe('acting oneself stops following', () => {
  it.each([
    [{ type: 'pointerdown', isTrusted: true }, true],
    [{ type: 'wheel', isTrusted: true }, true],
    [{ type: 'touchstart', isTrusted: true }, true],
    [{ type: 'keydown', isTrusted: true, key: 'ArrowDown' }, true],
    [{ type: 'keydown', isTrusted: true, key: 'a' }, true],
    [{ type: 'keydown', isTrusted: true, key: 'Shift' }, false],
    [{ type: 'keydown', isTrusted: true, key: 'Control' }, false],
    [{ type: 'scroll', isTrusted: true }, false],
    [{ type: 'pointermove', isTrusted: true }, false],
    [{ type: 'pointerdown', isTrusted: false }, false],
    // A follow control's own press is left to its click (an avatar toggles); other keys on it still count.
    [{ type: 'pointerdown', isTrusted: true, onFollowControl: true }, false],
    [{ type: 'keydown', isTrusted: true, key: 'Enter', onFollowControl: true }, false],
    [{ type: 'keydown', isTrusted: true, key: ' ', onFollowControl: true }, false],
    [{ type: 'keydown', isTrusted: true, key: 'ArrowDown', onFollowControl: true }, true],
  ])('%o → %s', (event, expected) => {
    expect(isOwnAction(event)).toBe(expected);
  });
});
