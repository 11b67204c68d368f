/** The list of pages: loading, an error with a retry, empty, or one row per page. */
import type { PageSummary } from '@tandem/protocol';
import { Icon } from '../../editor/icons.tsx';
import { useNow } from '../../lib/time.ts';
import { PageRow } from './PageRow.tsx';

export type ListState =
  | { state: 'loading' }
  | { state: 'error'; message: string }
  | {
      state: 'ready';
      pages: PageSummary[];
      /** Where the next stretch of the list starts; null when every page is shown. */
      nextCursor: string | null;
      more?: { busy: boolean; error: string | null };
    };

export function PageList({
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
