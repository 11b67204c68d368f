import { describe, expect, it } from 'vitest';
import { applyDocumentPatch, changeScope, type PageDocument, validateDocument, validateTransition } from './document.ts';
import { cloneJson, type Json } from './json.ts';
import { applyPatch, type Operation } from './patch.ts';
import { checkFieldValue, defaultProps, type FieldDefinition, getDefinition, ROOT_TYPE, registry } from './registry.ts';
import { createId, starterDocument } from './starter.ts';

/** A loosely typed view of a document, so that tests can break it in ways the types forbid. */
type Loose = { [key: string]: unknown; rootId: unknown; components: Record<string, Record<string, unknown>> };

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key]);
  }
  return value;
}

/** The starter document after `change`, as validateDocument sees it. */
function broken(change: (doc: Loose) => void): string[] {
  const doc = cloneJson(starterDocument()) as unknown as Loose;
  change(doc);
  return validateDocument(doc);
}

const comp = (d: Loose, id: string) => d.components[id] as Record<string, unknown>;
const kids = (d: Loose, id: string) => comp(d, id).children as unknown[];
const propsOf = (d: Loose, id: string) => comp(d, id).props as Record<string, unknown>;

const node = (id: string, type: string, children: string[] = [], props: Record<string, Json> = {}) => ({ id, type, props, children });

describe('validateDocument', () => {
  it('[D8] accepts the starter document', () => {
    expect(validateDocument(starterDocument())).toEqual([]);
  });

  it('[D8] accepts a starter document with a custom title and puts the title on the root', () => {
    const doc = starterDocument('Launch plan');
    expect(validateDocument(doc)).toEqual([]);
    expect(doc.components[doc.rootId]?.props.title).toBe('Launch plan');
    expect(doc.components[doc.rootId]?.type).toBe(ROOT_TYPE);
  });

  it('[D8] accepts a document holding only its root', () => {
    expect(validateDocument({ rootId: 'r', components: { r: node('r', 'Page') } })).toEqual([]);
  });

  it('[D8] returns fresh starter documents that do not share state', () => {
    const a = starterDocument();
    const b = starterDocument();
    (a.components.hero as { children: string[] }).children.pop();
    expect(validateDocument(b)).toEqual([]);
  });

  it.each([null, 'doc', 7, [], true])('[D1] rejects %j, which is not an object', (doc) => {
    expect(validateDocument(doc)).toEqual(['the document must be an object']);
  });

  it('[D1] rejects an unknown top-level key', () => {
    expect(broken((d) => (d.extra = 1))).toEqual(['unknown document key "extra"']);
  });

  it('[D1] rejects a rootId that is not a string', () => {
    expect(broken((d) => (d.rootId = 5))).toContain('rootId must be a string');
  });

  it('[D1] rejects components that are not an object', () => {
    expect(broken((d) => ((d as Record<string, unknown>).components = []))).toContain('components must be an object');
    expect(broken((d) => ((d as Record<string, unknown>).components = null))).toContain('components must be an object');
  });

  it('[D1] rejects a root that does not exist', () => {
    expect(broken((d) => (d.rootId = 'nowhere'))).toContain('D1: root "nowhere" does not exist');
  });

  it('[D1] does not see an inherited member as the root', () => {
    expect(validateDocument({ rootId: 'toString', components: {} })).toContain('D1: root "toString" does not exist');
  });

  it('[D2] rejects a child id that does not exist', () => {
    const problems = broken((d) => kids(d, 'hero').push('ghost'));
    expect(problems).toContain('D2: "hero" has missing child "ghost"');
  });

  it('[D2] rejects a removed component that is still listed as a child', () => {
    const problems = broken((d) => delete d.components['hero-text']);
    expect(problems).toContain('D2: "hero" has missing child "hero-text"');
  });

  it('[D2] does not see an inherited member as an existing child', () => {
    const problems = broken((d) => kids(d, 'hero').push('constructor'));
    expect(problems).toContain('D2: "hero" has missing child "constructor"');
  });

  it('[D3] rejects a component with no parent', () => {
    const problems = broken((d) => kids(d, 'hero').splice(0, 1));
    expect(problems).toEqual(['D3: "hero-heading" has 0 parents, not exactly one']);
  });

  it('[D3] rejects a new component that nothing lists as a child', () => {
    const problems = broken((d) => (d.components.loose = node('loose', 'Text')));
    expect(problems).toEqual(['D3: "loose" has 0 parents, not exactly one']);
  });

  it('[D3] rejects a component with two parents', () => {
    const problems = broken((d) => {
      d.components.side = node('side', 'Section', ['hero-text']);
      kids(d, 'root').push('side');
    });
    expect(problems).toEqual(['D3: "hero-text" has 2 parents, not exactly one']);
  });

  it('[D3] rejects a component listed twice by the same parent', () => {
    const problems = broken((d) => kids(d, 'hero').push('hero-text'));
    expect(problems).toEqual(['D3: "hero-text" has 2 parents, not exactly one']);
  });

  it('[D3] rejects a root that is some component’s child', () => {
    const problems = broken((d) => kids(d, 'hero').push('root'));
    expect(problems).toContain('D3: the root "root" must have no parent');
  });

  it('[D4] rejects two containers that hold each other, away from the root', () => {
    const problems = broken((d) => {
      d.components.a = node('a', 'Section', ['b']);
      d.components.b = node('b', 'Section', ['a']);
    });
    expect(problems).toEqual(['D4: "a" is on a cycle', 'D4: "b" is on a cycle']);
  });

  it('[D4] rejects a container that holds itself', () => {
    const problems = broken((d) => (d.components.loop = node('loop', 'Section', ['loop'])));
    expect(problems).toEqual(['D4: "loop" is on a cycle']);
  });

  it('[D4] rejects a subtree hanging below a cycle', () => {
    const problems = broken((d) => {
      d.components.a = node('a', 'Section', ['b', 'leaf']);
      d.components.b = node('b', 'Section', ['a']);
      d.components.leaf = node('leaf', 'Text');
    });
    expect(problems).toEqual(['D4: "a" is on a cycle', 'D4: "b" is on a cycle', 'D4: "leaf" is on a cycle']);
  });

  it.each(['0', '12', '-', '1a', 'has space', 'x'.repeat(129), '', 'constructor', 'prototype'])(
    '[D9] rejects the component id %j',
    (id) => {
      const problems = broken((d) => {
        d.components[id] = node(id, 'Text');
        (d.components.hero as { children: string[] }).children.push(id);
      });
      expect(problems).toContain(`D9: "${id}" is not a valid component id`);
    },
  );

  it.each(['a', '_x', 'c-1a2b', 'Hero_2', 'x'.repeat(128)])('[D9] accepts the component id %j', (id) => {
    const problems = broken((d) => {
      d.components[id] = node(id, 'Text');
      (d.components.hero as { children: string[] }).children.push(id);
    });
    expect(problems).toEqual([]);
  });

  it('[D5] rejects an unregistered type', () => {
    expect(broken((d) => (comp(d, 'hero-text').type = 'Video'))).toContain('D5: "hero-text" has unregistered type "Video"');
  });

  it('[D5] rejects a type that is not a string, and a type named after an Object member', () => {
    expect(broken((d) => (comp(d, 'hero-text').type = 3))).toContain('D5: "hero-text" has unregistered type 3');
    expect(broken((d) => (comp(d, 'hero-text').type = 'constructor'))).toContain('D5: "hero-text" has unregistered type "constructor"');
  });

  it('[D5] rejects a component whose id is not its key', () => {
    expect(broken((d) => (comp(d, 'hero-text').id = 'other'))).toEqual(['"hero-text" has id "other", not its key']);
  });

  it('[D5] rejects a component that is not an object', () => {
    expect(broken((d) => ((d.components as Record<string, unknown>)['hero-text'] = 'text'))).toContain('"hero-text" must be an object');
    expect(broken((d) => ((d.components as Record<string, unknown>)['hero-text'] = null))).toContain('"hero-text" must be an object');
  });

  it('[D5] rejects an unknown component key', () => {
    expect(broken((d) => (comp(d, 'hero-text').style = {}))).toEqual(['"hero-text" has unknown key "style"']);
  });

  it('[D6] rejects props that are not an object', () => {
    expect(broken((d) => (comp(d, 'hero-text').props = ['x']))).toContain('"hero-text".props must be an object');
  });

  it('[D6] rejects a prop the type does not define, including Object member names', () => {
    expect(broken((d) => (propsOf(d, 'hero-text').color = '#fff'))).toEqual(['D6: Text "hero-text" has no prop "color"']);
    expect(broken((d) => Object.assign(propsOf(d, 'hero-text'), { toString: 'x' }))).toEqual([
      'D6: Text "hero-text" has no prop "toString"',
    ]);
  });

  it('[D6] accepts a component that leaves some fields out', () => {
    expect(broken((d) => (comp(d, 'hero-button').props = { label: 'Go' }))).toEqual([]);
  });

  it('[D6] rejects a prop value of the wrong kind and names the prop', () => {
    const problems = broken((d) => (propsOf(d, 'hero-heading').level = '7'));
    expect(problems).toEqual(['D6: "hero-heading".props.level is not one of the options']);
  });

  it('[D6] checks every prop of every component', () => {
    const problems = broken((d) => {
      propsOf(d, 'root').maxWidth = 1;
      propsOf(d, 'hero').gap = -1;
    });
    expect(problems).toEqual(['D6: "root".props.maxWidth must be at least 240', 'D6: "hero".props.gap must be at least 0']);
  });

  it('[D7] rejects children on a component that is not a container', () => {
    const problems = broken((d) => {
      kids(d, 'hero').splice(1, 1);
      kids(d, 'hero-heading').push('hero-text');
    });
    expect(problems).toEqual(['D7: Heading "hero-heading" cannot have children']);
  });

  it('[D7] accepts an empty children list on every type but the root-only Page', () => {
    for (const type of [...registry.keys()].filter((t) => t !== 'Page')) {
      expect(validateDocument({ rootId: 'r', components: { r: node('r', 'Page', ['x']), x: node('x', type) } })).toEqual([]);
    }
  });

  it('[D7] rejects a Page anywhere but at the root', () => {
    const problems = validateDocument({ rootId: 'r', components: { r: node('r', 'Page', ['x']), x: node('x', 'Page') } });
    expect(problems).toEqual(['D7: a Page is only ever the root, so "r" cannot hold "x"']);
  });

  it('[D1] rejects a root that is not a Page', () => {
    expect(validateDocument({ rootId: 'r', components: { r: node('r', 'Section') } })).toEqual(['D1: the root "r" must be a Page']);
  });

  it('[D7] rejects children that are not a list, or ids that are not strings', () => {
    expect(broken((d) => (comp(d, 'hero-text').children = {}))).toContain('"hero-text".children must be a list');
    expect(broken((d) => kids(d, 'hero').push(7))).toContain('"hero" has a child id that is not a string');
  });

  it('[D8] reports every problem it finds, not only the first', () => {
    const problems = broken((d) => {
      comp(d, 'hero-text').type = 'Video';
      propsOf(d, 'hero-heading').level = 9;
      kids(d, 'hero').push('ghost');
    });
    expect(problems.length).toBeGreaterThanOrEqual(3);
  });
});

describe('field kinds', () => {
  const field = <F extends FieldDefinition>(f: F) => f;
  const text = field({ kind: 'text', label: 'T', default: '' });
  const shortText = field({ kind: 'text', label: 'T', default: '', maxLength: 3 });
  const textarea = field({ kind: 'textarea', label: 'T', default: '' });
  const number = field({ kind: 'number', label: 'N', default: 1, min: 0, max: 10 });
  const unbounded = field({ kind: 'number', label: 'N', default: 1 });
  const select = field({ kind: 'select', label: 'S', default: 'a', options: [{ value: 'a', label: 'A' }] });
  const color = field({ kind: 'color', label: 'C', default: '' });
  const url = field({ kind: 'url', label: 'U', default: '' });
  const boolean = field({ kind: 'boolean', label: 'B', default: false });
  const list = field({ kind: 'list', label: 'L', default: [] });
  const shortList = field({ kind: 'list', label: 'L', default: [], maxItems: 2 });

  it.each([
    ['text', text, ['', 'hello', 'x'.repeat(20_000)], [1, null, ['a'], 'x'.repeat(20_001)]],
    ['text with maxLength', shortText, ['abc'], ['abcd']],
    ['textarea', textarea, ['line\nline', 'x'.repeat(20_000)], [true, 'x'.repeat(20_001)]],
    ['number', number, [0, 5.5, 10], [-0.1, 10.1, '5', null, Number.NaN, Number.POSITIVE_INFINITY]],
    ['number without bounds', unbounded, [-1e9, 1e9], [Number.NEGATIVE_INFINITY, '1']],
    ['select', select, ['a'], ['b', 'A', 1, null]],
    ['color', color, ['', '#fff', '#FFFA', '#a1b2c3', '#a1b2c3d4'], ['red', '#ff', '#fffff', '#a1b2c3d', '#ggg', 'fff', 0]],
    ['url', url, ['', 'https://example.com', 'x'.repeat(2_048)], [5, null, 'x'.repeat(2_049)]],
    ['boolean', boolean, [true, false], ['true', 0, null]],
    [
      'list',
      list,
      [[], ['a', 'b'], Array.from({ length: 500 }, () => 'x')],
      ['a', [1], [null], ['x'.repeat(20_001)], Array.from({ length: 501 }, () => 'x')],
    ],
    ['list with maxItems', shortList, [['a', 'b']], [['a', 'b', 'c']]],
  ] as [string, FieldDefinition, unknown[], unknown[]][])(
    '[D6] a %s field accepts good values and rejects bad ones',
    (_kind, f, good, bad) => {
      for (const value of good) expect(checkFieldValue(f, value), JSON.stringify(value)?.slice(0, 40)).toBeNull();
      for (const value of bad) expect(checkFieldValue(f, value), JSON.stringify(value)?.slice(0, 40)).toEqual(expect.any(String));
    },
  );

  it('[D6] every registered default fits its own field', () => {
    for (const def of registry.values()) {
      for (const [name, f] of Object.entries(def.fields)) expect(checkFieldValue(f, f.default), `${def.type}.${name}`).toBeNull();
    }
  });

  it('[D6] defaultProps gives every field its default, and a fresh list each time', () => {
    for (const type of registry.keys()) {
      const def = getDefinition(type);
      expect(Object.keys(defaultProps(type))).toEqual(Object.keys(def?.fields ?? {}));
    }
    expect(() => defaultProps('Video')).toThrow();
  });

  it('[D5] the registry defines the documented types, and only the containers take children', () => {
    expect([...registry.keys()]).toEqual([
      'Page',
      'Section',
      'Heading',
      'Text',
      'Button',
      'Image',
      'Columns',
      'Column',
      'Card',
      'Link',
      'List',
      'Divider',
      'Spacer',
    ]);
    expect([...registry.values()].filter((d) => d.acceptsChildren).map((d) => d.type)).toEqual([
      'Page',
      'Section',
      'Columns',
      'Column',
      'Card',
    ]);
    expect(getDefinition('toString')).toBeUndefined();
  });

  it('createId makes prefixed ids that are valid as page and component ids and differ', () => {
    const ids = new Set(Array.from({ length: 100 }, () => createId()));
    expect(ids.size).toBe(100);
    for (const id of ids) expect(id).toMatch(/^c-[0-9a-z]{12}$/);
    expect(createId('sec')).toMatch(/^sec-/);
  });
});

describe('changeScope', () => {
  it('[D8] collects the component ids that paths and move sources name', () => {
    const scope = changeScope([
      { op: 'replace', path: '/components/a/props/text', value: 'x' },
      { op: 'move', from: '/components/b/children/0', path: '/components/c/children/-' },
      { op: 'copy', from: '/components/d/props', path: '/components/e/props' },
      { op: 'remove', path: '/components/a~1b' },
    ]);
    expect(scope.full).toBe(false);
    expect([...scope.ids].sort()).toEqual(['a', 'a/b', 'b', 'c', 'e']);
  });

  it('[D8] ignores test operations, which change nothing', () => {
    expect(changeScope([{ op: 'test', path: '/rootId', value: 'root' }])).toEqual({ full: false, ids: new Set() });
  });

  it.each(['', '/rootId', '/components', '/other/x'])('[D8] asks for a full check when a path is %j', (path) => {
    expect(changeScope([{ op: 'replace', path, value: 1 }]).full).toBe(true);
  });

  it('[D8] asks for a full check when a move comes from outside the components', () => {
    expect(changeScope([{ op: 'move', from: '/rootId', path: '/components/a/props/text' }]).full).toBe(true);
  });
});

describe('applyDocumentPatch', () => {
  const starter = () => starterDocument();

  /** Applies in both modes; checks they agree, and that a rejection leaves the input as it was. */
  function applyBoth(ops: Operation[], doc: PageDocument = starter()) {
    const frozen = deepFreeze(cloneJson(doc));
    const pure = applyDocumentPatch(frozen, ops);
    expect(frozen).toEqual(doc);
    const target = cloneJson(doc);
    const inPlace = applyDocumentPatch(target, ops, { inPlace: true });
    expect(inPlace.ok).toBe(pure.ok);
    if (pure.ok && inPlace.ok) expect(inPlace.doc).toEqual(pure.doc);
    if (!pure.ok && !inPlace.ok) {
      expect(inPlace.error).toEqual(pure.error);
      expect(target).toEqual(doc);
    }
    return pure;
  }

  const rejected = (ops: Operation[], doc?: PageDocument) => {
    const result = applyBoth(ops, doc);
    expect(result).toMatchObject({ ok: false, error: { code: 'schema-violation' } });
    return result.ok ? '' : result.error.message;
  };

  const accepted = (ops: Operation[], doc?: PageDocument) => {
    const result = applyBoth(ops, doc);
    if (!result.ok) throw new Error(`expected the patch to be accepted: ${result.error.message}`);
    expect(validateDocument(result.doc)).toEqual([]);
    return result.doc;
  };

  it('[D8] accepts a valid prop edit', () => {
    const doc = accepted([{ op: 'replace', path: '/components/hero-heading/props/text', value: 'Hi' }]);
    expect(doc.components['hero-heading']?.props.text).toBe('Hi');
  });

  it('[D8] accepts adding a component and listing it under a container', () => {
    const doc = accepted([
      { op: 'add', path: '/components/img', value: { id: 'img', type: 'Image', props: defaultProps('Image'), children: [] } },
      { op: 'add', path: '/components/hero/children/1', value: 'img' },
    ]);
    expect(doc.components.hero?.children).toEqual(['hero-heading', 'img', 'hero-text', 'hero-button']);
  });

  it('[D8] accepts moving a child to another container', () => {
    accepted([
      { op: 'add', path: '/components/side', value: { id: 'side', type: 'Section', props: {}, children: [] } },
      { op: 'add', path: '/components/root/children/-', value: 'side' },
      { op: 'move', from: '/components/hero/children/2', path: '/components/side/children/0' },
    ]);
  });

  it('[D8] accepts removing a leaf and its reference together', () => {
    const doc = accepted([
      { op: 'remove', path: '/components/hero/children/1' },
      { op: 'remove', path: '/components/hero-text' },
    ]);
    expect(Object.keys(doc.components)).not.toContain('hero-text');
  });

  it('[D8] accepts removing a whole subtree', () => {
    accepted([
      { op: 'remove', path: '/components/root/children/0' },
      { op: 'remove', path: '/components/hero' },
      { op: 'remove', path: '/components/hero-heading' },
      { op: 'remove', path: '/components/hero-text' },
      { op: 'remove', path: '/components/hero-button' },
    ]);
  });

  it('[D8] accepts reordering children', () => {
    accepted([{ op: 'move', from: '/components/hero/children/0', path: '/components/hero/children/2' }]);
  });

  it('[D8] accepts a valid whole-document replacement, checked in full', () => {
    const doc = accepted([{ op: 'replace', path: '', value: { rootId: 'r', components: { r: node('r', 'Page') } } }]);
    expect(doc.rootId).toBe('r');
  });

  it('[D8] accepts an empty patch and returns the document itself', () => {
    const doc = starter();
    const result = applyDocumentPatch(doc, []);
    expect(result).toEqual({ ok: true, doc });
    if (result.ok) expect(result.doc).toBe(doc);
  });

  it('[D1] rejects removing the root', () => {
    rejected([{ op: 'remove', path: '/components/root' }]);
  });

  it('[D1] rejects pointing rootId at a missing component', () => {
    expect(rejected([{ op: 'replace', path: '/rootId', value: 'ghost' }])).toMatch(/D1/);
  });

  it('[D1] rejects an unknown top-level key', () => {
    rejected([{ op: 'add', path: '/theme', value: 'dark' }]);
  });

  it('[D2] rejects a dangling child', () => {
    expect(rejected([{ op: 'add', path: '/components/hero/children/-', value: 'ghost' }])).toMatch(/D2/);
  });

  it('[D2] rejects removing a component that is still listed as a child', () => {
    expect(rejected([{ op: 'remove', path: '/components/hero-text' }])).toMatch(/D2/);
  });

  it('[D3] rejects an orphaned component', () => {
    expect(rejected([{ op: 'remove', path: '/components/hero/children/0' }])).toMatch(/D3/);
  });

  it('[D3] rejects adding a component without listing it', () => {
    expect(rejected([{ op: 'add', path: '/components/lone', value: node('lone', 'Text') }])).toMatch(/D3/);
  });

  it('[D3] rejects a second parent', () => {
    expect(rejected([{ op: 'add', path: '/components/root/children/-', value: 'hero-text' }])).toMatch(/D3/);
  });

  it('[D3] rejects copying a child reference', () => {
    expect(rejected([{ op: 'copy', from: '/components/hero/children/0', path: '/components/hero/children/-' }])).toMatch(/D3/);
  });

  it('[D3] rejects listing the root as a child', () => {
    expect(rejected([{ op: 'add', path: '/components/hero/children/-', value: 'root' }])).toMatch(/D3|D7/);
  });

  it('[D3] rejects removing a container while its children stay', () => {
    rejected([
      { op: 'remove', path: '/components/root/children/0' },
      { op: 'remove', path: '/components/hero' },
    ]);
  });

  it('[D4] rejects moving a container into its own child', () => {
    const doc = accepted([
      { op: 'add', path: '/components/inner', value: node('inner', 'Section') },
      { op: 'add', path: '/components/hero/children/-', value: 'inner' },
    ]);
    expect(rejected([{ op: 'move', from: '/components/root/children/0', path: '/components/inner/children/0' }], doc)).toMatch(/D4/);
  });

  it('[D4] rejects a container that lists itself in place of its old parent', () => {
    expect(
      rejected([
        { op: 'remove', path: '/components/root/children/0' },
        { op: 'add', path: '/components/hero/children/0', value: 'hero' },
      ]),
    ).toMatch(/D4/);
  });

  it('[D5] rejects changing a type to an unregistered one', () => {
    expect(rejected([{ op: 'replace', path: '/components/hero-text/type', value: 'Video' }])).toMatch(/D5/);
  });

  it('[D5] rejects an id that differs from its key, including by renaming the key', () => {
    rejected([{ op: 'replace', path: '/components/hero-text/id', value: 'x' }]);
    rejected([
      { op: 'move', from: '/components/hero-text', path: '/components/renamed' },
      { op: 'replace', path: '/components/hero/children/1', value: 'renamed' },
    ]);
  });

  it('[D6] rejects an invalid prop value', () => {
    expect(rejected([{ op: 'replace', path: '/components/hero-heading/props/level', value: '9' }])).toMatch(/D6/);
  });

  it('[D6] rejects an unknown prop', () => {
    expect(rejected([{ op: 'add', path: '/components/hero-heading/props/size', value: 'xl' }])).toMatch(/D6/);
  });

  it('[D6] rejects a change of type that leaves props the new type lacks', () => {
    expect(rejected([{ op: 'replace', path: '/components/hero-heading/type', value: 'Image' }])).toMatch(/D6/);
  });

  it('[D7] rejects children under a component that is not a container', () => {
    expect(rejected([{ op: 'move', from: '/components/hero/children/1', path: '/components/hero-heading/children/0' }])).toMatch(/D7/);
  });

  it('[D7] rejects turning a container with children into a leaf type', () => {
    rejected([
      { op: 'replace', path: '/components/hero/type', value: 'Text' },
      { op: 'replace', path: '/components/hero/props', value: {} },
    ]);
  });

  it('[D8] rejects a whole-document replacement that breaks an invariant', () => {
    rejected([{ op: 'replace', path: '', value: { rootId: 'r', components: {} } }]);
  });

  it('[D8] says how many more problems there are', () => {
    const message = rejected([
      { op: 'replace', path: '/components/hero-heading/props/level', value: '9' },
      { op: 'replace', path: '/components/hero-heading/props/text', value: 9 },
    ]);
    expect(message).toMatch(/\(and 1 more\)$/);
  });

  it('[P1] reports an operation that cannot apply as patch-failed, not schema-violation, and changes nothing', () => {
    const doc = starter();
    const result = applyBoth([
      { op: 'replace', path: '/components/hero-heading/props/text', value: 'X' },
      { op: 'remove', path: '/components/nope/children/0' },
    ]);
    expect(result).toMatchObject({ ok: false, error: { code: 'patch-failed' } });
    expect(doc).toEqual(starter());
  });

  it('[P1] leaves an in-place document unchanged after an earlier valid edit and a later violation', () => {
    const doc = starter();
    const result = applyDocumentPatch(
      doc,
      [
        { op: 'replace', path: '/components/hero-heading/props/text', value: 'X' },
        { op: 'remove', path: '/components/hero-text' },
      ],
      { inPlace: true },
    );
    expect(result).toMatchObject({ ok: false, error: { code: 'schema-violation' } });
    expect(doc).toEqual(starter());
  });

  it('[P6] leaves the input untouched and shares untouched components in pure mode', () => {
    const doc = deepFreeze(starter());
    const result = applyDocumentPatch(doc, [{ op: 'replace', path: '/components/hero-heading/props/text', value: 'Hi' }]);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.doc.components.hero).toBe(doc.components.hero);
    expect(result.doc.components['hero-heading']).not.toBe(doc.components['hero-heading']);
  });
});

// ---- randomized agreement of the incremental and the full check -------------------------

/** mulberry32: a tiny seeded PRNG, so that every failure replays exactly. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class Random {
  constructor(readonly next: () => number) {}
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from an empty list');
    return items[this.int(items.length)] as T;
  }
  shuffle<T>(items: readonly T[]): T[] {
    const out = [...items];
    for (let i = out.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      [out[i], out[j]] = [out[j] as T, out[i] as T];
    }
    return out;
  }
}

const TYPES = [...registry.keys()];
/** Ids that stress escaping and prototype lookups as well as ordinary ones. */
const ODD_IDS = ['a/b', 'm~n', '~1', 'toString', 'constructor', 'hasOwnProperty', '', '0', '-'];
/** The odd ids a starting document may use: valid by D9, yet named like Object members. */
const STARTING_IDS = ['toString', 'hasOwnProperty', 'valueOf', '_a-b'];

function validValue(r: Random, f: FieldDefinition): Json {
  switch (f.kind) {
    case 'text':
    case 'textarea':
      return r.pick(['', 'hello', 'a/b~c', 'x'.repeat(20_000)]);
    case 'number': {
      const min = f.min ?? -100;
      const max = f.max ?? 100;
      return r.pick([min, max, Math.floor((min + max) / 2), min + r.next() * (max - min)]);
    }
    case 'select':
      return r.pick(f.options).value;
    case 'color':
      return r.pick(['', '#fff', '#FFFA', '#a1b2c3', '#a1b2c3d4']);
    case 'url':
      return r.pick(['', 'https://example.com', '/relative']);
    case 'boolean':
      return r.chance(0.5);
    case 'list':
      return r.pick([[], ['a'], ['a', 'b']]);
    case 'style':
      return r.pick<Json>([{}, { base: { paddingTop: '8px' } }, { base: { color: '#fff' }, mobile: { color: 'var(--theme-text)' } }]);
    case 'theme':
      return r.pick<Json>([{}, { primary: '#0f766e', bodyFont: 'humanist' }]);
  }
}

function invalidValue(r: Random, f: FieldDefinition): Json {
  const generic: Json[] = [null, {}, [], true, 12, 'nope'];
  switch (f.kind) {
    case 'text':
    case 'textarea':
      return r.pick([...generic.filter((v) => typeof v !== 'string'), 'x'.repeat(20_001)]);
    case 'number':
      return r.pick(['5', null, (f.min ?? 0) - 1, (f.max ?? 0) + 1, 1e12]);
    case 'select':
      return r.pick(['not-an-option', 1, null, '']);
    case 'color':
      return r.pick(['red', '#12', '#12345', 'fff', 0]);
    case 'url':
      return r.pick([7, null, 'x'.repeat(2_049)]);
    case 'boolean':
      return r.pick(['true', 0, null]);
    case 'list':
      return r.pick(['a', [1], [null]]);
    case 'style':
      return r.pick<Json>(['a', [], { desktop: {} }, { base: { color: 'red' } }, { base: { paddingTop: '1px;}' } }]);
    case 'theme':
      return r.pick<Json>(['a', { primary: 'var(--theme-text)' }, { accent: '#fff' }]);
  }
}

function randomProps(r: Random, type: string, validity = 0.95): Record<string, Json> {
  const def = getDefinition(type);
  const props: Record<string, Json> = {};
  if (!def) return r.chance(0.5) ? {} : { whatever: 1 };
  for (const [name, f] of Object.entries(def.fields)) {
    if (r.chance(0.3)) continue;
    props[name] = r.chance(validity) ? validValue(r, f) : invalidValue(r, f);
  }
  if (r.chance(1 - validity)) props[r.pick(['unknown', 'toString', 'text'])] = 'x';
  return props;
}

/** A random valid document: a root Page and a random tree of components below it. */
function randomDocument(r: Random, fresh: () => string): PageDocument {
  const rootId = r.chance(0.2) ? r.pick(STARTING_IDS) : 'root';
  const components: PageDocument['components'] = {
    [rootId]: { id: rootId, type: 'Page', props: randomProps(r, 'Page', 1), children: [] },
  };
  const containers = [rootId];
  const count = r.int(14);
  for (let i = 0; i < count; i++) {
    const id = r.chance(0.1) ? r.pick(STARTING_IDS) : fresh();
    if (Object.hasOwn(components, id)) continue;
    const parent = components[r.pick(containers)] as { type: string; children: string[] };
    const parentDef = getDefinition(parent.type);
    if (parentDef?.maxChildren !== undefined && parent.children.length >= parentDef.maxChildren) continue;
    const allowed = parentDef?.allowedChildren ?? TYPES.filter((t) => t !== 'Page');
    const type = r.pick([...allowed]);
    components[id] = { id, type, props: randomProps(r, type, 1), children: [] };
    parent.children.splice(r.int(parent.children.length + 1), 0, id);
    if (getDefinition(type)?.acceptsChildren) containers.push(id);
  }
  return { rootId, components };
}

/** Generates patches against a document, mostly plausible edits, many of them breaking an invariant. */
class PatchGenerator {
  constructor(
    private readonly r: Random,
    private readonly fresh: () => string,
  ) {}

  patch(doc: PageDocument): Operation[] {
    const r = this.r;
    // Generate against a working copy so that later operations can build on earlier ones.
    let work = cloneJson(doc);
    const ops: Operation[] = [];
    const steps = 1 + r.int(r.chance(0.2) ? 8 : 3);
    for (let i = 0; i < steps; i++) {
      const step = this.step(work);
      if (step.length === 0) continue;
      const result = applyPatch(work, step);
      // Mostly keep to operations that apply, so that the interesting question is validity.
      if (!result.ok && r.chance(0.9)) continue;
      ops.push(...step);
      if (result.ok) work = result.doc;
      else break;
    }
    return ops;
  }

  private ids(doc: PageDocument): string[] {
    return Object.keys(doc.components);
  }

  private anyId(doc: PageDocument): string {
    const r = this.r;
    if (r.chance(0.05)) return r.pick(ODD_IDS);
    const ids = this.ids(doc);
    if (ids.length === 0 || r.chance(0.05)) return 'ghost';
    return r.pick(ids);
  }

  private containers(doc: PageDocument): string[] {
    return this.ids(doc).filter((id) => getDefinition(doc.components[id]?.type ?? '')?.acceptsChildren);
  }

  /** A container, or any id when the document has none (its root may have become a leaf). */
  private container(doc: PageDocument): string {
    const containers = this.containers(doc);
    return containers.length > 0 ? this.r.pick(containers) : this.anyId(doc);
  }

  private withChildren(doc: PageDocument): string[] {
    return this.ids(doc).filter((id) => Array.isArray(doc.components[id]?.children) && (doc.components[id]?.children.length ?? 0) > 0);
  }

  private parentOf(doc: PageDocument, id: string): string | undefined {
    return this.ids(doc).find((p) => doc.components[p]?.children?.includes?.(id));
  }

  private descendants(doc: PageDocument, id: string): string[] {
    const out: string[] = [];
    const stack = [id];
    const seen = new Set<string>();
    while (stack.length > 0) {
      const current = stack.pop() as string;
      if (seen.has(current)) continue;
      seen.add(current);
      out.push(current);
      const children = doc.components[current]?.children;
      if (Array.isArray(children)) stack.push(...children.filter((c) => typeof c === 'string'));
    }
    return out;
  }

  private p(...tokens: (string | number)[]): string {
    return `/${tokens.map((t) => String(t).replace(/~/g, '~0').replace(/\//g, '~1')).join('/')}`;
  }

  private index(length: number, forAdd: boolean): string {
    const r = this.r;
    if (forAdd && r.chance(0.3)) return '-';
    return String(r.int(length + (forAdd ? 1 : 0)));
  }

  private newNode(id: string): Json {
    const r = this.r;
    const type = r.chance(0.05) ? 'Video' : r.pick(TYPES);
    const node: Record<string, Json> = {
      id: r.chance(0.05) ? `${id}-other` : id,
      type,
      props: randomProps(r, type, 0.9),
      children: [],
    };
    if (r.chance(0.05)) node.extra = true;
    if (r.chance(0.05)) delete node.children;
    if (r.chance(0.03)) node.props = [];
    return node;
  }

  step(doc: PageDocument): Operation[] {
    const r = this.r;
    const c = doc.components;
    const p = this.p.bind(this);
    const kind = r.int(24);
    switch (kind) {
      case 0:
      case 1: {
        // Add a component and (usually) list it under a container.
        const id = r.chance(0.9) ? this.fresh() : this.anyId(doc);
        const ops: Operation[] = [{ op: 'add', path: p('components', id), value: this.newNode(id) }];
        if (r.chance(0.9)) {
          const parent = r.chance(0.85) ? this.container(doc) : this.anyId(doc);
          const children = c[parent]?.children;
          if (Array.isArray(children))
            ops.push({ op: 'add', path: p('components', parent, 'children', this.index(children.length, true)), value: id });
        }
        return r.chance(0.5) ? ops : ops.reverse();
      }
      case 2: {
        // Add a container holding a new leaf, both listed properly.
        const section = this.fresh();
        const leaf = this.fresh();
        const parent = this.container(doc);
        return [
          { op: 'add', path: p('components', leaf), value: { id: leaf, type: 'Text', props: {}, children: [] } },
          { op: 'add', path: p('components', section), value: { id: section, type: 'Section', props: {}, children: [leaf] } },
          { op: 'add', path: p('components', parent, 'children', '-'), value: section },
        ];
      }
      case 3:
      case 4: {
        // Move a child to another container (sometimes into its own subtree, or to a leaf).
        const from = this.withChildren(doc);
        if (from.length === 0) return [];
        const parent = r.pick(from);
        const i = r.int(c[parent]?.children.length ?? 0);
        const child = c[parent]?.children[i] as string;
        let target: string;
        if (r.chance(0.15)) target = r.pick(this.descendants(doc, child));
        else if (r.chance(0.1)) target = this.anyId(doc);
        else target = this.container(doc);
        const length = (c[target]?.children?.length ?? 0) - (target === parent ? 1 : 0);
        return [
          {
            op: 'move',
            from: p('components', parent, 'children', i),
            path: p('components', target, 'children', this.index(Math.max(length, 0), true)),
          },
        ];
      }
      case 5: {
        // Remove a leaf correctly, or forget one half of the job.
        const id = this.anyId(doc);
        const parent = this.parentOf(doc, id);
        const ops: Operation[] = [];
        const mode = r.int(4);
        if (parent !== undefined && mode !== 1) {
          const index = c[parent]?.children.indexOf(id) ?? 0;
          ops.push({ op: 'remove', path: p('components', parent, 'children', index) });
        }
        if (mode !== 2) ops.push({ op: 'remove', path: p('components', id) });
        return ops;
      }
      case 6: {
        // Remove a whole subtree, sometimes leaving part of it behind.
        const id = this.anyId(doc);
        const parent = this.parentOf(doc, id);
        const ops: Operation[] = [];
        if (parent !== undefined)
          ops.push({ op: 'remove', path: p('components', parent, 'children', c[parent]?.children.indexOf(id) ?? 0) });
        const subtree = r.shuffle(this.descendants(doc, id).filter((d) => Object.hasOwn(c, d)));
        const keep = r.chance(0.2) ? 1 : 0;
        for (const d of subtree.slice(keep)) ops.push({ op: 'remove', path: p('components', d) });
        return ops;
      }
      case 7: {
        // List an existing component under one more parent (or itself, or the root).
        const parent = r.chance(0.8) ? this.container(doc) : this.anyId(doc);
        const child = r.chance(0.2) ? parent : r.chance(0.2) ? doc.rootId : this.anyId(doc);
        const children = c[parent]?.children;
        if (!Array.isArray(children)) return [];
        return [{ op: 'add', path: p('components', parent, 'children', this.index(children.length, true)), value: child }];
      }
      case 8: {
        // Drop a child reference (orphaning it), or swap it for another id.
        const from = this.withChildren(doc);
        if (from.length === 0) return [];
        const parent = r.pick(from);
        const i = r.int(c[parent]?.children.length ?? 0);
        if (r.chance(0.5)) return [{ op: 'remove', path: p('components', parent, 'children', i) }];
        return [{ op: 'replace', path: p('components', parent, 'children', i), value: r.chance(0.1) ? 42 : this.anyId(doc) }];
      }
      case 9: {
        // Replace a children list with a permutation, a subset, or a stranger list.
        const parent = this.anyId(doc);
        const children = c[parent]?.children;
        if (!Array.isArray(children)) return [];
        const mode = r.int(5);
        let value: Json;
        if (mode <= 1) value = r.shuffle(children);
        else if (mode === 2) value = r.shuffle(children).slice(0, r.int(children.length + 1));
        else if (mode === 3) value = [...children, this.anyId(doc)];
        else value = r.chance(0.5) ? 'not-a-list' : [1, 2];
        return [{ op: 'replace', path: p('components', parent, 'children'), value }];
      }
      case 10:
      case 11:
      case 12: {
        // Edit a prop: valid or invalid values, unknown names, removal.
        const id = this.anyId(doc);
        const n = c[id];
        const def = getDefinition(n?.type ?? '');
        if (!n || !def || typeof n.props !== 'object' || n.props === null) return [];
        const names = Object.keys(def.fields);
        const name = r.chance(0.9) ? r.pick(names) : r.pick(['unknown', 'toString', 'color']);
        const f = def.fields[name];
        if (Object.hasOwn(n.props, name) && r.chance(0.15)) return [{ op: 'remove', path: p('components', id, 'props', name) }];
        const value = f ? (r.chance(0.75) ? validValue(r, f) : invalidValue(r, f)) : 'x';
        return [
          { op: r.chance(0.5) || !Object.hasOwn(n.props, name) ? 'add' : 'replace', path: p('components', id, 'props', name), value },
        ];
      }
      case 13: {
        // Change a component's type.
        const id = this.anyId(doc);
        if (!c[id]) return [];
        const type = r.chance(0.1) ? r.pick(['Video', 'constructor', '']) : r.pick(TYPES);
        const ops: Operation[] = [{ op: 'replace', path: p('components', id, 'type'), value: type }];
        if (r.chance(0.6)) ops.push({ op: 'replace', path: p('components', id, 'props'), value: randomProps(r, type, 0.95) });
        return ops;
      }
      case 14: {
        // Change an id field, or rename a key with move.
        const id = this.anyId(doc);
        if (!c[id]) return [];
        if (r.chance(0.4)) return [{ op: 'replace', path: p('components', id, 'id'), value: r.chance(0.2) ? id : this.anyId(doc) }];
        const to = r.chance(0.7) ? this.fresh() : this.anyId(doc);
        const ops: Operation[] = [{ op: 'move', from: p('components', id), path: p('components', to) }];
        if (r.chance(0.7)) ops.push({ op: 'replace', path: p('components', to, 'id'), value: to });
        const parent = this.parentOf(doc, id);
        if (parent !== undefined && r.chance(0.7)) {
          const index = c[parent]?.children.indexOf(id) ?? 0;
          ops.push({ op: 'replace', path: p('components', parent === id ? to : parent, 'children', index), value: to });
        }
        return ops;
      }
      case 15: {
        // Copy a component to a new key (it then shares children with the original).
        const id = this.anyId(doc);
        if (!c[id]) return [];
        const to = this.fresh();
        const ops: Operation[] = [{ op: 'copy', from: p('components', id), path: p('components', to) }];
        if (r.chance(0.8)) ops.push({ op: 'replace', path: p('components', to, 'id'), value: to });
        if (r.chance(0.6)) ops.push({ op: 'replace', path: p('components', to, 'children'), value: [] });
        const parent = this.container(doc);
        if (r.chance(0.8)) ops.push({ op: 'add', path: p('components', parent, 'children', '-'), value: to });
        return ops;
      }
      case 16: {
        // Replace a whole component.
        const id = this.anyId(doc);
        const n = c[id];
        if (!n) return [];
        const value = r.chance(0.5) ? { ...n, props: randomProps(r, n.type, 0.8) } : this.newNode(id);
        return [{ op: 'replace', path: p('components', id), value: value as Json }];
      }
      case 17: {
        // Shape damage: unknown keys, wrong types for props or children, a component that is not an object.
        const id = this.anyId(doc);
        if (!c[id]) return [];
        return [
          r.pick<Operation>([
            { op: 'add', path: p('components', id, 'extra'), value: 1 },
            { op: 'replace', path: p('components', id, 'props'), value: [] },
            { op: 'remove', path: p('components', id, 'children') },
            { op: 'remove', path: p('components', id, 'props') },
            { op: 'replace', path: p('components', id), value: r.pick([null, 'x', []]) },
          ]),
        ];
      }
      case 18: {
        // Copy a child reference somewhere (a second parent).
        const from = this.withChildren(doc);
        if (from.length === 0) return [];
        const parent = r.pick(from);
        const target = this.container(doc);
        return [
          {
            op: 'copy',
            from: p('components', parent, 'children', r.int(c[parent]?.children.length ?? 0)),
            path: p('components', target, 'children', '-'),
          },
        ];
      }
      case 19: {
        // Outside the components: rootId, unknown keys, the whole document.
        const mode = r.int(5);
        if (mode === 0) return [{ op: 'replace', path: '/rootId', value: this.anyId(doc) }];
        if (mode === 1) return [{ op: 'add', path: '/meta', value: {} }];
        if (mode === 2) return [{ op: 'replace', path: '', value: randomDocument(r, this.fresh) as unknown as Json }];
        if (mode === 3) return [{ op: 'copy', from: '/rootId', path: p('components', this.anyId(doc), 'props', 'text') }];
        return [{ op: 'replace', path: '/components', value: cloneJson(doc.components) as unknown as Json }];
      }
      case 20: {
        // A test operation that passes (or, rarely, fails).
        const id = this.anyId(doc);
        return [{ op: 'test', path: p('components', id, 'type'), value: r.chance(0.9) ? ((c[id]?.type ?? null) as Json) : 'nope' }];
      }
      case 21: {
        // Swap two subtrees' positions via two moves.
        const from = this.withChildren(doc);
        if (from.length < 2) return [];
        const [a, b] = r.shuffle(from) as [string, string];
        return [
          { op: 'move', from: p('components', a, 'children', 0), path: p('components', b, 'children', '-') },
          { op: 'move', from: p('components', b, 'children', 0), path: p('components', a, 'children', 0) },
        ];
      }
      case 22: {
        // Detach a subtree and re-attach it under one of its own members (a cycle off the root).
        const id = this.anyId(doc);
        const parent = this.parentOf(doc, id);
        if (parent === undefined) return [];
        const inside = this.descendants(doc, id).filter((d) => getDefinition(c[d]?.type ?? '')?.acceptsChildren);
        if (inside.length === 0) return [];
        return [
          {
            op: 'move',
            from: p('components', parent, 'children', c[parent]?.children.indexOf(id) ?? 0),
            path: p('components', r.pick(inside), 'children', '-'),
          },
        ];
      }
      default: {
        // Remove a component and add a different one under the same id, keeping references.
        const id = this.anyId(doc);
        if (!c[id] || id === doc.rootId) return [];
        return [
          { op: 'remove', path: p('components', id) },
          { op: 'add', path: p('components', id), value: this.newNode(id) },
        ];
      }
    }
  }
}

describe('[D8] the incremental check agrees with the full check (seeded random patches)', () => {
  const SEEDS = 60;
  const STEPS = 80;

  it.each(Array.from({ length: SEEDS }, (_, i) => i + 1))('seed %i', (seed) => {
    const r = new Random(mulberry32(seed * 7919));
    let counter = 0;
    const fresh = () => `n${counter++}`;
    const gen = new PatchGenerator(r, fresh);
    let doc = randomDocument(r, fresh);
    expect(validateDocument(doc)).toEqual([]);
    const tally = { accepted: 0, violations: 0, failed: 0 };

    for (let step = 0; step < STEPS; step++) {
      const ops = gen.patch(doc);
      const context = () => `seed ${seed}, step ${step}: ${JSON.stringify(ops)}\ndoc: ${JSON.stringify(doc)}`;
      const plain = applyPatch(cloneJson(doc), ops);
      const frozen = deepFreeze(cloneJson(doc));
      const pure = applyDocumentPatch(frozen, ops);
      const target = cloneJson(doc);
      const inPlace = applyDocumentPatch(target, ops, { inPlace: true });

      expect(frozen, context()).toEqual(doc);
      if (!plain.ok) {
        // An operation that cannot apply fails the same way, whatever the document check would say.
        expect(pure, context()).toEqual(plain);
        // (Only the code: the two modes may word the same failure differently.)
        expect(inPlace, context()).toMatchObject({ ok: false, error: { code: plain.error.code } });
        expect(target, context()).toEqual(doc);
        tally.failed++;
        continue;
      }
      const problems = validateDocument(plain.doc);
      const valid = problems.length === 0;
      expect({ accepted: pure.ok, problems }, context()).toEqual({ accepted: valid, problems });
      expect(inPlace.ok, context()).toBe(valid);
      if (pure.ok && inPlace.ok) {
        expect(pure.doc, context()).toEqual(plain.doc);
        expect(inPlace.doc, context()).toEqual(plain.doc);
        tally.accepted++;
        // Walk on from the new document, alternating which copy carries on.
        doc = step % 2 === 0 ? pure.doc : inPlace.doc;
      } else {
        expect(pure, context()).toMatchObject({ ok: false, error: { code: 'schema-violation' } });
        expect(inPlace, context()).toMatchObject({ ok: false, error: { code: 'schema-violation' } });
        expect(target, context()).toEqual(doc);
        tally.violations++;
      }
    }
    // The generator must exercise both outcomes, or the agreement proves little.
    expect(tally.accepted, JSON.stringify(tally)).toBeGreaterThan(STEPS / 10);
    expect(tally.violations, JSON.stringify(tally)).toBeGreaterThan(STEPS / 10);
  });
});

describe('container rules', () => {
  const columns = (children: string[]): Operation[] => [
    ...children.map((id): Operation => ({ op: 'add', path: `/components/${id}`, value: { id, type: 'Column', props: {}, children: [] } })),
    { op: 'add', path: '/components/cols', value: { id: 'cols', type: 'Columns', props: {}, children } },
    { op: 'add', path: '/components/hero/children/-', value: 'cols' },
  ];

  it('[D7] accepts Columns holding up to four Columns', () => {
    expect(applyDocumentPatch(starterDocument(), columns(['c1', 'c2', 'c3', 'c4'])).ok).toBe(true);
  });

  it('[D7] refuses a fifth Column, and anything but a Column, in Columns', () => {
    expect(applyDocumentPatch(starterDocument(), columns(['c1', 'c2', 'c3', 'c4', 'c5']))).toMatchObject({
      ok: false,
      error: { code: 'schema-violation' },
    });
    const text: Operation[] = [
      ...columns(['c1', 'c2']),
      { op: 'remove', path: '/components/hero/children/1' },
      { op: 'add', path: '/components/cols/children/-', value: 'hero-text' },
    ];
    expect(applyDocumentPatch(starterDocument(), text)).toMatchObject({ ok: false, error: { code: 'schema-violation' } });
  });

  it('[D8] checks the whole page when a component changes type, so its parent is checked too', () => {
    const withColumns = applyDocumentPatch(starterDocument(), columns(['c1', 'c2']));
    if (!withColumns.ok) throw new Error(withColumns.error.message);
    const retyped = applyDocumentPatch(withColumns.doc, [{ op: 'replace', path: '/components/c1/type', value: 'Card' }]);
    expect(retyped).toMatchObject({ ok: false, error: { code: 'schema-violation', message: expect.stringContaining('cannot hold Card') } });
  });

  it('[D8] validateTransition judges a change made elsewhere like applyDocumentPatch', () => {
    const before = starterDocument();
    const good: Operation[] = [{ op: 'replace', path: '/components/hero-text/props/text', value: 'ok' }];
    const bad: Operation[] = [{ op: 'add', path: '/components/hero/children/-', value: 'hero-text' }];
    for (const ops of [good, bad]) {
      const after = applyPatch(before, ops);
      if (!after.ok) throw new Error(after.error.message);
      expect(validateTransition(before, after.doc, ops).length === 0).toBe(applyDocumentPatch(before, ops).ok);
    }
  });
});
