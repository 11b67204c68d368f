import { applyPatch, type Operation, type PageDocument, validateDocument } from '@tandem/protocol';
import { describe, expect, it } from 'vitest';
import { createEditorStore } from './editor-store.ts';
import { FakeClient } from './testing/fake-client.ts';
import { sampleDocument } from './testing/fixtures.ts';
import { harness } from './testing/store-harness.ts';

const sorted = (ops: readonly Operation[] | undefined) => [...(ops ?? [])].sort((a, b) => a.path.localeCompare(b.path));

describe('the store follows the client', () => {
  it('holds the client’s own document object, and adopts the immer result it offered', () => {
    const h = harness();
    expect(h.state().doc).toBe(h.client.doc);
    h.state().setProp('title', 'text', 'Hi');
    expect(h.state().doc).toBe(h.client.doc);
    expect(h.client.offeredViews[0]).toBe(h.client.doc);
  });

  it('keeps untouched components by identity across local and remote changes', () => {
    const h = harness();
    const body = h.node('body');
    const hero = h.node('hero');
    h.state().setProp('title', 'text', 'Hi');
    expect(h.node('body')).toBe(body);
    expect(h.node('hero')).toBe(hero);
    h.client.remote([{ op: 'replace', path: '/components/title/props/level', value: '3' }]);
    expect(h.node('body')).toBe(body);
    expect(h.node('title')?.props.level).toBe('3');
  });

  it('clears a selection (and tells the others) when its component is deleted elsewhere', () => {
    const h = harness();
    h.state().select('note');
    expect(h.client.selections).toEqual([['note']]);
    h.client.remote([
      { op: 'remove', path: '/components/card/children/0' },
      { op: 'remove', path: '/components/note' },
    ]);
    expect(h.state().selection).toBeNull();
    expect(h.client.selections).toEqual([['note'], null]);
  });

  it('selects only what is in the page', () => {
    const h = harness();
    h.state().select('nowhere');
    expect(h.state().selection).toBeNull();
    expect(h.client.selections).toEqual([]);
  });

  it('shows client errors as notices and clears a ticket problem once connected', () => {
    const h = harness();
    h.client.emit({ type: 'error', error: { code: 'ticket', message: 'no ticket' } });
    expect(h.state().notice?.code).toBe('ticket');
    h.client.emit({ type: 'status', status: 'connected' });
    expect(h.state().notice).toBeNull();
  });

  it('sets the store once per edit, after the history recorded it (the client’s echoes are not taken)', () => {
    const h = harness();
    const updates: { text: unknown; canUndo: boolean; canRedo: boolean; pendingCount: number }[] = [];
    h.store.subscribe((s) =>
      updates.push({ text: s.doc?.components.title?.props.text, canUndo: s.canUndo, canRedo: s.canRedo, pendingCount: s.pendingCount }),
    );
    h.state().setProp('title', 'text', 'Once');
    expect(updates).toEqual([{ text: 'Once', canUndo: true, canRedo: false, pendingCount: 1 }]);
    h.state().undo();
    expect(updates.slice(1)).toEqual([{ text: 'Hello', canUndo: false, canRedo: true, pendingCount: 2 }]);
    h.state().redo();
    expect(updates.slice(2)).toEqual([{ text: 'Once', canUndo: true, canRedo: false, pendingCount: 3 }]);
    // A refused edit sets the notice, once, and nothing else.
    h.state().addComponent('Text', { parentId: 'title', index: 0 });
    expect(updates).toHaveLength(4);
    expect(h.state().notice?.code).toBe('edit-refused');
  });

  it('still follows what the client does on its own: pending counts and remote changes', () => {
    const h = harness();
    h.client.pendingCount = 2;
    h.client.emit({ type: 'pending', count: 2 });
    expect(h.state().pendingCount).toBe(2);
    h.client.remote([{ op: 'replace', path: '/components/title/props/text', value: 'Theirs' }]);
    expect(h.node('title')?.props.text).toBe('Theirs');
  });

  it('refuses edits before the first sync, changing nothing', () => {
    const h = harness(null);
    expect(h.state().addComponent('Text')).toBeNull();
    expect(h.client.sent).toEqual([]);
  });
});

describe('addComponent', () => {
  it('appends to the root without a selection, sends the new node and the insertion, selects it', () => {
    const h = harness();
    expect(h.state().addComponent('Heading')).toBe('heading-1');
    expect(h.children('root')).toEqual(['hero', 'cols', 'footer', 'heading-1']);
    expect(sorted(h.lastSent())).toEqual([
      {
        op: 'add',
        path: '/components/heading-1',
        value: { id: 'heading-1', type: 'Heading', props: h.node('heading-1')?.props, children: [] },
      },
      { op: 'add', path: '/components/root/children/3', value: 'heading-1' },
    ]);
    expect(h.state().selection).toBe('heading-1');
    expect(h.state().canUndo).toBe(true);
  });

  it('sets the props it is given in the same edit: one submit, one undo step', () => {
    const h = harness();
    const id = h.state().addComponent('Image', { parentId: 'hero', index: 0 }, { src: '/assets/abc' });
    expect(id).toBe('image-1');
    expect(h.node('image-1')?.props.src).toBe('/assets/abc');
    expect(h.node('image-1')?.props.alt).toBe('');
    expect(h.children('hero')?.[0]).toBe('image-1');
    h.state().undo();
    expect(h.node('image-1')).toBeUndefined();
    expect(h.state().canUndo).toBe(false);
  });

  it('goes into a selected container, else after the selected component', () => {
    const h = harness();
    h.state().select('hero');
    h.state().addComponent('Text');
    expect(h.children('hero')).toEqual(['title', 'body', 'cta', 'text-1']);
    h.state().select('title');
    h.state().addComponent('Text');
    expect(h.children('hero')).toEqual(['title', 'text-2', 'body', 'cta', 'text-1']);
  });

  it('puts a Text after a selected Columns (which holds only Columns), a Column into it', () => {
    const h = harness();
    h.state().select('cols');
    h.state().addComponent('Text');
    expect(h.children('root')).toEqual(['hero', 'cols', 'text-1', 'footer']);
    h.state().select('cols');
    h.state().addComponent('Column');
    expect(h.children('cols')).toEqual(['left', 'right', 'column-2']);
  });

  it('makes Columns with two Columns', () => {
    const h = harness();
    const id = h.state().addComponent('Columns') as string;
    expect(h.node(id)?.children).toEqual(['column-2', 'column-3']);
    expect(h.node('column-2')?.type).toBe('Column');
    expect(validateDocument(h.doc())).toEqual([]);
  });

  it('honours an explicit place, and refuses one that does not take the type', () => {
    const h = harness();
    expect(h.state().addComponent('Spacer', { parentId: 'footer', index: 0 })).toBe('spacer-1');
    expect(h.children('footer')).toEqual(['spacer-1', 'small']);
    expect(h.state().addComponent('Text', { parentId: 'cols', index: 0 })).toBeNull();
    expect(h.state().addComponent('Text', { parentId: 'title', index: 0 })).toBeNull();
    expect(h.state().addComponent('Text', { parentId: 'hero', index: 9 })).toBeNull();
    expect(h.state().notice?.code).toBe('edit-refused');
    expect(h.client.sent).toHaveLength(1);
  });

  it('refuses a fifth Column and unknown types', () => {
    const h = harness();
    h.state().addComponent('Column', { parentId: 'cols', index: 2 });
    h.state().addComponent('Column', { parentId: 'cols', index: 2 });
    expect(h.state().addComponent('Column', { parentId: 'cols', index: 2 })).toBeNull();
    expect(h.state().notice?.message).toMatch(/at most 4/);
    expect(h.state().addComponent('Marquee')).toBeNull();
    expect(h.state().addComponent('Page')).toBeNull();
  });
});

describe('issue 11: paste and add put a thing where it fits', () => {
  it('[#11 bug 1] pastes a copied Column beside the selected Column, never one level deeper', () => {
    const h = harness();
    const json = h.state().copyComponent('left') as string;
    h.state().select('left');
    const first = h.state().paste(json) as string;
    expect(h.children('cols')).toEqual(['left', first, 'right']);
    // The pasted copy is selected now; pasting again still goes beside it, in the same Columns.
    const second = h.state().paste(json) as string;
    expect(h.children('cols')).toEqual(['left', first, second, 'right']);
    expect(h.children('left')).toEqual(['card']);
    expect(validateDocument(h.doc())).toEqual([]);
  });

  it('[#11 bug 1] refuses a fifth pasted Column with a message written for people, and changes nothing', () => {
    const h = harness();
    const json = h.state().copyComponent('left') as string;
    h.state().select('left');
    h.state().paste(json);
    h.state().paste(json);
    const before = JSON.stringify(h.doc());
    const sent = h.client.sent.length;
    expect(h.state().paste(json)).toBeNull();
    expect(JSON.stringify(h.doc())).toBe(before);
    expect(h.client.sent).toHaveLength(sent);
    const message = h.state().notice?.message ?? '';
    expect(message).toMatch(/^A Columns block has room for at most 4 columns, and this one is full\./);
    expect(message).not.toMatch(/holds at most/);
  });

  it('[#11 bug 2] adding a Section with a Section selected puts it after that Section, not inside', () => {
    const h = harness();
    h.state().select('hero');
    const id = h.state().addComponent('Section') as string;
    expect(h.children('root')).toEqual(['hero', id, 'cols', 'footer']);
    expect(h.children('hero')).toEqual(['title', 'body', 'cta']);
  });
});

describe('[#11 bug 7] after a restore', () => {
  it('clearHistory leaves nothing to undo or redo, so Undo cannot replay older edits on the restored page', () => {
    const h = harness();
    h.state().setProp('title', 'text', 'Before restore');
    h.state().removeComponent('cta');
    h.state().undo();
    expect(h.state().canUndo).toBe(true);
    expect(h.state().canRedo).toBe(true);
    h.state().clearHistory();
    expect(h.state().canUndo).toBe(false);
    expect(h.state().canRedo).toBe(false);
    const sent = h.client.sent.length;
    h.state().undo();
    h.state().redo();
    expect(h.client.sent).toHaveLength(sent);
    expect(h.node('title')?.props.text).toBe('Before restore');
  });
});

describe('[H3][#11 bug 4] someone else deletes what this person is working in', () => {
  const ada = { userId: 'u-ada', userName: 'Ada', color: '#aa0000' };
  const bob = { userId: 'u-bob', userName: 'Bob', color: '#0000bb' };
  const removeHero: Operation[] = [
    { op: 'remove', path: '/components/root/children/0' },
    ...['title', 'body', 'cta', 'hero'].map((id): Operation => ({ op: 'remove', path: `/components/${id}` })),
  ];

  it('says who deleted which component around the selection, and puts it back (with the latest typing) as one undoable edit', () => {
    const h = harness();
    h.client.users = [h.client.me as NonNullable<typeof h.client.me>, ada];
    h.client.emit({ type: 'users', users: h.client.users });
    h.state().select('body');
    h.state().setProp('body', 'text', 'Body, typed just now');
    h.client.remote(removeHero, { senderId: 'u-ada' });
    expect(h.state().selection).toBeNull();
    expect(h.state().deleted).toMatchObject({
      byUserId: 'u-ada',
      byName: 'Ada',
      rootId: 'hero',
      type: 'Section',
      parentId: 'root',
      index: 0,
      selectedId: 'body',
    });

    expect(h.state().restoreDeleted()).toBe('body');
    expect(h.state().deleted).toBeNull();
    expect(h.children('root')).toEqual(['hero', 'cols', 'footer']);
    expect(h.children('hero')).toEqual(['title', 'body', 'cta']);
    expect(h.node('body')?.props.text).toBe('Body, typed just now');
    expect(h.state().selection).toBe('body');
    expect(validateDocument(h.doc())).toEqual([]);
    // One new edit that adds the subtree back, under its own ids.
    const sent = h.lastSent() ?? [];
    expect(sent.every((op) => op.op === 'add')).toBe(true);
    expect(sent).toContainEqual({ op: 'add', path: '/components/root/children/0', value: 'hero' });
    h.state().undo();
    expect(h.node('hero')).toBeUndefined();
  });

  it('names nobody it does not know, and says nothing when the selection was elsewhere', () => {
    const h = harness();
    h.state().select('note');
    h.client.remote(removeHero, { senderId: 'u-gone' });
    expect(h.state().deleted).toBeNull();
    expect(h.state().selection).toBe('note');
    h.client.remote(
      [
        { op: 'remove', path: '/components/left/children/0' },
        { op: 'remove', path: '/components/card' },
        { op: 'remove', path: '/components/note' },
      ],
      { senderId: 'u-gone' },
    );
    expect(h.state().deleted).toMatchObject({ byName: null, rootId: 'card', type: 'Card', parentId: 'left', selectedId: 'note' });
    h.state().dismissDeleted();
    expect(h.state().deleted).toBeNull();
  });

  it('refuses to put it back where it no longer fits, and says why', () => {
    const h = harness();
    h.state().select('left');
    h.client.remote([
      { op: 'remove', path: '/components/cols/children/0' },
      { op: 'remove', path: '/components/left' },
      { op: 'remove', path: '/components/card' },
      { op: 'remove', path: '/components/note' },
    ]);
    expect(h.state().deleted?.rootId).toBe('left');
    h.client.remote([
      { op: 'remove', path: '/components/root/children/1' },
      { op: 'remove', path: '/components/cols' },
      { op: 'remove', path: '/components/right' },
      { op: 'remove', path: '/components/list' },
    ]);
    expect(h.state().restoreDeleted()).toBeNull();
    expect(h.state().notice?.message).toMatch(/deleted too/);
    expect(h.node('left')).toBeUndefined();
  });

  it('tells the person who deleted it whom they took it from, and their Undo puts it back', () => {
    const h = harness();
    h.client.users = [h.client.me as NonNullable<typeof h.client.me>, bob];
    h.client.presence.set('u-bob', ['body']);
    h.client.emit({ type: 'users', users: h.client.users });
    h.client.emit({ type: 'presence', userId: 'u-bob', selection: ['body'] });
    h.state().removeComponent('hero');
    expect(h.state().notice).toEqual({
      code: 'deleted-in-use',
      message: 'Bob was working in what you deleted. Undo (Ctrl+Z) puts it back for everyone.',
    });
    h.state().undo();
    expect(h.children('hero')).toEqual(['title', 'body', 'cta']);
    // Nobody working there: no new notice.
    const shown = h.state().notice;
    h.state().removeComponent('footer');
    expect(h.state().notice).toBe(shown);
  });

  it('names them when a multi-selection that holds their component is deleted as a group, and one Undo puts it back', () => {
    const h = harness();
    h.client.users = [h.client.me as NonNullable<typeof h.client.me>, bob];
    h.client.presence.set('u-bob', ['body']);
    h.client.emit({ type: 'users', users: h.client.users });
    h.client.emit({ type: 'presence', userId: 'u-bob', selection: ['body'] });
    expect(h.state().removeComponents(['hero', 'footer'])).toBe(true);
    expect(h.state().notice).toEqual({
      code: 'deleted-in-use',
      message: 'Bob was working in what you deleted. Undo (Ctrl+Z) puts it back for everyone.',
    });
    h.state().undo();
    expect(h.children('hero')).toEqual(['title', 'body', 'cta']);
    expect(h.node('footer')).toBeDefined();
  });
});

describe('[H2][#11 bug 7] a restore by someone else', () => {
  it("starts everyone's undo afresh, and says who restored which version", () => {
    const h = harness();
    h.state().setProp('title', 'text', 'An edit before the restore');
    expect(h.state().canUndo).toBe(true);
    h.client.remote([{ op: 'replace', path: '/components/title/props/text', value: 'Hello' }], {
      senderId: 'u-ada',
      patchOrigin: { kind: 'restore', version: 3, userName: 'Ada' },
    });
    expect(h.state().canUndo).toBe(false);
    expect(h.state().canRedo).toBe(false);
    expect(h.state().notice).toEqual({ code: 'version-restored', message: 'Ada restored version 3. Undo starts again from here.' });
    const sent = h.client.sent.length;
    h.state().undo();
    expect(h.client.sent).toHaveLength(sent);
    expect(h.node('title')?.props.text).toBe('Hello');
  });
});

describe('moving', () => {
  it('moves by id: one removal and one insertion, index counted as a gap before the move', () => {
    const h = harness();
    expect(h.state().moveComponent('title', { parentId: 'hero', index: 3 })).toBe(true);
    expect(h.children('hero')).toEqual(['body', 'cta', 'title']);
    expect(h.lastSent()).toEqual([
      { op: 'remove', path: '/components/hero/children/0' },
      { op: 'add', path: '/components/hero/children/2', value: 'title' },
    ]);
  });

  it('moves across containers with the subtree intact', () => {
    const h = harness();
    const card = h.node('card');
    expect(h.state().moveComponent('card', { parentId: 'footer', index: 0 })).toBe(true);
    expect(h.children('footer')).toEqual(['card', 'small']);
    expect(h.children('left')).toEqual([]);
    expect(h.node('card')).toBe(card);
    expect(validateDocument(h.doc())).toEqual([]);
  });

  it('refuses a move into its own subtree, into a container that does not take it, or of the root', () => {
    const h = harness();
    expect(h.state().moveComponent('cols', { parentId: 'card', index: 0 })).toBe(false);
    expect(h.state().moveComponent('hero', { parentId: 'hero', index: 0 })).toBe(false);
    expect(h.state().moveComponent('title', { parentId: 'cols', index: 0 })).toBe(false);
    expect(h.state().moveComponent('title', { parentId: 'body', index: 0 })).toBe(false);
    expect(h.state().moveComponent('root', { parentId: 'hero', index: 0 })).toBe(false);
    expect(h.client.sent).toEqual([]);
  });

  it('a move to where it already is sends nothing and adds no undo step', () => {
    const h = harness();
    expect(h.state().moveComponent('body', { parentId: 'hero', index: 1 })).toBe(true);
    expect(h.state().moveComponent('body', { parentId: 'hero', index: 2 })).toBe(true);
    expect(h.client.sent).toEqual([]);
    expect(h.state().canUndo).toBe(false);
  });

  it('moveUp, moveDown within the parent; false at the ends', () => {
    const h = harness();
    expect(h.state().moveUp('title')).toBe(false);
    expect(h.state().moveDown('title')).toBe(true);
    expect(h.children('hero')).toEqual(['body', 'title', 'cta']);
    expect(h.state().moveUp('cta')).toBe(true);
    expect(h.children('hero')).toEqual(['body', 'cta', 'title']);
    expect(h.state().moveDown('title')).toBe(false);
    expect(h.state().notice).toBeNull(); // quiet: the buttons are simply disabled there
  });

  it('indent goes into the previous sibling when it is a container; outdent to just after the parent', () => {
    const h = harness();
    expect(h.state().indent('hero')).toBe(false); // nothing before it
    expect(h.state().indent('footer')).toBe(false); // Columns hold only Columns
    expect(h.state().indent('body')).toBe(false); // a Heading holds nothing
    expect(h.state().outdent('note')).toBe(true);
    expect(h.children('left')).toEqual(['card', 'note']);
    expect(h.state().indent('note')).toBe(true);
    expect(h.children('card')).toEqual(['note']);
    expect(h.state().outdent('hero')).toBe(false); // already at the top
  });
});

describe('remove, duplicate, copy and paste', () => {
  it('removes the whole subtree from components and from its parent', () => {
    const h = harness();
    h.state().select('note');
    h.state().removeComponent('left');
    for (const id of ['left', 'card', 'note']) expect(h.node(id)).toBeUndefined();
    expect(h.children('cols')).toEqual(['right']);
    expect(sorted(h.lastSent())).toEqual(
      sorted([
        { op: 'remove', path: '/components/cols/children/0' },
        { op: 'remove', path: '/components/left' },
        { op: 'remove', path: '/components/card' },
        { op: 'remove', path: '/components/note' },
      ]),
    );
    expect(h.state().selection).toBeNull();
    expect(validateDocument(h.doc())).toEqual([]);
  });

  it('will not remove the page itself', () => {
    const h = harness();
    h.state().removeComponent('root');
    expect(h.client.sent).toEqual([]);
  });

  it('duplicates with fresh ids for the whole subtree, right after the original', () => {
    const h = harness();
    expect(h.state().duplicateComponent('left')).toBe('column-1');
    expect(h.children('cols')).toEqual(['left', 'column-1', 'right']);
    expect(h.children('column-1')).toEqual(['card-2']);
    expect(h.children('card-2')).toEqual(['text-3']);
    expect(h.node('text-3')?.props).toEqual(h.node('note')?.props);
    expect(h.state().selection).toBe('column-1');
    expect(validateDocument(h.doc())).toEqual([]);
  });

  it('refuses to duplicate into a full container', () => {
    const h = harness();
    h.state().duplicateComponent('left');
    h.state().duplicateComponent('left');
    expect(h.state().duplicateComponent('left')).toBeNull();
  });

  it('copies a subtree as clipboard JSON and pastes it with fresh ids, into another page too', () => {
    const h = harness();
    const json = h.state().copyComponent('card') as string;
    expect(JSON.parse(json)).toMatchObject({ tandem: 'subtree', rootId: 'card' });
    const other = harness();
    other.state().select('footer');
    const id = other.state().paste(json) as string;
    expect(other.children('footer')).toEqual(['small', id]);
    const copied = other.node(id)?.children[0] as string;
    expect(copied).not.toBe('note');
    expect(other.node(copied)?.props.text).toBe('Note');
    expect(validateDocument(other.doc())).toEqual([]);
    expect(h.state().copyComponent('root')).toBeNull();
  });

  it.each([
    ['not JSON', 'hello'],
    ['another kind', JSON.stringify({ tandem: 'page', rootId: 'a', components: {} })],
    ['a missing root', JSON.stringify({ tandem: 'subtree', rootId: 'a', components: {} })],
    [
      'an unknown type',
      JSON.stringify({ tandem: 'subtree', rootId: 'a', components: { a: { id: 'a', type: 'Blink', props: {}, children: [] } } }),
    ],
    ['a page', JSON.stringify({ tandem: 'subtree', rootId: 'a', components: { a: { id: 'a', type: 'Page', props: {}, children: [] } } })],
    [
      'an unknown prop',
      JSON.stringify({
        tandem: 'subtree',
        rootId: 'a',
        components: { a: { id: 'a', type: 'Text', props: { onclick: 'x' }, children: [] } },
      }),
    ],
    [
      'a bad value',
      JSON.stringify({
        tandem: 'subtree',
        rootId: 'a',
        components: { a: { id: 'a', type: 'Spacer', props: { height: 1e9 }, children: [] } },
      }),
    ],
    [
      'a leaf with children',
      JSON.stringify({
        tandem: 'subtree',
        rootId: 'a',
        components: { a: { id: 'a', type: 'Text', props: {}, children: ['b'] }, b: { id: 'b', type: 'Text', props: {}, children: [] } },
      }),
    ],
    [
      'Columns holding a Text',
      JSON.stringify({
        tandem: 'subtree',
        rootId: 'a',
        components: { a: { id: 'a', type: 'Columns', props: {}, children: ['b'] }, b: { id: 'b', type: 'Text', props: {}, children: [] } },
      }),
    ],
    [
      'a cycle',
      JSON.stringify({
        tandem: 'subtree',
        rootId: 'a',
        components: { a: { id: 'a', type: 'Card', props: {}, children: ['b'] }, b: { id: 'b', type: 'Card', props: {}, children: ['a'] } },
      }),
    ],
    [
      'a missing child',
      JSON.stringify({ tandem: 'subtree', rootId: 'a', components: { a: { id: 'a', type: 'Card', props: {}, children: ['zz'] } } }),
    ],
    [
      'a stray component',
      JSON.stringify({
        tandem: 'subtree',
        rootId: 'a',
        components: { a: { id: 'a', type: 'Card', props: {}, children: [] }, b: { id: 'b', type: 'Text', props: {}, children: [] } },
      }),
    ],
    [
      'a mismatched id',
      JSON.stringify({ tandem: 'subtree', rootId: 'a', components: { a: { id: 'b', type: 'Text', props: {}, children: [] } } }),
    ],
    [
      'a prototype key',
      '{"tandem":"subtree","rootId":"a","components":{"a":{"id":"a","type":"Text","props":{"__proto__":{"x":1}},"children":[]}}}',
    ],
  ])('refuses to paste %s', (_, json) => {
    const h = harness();
    expect(h.state().paste(json)).toBeNull();
    expect(h.client.sent).toEqual([]);
    expect(h.state().notice?.code).toBe('edit-refused');
  });
});

describe('setProp', () => {
  it('sends one replace and nothing for the same value again', () => {
    const h = harness();
    h.state().setProp('title', 'text', 'New');
    expect(h.lastSent()).toEqual([{ op: 'replace', path: '/components/title/props/text', value: 'New' }]);
    h.state().setProp('title', 'text', 'New');
    h.state().setProp('list', 'items', ['First item', 'Second item', 'Third item']);
    expect(h.client.sent).toHaveLength(1);
  });

  it('adds a prop that was left out (its default was shown)', () => {
    const doc = sampleDocument();
    delete (doc.components.cta as { props: Record<string, unknown> }).props.variant;
    const h = harness(doc);
    h.state().setProp('cta', 'variant', 'ghost');
    expect(h.lastSent()).toEqual([{ op: 'add', path: '/components/cta/props/variant', value: 'ghost' }]);
    h.state().undo();
    expect(h.node('cta')?.props).not.toHaveProperty('variant');
  });

  it('refuses unknown props and values that do not fit the field', () => {
    const h = harness();
    h.state().setProp('title', 'colour', 'red');
    h.state().setProp('title', 'level', '7');
    h.state().setProp('nope', 'text', 'x');
    expect(h.client.sent).toEqual([]);
    expect(h.state().notice?.code).toBe('edit-refused');
  });
});

describe('history', () => {
  it('undoes and redoes every kind of edit back to the same documents', () => {
    const h = harness();
    const snapshots: PageDocument[] = [h.doc()];
    const edits = [
      () => h.state().addComponent('Columns'),
      () => h.state().moveComponent('title', { parentId: 'footer', index: 0 }),
      () => h.state().setProp('body', 'text', 'Changed'),
      () => h.state().duplicateComponent('card'),
      () => h.state().removeComponent('hero'),
      () => h.state().paste(h.state().copyComponent('footer') as string, { parentId: 'root', index: 0 }),
      () => h.state().indent('columns-1'), // into the footer before it
      () => h.state().outdent('note'),
    ];
    for (const edit of edits) {
      h.clock.now += 5_000;
      edit();
      snapshots.push(h.doc());
    }
    expect(new Set(snapshots).size).toBe(edits.length + 1);
    for (let i = edits.length - 1; i >= 0; i--) {
      h.state().undo();
      expect(h.doc()).toEqual(snapshots[i]);
    }
    expect(h.state().canUndo).toBe(false);
    for (let i = 1; i <= edits.length; i++) {
      h.state().redo();
      expect(h.doc()).toEqual(snapshots[i]);
    }
    expect(h.state().canRedo).toBe(false);
    // Everything undo and redo sent went through the client as ordinary patches.
    let replay = snapshots[0] as PageDocument;
    for (const ops of h.client.sent) {
      const result = applyPatch(replay, ops);
      expect(result.ok).toBe(true);
      if (result.ok) replay = result.doc;
    }
    expect(replay).toEqual(snapshots[edits.length]);
  });

  it('a new edit clears redo', () => {
    const h = harness();
    h.state().setProp('title', 'text', 'A');
    h.state().undo();
    expect(h.state().canRedo).toBe(true);
    h.state().setProp('body', 'text', 'B');
    expect(h.state().canRedo).toBe(false);
  });

  it('a burst on one prop is one step; a pause, or another prop, starts a new one', () => {
    const h = harness();
    for (const text of ['H', 'He', 'Hel', 'Hell', 'Hello!']) {
      h.state().setProp('title', 'text', text);
      h.clock.now += 300;
    }
    expect(h.client.sent).toHaveLength(5);
    h.state().undo();
    expect(h.node('title')?.props.text).toBe('Hello');
    expect(h.state().canUndo).toBe(false);
    h.state().redo();
    expect(h.node('title')?.props.text).toBe('Hello!');

    h.clock.now += 2_000;
    h.state().setProp('title', 'text', 'one');
    h.clock.now += 2_000;
    h.state().setProp('title', 'text', 'two');
    h.clock.now += 100;
    h.state().setProp('title', 'align', 'center');
    h.state().undo();
    expect(h.node('title')?.props).toMatchObject({ text: 'two', align: 'left' });
    h.state().undo();
    expect(h.node('title')?.props.text).toBe('one');
  });

  it('a colour drag after an undo starts a new step rather than joining the undone one', () => {
    const h = harness();
    h.state().setProp('card', 'background', '#111111');
    h.state().setProp('card', 'background', '#222222');
    h.state().undo();
    expect(h.node('card')?.props.background).toBe('#ffffff');
    h.state().setProp('card', 'background', '#333333');
    h.state().setProp('card', 'background', '#444444');
    h.state().undo();
    expect(h.node('card')?.props.background).toBe('#ffffff');
  });

  it('undo does not overwrite a colleague’s later change to another prop', () => {
    const h = harness();
    h.state().setProp('title', 'text', 'Mine');
    h.client.remote([{ op: 'replace', path: '/components/title/props/align', value: 'center' }]);
    h.state().undo();
    expect(h.node('title')?.props).toMatchObject({ text: 'Hello', align: 'center' });
  });

  it('undo leaves a prop a colleague changed since alone, and undoes the step before instead', () => {
    const h = harness();
    h.state().setProp('body', 'text', 'Mine first');
    h.clock.now += 5_000;
    h.state().setProp('title', 'text', 'Mine');
    h.client.remote([{ op: 'replace', path: '/components/title/props/text', value: 'Theirs' }]);
    h.state().undo();
    expect(h.node('title')?.props.text).toBe('Theirs');
    expect(h.node('body')?.props.text).toBe('Body');
  });

  it('undo of a move lands by id even after a colleague inserted before it', () => {
    const h = harness();
    h.state().moveComponent('cta', { parentId: 'hero', index: 0 }); // cta title body
    h.client.remote([
      { op: 'add', path: '/components/x1', value: { id: 'x1', type: 'Spacer', props: {}, children: [] } },
      { op: 'add', path: '/components/hero/children/0', value: 'x1' },
    ]); // x1 cta title body
    h.state().undo();
    expect(h.children('hero')).toEqual(['x1', 'title', 'body', 'cta']);
  });

  it('skips an undo whose component a colleague deleted, and undoes the one before', () => {
    const h = harness();
    h.state().setProp('title', 'text', 'First');
    h.clock.now += 5_000;
    h.state().setProp('note', 'text', 'Second');
    h.client.remote([
      { op: 'remove', path: '/components/left/children/0' },
      { op: 'remove', path: '/components/card' },
      { op: 'remove', path: '/components/note' },
    ]);
    h.state().undo();
    expect(h.node('title')?.props.text).toBe('Hello');
    expect(h.state().canUndo).toBe(false);
    expect(h.state().notice).toBeNull();
  });

  it('skips an undo that would break the page (a colleague moved what I added)', () => {
    const h = harness();
    h.state().setProp('title', 'text', 'First');
    h.clock.now += 5_000;
    const id = h.state().addComponent('Text', { parentId: 'hero', index: 0 }) as string;
    // They move it to the footer: removing it now would leave the footer pointing at nothing.
    h.client.remote([
      { op: 'remove', path: '/components/hero/children/0' },
      { op: 'add', path: '/components/footer/children/1', value: id },
    ]);
    h.state().undo();
    expect(h.children('footer')).toEqual(['small', id]);
    expect(h.node('title')?.props.text).toBe('Hello');
    expect(validateDocument(h.doc())).toEqual([]);
  });

  it('redo is carried past remote changes too', () => {
    const h = harness();
    h.state().moveComponent('cta', { parentId: 'hero', index: 0 });
    h.state().undo();
    h.client.remote([
      { op: 'remove', path: '/components/hero/children/0' },
      { op: 'remove', path: '/components/title' },
    ]);
    h.state().redo();
    expect(h.children('hero')).toEqual(['cta', 'body']);
  });
});

describe('a viewer', () => {
  it('[A2] the store refuses every edit, undo and redo while the role is viewer, and edits again once it is editor', () => {
    const client = new FakeClient(sampleDocument());
    const store = createEditorStore(client);
    const title = store.getState().doc?.components.title?.props.text;
    store.getState().setProp('title', 'text', 'Before');
    expect(client.sent).toHaveLength(1);

    client.role = 'viewer';
    client.emit({ type: 'role', role: 'viewer' });
    expect(store.getState()).toMatchObject({ role: 'viewer', readOnly: true });
    store.getState().setProp('title', 'text', 'Changed by a viewer');
    store.getState().undo();
    expect(store.getState().addComponent('Text')).toBeNull();
    expect(client.sent).toHaveLength(1);
    expect(store.getState().doc?.components.title?.props.text).toBe('Before');
    expect(store.getState().notice?.message).toBe('you can only view this page');

    client.role = 'editor';
    client.emit({ type: 'role', role: 'editor' });
    expect(store.getState().readOnly).toBe(false);
    // The step kept while viewing still undoes.
    store.getState().undo();
    expect(store.getState().doc?.components.title?.props.text).toBe(title);
    expect(client.sent).toHaveLength(2);
  });
});
