import { describe, expect, it } from 'vitest';
import { type Operation, type PageDocument, starterDocument, withTextBases } from './index.ts';

const replace = (path: string, value: unknown): Operation => ({ op: 'replace', path, value }) as Operation;
const test = (path: string, value: string): Operation => ({ op: 'test', path, value });
const remove = (path: string): Operation => ({ op: 'remove', path });
const HEADING = '/components/hero-heading/props/text';
const LEVEL = '/components/hero-heading/props/level';

function withList(): PageDocument {
  const doc = starterDocument();
  doc.components.list = { id: 'list', type: 'List', props: { items: ['one', 'two'] }, children: [] };
  return doc;
}

describe('withTextBases', () => {
  const doc = starterDocument();
  const heading = doc.components['hero-heading']?.props.text as string;

  it('[T10] writes the base before each replace of a text prop', () => {
    expect(withTextBases(doc, [replace(HEADING, 'Hi')])).toEqual([test(HEADING, heading), replace(HEADING, 'Hi')]);
    expect(withTextBases(withList(), [replace('/components/list/props/items/1', 'deux')])).toEqual([
      test('/components/list/props/items/1', 'two'),
      replace('/components/list/props/items/1', 'deux'),
    ]);
  });

  it('[T10] leaves strings that are not text alone: a select, a URL, a colour still go to the later writer', () => {
    expect(withTextBases(doc, [replace(LEVEL, '2')])).toEqual([replace(LEVEL, '2')]);
    const href = '/components/hero-button/props/href';
    expect(withTextBases(doc, [replace(href, 'https://a.example')])).toEqual([replace(href, 'https://a.example')]);
    expect(withTextBases(doc, [replace('/components/nope/props/text', 'x')])).toEqual([replace('/components/nope/props/text', 'x')]);
    expect(withTextBases(doc, [replace('/components/hero-heading/props/toString', 'x')])).toEqual([
      replace('/components/hero-heading/props/toString', 'x'),
    ]);
  });

  it('[T10] gives no base where the patch may have changed the text first, and none twice', () => {
    const based = [test(HEADING, heading), replace(HEADING, 'Hi')];
    expect(withTextBases(doc, based)).toEqual(based);
    expect(withTextBases(doc, [replace(HEADING, 'a'), replace(HEADING, 'ab')])).toEqual([
      test(HEADING, heading),
      replace(HEADING, 'a'),
      replace(HEADING, 'ab'),
    ]);
    const item = '/components/list/props/items/1';
    expect(withTextBases(withList(), [remove('/components/list/props/items/0'), replace(item, 'z')])).toEqual([
      remove('/components/list/props/items/0'),
      replace(item, 'z'),
    ]);
    expect(withTextBases(doc, [replace('/components/hero-heading/props', { text: 'x' }), replace(HEADING, 'y')])).toEqual([
      replace('/components/hero-heading/props', { text: 'x' }),
      replace(HEADING, 'y'),
    ]);
    expect(withTextBases(doc, [replace(LEVEL, '3'), replace(HEADING, 'y')])).toEqual([
      replace(LEVEL, '3'),
      test(HEADING, heading),
      replace(HEADING, 'y'),
    ]);
  });
});
