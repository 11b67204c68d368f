/** The words on the Publish button. */
import { expect, test } from 'vitest';
import { publishStateOf } from './PublishControl.tsx';

const now = 1_800_000_000_000;

test('not published, published some time ago, or changed since', () => {
  expect(publishStateOf(null, 5, now)).toEqual({ state: 'not-published', label: 'Not published' });
  expect(publishStateOf({ version: 5, publishedAt: now - 3 * 60_000 }, 5, now)).toEqual({
    state: 'published',
    label: 'Published 3 minutes ago',
  });
  expect(publishStateOf({ version: 5, publishedAt: now - 10_000 }, 5, now).label).toBe('Published just now');
  expect(publishStateOf({ version: 5, publishedAt: now }, 6, now)).toEqual({ state: 'changed', label: 'Changes since publishing' });
  // A rollback to an older publication: the draft is ahead of what is live.
  expect(publishStateOf({ version: 2, publishedAt: now }, 5, now).state).toBe('changed');
});
