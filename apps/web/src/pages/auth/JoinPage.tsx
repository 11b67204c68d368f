/**
 * `/join/<token>`: a share link. Signed in, it joins (`POST /api/join`) and opens
 * the page; signed out, it goes to sign in (or up) first and comes back here. An
 * unknown or revoked link says so, with the way home.
 */
import { useEffect, useState } from 'react';
import { ApiError, describeError, getMe, joinPage } from '../../lib/api.ts';
import { navigate, pagePath, signInPath } from '../../lib/routes.ts';
import '../home.css';

export function JoinPage({ token }: { token: string }) {
  const [failure, setFailure] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    void (async () => {
      const me = await getMe();
      if (!live) return;
      if (me === null) return navigate(signInPath('signup'));
      try {
        const { pageId } = await joinPage(token);
        if (live) navigate(pagePath(pageId));
      } catch (error) {
        if (!live) return;
        setFailure(
          error instanceof ApiError && error.code === 'not-found'
            ? 'This invite link does not work: it was revoked, or it was never right. Ask the page’s owner for a new one.'
            : describeError(error),
        );
      }
    })();
    return () => {
      live = false;
    };
  }, [token]);

  return (
    <main className="home">
      <div className="home__card" data-testid="join">
        {failure === null ? (
          <p className="home__lead" role="status">
            Joining the page…
          </p>
        ) : (
          <>
            <h1>This link does not work</h1>
            <p className="home__lead" data-testid="join-error">
              {failure}
            </p>
            <button type="button" className="button button--primary" onClick={() => navigate('/')}>
              Go to the start page
            </button>
          </>
        )}
      </div>
    </main>
  );
}
