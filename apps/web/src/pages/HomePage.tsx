/**
 * `/`: the pages on the server (newest change first, 50 at a time with "Show
 * more pages" following the list's cursor), each opening its editor,
 * renamed in place or deleted after a confirmation; a new page, blank or from a
 * template; and a page opened by its id. Talks to the Pages API (lib/api.ts).
 */
import { createId, PAGE_ID_PATTERN, type PageSummary, TEMPLATES, type TemplateId, type TemplateInfo } from '@tandem/protocol';
import { type FormEvent, type KeyboardEvent, type MouseEvent, useCallback, useEffect, useRef, useState } from 'react';
import { Icon } from '../editor/icons.tsx';
import { createPage, deletePage, describeError, listPages, listTemplates, renamePage } from '../lib/api.ts';
import { navigate, pagePath } from '../lib/routes.ts';
import { timeAgo, useNow } from '../lib/time.ts';
import './home.css';

/** A title the server takes: trimmed, 1–200 characters. */
export const MAX_TITLE = 200;
const normaliseTitle = (input: string): string | null => {
  const title = input.trim();
  return title !== '' && title.length <= MAX_TITLE ? title : null;
};

type ListState =
  | { state: 'loading' }
  | { state: 'error'; message: string }
  | {
      state: 'ready';
      pages: PageSummary[];
      /** Where the next stretch of the list starts; null when every page is shown. */
      nextCursor: string | null;
      more?: { busy: boolean; error: string | null };
    };

const byNewest = (a: PageSummary, b: PageSummary) => b.updatedAt - a.updatedAt;

export function HomePage() {
  const [list, setList] = useState<ListState>({ state: 'loading' });
  const generation = useRef(0);

  const load = useCallback(async () => {
    const mine = ++generation.current;
    setList((current) => (current.state === 'ready' ? current : { state: 'loading' }));
    try {
      const { pages, nextCursor } = await listPages();
      if (mine === generation.current) setList({ state: 'ready', pages: [...pages].sort(byNewest), nextCursor });
    } catch (error) {
      if (mine === generation.current) setList({ state: 'error', message: describeError(error) });
    }
  }, []);

  /** The next stretch of the list, after what is shown; a page already shown (it changed meanwhile) is not shown twice. */
  const loadMore = useCallback(async (cursor: string) => {
    const mine = generation.current;
    const more = (update: Partial<Extract<ListState, { state: 'ready' }>>) =>
      setList((current) => (current.state === 'ready' && mine === generation.current ? { ...current, ...update } : current));
    more({ more: { busy: true, error: null } });
    try {
      const next = await listPages({ cursor });
      setList((current) => {
        if (current.state !== 'ready' || mine !== generation.current) return current;
        const shown = new Set(current.pages.map((p) => p.id));
        const pages = [...current.pages, ...next.pages.filter((p) => !shown.has(p.id))];
        return { state: 'ready', pages, nextCursor: next.nextCursor };
      });
    } catch (error) {
      more({ more: { busy: false, error: describeError(error) } });
    }
  }, []);

  useEffect(() => {
    document.title = 'Tandem';
    void load();
    return () => {
      generation.current++;
    };
  }, [load]);

  const renamed = (id: string, title: string) =>
    setList((current) =>
      current.state === 'ready'
        ? { ...current, pages: current.pages.map((p) => (p.id === id ? { ...p, title, updatedAt: Date.now() } : p)).sort(byNewest) }
        : current,
    );
  const removed = (id: string) =>
    setList((current) => (current.state === 'ready' ? { ...current, pages: current.pages.filter((p) => p.id !== id) } : current));

  return (
    <main className="home home--dashboard">
      <div className="dash">
        <header className="dash__header">
          <div className="home__brand dash__brand">
            <span className="logo" aria-hidden="true">
              T
            </span>
            Tandem
          </div>
          <h1>Build a page together</h1>
          <p className="home__lead dash__lead">
            Everyone with the link edits the same page, live. Pick up a page below, or start a new one and share its address.
          </p>
        </header>

        <section className="dash__pages" aria-labelledby="pages-heading">
          <div className="dash__pages-head">
            <h2 id="pages-heading" className="dash__title">
              Pages
              {list.state === 'ready' && list.pages.length > 0 && (
                <span className="dash__count">
                  {list.pages.length}
                  {list.nextCursor !== null && '+'}
                </span>
              )}
            </h2>
            <button
              type="button"
              className="icon-button"
              data-testid="page-list-refresh"
              title="Refresh the list"
              aria-label="Refresh the list"
              onClick={() => void load()}
            >
              <Icon name="refresh" />
            </button>
          </div>
          <PageList list={list} onRetry={() => void load()} onRenamed={renamed} onRemoved={removed} onMore={(c) => void loadMore(c)} />
        </section>

        <aside className="dash__side">
          <CreatePageForm />
          <OpenByIdForm />
        </aside>
      </div>
    </main>
  );
}

function PageList({
  list,
  onRetry,
  onRenamed,
  onRemoved,
  onMore,
}: {
  list: ListState;
  onRetry: () => void;
  onRenamed: (id: string, title: string) => void;
  onRemoved: (id: string) => void;
  onMore: (cursor: string) => void;
}) {
  const now = useNow();
  return (
    <div
      className="page-list"
      data-testid="page-list"
      data-state={list.state === 'ready' && list.pages.length === 0 ? 'empty' : list.state}
    >
      {list.state === 'loading' && (
        <div className="page-list__status" role="status">
          <span className="spinner" aria-hidden="true" />
          Loading pages…
        </div>
      )}
      {list.state === 'error' && (
        <div className="page-list__error" role="alert" data-testid="page-list-error">
          <Icon name="alert" size={20} />
          <div>
            <p className="page-list__error-title">The pages could not be loaded</p>
            <p className="page-list__error-text">{list.message}</p>
          </div>
          <button type="button" className="button" data-testid="page-list-retry" onClick={onRetry}>
            Try again
          </button>
        </div>
      )}
      {list.state === 'ready' && list.pages.length === 0 && (
        <div className="empty-state page-list__empty" data-testid="page-list-empty">
          <Icon name="Page" size={24} />
          <p>No pages yet</p>
          <p className="page-list__hint">Create your first page with the form on this screen: start blank or from a template.</p>
        </div>
      )}
      {list.state === 'ready' && list.pages.length > 0 && (
        <ul className="page-list__items">
          {list.pages.map((page) => (
            <PageRow key={page.id} page={page} now={now} onRenamed={onRenamed} onRemoved={onRemoved} />
          ))}
        </ul>
      )}
      {list.state === 'ready' && list.nextCursor !== null && (
        <div className="page-list__more">
          <button
            type="button"
            className="button"
            data-testid="page-list-more"
            disabled={list.more?.busy === true}
            onClick={() => onMore(list.nextCursor as string)}
          >
            {list.more?.busy ? 'Loading…' : 'Show more pages'}
          </button>
          {list.more?.error && (
            <p className="page-list__error-text" role="alert" data-testid="page-list-more-error">
              {list.more.error}
            </p>
          )}
        </div>
      )}
    </div>
  );
}

type RowMode = { mode: 'view' } | { mode: 'rename'; draft: string } | { mode: 'confirm-delete' };

function PageRow({
  page,
  now,
  onRenamed,
  onRemoved,
}: {
  page: PageSummary;
  now: number;
  onRenamed: (id: string, title: string) => void;
  onRemoved: (id: string) => void;
}) {
  const [row, setRow] = useState<RowMode>({ mode: 'view' });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const renameButton = useRef<HTMLButtonElement>(null);
  const { id } = page;
  const title = page.title || 'Untitled page';

  const open = (event: MouseEvent<HTMLAnchorElement>) => {
    // A modified click opens a new tab as links do; a plain one stays in the app.
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigate(pagePath(id));
  };

  const back = () => {
    setRow({ mode: 'view' });
    setError(null);
    requestAnimationFrame(() => renameButton.current?.focus());
  };

  const saveRename = async (event?: FormEvent) => {
    event?.preventDefault();
    if (row.mode !== 'rename' || busy) return;
    const next = normaliseTitle(row.draft);
    if (next === null) {
      setError(`A title is 1–${MAX_TITLE} characters.`);
      return;
    }
    if (next === page.title) return back();
    setBusy(true);
    setError(null);
    try {
      await renamePage(id, next);
      onRenamed(id, next);
      back();
    } catch (err) {
      setError(describeError(err));
    } finally {
      setBusy(false);
    }
  };

  const confirmDelete = async () => {
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      await deletePage(id);
      onRemoved(id);
    } catch (err) {
      setError(describeError(err));
      setBusy(false);
    }
  };

  const onRenameKey = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      back();
    }
  };

  const renameInvalid = row.mode === 'rename' && normaliseTitle(row.draft) === null;

  return (
    <li className={`page-row${row.mode === 'confirm-delete' ? ' page-row--danger' : ''}`} data-testid={`page-item-${id}`}>
      <div className="page-row__icon" aria-hidden="true">
        <Icon name="Page" />
      </div>
      {row.mode === 'rename' ? (
        <form className="page-row__rename" onSubmit={saveRename}>
          <label className="sr-only" htmlFor={`rename-${id}`}>
            New title for {title}
          </label>
          <input
            id={`rename-${id}`}
            className="input"
            data-testid={`page-rename-input-${id}`}
            value={row.draft}
            maxLength={MAX_TITLE + 50}
            aria-invalid={renameInvalid || undefined}
            // biome-ignore lint/a11y/noAutofocus: the person just asked to edit this title
            autoFocus
            onFocus={(event) => event.currentTarget.select()}
            onChange={(event) => setRow({ mode: 'rename', draft: event.target.value })}
            onKeyDown={onRenameKey}
            disabled={busy}
          />
          <button
            type="submit"
            className="button button--primary button--small"
            data-testid={`page-rename-save-${id}`}
            disabled={busy || renameInvalid}
          >
            Save
          </button>
          <button type="button" className="button button--small" data-testid={`page-rename-cancel-${id}`} onClick={back} disabled={busy}>
            Cancel
          </button>
        </form>
      ) : (
        <div className="page-row__main">
          <a href={pagePath(id)} className="page-row__title" data-testid={`page-open-${id}`} onClick={open}>
            {title}
          </a>
          <div className="page-row__meta">
            <span className="page-row__id" title="Page id">
              {id}
            </span>
            <span aria-hidden="true">·</span>
            <span title={new Date(page.updatedAt).toLocaleString()}>Edited {timeAgo(page.updatedAt, now)}</span>
            <span aria-hidden="true">·</span>
            <span title="Version: the number of changes made to the page">v{page.version}</span>
          </div>
        </div>
      )}

      {row.mode === 'view' && (
        <div className="page-row__actions">
          <button
            ref={renameButton}
            type="button"
            className="icon-button"
            data-testid={`page-rename-${id}`}
            title="Rename"
            aria-label={`Rename ${title}`}
            onClick={() => {
              setError(null);
              setRow({ mode: 'rename', draft: page.title });
            }}
          >
            <Icon name="edit" />
          </button>
          <button
            type="button"
            className="icon-button icon-button--danger"
            data-testid={`page-delete-${id}`}
            title="Delete"
            aria-label={`Delete ${title}`}
            onClick={() => {
              setError(null);
              setRow({ mode: 'confirm-delete' });
            }}
          >
            <Icon name="trash" />
          </button>
        </div>
      )}

      {row.mode === 'confirm-delete' && (
        <div className="page-row__confirm" role="alertdialog" aria-label={`Delete ${title}?`}>
          <span className="page-row__confirm-text">
            Delete this page for everyone? Anyone editing it is disconnected, and it cannot be undone.
          </span>
          <button
            type="button"
            className="button button--small button--danger"
            data-testid={`page-delete-confirm-${id}`}
            disabled={busy}
            // biome-ignore lint/a11y/noAutofocus: the confirmation takes the focus from the button that asked for it
            autoFocus
            onClick={() => void confirmDelete()}
          >
            {busy ? 'Deleting…' : 'Delete'}
          </button>
          <button type="button" className="button button--small" data-testid={`page-delete-cancel-${id}`} onClick={back} disabled={busy}>
            Cancel
          </button>
        </div>
      )}

      {error !== null && (
        <p className="page-row__error" role="alert" data-testid={`page-error-${id}`}>
          {error}
        </p>
      )}
    </li>
  );
}

function CreatePageForm() {
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

function OpenByIdForm() {
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
