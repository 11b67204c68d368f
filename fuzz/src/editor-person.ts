/**
 * A simulated person who edits through the real editor store (the same actions,
 * immer patches, canonical ops and undo history as the web app), picking at
 * random among the things a person does: add, delete, move, reorder, duplicate,
 * edit a property, undo, redo.
 */
import type { EditorStoreApi } from '@tandem/editor';
import { getDefinition, registry } from '@tandem/protocol';
import { containers, randomValue } from './actions.ts';
import type { Random } from './random.ts';

export type EditorAction = 'add' | 'delete' | 'move' | 'reorder' | 'duplicate' | 'prop' | 'undo' | 'redo';

const ACTIONS: EditorAction[] = ['add', 'add', 'delete', 'move', 'reorder', 'duplicate', 'prop', 'prop', 'prop', 'undo', 'undo', 'redo'];
const TYPES = [...registry.keys()].filter((t) => t !== 'Page');

export class EditorPerson {
  constructor(
    private readonly random: Random,
    readonly store: EditorStoreApi,
    private readonly tag: string,
  ) {}

  act(): EditorAction | null {
    const state = this.store.getState();
    const doc = state.doc;
    if (doc === null) return null;
    const r = this.random;
    const action = r.pick(ACTIONS);
    const others = Object.values(doc.components).filter((c) => c.id !== doc.rootId);
    const someone = () => (others.length > 0 ? r.pick(others) : null);
    switch (action) {
      case 'add': {
        const parent = r.pick(containers(doc));
        state.addComponent(r.pick(getDefinition(parent.type)?.allowedChildren ?? TYPES), {
          parentId: parent.id,
          index: r.int(parent.children.length + 1),
        });
        break;
      }
      case 'delete': {
        const target = someone();
        if (target) state.removeComponent(target.id);
        break;
      }
      case 'move': {
        const target = someone();
        const to = r.pick(containers(doc));
        if (target) state.moveComponent(target.id, { parentId: to.id, index: r.int(to.children.length + 1) });
        break;
      }
      case 'reorder': {
        const target = someone();
        if (target) [state.moveUp, state.moveDown, state.indent, state.outdent][r.int(4)]?.(target.id);
        break;
      }
      case 'duplicate': {
        const target = someone();
        if (target) state.duplicateComponent(target.id);
        break;
      }
      case 'prop': {
        const target = r.pick(Object.values(doc.components));
        const fields = Object.entries(getDefinition(target.type)?.fields ?? {});
        if (fields.length === 0) break;
        const [name, field] = r.pick(fields);
        state.setProp(target.id, name, randomValue(r, field, this.tag));
        break;
      }
      case 'undo':
        state.undo();
        break;
      case 'redo':
        state.redo();
        break;
    }
    return action;
  }
}
