/** Who is signed in, and "Sign out" (then the sign-in page). Shown on the home page and in the editor's top bar. */
import type { Account } from '@tandem/protocol';
import { useEffect, useState } from 'react';
import { describeError, getMe, signOut } from '../../lib/api.ts';
import { navigate } from '../../lib/routes.ts';

export function AccountMenu() {
  const [me, setMe] = useState<Account | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    void getMe().then((account) => {
      if (live) setMe(account);
    });
    return () => {
      live = false;
    };
  }, []);

  const out = async () => {
    try {
      await signOut();
      navigate('/signin');
    } catch (err) {
      setError(describeError(err));
    }
  };

  return (
    <div className="account-menu" data-testid="account-menu">
      {me && (
        <span className="account-menu__name" title={me.email}>
          {me.name}
        </span>
      )}
      <button type="button" className="button" data-testid="account-signout" onClick={() => void out()} title={error ?? undefined}>
        Sign out
      </button>
    </div>
  );
}
