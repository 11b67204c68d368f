/**
 * The editor's layout: the top bar over three panes — palette and outline on
 * the left, the canvas in the middle, the properties on the right. In preview
 * only the page remains (and the top bar, to leave preview).
 *
 * The version history panel takes the properties' place; while an old version
 * is previewed it takes the canvas's place too, read-only, and the palette and
 * outline step aside.
 */
import type { PageChangeResponse, PageVersion } from '@tandem/protocol';
import { useCallback, useEffect, useState } from 'react';
import { useEditor, useEditorStore } from './store-hooks.ts';
import { AssetsPanel } from './assets/AssetsPanel.tsx';
import { Canvas } from './canvas/Canvas.tsx';
import { DeletedNotice } from './DeletedNotice.tsx';
import { humanFatal, humanNotice } from '../lib/human-messages.ts';
import { navigate } from '../lib/routes.ts';
import { HistoryPanel } from './history/HistoryPanel.tsx';
import { VersionPreview } from './history/VersionPreview.tsx';
import { Icon } from './icons.tsx';
import { Outline } from './Outline.tsx';
import { Palette } from './Palette.tsx';
import { Properties } from './Properties.tsx';
import { TopBar } from './TopBar.tsx';
import { useShortcuts } from './useShortcuts.ts';

export interface EditorProps {
  pageId: string;
  userName: string;
  onUserNameChange: (name: string) => void;
}

/** A restore just made: which version, and whether it changed anything. */
interface Restored {
  version: number;
  changed: boolean;
}

export function Editor({ pageId, userName, onUserNameChange }: EditorProps) {
  useShortcuts();
  const api = useEditorStore();
  const preview = useEditor((state) => state.preview);
  const viewer = useEditor((state) => state.readOnly);
  const ready = useEditor((state) => state.doc !== null);
  const fatal = useEditor((state) => state.fatal);
  const notice = useEditor((state) => state.notice);
  // Someone else deleted what this person was in: that notice (with its way back) comes first (SPEC H3).
  const deletedShown = useEditor((state) => state.deleted !== null);
  const title = useEditor((state) => {
    const value = state.doc?.components[state.doc.rootId]?.props.title;
    return typeof value === 'string' ? value : '';
  });

  // A notice stays until dismissed or for a few seconds; a new one shows again.
  const [dismissed, setDismissed] = useState<typeof notice>(null);
  useEffect(() => {
    if (notice === null) return;
    const timer = window.setTimeout(() => setDismissed(notice), 8000);
    return () => window.clearTimeout(timer);
  }, [notice]);

  useEffect(() => {
    document.title = title ? `${title} · Tandem` : `${pageId} · Tandem`;
  }, [title, pageId]);

  // Version history: the panel, and the version previewed in the canvas's place (null: the live page).
  const [historyOpen, setHistoryOpen] = useState(false);
  const [previewed, setPreviewed] = useState<PageVersion | null>(null);
  const [restored, setRestored] = useState<Restored | null>(null);
  const toggleHistory = useCallback(() => {
    setPreviewed(null);
    setHistoryOpen((open) => {
      if (!open) api.getState().setPreview(false);
      return !open;
    });
  }, [api]);
  const closeHistory = useCallback(() => {
    setPreviewed(null);
    setHistoryOpen(false);
  }, []);
  const selectVersion = useCallback(
    (version: PageVersion | null) => {
      // Nothing live stays selected behind the old version: no shortcut can act on what is not on screen.
      if (version !== null) api.getState().select(null);
      setPreviewed(version);
    },
    [api],
  );
  const onRestored = useCallback(
    (version: number, change: PageChangeResponse) => {
      // Undo after a restore does not replay edits made on the page before it (issue 11, bug 7).
      api.getState().clearHistory();
      setRestored({ version, changed: change.patches.length > 0 });
      setPreviewed(null);
      setHistoryOpen(false);
    },
    [api],
  );
  useEffect(() => {
    if (restored === null) return;
    const timer = window.setTimeout(() => setRestored(null), 8000);
    return () => window.clearTimeout(timer);
  }, [restored]);
  const versionShown = historyOpen && previewed !== null;

  return (
    <div className={`editor${preview ? ' editor--preview' : ''}${versionShown ? ' editor--version' : ''}`}>
      <TopBar
        pageId={pageId}
        userName={userName}
        onUserNameChange={onUserNameChange}
        historyOpen={historyOpen}
        onToggleHistory={toggleHistory}
        readOnly={versionShown || viewer}
      />
      {fatal !== null && (
        <div className="banner banner--error" role="alert">
          {humanFatal(fatal)}
          <button type="button" className="button button--small banner__action" onClick={() => navigate('/')}>
            Go to the start page
          </button>
        </div>
      )}
      {restored !== null && fatal === null && (
        <div className="banner banner--success" role="status" data-testid="history-restored">
          {restored.changed
            ? `Version ${restored.version} is the live page again, for everyone. The version before it is kept in the history.`
            : `The page already matched version ${restored.version}: nothing changed.`}
          <button type="button" className="icon-button banner__close" aria-label="Dismiss" onClick={() => setRestored(null)}>
            <Icon name="close" size={14} />
          </button>
        </div>
      )}
      {fatal === null && <DeletedNotice />}
      {notice !== null && notice !== dismissed && fatal === null && restored === null && !deletedShown && (
        <div className="banner banner--notice" role="status" data-testid="notice">
          {humanNotice(notice)}
          <button type="button" className="icon-button banner__close" aria-label="Dismiss" onClick={() => setDismissed(notice)}>
            <Icon name="close" size={14} />
          </button>
        </div>
      )}
      {ready ? (
        <div className="editor__body">
          {!preview && !versionShown && (
            <div className="editor__left">
              {!viewer && <Palette />}
              <Outline />
              <AssetsPanel />
            </div>
          )}
          <main className="editor__canvas" aria-label={versionShown ? `Version ${previewed.version} of the page` : 'Page canvas'}>
            {versionShown ? (
              <VersionPreview
                key={previewed.version}
                pageId={pageId}
                version={previewed}
                userName={userName}
                onBack={closeHistory}
                onRestored={onRestored}
              />
            ) : (
              <Canvas />
            )}
          </main>
          {!preview && historyOpen && (
            <HistoryPanel pageId={pageId} selected={previewed?.version ?? null} onSelect={selectVersion} onClose={closeHistory} />
          )}
          {!preview && !historyOpen && <Properties />}
        </div>
      ) : (
        fatal === null && (
          <div className="editor__loading" role="status">
            <span className="spinner" aria-hidden="true" />
            Loading the page…
          </div>
        )
      )}
    </div>
  );
}
