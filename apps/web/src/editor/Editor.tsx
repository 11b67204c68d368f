/**
 * The editor's layout: the top bar over three panes — palette and outline on
 * the left, the canvas in the middle, the properties on the right. In preview
 * only the page remains (and the top bar, to leave preview).
 */
import { useEffect, useState } from 'react';
import { useEditor } from './bindings.ts';
import { Canvas } from './canvas/Canvas.tsx';
import { navigate } from '../lib/routes.ts';
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

export function Editor({ pageId, userName, onUserNameChange }: EditorProps) {
  useShortcuts();
  const preview = useEditor((state) => state.preview);
  const ready = useEditor((state) => state.doc !== null);
  const fatal = useEditor((state) => state.fatal);
  const notice = useEditor((state) => state.notice);
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

  return (
    <div className={`editor${preview ? ' editor--preview' : ''}`}>
      <TopBar pageId={pageId} userName={userName} onUserNameChange={onUserNameChange} />
      {fatal !== null && (
        <div className="banner banner--error" role="alert">
          This page cannot be opened: {fatal}
          <button type="button" className="button button--small banner__action" onClick={() => navigate('/')}>
            Go to the start page
          </button>
        </div>
      )}
      {notice !== null && notice !== dismissed && fatal === null && (
        <div className="banner banner--notice" role="status" data-testid="notice">
          {notice.message}
          <button type="button" className="icon-button banner__close" aria-label="Dismiss" onClick={() => setDismissed(notice)}>
            <Icon name="close" size={14} />
          </button>
        </div>
      )}
      {ready ? (
        <div className="editor__body">
          {!preview && (
            <div className="editor__left">
              <Palette />
              <Outline />
            </div>
          )}
          <main className="editor__canvas" aria-label="Page canvas">
            <Canvas />
          </main>
          {!preview && <Properties />}
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
