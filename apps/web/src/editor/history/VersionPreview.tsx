/**
 * An old version of the page, read-only, where the canvas was: the same canvas
 * components over a store of its own (read-only-store.ts), under a bar that says
 * which version this is and offers Restore and Back to live.
 *
 * Restoring asks the server (POST /api/pages/:id/restore), which applies the
 * change as one ordinary patch through the page's room: everyone sees it live.
 * It is not in this person's undo history (the server made it); the version
 * before it stays in the history, from where it can be restored in turn.
 */
import type { PageChangeResponse, PageVersion } from '@tandem/protocol';
import { useEffect, useState } from 'react';
import { describeError, getVersion, restoreVersion } from '../../lib/api.ts';
import { clockTime } from '../../lib/time.ts';
import type { EditorStoreApi } from '@tandem/editor';
import { EditorProvider, useEditor, useEditorStore } from '../store-hooks.ts';
import { Canvas } from '../canvas/Canvas.tsx';
import { isEditableTarget } from '../system-clipboard.ts';
import { Icon } from '../icons.tsx';
import { authorsText } from './HistoryPanel.tsx';
import { readOnlyStore } from './read-only-store.ts';

export interface VersionPreviewProps {
  pageId: string;
  version: PageVersion;
  userName: string;
  /** Back to the live page (Back to live, Escape). */
  onBack: () => void;
  /** The server restored the version; `change` is what everyone received. */
  onRestored: (version: number, change: PageChangeResponse) => void;
}

type Loaded = { state: 'loading' } | { state: 'error'; message: string } | { state: 'ready'; store: EditorStoreApi };

export function VersionPreview({ pageId, version, onBack, onRestored }: VersionPreviewProps) {
  const live = useEditorStore();
  const viewport = useEditor((state) => state.viewport);
  const [loaded, setLoaded] = useState<Loaded>({ state: 'loading' });
  const [restoring, setRestoring] = useState(false);
  const [restoreError, setRestoreError] = useState<string | null>(null);
  const number = version.version;

  useEffect(() => {
    let current = true;
    let store: EditorStoreApi | null = null;
    setLoaded({ state: 'loading' });
    setRestoreError(null);
    getVersion(pageId, number).then(
      ({ document }) => {
        if (!current) return;
        store = readOnlyStore(document, number, live.getState().viewport);
        setLoaded({ state: 'ready', store });
      },
      (error: unknown) => {
        if (current) setLoaded({ state: 'error', message: describeError(error) });
      },
    );
    return () => {
      current = false;
      store?.destroy();
    };
  }, [pageId, number, live]);

  // The width switch in the top bar applies to the version too.
  const store = loaded.state === 'ready' ? loaded.store : null;
  useEffect(() => {
    store?.setState({ viewport });
  }, [store, viewport]);

  // While an old version is shown, the live page's shortcuts would act on a page that is not on screen:
  // stop them (the editor's own handler ignores a key whose default was prevented). Escape goes back.
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (isEditableTarget(event.target)) return;
      if (event.key === 'Escape') {
        event.preventDefault();
        onBack();
        return;
      }
      const mod = event.ctrlKey || event.metaKey;
      const key = event.key.toLowerCase();
      if (event.key === 'Delete' || event.key === 'Backspace' || (mod && ['z', 'y', 'd', 'x', 'v'].includes(key))) event.preventDefault();
    };
    window.addEventListener('keydown', onKeyDown, { capture: true });
    return () => window.removeEventListener('keydown', onKeyDown, { capture: true });
  }, [onBack]);

  const restore = async () => {
    if (restoring) return;
    setRestoring(true);
    setRestoreError(null);
    try {
      const change = await restoreVersion(pageId, number);
      onRestored(number, change);
    } catch (error) {
      setRestoreError(describeError(error));
      setRestoring(false);
    }
  };

  return (
    <div className="version-preview" data-testid="history-preview" data-version={number} data-state={loaded.state}>
      <section className="version-bar" aria-label={`Previewing version ${number}`}>
        <Icon name="history" />
        <div className="version-bar__text">
          <strong className="version-bar__title">Previewing version {number}</strong>
          <span className="version-bar__meta">
            {clockTime(version.ts, Date.now())} · {authorsText(version)} · read-only
          </span>
        </div>
        <div className="version-bar__actions">
          <button
            type="button"
            className="button button--primary"
            data-testid="history-restore"
            onClick={() => void restore()}
            disabled={restoring || loaded.state !== 'ready'}
            title="Make this version the live page, for everyone"
          >
            {restoring ? 'Restoring…' : 'Restore this version'}
          </button>
          <button type="button" className="button" data-testid="history-close" onClick={onBack} title="Back to the live page (Esc)">
            <Icon name="back" />
            Back to live
          </button>
        </div>
        <p className="version-bar__note">
          Restoring makes this the page everyone edits. The current page is kept in the history first. After a restore your Undo starts
          afresh: it does not take the restore back and never replays older edits on the restored page; to go back, restore the version kept
          before it.
        </p>
        {restoreError !== null && (
          <p className="version-bar__error" role="alert" data-testid="history-restore-error">
            The version could not be restored. {restoreError}
          </p>
        )}
      </section>

      {loaded.state === 'loading' && (
        <div className="editor__loading version-preview__status" role="status">
          <span className="spinner" aria-hidden="true" />
          Loading version {number}…
        </div>
      )}
      {loaded.state === 'error' && (
        <div className="version-preview__status" role="alert" data-testid="history-preview-error">
          <div className="empty-state">
            <p>Version {number} could not be shown</p>
            <p className="empty-state__hint">{loaded.message}</p>
          </div>
        </div>
      )}
      {loaded.state === 'ready' && (
        // Read-only: links on the old page lead nowhere from here (the live preview is for trying them).
        <div
          className="version-preview__canvas"
          onClickCapture={(event) => event.preventDefault()}
          onAuxClick={(event) => event.preventDefault()}
        >
          <EditorProvider store={loaded.store}>
            <Canvas />
          </EditorProvider>
        </div>
      )}
    </div>
  );
}
