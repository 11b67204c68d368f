import { useMemo, useRef } from 'react';
import { useCollab } from '../collab/useCollab.ts';
import { Canvas } from '../components/Canvas.tsx';
import { ConnectionStatus } from '../components/ConnectionStatus.tsx';
import { PresenceList } from '../components/PresenceList.tsx';
import { bumpHeadingPatch } from '../lib/heading.ts';
import { navigate } from '../lib/routes.ts';
import { loadUserName } from '../lib/userName.ts';

function localStorageOrNull(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

export function EditorPage({ pageId }: { pageId: string }) {
  const userName = useMemo(() => loadUserName(localStorageOrNull()), []);
  const { client, snapshot } = useCollab(pageId, userName);
  const bumps = useRef(0);

  const bumpHeading = () => {
    if (!client?.doc) return;
    const ops = bumpHeadingPatch(client.doc, `Edited by ${userName} #${bumps.current + 1}`);
    if (ops && client.submit(ops)) bumps.current += 1;
  };

  return (
    <div className="editor">
      <header className="editor__bar">
        <a
          href="/"
          className="editor__home"
          onClick={(event) => {
            event.preventDefault();
            navigate('/');
          }}
        >
          Tandem
        </a>
        <span className="editor__page-id" title="Page id">
          {pageId}
        </span>
        <ConnectionStatus status={snapshot.status} pendingCount={snapshot.pendingCount} />
        <PresenceList users={snapshot.users} me={snapshot.me} />
        <button type="button" data-testid="bump-heading" onClick={bumpHeading} disabled={snapshot.doc === null}>
          Edit heading
        </button>
      </header>
      {snapshot.fatal !== null && (
        <p className="editor__error" role="alert">
          This page cannot be opened: {snapshot.fatal}
        </p>
      )}
      {snapshot.lastError !== null && snapshot.fatal === null && (
        <p className="editor__notice" role="status">
          {snapshot.lastError.message}
        </p>
      )}
      {snapshot.doc !== null ? <Canvas doc={snapshot.doc} /> : snapshot.fatal === null && <p className="editor__loading">Loading…</p>}
    </div>
  );
}
