import { createId, PAGE_ID_PATTERN } from '@tandem/protocol';
import { type FormEvent, useState } from 'react';
import { navigate, pagePath } from '../lib/routes.ts';

export function HomePage() {
  const [pageId, setPageId] = useState(() => createId('page'));
  const trimmed = pageId.trim();
  const valid = PAGE_ID_PATTERN.test(trimmed);

  const open = (event: FormEvent) => {
    event.preventDefault();
    if (valid) navigate(pagePath(trimmed));
  };

  return (
    <main className="home">
      <h1>Tandem</h1>
      <p>Build a page together. Open a page by its id, and share the link with whoever should edit it with you.</p>
      <form className="home__form" onSubmit={open}>
        <label htmlFor="page-id">Page id</label>
        <input
          id="page-id"
          data-testid="page-id-input"
          value={pageId}
          onChange={(event) => setPageId(event.target.value)}
          aria-invalid={!valid}
          aria-describedby="page-id-help"
          autoComplete="off"
          spellCheck={false}
        />
        <button type="submit" data-testid="open-page" disabled={!valid}>
          Open
        </button>
      </form>
      <p id="page-id-help" className={valid ? 'home__help' : 'home__help home__help--error'}>
        1–64 letters, digits, “_” or “-”.
      </p>
    </main>
  );
}
