/**
 * Random edits a person could make, as the canonical patches the editor sends
 * (add, remove, replace; children changed by id-wise remove and add): add,
 * delete, move, reorder, duplicate, and property edits. Each is made against
 * the person's own view, as in the editor.
 */
import {
  type ComponentNode,
  canHold,
  defaultProps,
  type FieldDefinition,
  getDefinition,
  type Json,
  nodeOf,
  type Operation,
  type PageDocument,
  parentOf,
  registry,
  subtreeIds,
} from '@tandem/protocol';
import type { Random } from './random.ts';

export type ActionKind = 'add' | 'delete' | 'move' | 'reorder' | 'duplicate' | 'prop';

const TYPES = [...registry.keys()].filter((t) => t !== 'Page');
const WORDS = ['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot'];

export class ActionMaker {
  private counter = 0;

  constructor(
    private readonly random: Random,
    private readonly prefix: string,
  ) {}

  make(doc: PageDocument, kind: ActionKind): Operation[] {
    switch (kind) {
      case 'add':
        return this.add(doc);
      case 'delete':
        return this.delete(doc);
      case 'move':
        return this.move(doc, false);
      case 'reorder':
        return this.move(doc, true);
      case 'duplicate':
        return this.duplicate(doc);
      case 'prop':
        return this.prop(doc);
    }
  }

  private freshId(): string {
    return `${this.prefix}${++this.counter}`;
  }

  private add(doc: PageDocument): Operation[] {
    const parent = this.random.pick(containers(doc));
    const def = getDefinition(parent.type);
    if (!canHold(doc, parent.id, null)) return [];
    const type = this.random.pick(def?.allowedChildren ?? TYPES.filter((t) => t !== 'Column'));
    const id = this.freshId();
    const ops: Operation[] = [];
    const children: string[] = [];
    if (type === 'Columns') {
      for (let i = 0; i < 2; i++) {
        const column = this.freshId();
        children.push(column);
        ops.push({ op: 'add', path: `/components/${column}`, value: node(column, 'Column', []) });
      }
    }
    ops.push({ op: 'add', path: `/components/${id}`, value: node(id, type, children) });
    ops.push({ op: 'add', path: `/components/${parent.id}/children/${this.random.int(parent.children.length + 1)}`, value: id });
    return ops;
  }

  private delete(doc: PageDocument): Operation[] {
    const target = this.randomNonRoot(doc);
    if (!target) return [];
    const parent = parentNode(doc, target.id);
    return [
      { op: 'remove', path: `/components/${parent.id}/children/${parent.children.indexOf(target.id)}` },
      ...subtreeIds(doc, target.id).map((id): Operation => ({ op: 'remove', path: `/components/${id}` })),
    ];
  }

  private move(doc: PageDocument, withinParent: boolean): Operation[] {
    const target = this.randomNonRoot(doc);
    if (!target) return [];
    const from = parentNode(doc, target.id);
    const inside = new Set(subtreeIds(doc, target.id));
    const options = withinParent
      ? [from]
      : containers(doc).filter((c) => !inside.has(c.id) && c.id !== from.id && canHold(doc, c.id, target.type));
    if (options.length === 0) return [];
    const to = this.random.pick(options);
    const index = from.children.indexOf(target.id);
    const remaining = to.id === from.id ? from.children.length - 1 : to.children.length;
    const at = this.random.int(remaining + 1);
    if (to.id === from.id && at === index) return [];
    return [
      { op: 'remove', path: `/components/${from.id}/children/${index}` },
      { op: 'add', path: `/components/${to.id}/children/${at}`, value: target.id },
    ];
  }

  private duplicate(doc: PageDocument): Operation[] {
    const target = this.randomNonRoot(doc);
    if (!target) return [];
    const parent = parentNode(doc, target.id);
    if (!canHold(doc, parent.id, target.type)) return [];
    const ids = new Map(subtreeIds(doc, target.id).map((id) => [id, this.freshId()]));
    const ops: Operation[] = [];
    for (const [oldId, newId] of ids) {
      const original = doc.components[oldId] as ComponentNode;
      const copy = {
        id: newId,
        type: original.type,
        props: structuredClone(original.props),
        children: original.children.map((c) => ids.get(c) as string),
      };
      ops.push({ op: 'add', path: `/components/${newId}`, value: copy as unknown as Json });
    }
    ops.push({
      op: 'add',
      path: `/components/${parent.id}/children/${parent.children.indexOf(target.id) + 1}`,
      value: ids.get(target.id) as string,
    });
    return ops;
  }

  private prop(doc: PageDocument): Operation[] {
    const target = this.random.pick(Object.values(doc.components));
    const def = getDefinition(target.type);
    const fields = Object.entries(def?.fields ?? {});
    if (fields.length === 0) return [];
    const [name, field] = this.random.pick(fields);
    const value = randomValue(this.random, field, this.prefix);
    const op = Object.hasOwn(target.props, name) ? 'replace' : 'add';
    return [{ op, path: `/components/${target.id}/props/${name}`, value }];
  }

  private randomNonRoot(doc: PageDocument): ComponentNode | null {
    const all = Object.values(doc.components).filter((c) => c.id !== doc.rootId);
    return all.length === 0 ? null : this.random.pick(all);
  }
}

/** A valid value for a field, varied enough that two people often write different ones. */
export function randomValue(random: Random, field: FieldDefinition, tag: string): Json {
  switch (field.kind) {
    case 'text':
    case 'textarea':
    case 'url':
      return `${random.pick(WORDS)} ${tag}`;
    case 'number':
      return random.between(field.min ?? 0, Math.min(field.max ?? 100, (field.min ?? 0) + 100));
    case 'select':
      return random.pick(field.options).value;
    case 'color':
      return random.pick(['', '#fff', '#123456']);
    case 'boolean':
      return random.chance(0.5);
    case 'list':
      return [random.pick(WORDS), tag];
    case 'style':
    case 'theme':
      // The empty style and theme are always valid (S1); the fuzz varies the other props.
      return {};
  }
}

function node(id: string, type: string, children: string[]): Json {
  return { id, type, props: defaultProps(type), children } as unknown as Json;
}

export function containers(doc: PageDocument): ComponentNode[] {
  return Object.values(doc.components).filter((c) => getDefinition(c.type)?.acceptsChildren);
}

/** The parent of a component that is not the root. */
function parentNode(doc: PageDocument, id: string): ComponentNode {
  return nodeOf(doc, parentOf(doc, id) as string) as ComponentNode;
}
