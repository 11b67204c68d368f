/**
 * Someone else deleted what this person was working in (SPEC H3; issue 11, bug 4):
 * "Ada deleted this section", with a one-click way back. Restore puts the
 * subtree back where it was as one new edit, with what this person typed, and
 * selects again what they had selected; everyone sees it come back.
 */
import { getDefinition } from '@tandem/protocol';
import { useEditor, useEditorStore } from './store-hooks.ts';
import { Icon } from './icons.tsx';

/** "section", "text", "call to action": the component as a person names it. */
export function componentNoun(type: string): string {
  return (getDefinition(type)?.label ?? type).toLowerCase();
}

export function DeletedNotice() {
  const api = useEditorStore();
  const deleted = useEditor((state) => state.deleted);
  const readOnly = useEditor((state) => state.readOnly);
  if (deleted === null) return null;
  const who = deleted.byName ?? 'Someone';
  const inside = deleted.selectedId !== deleted.rootId;
  return (
    <div className="banner banner--notice" role="status" data-testid="deleted-notice">
      <span>
        {who} deleted this {componentNoun(deleted.type)}
        {inside ? ', with what you were editing in it' : ''}.
      </span>
      {!readOnly && (
        <button
          type="button"
          className="button button--small banner__action"
          data-testid="deleted-restore"
          onClick={() => api.getState().restoreDeleted()}
        >
          Restore it
        </button>
      )}
      <button
        type="button"
        className={`icon-button banner__close${readOnly ? ' banner__action' : ''}`}
        aria-label="Dismiss"
        data-testid="deleted-dismiss"
        onClick={() => api.getState().dismissDeleted()}
      >
        <Icon name="close" size={14} />
      </button>
    </div>
  );
}
