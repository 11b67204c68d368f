/** Who is signed in, and "Sign out" (then the sign-in page). Shown on the home page and in the editor's top bar. */
import type { Account } from '@tandem/protocol';
import { useEffect, useState } from 'react';
import { describeError, getMe, signOut } from '../../lib/api.ts';
import { navigate } from '../../lib/routes.ts';

/** `compact` (the editor's crowded top bar): an initial that opens the name and Sign out. */
export function AccountMenu({ compact = false }: { compact?: boolean }) {
  const [me, setMe] = useState<Account | null>(null);
  const [open, setOpen] = useState(false);
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

  const signOutButton = (
    <button type="button" className="button" data-testid="account-signout" onClick={() => void out()} title={error ?? undefined}>
      Sign out
    </button>
  );
  if (compact) {
    return (
      <div className="account-menu account-menu--compact">
        <button
          type="button"
          className="icon-button account-menu__toggle"
          data-testid="account-menu"
          aria-expanded={open}
          aria-label={me ? `Account: ${me.name}` : 'Account'}
          title={me ? `${me.name} (${me.email})` : 'Account'}
          onClick={() => setOpen(!open)}
        >
          {me ? (me.name.trim()[0] ?? '?').toUpperCase() : '?'}
          {me && <span className="sr-only">{me.name}</span>}
        </button>
        {open && (
          <div className="account-menu__popover">
            {me && <span className="account-menu__name">{me.name}</span>}
            {signOutButton}
          </div>
        )}
      </div>
    );
  }
  return (
    <div className="account-menu" data-testid="account-menu">
      {me && (
        <span className="account-menu__name" title={me.email}>
          {me.name}
        </span>
      )}
      {signOutButton}
    </div>
  );
}
