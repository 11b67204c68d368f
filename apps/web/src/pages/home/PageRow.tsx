/** One page in the list: opens its editor, renamed in place, or deleted after a confirmation. */
import { DEFAULT_PAGE_TITLE, type PageSummary, roleAtLeast } from '@tandem/protocol';
import { type FormEvent, type KeyboardEvent, type MouseEvent, useRef, useState } from 'react';
import { Icon } from '../../editor/icons.tsx';
import { deletePage, describeError, renamePage } from '../../lib/api.ts';
import { navigate, pagePath } from '../../lib/routes.ts';
import { timeAgo } from '../../lib/time.ts';
import { MAX_TITLE, normaliseTitle } from './page-title.ts';

type RowMode = { mode: 'view' } | { mode: 'rename'; draft: string } | { mode: 'confirm-delete' };

export function PageRow({
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
  const title = page.title || DEFAULT_PAGE_TITLE;
  // The server refuses what the role does not allow (403); not offering it spares the person the error.
  const canRename = roleAtLeast(page.role, 'editor');
  const canDelete = page.role === 'owner';

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
            <span aria-hidden="true">·</span>
            <span className={`role-badge role-badge--${page.role}`} data-testid={`page-role-${id}`} title="Your role on this page">
              {page.role}
            </span>
          </div>
        </div>
      )}

      {row.mode === 'view' && (canRename || canDelete) && (
        <div className="page-row__actions">
          {canRename && (
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
          )}
          {canDelete && (
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
          )}
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
