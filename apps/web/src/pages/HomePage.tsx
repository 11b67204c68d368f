/**
 * `/`: the pages on the server (newest change first, 50 at a time with "Show
 * more pages" following the list's cursor), each opening its editor,
 * renamed in place or deleted after a confirmation; a new page, blank or from a
 * template; and a page opened by its id. Talks to the Pages API (lib/api.ts).
 */
import type { PageSummary } from '@tandem/protocol';
import { useCallback, useEffect, useRef, useState } from 'react';
import { Icon } from '../editor/icons.tsx';
import { describeError, listPages } from '../lib/api.ts';
import { CreatePageForm } from './home/CreatePageForm.tsx';
import { OpenByIdForm } from './home/OpenByIdForm.tsx';
import { type ListState, PageList } from './home/PageList.tsx';
import { ImportPageForm } from './ImportPageForm.tsx';
import { AccountMenu } from './auth/AccountMenu.tsx';
import './home.css';

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
            <AccountMenu />
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
          <ImportPageForm />
          <OpenByIdForm />
        </aside>
      </div>
    </main>
  );
}
