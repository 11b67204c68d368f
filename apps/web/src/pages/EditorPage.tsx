/**
 * `/p/<pageId>`: one editing session (a connection and its store) for the page,
 * under the person's saved name. Renaming saves the name and starts a new
 * session under it, so the others see the new name at once (and on every later
 * visit).
 *
 * A page deleted while open (the server closes the socket with 4404, which the
 * client reports as a `page-deleted` error), or deleted before it was opened
 * (the ticket is refused with 410), shows "This page was deleted" instead.
 */
import { useEffect, useState } from 'react';
import { useEditorSession } from '../collab/useEditorSession.ts';
import type { EditorStoreApi } from '@tandem/editor';
import { EditorProvider } from '../editor/store-hooks.ts';
import { Editor } from '../editor/Editor.tsx';
import { ApiError, getPage } from '../lib/api.ts';
import { navigate } from '../lib/routes.ts';
import { loadUserName, localStorageOrNull, saveUserName } from '../lib/userName.ts';
import './home.css';

export function EditorPage({ pageId }: { pageId: string }) {
  const [userName, setUserName] = useState(() => loadUserName(localStorageOrNull()));
  const store = useEditorSession(pageId, userName);
  const deleted = usePageDeleted(store, pageId);

  const rename = (name: string) => {
    if (saveUserName(localStorageOrNull(), name)) setUserName(name);
  };

  if (deleted !== null) return <PageDeleted title={deleted.title} />;
  if (!store) {
    return (
      <div className="editor__loading editor__loading--page" role="status">
        <span className="spinner" aria-hidden="true" />
        Connecting…
      </div>
    );
  }
  return (
    <EditorProvider store={store}>
      <Editor pageId={pageId} userName={userName} onUserNameChange={rename} />
    </EditorProvider>
  );
}

/**
 * Whether the page is gone: `{ title }` (as it was last seen, if it was) once it is known to be
 * deleted, else null. The client says so when the room closes with 4404; when the connection is
 * refused for good for another stated reason (a ticket refused with 410 for a deleted page's link),
 * the Pages API is asked.
 */
export function usePageDeleted(store: EditorStoreApi | null, pageId: string): { title: string } | null {
  const [deleted, setDeleted] = useState<{ title: string } | null>(null);
  useEffect(() => {
    if (!store) return;
    let live = true;
    let asked = false;
    const titleNow = () => {
      const doc = store.getState().doc;
      const title = doc?.components[doc.rootId]?.props.title;
      return typeof title === 'string' ? title : '';
    };
    const check = () => {
      const { notice, status, fatal } = store.getState();
      if (notice?.code === 'page-deleted') {
        setDeleted({ title: titleNow() });
        return;
      }
      if (asked || (status !== 'closed' && fatal === null)) return;
      asked = true;
      const title = titleNow();
      getPage(pageId).then(
        () => {},
        (error: unknown) => {
          if (live && error instanceof ApiError && error.code === 'page-deleted') setDeleted({ title });
        },
      );
    };
    check();
    const unsubscribe = store.subscribe(check);
    return () => {
      live = false;
      unsubscribe();
    };
  }, [store, pageId]);
  return deleted;
}

export function PageDeleted({ title }: { title: string }) {
  useEffect(() => {
    document.title = 'Page deleted · Tandem';
  }, []);
  return (
    <main className="home">
      <div className="home__card" role="alert" data-testid="page-deleted">
        <div className="home__brand">
          <span className="logo" aria-hidden="true">
            T
          </span>
          Tandem
        </div>
        <h1>This page was deleted</h1>
        <p className="home__lead">
          {title ? `“${title}” was deleted` : 'Someone deleted this page'}, with its history. Nothing more can be saved to it, and its
          address will not open it again.
        </p>
        <a
          href="/"
          className="button button--primary button--large home__new"
          data-testid="page-deleted-home"
          onClick={(event) => {
            event.preventDefault();
            navigate('/');
          }}
        >
          Go to your pages
        </a>
      </div>
    </main>
  );
}
