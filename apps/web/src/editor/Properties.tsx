/**
 * The right pane: a form generated from the selected component's registered
 * fields (for a multi-selection, what it shares: GroupProperties.tsx). Each control is keyed by component and prop, so selecting another
 * component starts fresh controls while edits keep the focused one in place.
 */
import { getDefinition } from '@tandem/protocol';
import { useState } from 'react';
import { useComponent, useEditor, useEditorStore } from './store-hooks.ts';
import { isEditableTarget } from './system-clipboard.ts';
import { AltTextPrompt } from './fields/AltTextPrompt.tsx';
import { Field } from './fields/Field.tsx';
import { GroupProperties } from './GroupProperties.tsx';
import { StyleFields } from './fields/StyleFields.tsx';
import { IconButton } from './IconButton.tsx';
import { Icon } from './icons.tsx';

type Tab = 'props' | 'style';

/**
 * Issue 11, bug 8: Escape in a property field leaves the field (what was typed is
 * already sent; an invalid draft goes back to the value, as on any blur). The next
 * Escape, no longer in a field, clears the selection (useShortcuts).
 */
function leaveOnEscape(event: React.KeyboardEvent<HTMLElement>): void {
  if (event.key !== 'Escape' || !isEditableTarget(event.target)) return;
  event.preventDefault();
  (event.target as HTMLElement).blur();
}

export function Properties() {
  const selection = useEditor((state) => state.selection);
  const many = useEditor((state) => state.selectedIds.length > 1);
  // The tab stays as it was when the selection changes: styling one component after another is common.
  const [tab, setTab] = useState<Tab>('props');
  // A viewer reads the properties; one disabled fieldset turns every input in them off.
  const readOnly = useEditor((state) => state.readOnly);
  return (
    <aside className="panel properties" data-testid="properties" aria-labelledby="properties-title" onKeyDown={leaveOnEscape}>
      <h2 className="panel__title" id="properties-title">
        Properties
      </h2>
      <fieldset className="properties__fieldset" disabled={readOnly} data-testid="properties-fieldset">
        {selection === null ? (
          <EmptyProperties />
        ) : many ? (
          <GroupProperties />
        ) : (
          <PropertiesForm key={selection} id={selection} tab={tab} onTab={setTab} />
        )}
      </fieldset>
    </aside>
  );
}

function EmptyProperties() {
  return (
    <div className="empty-state">
      <Icon name="edit" size={24} />
      <p>Select a component to edit its properties</p>
      <p className="empty-state__hint">Click anything on the page or in the outline; Shift or Ctrl/Cmd+click to select several.</p>
    </div>
  );
}

function PropertiesForm({ id, tab, onTab }: { id: string; tab: Tab; onTab: (tab: Tab) => void }) {
  const api = useEditorStore();
  const node = useComponent(id);
  const isRoot = useEditor((state) => state.doc?.rootId === id);
  if (!node) {
    return (
      <div className="empty-state">
        <p>This component was deleted.</p>
      </div>
    );
  }
  const def = getDefinition(node.type);
  return (
    <div className="properties__body">
      <header className="properties__header">
        <span className="properties__icon">
          <Icon name={node.type} size={18} />
        </span>
        <div className="properties__heading">
          <span className="properties__type">{def?.label ?? node.type}</span>
          <span className="properties__id" title="Component id">
            {id}
          </span>
        </div>
        {!isRoot && (
          <div className="properties__actions">
            <IconButton
              icon="copy"
              label="Duplicate component"
              title="Duplicate (Ctrl+D)"
              onClick={() => api.getState().duplicateComponent(id)}
            />
            <IconButton
              icon="trash"
              label="Delete component"
              title="Delete (Del)"
              danger
              onClick={() => api.getState().removeComponent(id)}
            />
          </div>
        )}
      </header>
      {def?.description && <p className="properties__description">{def.description}</p>}
      {node.type === 'Image' && <AltTextPrompt componentId={id} />}
      <div className="properties__tabs" role="tablist" aria-label="Edit">
        {(['props', 'style'] as const).map((t) => (
          <button
            key={t}
            type="button"
            role="tab"
            className="properties__tab"
            data-testid={`properties-tab-${t}`}
            aria-selected={tab === t}
            onClick={() => onTab(t)}
          >
            {t === 'props' ? 'Properties' : 'Style'}
          </button>
        ))}
      </div>
      {tab === 'style' ? (
        <div className="properties__form">
          <StyleFields componentId={id} />
        </div>
      ) : (
        <form className="properties__form" noValidate onSubmit={(event) => event.preventDefault()}>
          {def ? (
            Object.entries(def.fields).map(([name, field]) => (
              <Field key={`${id}:${name}`} componentId={id} name={name} field={field} value={node.props[name]} />
            ))
          ) : (
            <p className="field__hint">“{node.type}” is not a known component type.</p>
          )}
        </form>
      )}
    </div>
  );
}
