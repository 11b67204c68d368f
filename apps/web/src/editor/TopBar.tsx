/** The editor's top bar: the page, history and component actions, the view, and who is here. */
import { useEffect, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { copyText } from '../lib/copy-text.ts';
import { navigate } from '../lib/routes.ts';
import type { EditorStore, Viewport } from '@tandem/editor';
import { deleteSelection, duplicateSelection, wrapSelection } from './commands.ts';
import { IconButton } from './IconButton.tsx';
import { useEditor, useEditorStore } from './store-hooks.ts';
import { ConnectionStatus } from './ConnectionStatus.tsx';
import { Icon } from './icons.tsx';
import { KeyboardHelp } from './KeyboardHelp.tsx';
import { PresenceAvatars } from './PresenceAvatars.tsx';
import { PageMenu } from './publish/PageMenu.tsx';
import { PublishControl } from './publish/PublishControl.tsx';
import { UserNameInput } from './UserNameInput.tsx';
import { AccountMenu } from '../pages/auth/AccountMenu.tsx';
import { ShareDialog } from './share/ShareDialog.tsx';

const VIEWPORTS: { value: Viewport; label: string; width: string }[] = [
  { value: 'desktop', label: 'Desktop', width: 'full width' },
  { value: 'tablet', label: 'Tablet', width: '768px' },
  { value: 'mobile', label: 'Mobile', width: '375px' },
];

export function TopBar({
  pageId,
  userName,
  onUserNameChange,
  historyOpen = false,
  onToggleHistory,
  readOnly = false,
}: {
  pageId: string;
  userName: string;
  onUserNameChange: (name: string) => void;
  /** Whether the version history panel is open (the History button shows it pressed). */
  historyOpen?: boolean;
  /** Opens or closes the version history; without it there is no History button. */
  onToggleHistory?: () => void;
  /** An old version is on screen: no editing tools, no live preview switch. */
  readOnly?: boolean;
}) {
  const api = useEditorStore();
  const { canUndo, canRedo, viewport, preview } = useEditor(
    useShallow((state) => ({ canUndo: state.canUndo, canRedo: state.canRedo, viewport: state.viewport, preview: state.preview })),
  );
  const role = useEditor((state) => state.role);
  const [sharing, setSharing] = useState(false);
  const canActOnSelection = useEditor((state) => state.selection !== null && state.selection !== state.doc?.rootId);
  // Each edit button runs one command on the store, and is off while there is nothing for it to do.
  const command = (enabled: boolean, run: (store: EditorStore) => void) => ({ disabled: !enabled, onClick: () => run(api.getState()) });
  // Duplicate, Wrap and Delete act on the selection, never on the page itself.
  const onSelection = (run: (store: EditorStore) => void) => command(canActOnSelection, run);

  return (
    <header className="topbar">
      <div className="topbar__group">
        <a
          href="/"
          className="topbar__brand"
          onClick={(event) => {
            event.preventDefault();
            navigate('/');
          }}
        >
          <span className="topbar__logo" aria-hidden="true">
            T
          </span>
          <span className="topbar__brand-name">Tandem</span>
        </a>
        <span className="topbar__page" title="Page id — share this page's address to edit it together">
          <span className="topbar__page-label">Page</span>
          <span className="topbar__page-id" data-testid="page-id">
            {pageId}
          </span>
        </span>
        {/* An owner shares through the dialog (people, invite links); the others can pass the address on. */}
        {role === 'owner' ? (
          <button
            type="button"
            className="button button--small topbar__share"
            data-testid="share-open"
            title="Share this page: people and invite links"
            onClick={() => setSharing(true)}
          >
            <Icon name="link" size={14} />
            Share
          </button>
        ) : (
          <CopyLinkButton />
        )}
        <PageMenu pageId={pageId} />
      </div>

      {!preview && !readOnly && (
        <div className="topbar__group" role="toolbar" aria-label="Edit">
          <IconButton testId="undo" icon="undo" label="Undo" title="Undo (Ctrl+Z)" {...command(canUndo, (store) => store.undo())} />
          <IconButton testId="redo" icon="redo" label="Redo" title="Redo (Ctrl+Shift+Z)" {...command(canRedo, (store) => store.redo())} />
          <span className="topbar__divider" aria-hidden="true" />
          <IconButton testId="duplicate" icon="copy" label="Duplicate" title="Duplicate (Ctrl+D)" {...onSelection(duplicateSelection)} />
          <IconButton
            testId="wrap-section"
            icon="Section"
            label="Wrap in Section"
            title="Wrap in Section (Ctrl+G)"
            {...onSelection(wrapSelection)}
          />
          <IconButton testId="delete" icon="trash" label="Delete" title="Delete (Del)" danger {...onSelection(deleteSelection)} />
        </div>
      )}

      <div className="topbar__group topbar__center">
        <fieldset className="segmented">
          <legend className="sr-only">Canvas width</legend>
          {VIEWPORTS.map((option) => (
            <button
              key={option.value}
              type="button"
              aria-pressed={viewport === option.value}
              className="segmented__item"
              data-testid={`viewport-${option.value}`}
              title={`${option.label} (${option.width})`}
              onClick={() => api.getState().setViewport(option.value)}
            >
              <Icon name={option.value} />
              <span className="sr-only">{option.label}</span>
            </button>
          ))}
        </fieldset>
        {onToggleHistory && (
          <button
            type="button"
            className={`button${historyOpen ? ' button--pressed' : ''}`}
            data-testid="history-toggle"
            aria-pressed={historyOpen}
            title={historyOpen ? 'Close the version history' : 'Version history: see and restore earlier versions'}
            onClick={onToggleHistory}
          >
            <Icon name="history" />
            History
          </button>
        )}
        {!readOnly && (
          <button
            type="button"
            className={`button${preview ? ' button--primary' : ''}`}
            data-testid="preview-toggle"
            aria-pressed={preview}
            title={preview ? 'Back to editing (Esc)' : 'Preview the page without the editor'}
            onClick={() => api.getState().setPreview(!preview)}
          >
            <Icon name={preview ? 'edit' : 'eye'} />
            {preview ? 'Edit' : 'Preview'}
          </button>
        )}
      </div>

      <div className="topbar__group topbar__end">
        {role === 'viewer' && (
          <span
            className="view-only-badge"
            data-testid="view-only-badge"
            title="Your role on this page is viewer: you see every change live, and change nothing"
          >
            View only
          </span>
        )}
        {sharing && <ShareDialog pageId={pageId} onClose={() => setSharing(false)} />}
        <PublishControl pageId={pageId} userName={userName} disabled={readOnly} />
        <KeyboardHelp />
        <ConnectionStatus />
        <PresenceAvatars />
        <UserNameInput value={userName} onChange={onUserNameChange} />
        <AccountMenu compact />
      </div>
    </header>
  );
}

/** Copies the page's address, which is all someone needs to join. */
function CopyLinkButton() {
  const [copied, setCopied] = useState(false);
  useEffect(() => {
    if (!copied) return;
    const timer = window.setTimeout(() => setCopied(false), 2000);
    return () => window.clearTimeout(timer);
  }, [copied]);
  const copy = () => void copyText(window.location.href).then(setCopied);
  return (
    <button
      type="button"
      className="button button--small topbar__share"
      data-testid="copy-link"
      onClick={copy}
      title="Copy this page's link to share it"
    >
      <Icon name={copied ? 'check' : 'link'} size={14} />
      {copied ? 'Copied' : 'Share'}
    </button>
  );
}
