/**
 * `/p/<pageId>`: one editing session (a connection and its store) for the page,
 * under the person's saved name. Renaming saves the name and starts a new
 * session under it, so the others see the new name at once (and on every later
 * visit).
 *
 * A page deleted while open (the server closes the socket with 4404, which the
 * client reports as a `page-deleted` error), or deleted before it was opened
 * (the ticket is refused with 410), shows "This page was deleted" instead.
 *
 * An address that cannot name a page (`/p/hello%20world!`), or a page the server
 * refuses for good for another reason, shows a plain "cannot be opened" page in
 * words for people, never an editor with live buttons (issue 11, bug 6).
 */
import { PageIdSchema } from '@tandem/protocol';
import { type ReactNode, useEffect, useState } from 'react';
import { useEditorSession } from '../collab/useEditorSession.ts';
import type { EditorStoreApi } from '@tandem/editor';
import { EditorProvider } from '../editor/store-hooks.ts';
import { PageAssetsProvider } from '../editor/assets/PageAssetsContext.tsx';
import { Editor } from '../editor/Editor.tsx';
import { ApiError, getPage } from '../lib/api.ts';
import { humanFatal } from '../lib/human-messages.ts';
import { navigate } from '../lib/routes.ts';
import { loadUserName, localStorageOrNull, saveUserName } from '../lib/userName.ts';
import './home.css';

export function EditorPage({ pageId }: { pageId: string }) {
  if (!PageIdSchema.safeParse(pageId).success) {
    return (
      <PageUnavailable
        title="This address does not open a page"
        detail="Page addresses use only letters, digits, “-” and “_”. Check the link you were given, or start from your pages."
      />
    );
  }
  return <EditorSession pageId={pageId} />;
}

function EditorSession({ pageId }: { pageId: string }) {
  const [userName, setUserName] = useState(() => loadUserName(localStorageOrNull()));
  const store = useEditorSession(pageId, userName);
  const deleted = usePageDeleted(store, pageId);
  const fatal = useFatal(store);

  const rename = (name: string) => {
    if (saveUserName(localStorageOrNull(), name)) setUserName(name);
  };

  if (deleted !== null) return <PageDeleted title={deleted.title} />;
  if (fatal !== null) return <PageUnavailable title="This page cannot be opened" detail={humanFatal(fatal)} />;
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
      {/* Uploads from any control are for this page, and its assets panel hears of them (SPEC U7). */}
      <PageAssetsProvider pageId={pageId}>
        <Editor pageId={pageId} userName={userName} onUserNameChange={rename} />
      </PageAssetsProvider>
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

/** The client's reason the page can never be opened (a ticket refused for good), or null. */
function useFatal(store: EditorStoreApi | null): string | null {
  const [fatal, setFatal] = useState<string | null>(null);
  useEffect(() => {
    if (!store) return;
    const read = () => setFatal(store.getState().fatal);
    read();
    return store.subscribe(read);
  }, [store]);
  return fatal;
}

/** A whole page in place of the editor that says why, with the way home: `testId` names it, `${testId}-home` its link. */
function StatusPage({
  testId,
  documentTitle,
  title,
  children,
}: {
  testId: string;
  documentTitle: string;
  title: string;
  children: ReactNode;
}) {
  useEffect(() => {
    document.title = `${documentTitle} · Tandem`;
  }, [documentTitle]);
  return (
    <main className="home">
      <div className="home__card" role="alert" data-testid={testId}>
        <div className="home__brand">
          <span className="logo" aria-hidden="true">
            T
          </span>
          Tandem
        </div>
        <h1>{title}</h1>
        <p className="home__lead">{children}</p>
        <a
          href="/"
          className="button button--primary button--large home__new"
          data-testid={`${testId}-home`}
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

/** A page that cannot be opened here (no such page, an address that names none, a refusal for good). */
export function PageUnavailable({ title, detail }: { title: string; detail: string }) {
  return (
    <StatusPage testId="page-unavailable" documentTitle="Page unavailable" title={title}>
      {detail}
    </StatusPage>
  );
}

export function PageDeleted({ title }: { title: string }) {
  return (
    <StatusPage testId="page-deleted" documentTitle="Page deleted" title="This page was deleted">
      {title ? `“${title}” was deleted` : 'Someone deleted this page'}, with its history. Nothing more can be saved to it, and its address
      will not open it again.
    </StatusPage>
  );
}
