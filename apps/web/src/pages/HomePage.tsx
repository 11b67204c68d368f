/** `/`: open a page by its id, or start a new one with a fresh random id. */
import { createId, PAGE_ID_PATTERN } from '@tandem/protocol';
import { type FormEvent, useState } from 'react';
import { navigate, pagePath } from '../lib/routes.ts';

export function HomePage() {
  const [pageId, setPageId] = useState('');
  const trimmed = pageId.trim();
  const valid = PAGE_ID_PATTERN.test(trimmed);
  const showError = trimmed !== '' && !valid;

  const open = (event: FormEvent) => {
    event.preventDefault();
    if (valid) navigate(pagePath(trimmed));
  };

  return (
    <main className="home">
      <div className="home__card">
        <div className="home__brand">
          <span className="logo" aria-hidden="true">
            T
          </span>
          Tandem
        </div>
        <h1>Build a page together</h1>
        <p className="home__lead">Everyone with the link edits the same page, live. Open a page by its id, or start a new one and share its address.</p>
        <form className="home__form" onSubmit={open}>
          <label className="home__label" htmlFor="page-id">
            Page id
          </label>
          <div className="home__row">
            <input
              id="page-id"
              className="input"
              data-testid="page-id-input"
              value={pageId}
              placeholder="e.g. spring-launch"
              onChange={(event) => setPageId(event.target.value)}
              aria-invalid={showError || undefined}
              aria-describedby="page-id-help"
              autoComplete="off"
              spellCheck={false}
            />
            <button type="submit" className="button button--large" data-testid="open-page" disabled={!valid}>
              Open
            </button>
          </div>
          <p id="page-id-help" className={showError ? 'home__help home__help--error' : 'home__help'}>
            1–64 letters, digits, “_” or “-”.
          </p>
        </form>
        <div className="home__or">or</div>
        <button type="button" className="button button--primary button--large home__new" data-testid="new-page" onClick={() => navigate(pagePath(createId('page')))}>
          New page
        </button>
      </div>
    </main>
  );
}
