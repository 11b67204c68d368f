/**
 * The properties of a multi-selection: what all of it shares. Components of one
 * type show that type's fields; a change sets every one of them in one undo step
 * (`setProps`), and a field whose values differ says so. Components of different
 * types have no fields in common: the panel says that, and offers what does act
 * on all of them (Wrap in Section, Duplicate, Delete).
 */
import { type ComponentNode, getDefinition, jsonEqual } from '@tandem/protocol';
import { deleteSelection, duplicateSelection, selectedGroup, wrapSelection } from './commands.ts';
import { Field } from './fields/Field.tsx';
import { IconButton } from './IconButton.tsx';
import { Icon } from './icons.tsx';
import { useEditor, useEditorStore, useShallow } from './store-hooks.ts';

const labelOf = (type: string) => getDefinition(type)?.label ?? type;

export function GroupProperties() {
  const api = useEditorStore();
  const ids = useEditor(useShallow((state) => selectedGroup(state)));
  // Node objects keep their identity until they change, so useShallow re-renders only on a real change.
  const nodes = useEditor(
    useShallow((state) => ids.map((id) => state.doc?.components[id]).filter((node): node is ComponentNode => node !== undefined)),
  );
  const types = [...new Set(nodes.map((node) => node.type))];
  const def = types.length === 1 ? getDefinition(types[0] as string) : undefined;
  const fields = def ? Object.entries(def.fields).filter(([, field]) => field.kind !== 'style' && field.kind !== 'theme') : [];

  return (
    <div className="properties__body" data-testid="group-properties">
      <header className="properties__header">
        <span className="properties__icon">
          <Icon name={types.length === 1 ? (types[0] as string) : 'copy'} size={18} />
        </span>
        <div className="properties__heading">
          <span className="properties__type" data-testid="group-count">
            {nodes.length} {types.length === 1 ? `${labelOf(types[0] as string)} components` : 'components'} selected
          </span>
          <span className="properties__id">{types.map(labelOf).join(', ')}</span>
        </div>
        <div className="properties__actions">
          <IconButton
            testId="group-wrap"
            icon="Section"
            label="Wrap the selected components in a Section"
            title="Wrap in Section (Ctrl+G)"
            onClick={() => wrapSelection(api.getState())}
          />
          <IconButton
            testId="group-duplicate"
            icon="copy"
            label="Duplicate the selected components"
            title="Duplicate all (Ctrl+D)"
            onClick={() => duplicateSelection(api.getState())}
          />
          <IconButton
            testId="group-delete"
            icon="trash"
            label="Delete the selected components"
            title="Delete all (Del)"
            danger
            onClick={() => deleteSelection(api.getState())}
          />
        </div>
      </header>
      {def ? (
        <form className="properties__form" noValidate onSubmit={(event) => event.preventDefault()} data-testid="group-fields">
          <p className="field__hint">A change here sets all {nodes.length} of them, in one step you can undo.</p>
          {fields.map(([name, field]) => {
            const first = nodes[0]?.props[name];
            const same = nodes.every((node) => jsonEqual(node.props[name] ?? null, first ?? null));
            return (
              <div key={`${ids.join(',')}:${name}`}>
                <Field
                  componentId={ids[ids.length - 1] as string}
                  componentIds={ids}
                  name={name}
                  field={field}
                  value={same ? first : undefined}
                />
                {!same && (
                  <p className="field__hint" data-testid={`prop-mixed-${name}`}>
                    Mixed: they differ here.
                  </p>
                )}
              </div>
            );
          })}
          <p className="field__hint">To change the style, select one component.</p>
        </form>
      ) : (
        <p className="properties__description" data-testid="group-mixed-types">
          These are different kinds of component, with no properties in common. Select components of one kind to edit them together. Wrap in
          Section, Duplicate and Delete act on all of them.
        </p>
      )}
    </div>
  );
}
