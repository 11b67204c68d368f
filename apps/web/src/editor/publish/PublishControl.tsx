/**
 * The Publish button in the top bar and its panel: whether the page is live and
 * how it compares with the draft ("Not published", "Published 3 min ago",
 * "Changes since publishing"), Publish, the public link (copy, open), every
 * publication with "Make live" (rollback), and Unpublish.
 *
 * The state comes from GET /api/pages/:id/publications, read when the editor
 * opens, when the panel opens, when the window regains focus, and after each
 * action here; "changes" compares
 * the live publication's version with the version this person sees.
 */
import type { PublicationsResponse } from '@tandem/protocol';
import { useCallback, useEffect, useRef, useState } from 'react';
import { describeError, listPublications, makeLive, publishPage, unpublishPage } from '../../lib/api.ts';
import { timeAgo, useNow } from '../../lib/time.ts';
import { useEditor } from '../store-hooks.ts';
import { Icon } from '../icons.tsx';
import { useDismiss } from './use-dismiss.ts';
import { copyText } from '../../lib/copy-text.ts';
import './publish.css';

export type PublishState = 'not-published' | 'published' | 'changed';

/** The words on the button, from the live publication (if any) and the version on screen. */
export function publishStateOf(
  live: { version: number; publishedAt: number } | null,
  version: number,
  now: number,
): { state: PublishState; label: string } {
  if (!live) return { state: 'not-published', label: 'Not published' };
  if (version > live.version) return { state: 'changed', label: 'Changes since publishing' };
  return { state: 'published', label: `Published ${timeAgo(live.publishedAt, now)}` };
}

export function PublishControl({ pageId, userName, disabled = false }: { pageId: string; userName: string; disabled?: boolean }) {
  const version = useEditor((state) => state.version);
  const now = useNow();
  const [data, setData] = useState<PublicationsResponse | null>(null);
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [copied, setCopied] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  const close = useCallback(() => setOpen(false), []);

  const refresh = useCallback(async () => {
    try {
      setData(await listPublications(pageId));
    } catch (failure) {
      setError(describeError(failure));
    }
  }, [pageId]);

  // Someone else may have published meanwhile: read again when this window comes back into focus.
  useEffect(() => {
    void refresh();
    const onFocus = () => void refresh();
    window.addEventListener('focus', onFocus);
    return () => window.removeEventListener('focus', onFocus);
  }, [refresh]);

  // Clicking elsewhere or Escape closes the panel.
  useDismiss(open, root, close);

  useEffect(() => {
    if (!copied) return;
    const timer = window.setTimeout(() => setCopied(false), 2000);
    return () => window.clearTimeout(timer);
  }, [copied]);

  const act = async (work: () => Promise<PublicationsResponse | null>) => {
    setBusy(true);
    setError(null);
    try {
      const next = await work();
      if (next) setData(next);
      else await refresh();
    } catch (failure) {
      setError(describeError(failure));
    } finally {
      setBusy(false);
    }
  };

  // An old version on screen (the history's preview): nothing to publish from here.
  if (disabled && open) setOpen(false);
  const live = data?.publications.find((p) => p.live) ?? null;
  const { state, label } = publishStateOf(live, version, now);
  const url = data?.url ?? `${window.location.origin}/s/${pageId}`;

  return (
    <div className="publish" ref={root}>
      <button
        type="button"
        className={`button publish__toggle publish__toggle--${state}`}
        data-testid="publish-toggle"
        data-state={state}
        aria-expanded={open}
        aria-haspopup="dialog"
        disabled={disabled}
        title="Publish this page at a public address"
        onClick={() => {
          if (!open) void refresh();
          setOpen(!open);
        }}
      >
        <Icon name="globe" />
        <span className="publish__label">Publish</span>
        <span className="publish__state" data-testid="publish-state">
          {label}
        </span>
      </button>
      {open && (
        <div className="publish__panel" role="dialog" aria-label="Publishing" data-testid="publish-panel">
          <div className="publish__head">
            <strong>{live ? 'Live at its public address' : 'Not on the web yet'}</strong>
            <span className="publish__status">{label}</span>
          </div>
          <button
            type="button"
            className="button button--primary publish__now"
            data-testid="publish-now"
            disabled={busy}
            onClick={() =>
              act(async () => {
                await publishPage(pageId, userName);
                return null; // then read the list again: it has the new publication, live
              })
            }
          >
            {busy ? 'Working…' : state === 'published' ? 'Publish again' : state === 'changed' ? 'Publish changes' : 'Publish'}
          </button>
          <div className={`publish__link${live ? '' : ' publish__link--off'}`}>
            <a href={url} target="_blank" rel="noopener noreferrer" data-testid="public-link" className="publish__url">
              {url}
            </a>
            <button
              type="button"
              className="button button--small"
              data-testid="public-link-copy"
              onClick={() => copyText(url).then(setCopied)}
            >
              <Icon name={copied ? 'check' : 'copy'} size={14} />
              {copied ? 'Copied' : 'Copy'}
            </button>
            <a className="button button--small" href={url} target="_blank" rel="noopener noreferrer" data-testid="public-link-open">
              Open
            </a>
          </div>
          {!live && data && data.publications.length > 0 && (
            <p className="publish__hint">Unpublished: the address answers “not found” until a publication is made live.</p>
          )}
          {error && (
            <p className="publish__error" role="alert" data-testid="publish-error">
              {error}
            </p>
          )}
          {data && data.publications.length > 0 && (
            <>
              <h3 className="publish__title">Publications</h3>
              <ol className="publish__list" data-testid="publication-list">
                {data.publications.map((p) => (
                  <li key={p.number} className="publish__item" data-testid={`publication-${p.number}`} data-live={p.live}>
                    <span className="publish__number">#{p.number}</span>
                    <span className="publish__meta">
                      version {p.version} · {p.publishedBy} · {timeAgo(p.publishedAt, now)}
                    </span>
                    {p.live ? (
                      <span className="publish__badge">Live</span>
                    ) : (
                      <button
                        type="button"
                        className="button button--small"
                        data-testid={`publication-live-${p.number}`}
                        disabled={busy}
                        onClick={() => act(() => makeLive(pageId, p.number))}
                      >
                        Make live
                      </button>
                    )}
                  </li>
                ))}
              </ol>
              {live && (
                <button
                  type="button"
                  className="button button--small button--danger publish__unpublish"
                  data-testid="unpublish"
                  disabled={busy}
                  onClick={() => act(() => unpublishPage(pageId))}
                >
                  Unpublish
                </button>
              )}
            </>
          )}
        </div>
      )}
    </div>
  );
}
