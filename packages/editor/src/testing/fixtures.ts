/** Documents, ids and randomness for the store's tests. */
import { type ComponentNode, defaultProps, type PageDocument } from '@tandem/protocol';
import type { IdFactory } from '../actions/ids.ts';

/**
 *  root (Page)
 *  ├─ hero (Section): title (Heading), body (Text), cta (Button)
 *  ├─ cols (Columns): left (Column): card (Card): note (Text)
 *  │                  right (Column): list (List)
 *  └─ footer (Section): small (Text)
 */
export function sampleDocument(): PageDocument {
  const components: Record<string, ComponentNode> = {};
  const node = (id: string, type: string, children: string[] = [], props: Record<string, string> = {}) => {
    components[id] = { id, type, props: { ...defaultProps(type), ...props }, children };
  };
  node('root', 'Page', ['hero', 'cols', 'footer']);
  node('hero', 'Section', ['title', 'body', 'cta']);
  node('title', 'Heading', [], { text: 'Hello' });
  node('body', 'Text', [], { text: 'Body' });
  node('cta', 'Button');
  node('cols', 'Columns', ['left', 'right']);
  node('left', 'Column', ['card']);
  node('card', 'Card', ['note']);
  node('note', 'Text', [], { text: 'Note' });
  node('right', 'Column', ['list']);
  node('list', 'List');
  node('footer', 'Section', ['small']);
  node('small', 'Text', [], { text: 'Small print' });
  return { rootId: 'root', components };
}

/** Ids like `heading-1`, `column-2`: predictable in assertions. */
export function counterIds(): IdFactory {
  let n = 0;
  return (type) => `${type.toLowerCase()}-${++n}`;
}

/** A small seeded generator (mulberry32), so that a failing seed can be replayed. */
export function seeded(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)] as T;
  return { next, int, pick };
}
