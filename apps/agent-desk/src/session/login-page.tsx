import { useState, type FormEvent } from 'react';
import { describeProblem, DeskApiError, type DeskClient } from '../api/desk-client.ts';
import type { DeskSession } from '../api/desk-types.ts';

/** Sign-in: the tenant's short name, e-mail and password; the gateway sets the session cookie. */
export function LoginPage({ client, notice, onSignedIn }: { client: DeskClient; notice: string | null; onSignedIn: (session: DeskSession) => void }) {
  const [tenant, setTenant] = useState(() => localStorage.getItem('parley.tenant') ?? '');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const session = await client.post<DeskSession>('/api/session', { tenant: tenant.trim(), email: email.trim(), password });
      localStorage.setItem('parley.tenant', tenant.trim());
      onSignedIn(session);
    } catch (caught) {
      if (caught instanceof DeskApiError && caught.code === 'login.rate-limited') {
        setError('Too many failed attempts. Wait a few minutes before trying again.');
      } else if (caught instanceof DeskApiError && caught.status === 401) {
        setError('That tenant, e-mail and password do not match an active user.');
      } else {
        setError(describeProblem(caught, 'The desk could not reach the gateway.'));
      }
    } finally {
      setBusy(false);
    }
  }

  return (
    <main className="login">
      <form onSubmit={(event) => void submit(event)} aria-labelledby="login-title" className="card">
        <h1 id="login-title">Parley</h1>
        {notice !== null && <p role="status" className="notice">{notice}</p>}
        <label>
          Organisation
          <input name="tenant" autoComplete="organization" required value={tenant} onChange={(event) => setTenant(event.target.value)} autoFocus={tenant === ''} />
        </label>
        <label>
          E-mail
          <input name="email" type="email" autoComplete="username" required value={email} onChange={(event) => setEmail(event.target.value)} autoFocus={tenant !== ''} />
        </label>
        <label>
          Password
          <input name="password" type="password" autoComplete="current-password" required value={password} onChange={(event) => setPassword(event.target.value)} />
        </label>
        {error !== null && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
        <button type="submit" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}
