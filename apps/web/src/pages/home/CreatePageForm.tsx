/** A new page, blank or from a template, with an optional title; opens it once created. */
import { TEMPLATES, type TemplateId, type TemplateInfo } from '@tandem/protocol';
import { type FormEvent, useEffect, useState } from 'react';
import { Icon } from '../../editor/icons.tsx';
import { createPage, describeError, listTemplates } from '../../lib/api.ts';
import { navigate, pagePath } from '../../lib/routes.ts';
import { MAX_TITLE, normaliseTitle } from './page-title.ts';

export function CreatePageForm() {
  const [title, setTitle] = useState('');
  const [template, setTemplate] = useState<TemplateId>('blank');
  // The protocol's own list until the server's arrives (they are the same unless the server is newer).
  const [templates, setTemplates] = useState<readonly TemplateInfo[]>(TEMPLATES);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    listTemplates().then(
      (list) => {
        if (live && list.length > 0) setTemplates(list);
      },
      () => {
        // Keep the built-in list: creating will say so if the server is unreachable.
      },
    );
    return () => {
      live = false;
    };
  }, []);

  const trimmed = title.trim();
  const tooLong = trimmed.length > MAX_TITLE;
  const chosen = templates.find((t) => t.id === template);

  const create = async (event: FormEvent) => {
    event.preventDefault();
    const next = normaliseTitle(title);
    if (next === null || busy) return;
    setBusy(true);
    setError(null);
    try {
      const { id } = await createPage({ title: next, template });
      navigate(pagePath(id));
    } catch (err) {
      setError(describeError(err));
      setBusy(false);
    }
  };

  return (
    <form className="dash__card home__form" onSubmit={create} aria-labelledby="new-page-heading">
      <h2 id="new-page-heading" className="dash__title">
        New page
      </h2>
      <label className="home__label" htmlFor="new-page-title">
        Title
      </label>
      <input
        id="new-page-title"
        className="input input--large"
        data-testid="new-page-title"
        value={title}
        placeholder="e.g. Spring launch"
        onChange={(event) => setTitle(event.target.value)}
        aria-invalid={tooLong || undefined}
        autoComplete="off"
      />
      {tooLong && <p className="home__help home__help--error">A title is at most {MAX_TITLE} characters.</p>}
      <label className="home__label dash__gap" htmlFor="new-page-template">
        Start from
      </label>
      <select
        id="new-page-template"
        className="input input--large"
        data-testid="new-page-template"
        value={template}
        onChange={(event) => setTemplate(event.target.value as TemplateId)}
        aria-describedby="new-page-template-help"
      >
        {templates.map((t) => (
          <option key={t.id} value={t.id}>
            {t.name}
          </option>
        ))}
      </select>
      <p id="new-page-template-help" className="home__help">
        {chosen?.description ?? ''}
      </p>
      <button
        type="submit"
        className="button button--primary button--large dash__gap"
        data-testid="create-page"
        disabled={busy || normaliseTitle(title) === null}
      >
        <Icon name="plus" />
        {busy ? 'Creating…' : 'Create page'}
      </button>
      {error !== null && (
        <p className="home__help home__help--error" role="alert" data-testid="create-page-error">
          {error}
        </p>
      )}
    </form>
  );
}
