import { applyPatch, type Operation, type PageDocument, starterDocument, transform, transformPastPatches } from '@tandem/protocol';
import { describe, expect, test } from 'vitest';
import { DocumentState } from './document-state.ts';

const setHeading = (text: string): Operation[] => [{ op: 'replace', path: '/components/hero-heading/props/text', value: text }];
const setText = (text: string): Operation[] => [{ op: 'replace', path: '/components/hero-text/props/text', value: text }];
const removeText: Operation[] = [
  { op: 'remove', path: '/components/hero/children/1' },
  { op: 'remove', path: '/components/hero-text' },
];
const heading = (doc: PageDocument) => doc.components['hero-heading']?.props.text;
const text = (doc: PageDocument) => doc.components['hero-text']?.props.text;

function fresh(version = 0) {
  return new DocumentState(starterDocument(), version);
}

describe('local edits', () => {
  test('show in the view at once and leave the confirmed document alone', () => {
    const state = fresh();
    const confirmed = state.confirmed;
    expect(state.submit('a-1', setHeading('One')).ok).toBe(true);
    expect(heading(state.view)).toBe('One');
    expect(state.confirmed).toBe(confirmed);
    expect(heading(confirmed)).toBe('Welcome to your page');
    expect(state.pending.map((e) => e.opId)).toEqual(['a-1']);
  });

  test('one that does not apply changes nothing and is not queued', () => {
    const state = fresh();
    const view = state.view;
    const result = state.submit('a-1', [{ op: 'remove', path: '/components/nope' }]);
    expect(result).toMatchObject({ ok: false, error: { code: 'patch-failed' } });
    const broken = state.submit('a-2', [{ op: 'add', path: '/components/hero/children/-', value: 'root' }]);
    expect(broken).toMatchObject({ ok: false, error: { code: 'schema-violation' } });
    expect(state.view).toBe(view);
    expect(state.pending).toEqual([]);
  });
});

describe('sending', () => {
  test('one edit in flight at a time; those queued behind it go next as one, against the version it produced', () => {
    const state = fresh(4);
    state.submit('a-1', setHeading('One'));
    const first = state.takeNext();
    expect(first).toMatchObject({ edit: { opId: 'a-1' }, baseVersion: 4 });
    state.submit('a-2', setHeading('Two'));
    state.submit('a-3', setText('Three'));
    expect(state.takeNext()).toBeNull();

    expect(state.ack('a-1', 5).outcome).toBe('applied');
    expect(heading(state.confirmed)).toBe('One');
    expect(state.takeNext()).toMatchObject({ edit: { opId: 'a-2', ops: [...setHeading('Two'), ...setText('Three')] }, baseVersion: 5 });
    expect(state.ack('a-2', 6).outcome).toBe('applied');
    expect(state.takeNext()).toBeNull();
    expect(state.pending).toEqual([]);
    expect(state.version).toBe(6);
    expect(state.confirmed).toEqual(state.view);
  });

  test('a sent edit is frozen: it goes again as it was, never merged with newer edits', () => {
    const state = fresh();
    state.submit('a-1', setHeading('One'));
    state.takeNext();
    state.disconnected();
    state.submit('a-2', setText('Two'));
    expect(state.takeNext()).toMatchObject({ edit: { opId: 'a-1', ops: setHeading('One') }, baseVersion: 0 });
    state.ack('a-1', 1);
    expect(state.takeNext()).toMatchObject({ edit: { opId: 'a-2', ops: setText('Two') }, baseVersion: 1 });
  });

  test('adopts a view the caller already computed, by reference, after checking it', () => {
    const state = fresh();
    const next = { ...state.view, components: { ...state.view.components } };
    next.components['hero-heading'] = {
      ...(next.components['hero-heading'] as PageDocument['components'][string]),
      props: { text: 'Mine' },
    };
    expect(state.submit('a-1', setHeading('Mine'), next).ok).toBe(true);
    expect(state.view).toBe(next);
    const bad = { ...next, components: { ...next.components } };
    bad.components.hero = { ...(bad.components.hero as PageDocument['components'][string]), children: ['root'] };
    const ops: Operation[] = [{ op: 'replace', path: '/components/hero/children', value: ['root'] }];
    expect(state.submit('a-2', ops, bad)).toMatchObject({ ok: false, error: { code: 'schema-violation' } });
    expect(state.view).toBe(next);
  });

  test('an ack leaves the view as it was, by reference', () => {
    const state = fresh();
    state.submit('a-1', setHeading('One'));
    const view = state.view;
    state.takeNext();
    state.ack('a-1', 1);
    expect(state.view).toBe(view);
  });

  test('an ack for something not in flight, or with a skipped version, is reported', () => {
    const state = fresh();
    state.submit('a-1', setHeading('One'));
    expect(state.ack('a-1', 1).outcome).toBe('unexpected');
    state.takeNext();
    expect(state.ack('zzz', 1).outcome).toBe('unexpected');
    expect(state.ack('a-1', 3).outcome).toBe('gap');
    expect(state.pending).toHaveLength(1);
  });

  test('an ack for a version already held means the edit is in the document already', () => {
    // The server applied it at 2, we re-synced at 3 and sent it again, as it was sent
    // (on version 1); the server recognised the opId and acked it with its old version.
    const state = fresh(1);
    state.submit('a-1', setHeading('One'));
    state.takeNext();
    const serverDoc = starterDocument();
    (serverDoc.components['hero-heading'] as { props: Record<string, unknown> }).props.text = 'One';
    (serverDoc.components['hero-text'] as { props: Record<string, unknown> }).props.text = 'Theirs';
    state.reset(serverDoc, 3);
    expect(state.takeNext()).toMatchObject({ edit: { opId: 'a-1' }, ops: setHeading('One'), baseVersion: 1 });
    expect(state.ack('a-1', 2)).toMatchObject({ outcome: 'applied', dropped: [] });
    expect(state.version).toBe(3);
    expect(state.pending).toEqual([]);
    expect(state.view).toBe(state.confirmed);
  });
});

describe('remote patches', () => {
  test('apply to the confirmed document, and pending edits are replayed on top', () => {
    const state = fresh();
    state.submit('a-1', setHeading('Mine'));
    state.takeNext();
    expect(state.applyRemote(setText('Theirs'), 1).outcome).toBe('applied');
    expect(text(state.confirmed)).toBe('Theirs');
    expect(heading(state.confirmed)).toBe('Welcome to your page');
    expect(text(state.view)).toBe('Theirs');
    expect(heading(state.view)).toBe('Mine');
    expect(state.ack('a-1', 2).outcome).toBe('applied');
    expect(state.confirmed).toEqual(state.view);
  });

  test('a later edit of the same field from elsewhere is overridden by ours in the view until acked', () => {
    const state = fresh();
    state.submit('a-1', setHeading('Mine'));
    state.applyRemote(setHeading('Theirs'), 1);
    expect(heading(state.confirmed)).toBe('Theirs');
    expect(heading(state.view)).toBe('Mine');
  });

  test('old versions are ignored and missing ones reported', () => {
    const state = fresh(5);
    expect(state.applyRemote(setText('x'), 5).outcome).toBe('stale');
    expect(state.applyRemote(setText('x'), 7).outcome).toBe('gap');
    expect(state.version).toBe(5);
    expect(state.applyRemote(setText('x'), 6).outcome).toBe('applied');
  });

  test('a patch that does not apply to the confirmed document means divergence', () => {
    const state = fresh();
    const confirmed = state.confirmed;
    expect(state.applyRemote([{ op: 'remove', path: '/components/nope' }], 1).outcome).toBe('failed');
    expect(state.confirmed).toBe(confirmed);
    expect(state.version).toBe(0);
  });

  test('pending edits inside what someone deleted become nothing; the one in flight stays for the server to answer', () => {
    const state = fresh();
    state.submit('a-1', setText('edit one'));
    state.takeNext();
    state.submit('a-2', setText('edit two'));
    state.submit('a-3', setHeading('still fine'));
    const { outcome, dropped } = state.applyRemote(removeText, 1);
    expect(outcome).toBe('applied');
    expect(dropped).toEqual([]);
    expect(state.pending.map((e) => [e.opId, e.ops])).toEqual([
      ['a-1', []],
      ['a-3', setHeading('still fine')],
    ]);
    expect(state.view.components['hero-text']).toBeUndefined();
    expect(heading(state.view)).toBe('still fine');
    expect(state.ack('a-1', 1).outcome).toBe('applied');
  });

  test('pending edits are transformed past a remote insert, and the view is confirmed plus pending', () => {
    const state = fresh();
    const add = (id: string, at: number): Operation[] => [
      { op: 'add', path: `/components/${id}`, value: { id, type: 'Text', props: {}, children: [] } },
      { op: 'add', path: `/components/hero/children/${at}`, value: id },
    ];
    state.submit('a-1', add('mine', 0));
    state.takeNext();
    const change = state.applyRemote(add('theirs', 0), 1);
    expect(change.outcome).toBe('applied');
    // Server order: theirs first; ours, ordered later, lands after it.
    expect(state.pending[0]?.ops[1]).toEqual({ op: 'add', path: '/components/hero/children/1', value: 'mine' });
    expect(state.view.components.hero?.children).toEqual(['theirs', 'mine', 'hero-heading', 'hero-text', 'hero-button']);
    // The change handed to the view was carried past our edit.
    expect(change.delta?.[1]).toEqual({ op: 'add', path: '/components/hero/children/0', value: 'theirs' });
    expect(state.ack('a-1', 2).outcome).toBe('applied');
    expect(state.confirmed).toEqual(state.view);
  });

  test('a remote change leaves untouched components of the view as they were, by reference', () => {
    const state = fresh();
    state.submit('a-1', setHeading('Mine'));
    const before = state.view;
    state.applyRemote(setText('Theirs'), 1);
    expect(state.view.components['hero-button']).toBe(before.components['hero-button']);
    expect(state.view.components['hero-heading']).toBe(before.components['hero-heading']);
    expect(state.view.components['hero-text']).not.toBe(before.components['hero-text']);
  });

  test('a catch-up applies what was missed and takes our own logged edit as its ack', () => {
    const state = fresh();
    state.submit('a-1', setHeading('Mine'));
    state.takeNext();
    state.disconnected();
    state.submit('a-2', setText('Later'));
    const change = state.catchUp([
      { patches: setText('Theirs'), version: 1, opId: 'b-1', senderId: 'u-b' },
      { patches: setHeading('Mine'), version: 2, opId: 'a-1', senderId: 'u-a' },
    ]);
    expect(change.outcome).toBe('applied');
    expect(state.version).toBe(2);
    expect(heading(state.confirmed)).toBe('Mine');
    expect(state.pending.map((e) => e.opId)).toEqual(['a-2']);
    expect(text(state.view)).toBe('Later');
    expect(state.catchUp([{ patches: setText('x'), version: 4, opId: 'b-2', senderId: 'u-b' }]).outcome).toBe('gap');
  });
});

describe('rejection and re-sync', () => {
  test('a rejected edit leaves the queue and the view', () => {
    const state = fresh();
    state.submit('a-1', setHeading('One'));
    state.takeNext();
    state.submit('a-2', setText('Two'));
    expect(state.reject('a-1')).toEqual([]);
    expect(state.pending.map((e) => e.opId)).toEqual(['a-2']);
    expect(state.inFlight).toBeNull();
    expect(heading(state.view)).toBe('Welcome to your page');
    expect(text(state.view)).toBe('Two');
    expect(state.takeNext()).toMatchObject({ edit: { opId: 'a-2' }, baseVersion: 0 });
  });

  test('reset replays what still applies on the new document and drops the rest', () => {
    const state = fresh();
    state.submit('a-1', setHeading('One'));
    state.submit('a-2', setText('Two'));
    state.submit('a-3', setHeading('Three'));
    const serverDoc = starterDocument();
    serverDoc.components.hero = {
      ...(serverDoc.components.hero as PageDocument['components'][string]),
      children: ['hero-heading', 'hero-button'],
    };
    delete serverDoc.components['hero-text'];
    const dropped = state.reset(serverDoc, 9);
    expect(dropped.map((e) => e.opId)).toEqual(['a-2']);
    expect(state.pending.map((e) => e.opId)).toEqual(['a-1', 'a-3']);
    expect(state.version).toBe(9);
    expect(heading(state.view)).toBe('Three');
    expect(state.takeNext()).toMatchObject({ edit: { opId: 'a-1' }, baseVersion: 9 });
  });

  test('reset keeps the edit that was in flight even when it no longer applies, to be sent again', () => {
    const state = fresh();
    state.submit('a-1', removeText);
    state.takeNext();
    state.submit('a-2', setHeading('After'));
    // The server applied a-1 (the text is gone) but the ack was lost.
    const serverDoc = state.view;
    const dropped = state.reset(serverDoc, 1);
    expect(dropped).toEqual([]);
    expect(state.pending.map((e) => e.opId)).toEqual(['a-1', 'a-2']);
    expect(state.inFlight).toBeNull();
    // Sent again as it was, on the version it was made against (SPEC T16).
    expect(state.takeNext()).toMatchObject({ edit: { opId: 'a-1' }, ops: removeText, baseVersion: 0 });
    expect(state.ack('a-1', 1).outcome).toBe('applied');
    expect(state.pending.map((e) => e.opId)).toEqual(['a-2']);
    expect(heading(state.view)).toBe('After');
  });
});

describe('regressions found by the fuzz', () => {
  test('seed 9950: a remote change still reaches the view while a sent edit is left out of it', () => {
    const state = fresh();
    // Ours: delete the heading. Sent, not yet answered.
    state.submit('a-1', [
      { op: 'remove', path: '/components/hero/children/0' },
      { op: 'remove', path: '/components/hero-heading' },
    ]);
    state.takeNext();
    // Theirs, first in server order: move the heading out to the root. Ours no longer
    // fits (it would leave the root holding a missing child), so it leaves the view.
    state.applyRemote(
      [
        { op: 'remove', path: '/components/hero/children/0' },
        { op: 'add', path: '/components/root/children/0', value: 'hero-heading' },
      ],
      1,
    );
    expect(state.view).toEqual(state.confirmed);
    // Theirs again: an edit of the heading. It must show, though ours would have removed it.
    state.applyRemote(setHeading('theirs'), 2);
    expect(heading(state.view)).toBe('theirs');
    expect(state.view).toEqual(state.confirmed);
    state.reject('a-1');
    expect(state.view).toEqual(state.confirmed);
  });
});

describe('text edits (SPEC T10–T13, T16)', () => {
  const path = '/components/hero-heading/props/text';
  const base = 'Welcome to your page';
  const type = (from: string, to: string): Operation[] => [
    { op: 'test', path, value: from },
    { op: 'replace', path, value: to },
  ];
  const textPath = '/components/hero-text/props/text';
  const setTextEdit = (to: string): Operation[] => [
    { op: 'test', path: textPath, value: text(starterDocument()) as string },
    { op: 'replace', path: textPath, value: to },
  ];

  test('[T12] a pending edit and a remote edit of the same text both show, and the pending one is re-based on the merge', () => {
    const state = fresh();
    state.submit('a-1', type(base, `${base} today`));
    state.takeNext();
    expect(state.applyRemote([{ op: 'replace', path, value: `Truly ${base}` }], 1).outcome).toBe('applied');
    expect(heading(state.view)).toBe(`Truly ${base} today`);
    expect(state.pending[0]?.ops).toEqual(type(`Truly ${base}`, `Truly ${base} today`));
    expect(state.ack('a-1', 2).outcome).toBe('applied');
    expect(state.confirmed).toEqual(state.view);
  });

  test('keystrokes queued behind the edit in flight go as one text edit, not one per keystroke', () => {
    const state = fresh(3);
    state.submit('a-1', type(base, `${base}!`));
    state.takeNext();
    state.submit('a-2', type(`${base}!`, `${base}!!`));
    state.submit('a-3', type(`${base}!!`, `${base}!!!`));
    state.ack('a-1', 4);
    expect(state.takeNext()?.edit.ops).toEqual(type(`${base}!`, `${base}!!!`));
  });

  test('an edit the server says it never took (bad-version) is kept, merged with the text of the next sync and sent again', () => {
    const state = fresh();
    state.submit('a-1', type(base, `${base} today`));
    state.takeNext();
    state.notTaken('a-1');
    const doc = starterDocument();
    (doc.components['hero-heading'] as { props: Record<string, unknown> }).props.text = `Truly ${base}`;
    expect(state.reset(doc, 9)).toEqual([]);
    expect(heading(state.view)).toBe(`Truly ${base} today`);
    expect(state.takeNext()).toMatchObject({ edit: { opId: 'a-1', ops: type(`Truly ${base}`, `Truly ${base} today`) }, baseVersion: 9 });
  });

  test('a sent edit is not re-based after a fresh sync: the server may hold it already', () => {
    const state = fresh();
    state.submit('a-1', type(base, `${base} today`));
    state.takeNext();
    state.disconnected();
    const doc = starterDocument();
    (doc.components['hero-heading'] as { props: Record<string, unknown> }).props.text = `${base} today`;
    state.reset(doc, 1);
    // Its test no longer holds, so it stays out of the view rather than doubling " today".
    expect(heading(state.view)).toBe(`${base} today`);
    expect(state.pending[0]?.ops).toEqual(type(base, `${base} today`));
  });

  test('[T16.2] a sent edit a full sync caught, which the new document may hold, goes again as it was, on its own version, so the server merges it with what was typed since', () => {
    const state = fresh();
    state.submit('a-1', type(base, `${base} today`));
    const sent = state.takeNext();
    state.disconnected();
    // The edit never reached the server; someone else's did (version 1), with the same word. A full sync follows.
    const theirs: Operation[] = [{ op: 'replace', path, value: `Truly ${base} today` }];
    const doc = starterDocument();
    (doc.components['hero-heading'] as { props: Record<string, unknown> }).props.text = `Truly ${base} today`;
    state.reset(doc, 1);
    // Not re-based on the new text, nor sent on version 1 with a test of the text it no longer is.
    const again = state.takeNext();
    expect(again).toMatchObject({ edit: { opId: 'a-1' }, ops: sent?.ops, baseVersion: 0 });
    // What the server does with it: transformed past version 1, its test passes and both edits stay (T12).
    const applied = applyPatch(doc, transform(again?.ops ?? [], theirs));
    expect(applied.ok && heading(applied.doc)).toBe(`Truly ${base} today today`);
    // Its ack is past patches this state never saw: only a catch-up says what was applied.
    expect(state.ack('a-1', 2).outcome).toBe('unseen');
    expect(state.pending.map((e) => e.opId)).toEqual(['a-1']);
    const change = state.catchUp([
      { patches: [{ op: 'replace', path, value: `Truly ${base} today today` }], version: 2, opId: 'a-1', senderId: 'me' },
    ]);
    expect(change.outcome).toBe('applied');
    expect(state.pending).toEqual([]);
    expect(heading(state.view)).toBe(`Truly ${base} today today`);
    expect(state.view).toEqual(state.confirmed);
  });

  test('[T16.3] a sent edit a full sync caught, whose text the new document lacks, goes as it shows, on the synced version', () => {
    const state = fresh();
    state.submit('a-1', type(base, `${base} today`));
    state.takeNext();
    state.disconnected();
    const doc = starterDocument();
    (doc.components['hero-heading'] as { props: Record<string, unknown> }).props.text = `Truly ${base}`;
    state.reset(doc, 1);
    expect(heading(state.view)).toBe(`Truly ${base} today`);
    expect(state.takeNext()).toMatchObject({ edit: { opId: 'a-1' }, ops: type(`Truly ${base}`, `Truly ${base} today`), baseVersion: 1 });
    // From then on it is a sent edit like any other: carried past what arrives, and acknowledged as it shows.
    state.applyRemote([{ op: 'replace', path, value: `Truly ${base}!` }], 2);
    expect(state.ack('a-1', 3).outcome).toBe('applied');
    expect(heading(state.confirmed)).toBe(`Truly ${base}! today`);
    expect(state.view).toEqual(state.confirmed);
  });

  test('[T16.3] a sent edit re-sent as it shows that comes back applied from its earlier connection counts as acknowledged with what the server applied', () => {
    const state = fresh();
    state.submit('a-1', type(base, `${base}!`));
    state.takeNext();
    state.disconnected();
    const doc = starterDocument();
    (doc.components['hero-heading'] as { props: Record<string, unknown> }).props.text = `Oh ${base}`;
    state.reset(doc, 1);
    state.takeNext();
    state.submit('a-2', type(`Oh ${base}!`, `Oh ${base}!?`));
    // Meanwhile another process applied it as it was first sent, carried past what it had: not as shown here.
    const change = state.ownPatch('a-1', [{ op: 'replace', path, value: `(2) Oh ${base}!` }], 2);
    expect(change).toMatchObject({ outcome: 'applied', delta: null, dropped: [] });
    expect(heading(state.confirmed)).toBe(`(2) Oh ${base}!`);
    expect(state.pending.map((e) => e.opId)).toEqual(['a-2']);
    expect(heading(state.view)).toBe(`(2) Oh ${base}!?`);
  });

  test('[T16.2] after a full sync a sent edit goes again exactly as it was sent, not as carried past the patches since', () => {
    const state = fresh();
    state.submit('a-1', type(base, `${base}!`));
    const sent = state.takeNext();
    // Someone else's typing arrives and the edit in flight is merged with it here...
    state.applyRemote([{ op: 'replace', path, value: `Oh ${base}` }], 1);
    expect(state.pending[0]?.ops).toEqual(type(`Oh ${base}`, `Oh ${base}!`));
    state.disconnected();
    // The new document holds a "!" (the server may hold the edit), so it goes as it was sent...
    const doc = starterDocument();
    (doc.components['hero-heading'] as { props: Record<string, unknown> }).props.text = `Oh ${base}!`;
    state.reset(doc, 4);
    // ...and the server knows it by what was sent (its digest, under a new user id, L8).
    expect(state.takeNext()).toMatchObject({ ops: sent?.ops, baseVersion: 0 });
  });

  test('[T16.2] a re-sent edit left out of the view is not merged with patches that may hold it already', () => {
    const state = fresh();
    state.submit('a-1', type(base, `${base}!`));
    state.takeNext();
    state.disconnected();
    // The server applied it, then someone typed in front: the sync holds the "!" already.
    const doc = starterDocument();
    (doc.components['hero-heading'] as { props: Record<string, unknown> }).props.text = `Oh ${base}!`;
    state.reset(doc, 2);
    expect(heading(state.view)).toBe(`Oh ${base}!`);
    state.applyRemote([{ op: 'replace', path, value: `Oh ${base}!?` }], 3);
    // Merged with that patch, the edit would apply again and show "!!".
    expect(heading(state.view)).toBe(`Oh ${base}!?`);
    expect(state.pending[0]?.ops).toEqual(type(base, `${base}!`));
    expect(state.takeNext()).toMatchObject({ ops: type(base, `${base}!`), baseVersion: 0 });
    expect(state.ack('a-1', 1).outcome).toBe('applied');
    expect(state.pending).toEqual([]);
    expect(heading(state.view)).toBe(`Oh ${base}!?`);
  });

  test('[T16.2] a re-sent edit whose text the new document lacks shows merged, and what was typed after it keeps its order', () => {
    const state = fresh();
    state.submit('a-1', type(base, 'WelcomeA to your page'));
    const sent = state.takeNext();
    // Typed just before the "A", while it is in flight.
    state.submit('a-2', type('WelcomeA to your page', 'WelcomeBA to your page'));
    state.disconnected();
    // The edit never reached the server, where someone erased " to".
    const doc = starterDocument();
    (doc.components['hero-heading'] as { props: Record<string, unknown> }).props.text = 'Welcome your page';
    state.reset(doc, 1);
    expect(heading(state.view)).toBe('WelcomeBA your page');
    // Re-based on a text without the "A", the "B" would tie with it at the server, and come after it.
    expect(state.pending[1]?.ops).toEqual(type('WelcomeA your page', 'WelcomeBA your page'));
    // It goes as it shows, on the synced version (T16.3).
    const again = state.takeNext();
    expect(sent?.baseVersion).toBe(0);
    expect(again).toMatchObject({ ops: type('Welcome your page', 'WelcomeA your page'), baseVersion: 1 });
    // What the server makes of both: the "B" before the "A", as typed.
    const first = applyPatch(doc, again?.ops ?? []);
    const second = first.ok ? applyPatch(first.doc, state.pending[1]?.ops ?? []) : first;
    expect(second.ok && heading(second.doc)).toBe('WelcomeBA your page');
  });

  // The server's log since version 0 in the next two tests: someone erases a word and undoes it (T16, rule 1's known limit).
  const withText = (value: string) => {
    const doc = starterDocument();
    (doc.components['hero-heading'] as { props: Record<string, unknown> }).props.text = value;
    return doc;
  };
  /** What the server makes of a patch sent on `version`: carried past each logged patch since, one by one. */
  const serverApplies = (log: Operation[][], doc: PageDocument, sent: { ops: Operation[]; baseVersion: number } | null) => {
    const applied = applyPatch(doc, transformPastPatches(sent?.ops ?? [], log.slice(sent?.baseVersion ?? 0)));
    return applied.ok ? heading(applied.doc) : null;
  };

  test('[T16.3] a re-sent edit whose test holds on the new document goes on the new version as shown, not on its own past an erasure and its undo (fuzz typing seed 58352)', () => {
    const state = fresh();
    state.submit('a-1', type(base, 'Welcome to yXour page'));
    state.takeNext();
    state.disconnected();
    // It never reached the server, where someone erased "ou" and undid it: the text is as it was.
    const log = [setHeading('Welcome to yr page'), setHeading(base)];
    state.reset(withText(base), 2);
    expect(heading(state.view)).toBe('Welcome to yXour page');
    // Carried past the erasure, the X keeps only the erased place; past the undo it ties with "ou" and goes after it:
    // "youXr", not what the person sees, and a keystroke they type next to the X would end up on its other side.
    const again = state.takeNext();
    expect(again).toMatchObject({ edit: { opId: 'a-1' }, baseVersion: 2 });
    expect(serverApplies(log, withText(base), again)).toBe('Welcome to yXour page');
  });

  test('[T16.3] a re-sent edit shown merged with the new text goes on the new version as shown (fuzz typing seed 59872)', () => {
    const state = fresh();
    state.submit('a-1', type(base, 'Welcome to Xyour page'));
    state.takeNext();
    state.submit('a-2', type('Welcome to Xyour page', 'Welcome to XYyour page'));
    state.disconnected();
    // It never reached the server: someone erased "your" and undid it, then someone erased "to ".
    const log = [setHeading('Welcome to  page'), setHeading(base), setHeading('Welcome your page')];
    const doc = withText('Welcome your page');
    state.reset(doc, 3);
    expect(heading(state.view)).toBe('Welcome XYyour page');
    const again = state.takeNext();
    expect(again).toMatchObject({ edit: { opId: 'a-1' }, ops: type('Welcome your page', 'Welcome Xyour page'), baseVersion: 3 });
    // As sent on version 0 the server would make it "Welcome yourX page", and the Y typed after the X would come before it.
    expect(serverApplies(log, doc, again)).toBe('Welcome Xyour page');
    expect(state.ack('a-1', 4).outcome).toBe('applied');
    expect(state.takeNext()).toMatchObject({ ops: type('Welcome Xyour page', 'Welcome XYyour page'), baseVersion: 4 });
  });

  test('[T16.2] a re-sent edit stays out of the view when the new document holds part of what it inserted', () => {
    const state = fresh();
    state.submit('a-1', type(base, 'WelcomeA to your pageB'));
    state.takeNext();
    state.disconnected();
    // The server applied it; someone erased the "B" since, and typed in front.
    const doc = starterDocument();
    (doc.components['hero-heading'] as { props: Record<string, unknown> }).props.text = 'Oh WelcomeA to your page';
    state.reset(doc, 3);
    // Shown merged it would double the "A".
    expect(heading(state.view)).toBe('Oh WelcomeA to your page');
  });

  test('[T16.2] a sent edit caught by two full syncs goes again on the version it was first sent on', () => {
    const state = fresh(4);
    state.submit('a-1', type(base, `${base}!`));
    state.takeNext();
    state.disconnected();
    // Each new document holds a "!": the server may hold the edit (T16.2).
    const doc = starterDocument();
    (doc.components['hero-heading'] as { props: Record<string, unknown> }).props.text = `Oh ${base}!`;
    state.reset(doc, 6);
    state.takeNext();
    state.disconnected();
    state.reset(doc, 8);
    expect(state.takeNext()).toMatchObject({ ops: type(base, `${base}!`), baseVersion: 4 });
  });

  test('[T16.2, L9] a re-sent edit refused overloaded is re-based and goes on the latest version, not again on the one the room outran', () => {
    const state = fresh();
    state.submit('a-1', type(base, `${base}!`));
    state.takeNext();
    state.disconnected();
    // Someone else typed a "!" too: the server may hold the edit, which goes as it was sent (T16.2).
    const doc = starterDocument();
    (doc.components['hero-heading'] as { props: Record<string, unknown> }).props.text = `Truly ${base}!`;
    state.reset(doc, 9);
    expect(state.takeNext()).toMatchObject({ ops: type(base, `${base}!`), baseVersion: 0 });
    // Version 0 is older than the busy room's log: sent so again, it would be refused again.
    expect(state.notYet('a-1')).toEqual([]);
    expect(heading(state.view)).toBe(`Truly ${base}!!`);
    expect(state.takeNext()).toMatchObject({ edit: { opId: 'a-1' }, ops: type(`Truly ${base}!`, `Truly ${base}!!`), baseVersion: 9 });
  });

  test('[L9] an edit refused overloaded goes again as it is, on the version confirmed by then', () => {
    const state = fresh();
    state.submit('a-1', type(base, `${base}!`));
    state.takeNext();
    expect(state.notYet('a-1')).toBeNull();
    state.applyRemote([{ op: 'replace', path, value: `Truly ${base}` }], 1);
    expect(state.takeNext()).toMatchObject({ edit: { opId: 'a-1' }, ops: type(`Truly ${base}`, `Truly ${base}!`), baseVersion: 1 });
  });

  test('[T16.2] a sent edit kept for the next session keeps its version, and goes again on it after the reload', () => {
    const state = fresh(5);
    state.submit('a-1', type(base, `${base}!`));
    state.takeNext();
    state.submit('a-2', type(`${base}!`, `${base}!?`));
    const kept = state.kept;
    expect(kept).toMatchObject([
      { opId: 'a-1', sent: true, resend: { ops: type(base, `${base}!`), version: 5 } },
      { opId: 'a-2', sent: false },
    ]);
    expect(kept[1]?.resend).toBeUndefined();
    // The next page load: a full sync at 8, someone else's text meanwhile, with a "!" (it may hold the edit).
    const again = fresh(8);
    const doc = starterDocument();
    (doc.components['hero-heading'] as { props: Record<string, unknown> }).props.text = `Truly ${base}!`;
    again.reset(doc, 8);
    again.restore(kept);
    expect(again.takeNext()).toMatchObject({ edit: { opId: 'a-1' }, ops: type(base, `${base}!`), baseVersion: 5 });
  });

  test('[T12] after a fresh sync, typing queued with an edit of a deleted field is still merged with the text as it is now', () => {
    const state = fresh();
    // Typing in the text, then in the heading, queued as one edit (say, after a bad-version).
    state.restore([{ opId: 'a-1', ops: [...setTextEdit('x'), ...type(base, `${base}!`)], sent: false }]);
    const doc = starterDocument();
    delete (doc.components as Record<string, unknown>)['hero-text'];
    (doc.components.hero as { children: string[] }).children = ['hero-heading', 'hero-button'];
    (doc.components['hero-heading'] as { props: Record<string, unknown> }).props.text = `Oh ${base}`;
    expect(state.reset(doc, 3)).toEqual([]);
    expect(heading(state.view)).toBe(`Oh ${base}!`);
    expect(state.pending[0]?.ops).toEqual(type(`Oh ${base}`, `Oh ${base}!`));
  });

  test('[T16.1] an erasure and its undo queued behind the edit in flight cancel out: a concurrent keystroke at the erased place stays where it was typed', () => {
    const state = fresh();
    state.submit('a-1', type(base, `${base}!`));
    state.takeNext();
    // Erase "to", then undo that, both still queued.
    const erased = `Welcome  your page!`;
    state.submit('a-2', type(`${base}!`, erased));
    state.submit('a-3', type(erased, `${base}!`));
    expect(state.pending.map((e) => e.opId)).toEqual(['a-1', 'a-2']);
    // Meanwhile someone typed "X" right after "to".
    state.applyRemote([{ op: 'replace', path, value: 'Welcome toX your page' }], 1);
    expect(heading(state.view)).toBe('Welcome toX your page!');
    // Carried past it one after the other, the undo would have put "to" back after the X.
    expect(state.ack('a-1', 2).outcome).toBe('applied');
    expect(heading(state.confirmed)).toBe('Welcome toX your page!');
  });

  test('edits queued together keep what still applies when one part no longer does', () => {
    const state = fresh();
    // Typing in two fields, queued as one edit (as restored from a previous session, say).
    state.restore([{ opId: 'a-1', ops: [...type(base, `${base}!`), ...setText('y')], sent: false }]);
    const doc = starterDocument();
    delete (doc.components as Record<string, unknown>)['hero-text'];
    (doc.components.hero as { children: string[] }).children = ['hero-heading', 'hero-button'];
    expect(state.reset(doc, 3)).toEqual([]);
    expect(heading(state.view)).toBe(`${base}!`);
    expect(state.pending[0]?.ops).toEqual(type(base, `${base}!`));
  });

  test('[T12] after a fresh sync, an edit made against an older text is merged with the text as it is now', () => {
    const state = fresh();
    state.submit('a-1', type(base, `${base} today`));
    const doc = starterDocument();
    (doc.components['hero-heading'] as { props: Record<string, unknown> }).props.text = `Truly ${base}`;
    expect(state.reset(doc, 7)).toEqual([]);
    expect(heading(state.view)).toBe(`Truly ${base} today`);
    expect(state.takeNext()).toMatchObject({ edit: { ops: type(`Truly ${base}`, `Truly ${base} today`) }, baseVersion: 7 });
  });
});
