/**
 * `/signin` and `/signup`: one form in two modes. After success the person goes
 * where they were going (`?next=`, a path on this site) or `/`. On a fresh
 * server (`firstRun`: no account yet) it opens as "Create your account".
 */
import { PasswordSchema } from '@tandem/protocol';
import { type FormEvent, useEffect, useState } from 'react';
import { describeError, getAuthConfig, signIn, signUp } from '../../lib/api.ts';
import { navigate, nextPath } from '../../lib/routes.ts';
import '../home.css';

export function AuthPage({ mode: initialMode }: { mode: 'signin' | 'signup' }) {
  const [mode, setMode] = useState(initialMode);
  const [firstRun, setFirstRun] = useState(false);
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const search = window.location.search;

  useEffect(() => {
    document.title = mode === 'signup' ? 'Create your account · Tandem' : 'Sign in · Tandem';
  }, [mode]);

  useEffect(() => {
    let live = true;
    getAuthConfig().then(
      (config) => {
        if (!live || !config.firstRun) return;
        setFirstRun(true);
        setMode('signup');
      },
      () => {},
    );
    return () => {
      live = false;
    };
  }, []);

  const switchMode = () => {
    const next = mode === 'signin' ? 'signup' : 'signin';
    setMode(next);
    setError(null);
    window.history.replaceState(null, '', `/${next}${search}`);
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    if (mode === 'signup') {
      const checked = PasswordSchema.safeParse(password);
      if (!checked.success) return setError('A password is at least 8 characters.');
      if (name.trim() === '') return setError('Tell the others your name.');
    }
    setBusy(true);
    setError(null);
    try {
      if (mode === 'signup') await signUp({ email: email.trim(), password, name: name.trim() });
      else await signIn(email.trim(), password);
      navigate(nextPath(search));
    } catch (err) {
      setError(describeError(err));
      setBusy(false);
    }
  };

  const title = mode === 'signup' ? 'Create your account' : 'Sign in';
  return (
    <main className="home">
      <form className="home__card auth" onSubmit={(e) => void submit(e)} noValidate>
        <div className="home__brand">
          <span className="logo" aria-hidden="true">
            T
          </span>
          Tandem
        </div>
        <h1>{title}</h1>
        {firstRun && <p className="home__lead">This server has no account yet: yours will be the first.</p>}
        {mode === 'signup' && (
          <label className="auth__field">
            Your name
            <input
              className="input input--large"
              data-testid="auth-name"
              autoComplete="name"
              maxLength={64}
              value={name}
              onChange={(e) => setName(e.target.value)}
            />
          </label>
        )}
        <label className="auth__field">
          Email
          <input
            className="input input--large"
            data-testid="auth-email"
            type="email"
            autoComplete="email"
            value={email}
            onChange={(e) => setEmail(e.target.value)}
          />
        </label>
        <label className="auth__field">
          Password{mode === 'signup' && ' (at least 8 characters)'}
          <input
            className="input input--large"
            data-testid="auth-password"
            type="password"
            autoComplete={mode === 'signup' ? 'new-password' : 'current-password'}
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </label>
        {error !== null && (
          <p className="auth__error" role="alert" data-testid="auth-error">
            {error}
          </p>
        )}
        <button type="submit" className="button button--primary button--large" data-testid="auth-submit" disabled={busy}>
          {mode === 'signup' ? 'Create account' : 'Sign in'}
        </button>
        <button type="button" className="button auth__switch" data-testid="auth-switch" onClick={switchMode}>
          {mode === 'signup' ? 'I have an account: sign in' : 'New here? Create an account'}
        </button>
      </form>
    </main>
  );
}
