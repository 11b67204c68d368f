/** Opens a page by its id (what someone shared), checked against the id pattern first. */
import { createId, PAGE_ID_PATTERN } from '@tandem/protocol';
import { type FormEvent, useState } from 'react';
import { navigate, pagePath } from '../../lib/routes.ts';

export function OpenByIdForm() {
  const [pageId, setPageId] = useState('');
  const trimmed = pageId.trim();
  const valid = PAGE_ID_PATTERN.test(trimmed);
  const showError = trimmed !== '' && !valid;

  const open = (event: FormEvent) => {
    event.preventDefault();
    if (valid) navigate(pagePath(trimmed));
  };

  return (
    <div className="dash__card">
      <form className="home__form" onSubmit={open} aria-labelledby="open-page-heading">
        <h2 id="open-page-heading" className="dash__title">
          Open by id
        </h2>
        <label className="sr-only" htmlFor="page-id">
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
          1–64 letters, digits, “_” or “-”. An id nobody has used yet starts a new page with it.
        </p>
      </form>
      <div className="home__or">or</div>
      <button
        type="button"
        className="button button--large home__new"
        data-testid="new-page"
        title="A new page at a fresh random address, with some starter content"
        onClick={() => navigate(pagePath(createId('page')))}
      >
        Quick page with a random id
      </button>
    </div>
  );
}
