import type { Operation } from '@tandem/protocol';
import { describe, expect, it } from 'vitest';
import * as actions from './actions/index.ts';
import { History } from './history.ts';
import { type MutationContext, mutate } from './mutate.ts';
import { ok } from './outcome.ts';
import { FakeClient } from './testing/fake-client.ts';
import { counterIds, sampleDocument } from './testing/fixtures.ts';

const replace = (path: string, value: string): Operation => ({ op: 'replace', path, value });

function context() {
  const client = new FakeClient(sampleDocument());
  const history = new History();
  const clock = { now: 0 };
  const ctx: MutationContext = {
    client,
    history,
    now: () => clock.now,
    readOnly: () => false,
    notify: () => {},
    submit: (ops, view) => client.submit(ops, { view }),
    changed: () => {},
  };
  return { client, history, clock, ctx };
}

describe('what mutate refuses', () => {
  it.each(['full', 'transition'] as const)(
    'an edit that would break the page is checked once, by the client (%s check), and recorded nowhere',
    (check) => {
      const client = new FakeClient(sampleDocument(), { check });
      const history = new History();
      const notices: string[] = [];
      let changes = 0;
      const ctx: MutationContext = {
        client,
        history,
        now: () => 0,
        readOnly: () => false,
        notify: (notice) => notices.push(notice.message),
        submit: (ops, view) => client.submit(ops, { view }),
        changed: () => changes++,
      };
      // The recipe itself passes (it just edits the draft); a Heading holds no children (D6/D7).
      const result = mutate(ctx, (d) => {
        d.components.title?.children.push('body');
        return ok(undefined);
      });
      expect(result).toMatchObject({ ok: false, reason: expect.stringMatching(/^that edit would break the page: /) });
      expect(notices).toEqual([(result as { reason: string }).reason]);
      expect(client.sent).toEqual([]);
      expect(history.canUndo).toBe(false);
      expect(changes).toBe(0);
    },
  );
});

describe('what mutate records', () => {
  it('a move: the ops sent, and an inverse that tests the id before removing it', () => {
    const { history, ctx } = context();
    mutate(ctx, (d) => actions.move(d, 'title', { parentId: 'footer', index: 1 }));
    expect(history.undoEntries).toEqual([
      {
        ops: expect.arrayContaining([
          { op: 'remove', path: '/components/hero/children/0' },
          { op: 'add', path: '/components/footer/children/1', value: 'title' },
        ]),
        inverse: expect.arrayContaining([
          { op: 'test', path: '/components/footer/children/1', value: 'title' },
          { op: 'remove', path: '/components/footer/children/1' },
          { op: 'add', path: '/components/hero/children/0', value: 'title' },
        ]),
        key: null,
        at: 0,
      },
    ]);
    expect(history.undoEntries[0]?.ops).toHaveLength(2);
    expect(history.undoEntries[0]?.inverse).toHaveLength(3);
  });

  it('an add: the inverse removes both the node and its place', () => {
    const { history, ctx } = context();
    const ids = counterIds();
    mutate(ctx, (d) => actions.add(d, { type: 'Spacer', selection: null, ids }));
    const [entry] = history.undoEntries;
    expect(entry?.inverse).toEqual(
      expect.arrayContaining([
        { op: 'remove', path: '/components/spacer-1' },
        { op: 'remove', path: '/components/root/children/3' },
      ]),
    );
  });

  it('nothing for a recipe that changes nothing or is refused', () => {
    const { history, client, ctx } = context();
    expect(mutate(ctx, (d) => actions.setProp(d, 'title', 'text', 'Hello'))).toMatchObject({ ok: true, changed: false });
    expect(mutate(ctx, (d) => actions.remove(d, 'root'), { quiet: true }).ok).toBe(false);
    expect(history.canUndo).toBe(false);
    expect(client.sent).toEqual([]);
  });
});

describe('History', () => {
  it('merges a burst on one key into one step with the first inverse and the last value', () => {
    const h = new History({ coalesceMs: 1000 });
    h.record({ ops: [replace('/a', '1')], inverse: [replace('/a', '0')] }, 'k', 0);
    h.record({ ops: [replace('/a', '2')], inverse: [replace('/a', '1')] }, 'k', 900);
    h.record({ ops: [replace('/a', '3')], inverse: [replace('/a', '2')] }, 'k', 1800);
    expect(h.undoEntries).toEqual([{ ops: [replace('/a', '3')], inverse: [replace('/a', '0')], key: 'k', at: 1800 }]);
    h.record({ ops: [replace('/a', '4')], inverse: [replace('/a', '3')] }, 'k', 2900);
    expect(h.undoEntries).toHaveLength(2);
  });

  it('keeps at most `limit` steps, dropping the oldest', () => {
    const h = new History({ limit: 3 });
    for (let i = 0; i < 5; i++) h.record({ ops: [replace('/a', `${i}`)], inverse: [replace('/a', `${i - 1}`)] }, null, i);
    expect(h.undoEntries.map((e) => e.at)).toEqual([2, 3, 4]);
  });

  it('carries entries past a remote change: indices shift, entries under a removed value go', () => {
    const h = new History();
    h.record({ ops: [replace('/components/x/props/text', 'b')], inverse: [replace('/components/x/props/text', 'a')] }, null, 0);
    h.record(
      { ops: [{ op: 'add', path: '/components/p/children/1', value: 'y' }], inverse: [{ op: 'remove', path: '/components/p/children/1' }] },
      null,
      1,
    );
    h.rebase([
      { op: 'add', path: '/components/p/children/0', value: 'z' },
      { op: 'remove', path: '/components/x' },
    ]);
    expect(h.undoEntries).toHaveLength(1);
    expect(h.undoEntries[0]?.inverse).toEqual([{ op: 'remove', path: '/components/p/children/2' }]);
  });

  it('lets a colleague’s later write to the same place win over our undo', () => {
    const h = new History();
    h.record({ ops: [replace('/components/x/props/text', 'b')], inverse: [replace('/components/x/props/text', 'a')] }, null, 0);
    h.rebase([replace('/components/x/props/text', 'theirs')]);
    expect(h.canUndo).toBe(false);
  });
});
