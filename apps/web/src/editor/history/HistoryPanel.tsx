/**
 * The version history panel (right of the canvas, in place of the properties):
 * the page's stored versions, newest first, with when and by whom. Picking one
 * previews it (VersionPreview); the live row goes back to the page as it is.
 * The list is fetched when the panel opens, on Refresh, and again shortly after
 * the page moves on (a new snapshot may have been stored).
 */
import type { PageVersion } from '@tandem/protocol';
import { useCallback, useEffect, useRef, useState } from 'react';
import { describeError, listVersions } from '../../lib/api.ts';
import { clockTime, timeAgo, useNow } from '../../lib/time.ts';
import { useEditor } from '../store-hooks.ts';
import { Icon } from '../icons.tsx';

/** How long after the live page changes the list is fetched again. */
export const REFRESH_AFTER_CHANGE_MS = 2000;

type ListState = { state: 'loading' } | { state: 'error'; message: string } | { state: 'ready'; versions: PageVersion[] };

export interface HistoryPanelProps {
  pageId: string;
  /** The version being previewed, or null for the live page. */
  selected: number | null;
  onSelect: (version: PageVersion | null) => void;
  onClose: () => void;
}

export function authorsText(version: PageVersion): string {
  if (version.authors.length > 0) return version.authors.join(', ');
  return version.version === 0 ? 'Page created' : 'No named editors';
}

/**
 * What made a version, for people (SPEC H1): "Restored version 12 — Ada, 14:02",
 * "Before restore of version 12 — Ada, 14:02", "End of Ada’s session, 14:02";
 * null for a version without a label (stored every so often, or before labels).
 */
export function labelText(version: PageVersion, now: number): string | null {
  const { label } = version;
  if (!label) return null;
  const at = clockTime(label.ts, now);
  switch (label.kind) {
    case 'restore':
      return `Restored version ${label.restoredFrom ?? '?'} — ${label.userName}, ${at}`;
    case 'before-restore':
      return `Before restore of version ${label.restoredFrom ?? '?'} — ${label.userName}, ${at}`;
    case 'session-end':
      return `End of ${label.userName}’s session, ${at}`;
  }
}

export function HistoryPanel({ pageId, selected, onSelect, onClose }: HistoryPanelProps) {
  const liveDoc = useEditor((state) => state.doc);
  const now = useNow();
  const [list, setList] = useState<ListState>({ state: 'loading' });
  const generation = useRef(0);

  const load = useCallback(async () => {
    const mine = ++generation.current;
    try {
      const versions = await listVersions(pageId);
      if (mine === generation.current) setList({ state: 'ready', versions: [...versions].sort((a, b) => b.version - a.version) });
    } catch (error) {
      if (mine === generation.current) setList({ state: 'error', message: describeError(error) });
    }
  }, [pageId]);

  useEffect(() => {
    void load();
    return () => {
      generation.current++;
    };
  }, [load]);

  // Someone edited (or restored): a snapshot may have been stored; look again once things settle.
  const firstDoc = useRef(liveDoc);
  useEffect(() => {
    if (liveDoc === firstDoc.current) return;
    const timer = window.setTimeout(() => void load(), REFRESH_AFTER_CHANGE_MS);
    return () => window.clearTimeout(timer);
  }, [liveDoc, load]);

  return (
    <aside className="panel history" data-testid="history-panel" aria-labelledby="history-heading">
      <div className="history__head">
        <h2 id="history-heading" className="panel__title history__title">
          Version history
        </h2>
        <button
          type="button"
          className="icon-button history__icon-button"
          data-testid="history-refresh"
          title="Refresh"
          aria-label="Refresh the versions"
          onClick={() => void load()}
        >
          <Icon name="refresh" size={14} />
        </button>
        <button
          type="button"
          className="icon-button history__icon-button"
          data-testid="history-panel-close"
          title="Close the history"
          aria-label="Close the history"
          onClick={onClose}
        >
          <Icon name="close" size={14} />
        </button>
      </div>
      <p className="history__hint">Pick a version to preview it. Restoring keeps the current version in history.</p>

      <ol className="history__list">
        <li>
          <button
            type="button"
            className={`history__item history__item--live${selected === null ? ' is-selected' : ''}`}
            data-testid="history-live"
            aria-current={selected === null ? 'true' : undefined}
            onClick={() => onSelect(null)}
          >
            <span className="history__row">
              <span className="history__version">Live page</span>
              <span className="history__badge">Now</span>
            </span>
            <span className="history__meta">What everyone is editing now</span>
          </button>
        </li>
        {list.state === 'ready' &&
          list.versions.map((version) => {
            const isSelected = selected === version.version;
            const label = labelText(version, now);
            return (
              <li key={version.version}>
                <button
                  type="button"
                  className={`history__item${isSelected ? ' is-selected' : ''}`}
                  data-testid={`history-item-${version.version}`}
                  aria-current={isSelected ? 'true' : undefined}
                  onClick={() => onSelect(version)}
                >
                  <span className="history__row">
                    <span className="history__version">Version {version.version}</span>
                    <time
                      className="history__time"
                      dateTime={new Date(version.ts).toISOString()}
                      title={new Date(version.ts).toLocaleString()}
                    >
                      {clockTime(version.ts, now)}
                    </time>
                  </span>
                  {label !== null && (
                    <span className={`history__label history__label--${version.label?.kind}`} data-testid={`history-label-${version.version}`}>
                      {label}
                    </span>
                  )}
                  <span className="history__meta">
                    {timeAgo(version.ts, now)} · <span className="history__authors">{authorsText(version)}</span>
                  </span>
                </button>
              </li>
            );
          })}
      </ol>

      {list.state === 'loading' && (
        <div className="history__status" role="status">
          <span className="spinner" aria-hidden="true" />
          Loading versions…
        </div>
      )}
      {list.state === 'error' && (
        <div className="history__error" role="alert" data-testid="history-error">
          <p>The history could not be loaded. {list.message}</p>
          <button type="button" className="button button--small" onClick={() => void load()}>
            Try again
          </button>
        </div>
      )}
      {list.state === 'ready' && list.versions.length === 0 && <p className="history__hint">No stored versions yet.</p>}
      {list.state === 'ready' && list.versions.length > 0 && (
        <p className="history__foot">A version is kept when an editing session ends, every 100 changes, and around each restore.</p>
      )}
    </aside>
  );
}
