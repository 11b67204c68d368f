/**
 * `/p/<pageId>`: one editing session (a connection and its store) for the page,
 * under the person's saved name. Renaming saves the name and starts a new
 * session under it, so the others see the new name at once (and on every later
 * visit).
 */
import { useState } from 'react';
import { useEditorSession } from '../collab/useEditorSession.ts';
import { EditorProvider } from '../editor/bindings.ts';
import { Editor } from '../editor/Editor.tsx';
import { loadUserName, localStorageOrNull, saveUserName } from '../lib/userName.ts';

export function EditorPage({ pageId }: { pageId: string }) {
  const [userName, setUserName] = useState(() => loadUserName(localStorageOrNull()));
  const store = useEditorSession(pageId, userName);

  const rename = (name: string) => {
    if (saveUserName(localStorageOrNull(), name)) setUserName(name);
  };

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
