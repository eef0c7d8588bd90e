import { useEffect, useState, type FormEvent } from 'react';
import { describeProblem, type DeskClient } from '../api/desk-client.ts';

interface Invitation {
  email: string;
  displayName: string;
  role: string;
  tenant: { slug: string; name: string };
  expiresAt: string;
}

/** An invited user sets their password from the link an admin gave them (`#/invitation/<token>`). */
export function InvitationPage({ client, token, onDone }: { client: DeskClient; token: string; onDone: (message: string, tenant: string) => void }) {
  const [invitation, setInvitation] = useState<Invitation | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');

  useEffect(() => {
    client
      .post<Invitation>('/api/invitations/inspect', { token })
      .then(setInvitation)
      .catch(() => setError('This invitation is unknown, used or expired. Ask your admin for a new one.'));
  }, [client, token]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (password !== repeat) {
      setError('The two passwords differ.');
      return;
    }
    try {
      await client.post('/api/invitations/accept', { token, password });
      onDone('Your password is set. Sign in to start.', invitation?.tenant.slug ?? '');
    } catch (caught) {
      setError(describeProblem(caught, 'The desk could not reach the gateway.'));
    }
  }

  return (
    <main className="login">
      <form className="card" onSubmit={(event) => void submit(event)} aria-labelledby="invite-title">
        <h1 id="invite-title">Welcome to Parley</h1>
        {invitation !== null && (
          <p>
            {invitation.displayName} ({invitation.email}) joins {invitation.tenant.name} as {invitation.role}.
          </p>
        )}
        <label>
          New password (12 characters or more)
          <input type="password" autoComplete="new-password" minLength={12} required value={password} onChange={(event) => setPassword(event.target.value)} />
        </label>
        <label>
          Repeat it
          <input type="password" autoComplete="new-password" minLength={12} required value={repeat} onChange={(event) => setRepeat(event.target.value)} />
        </label>
        {error !== null && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
        <button type="submit" disabled={invitation === null}>
          Set password
        </button>
      </form>
    </main>
  );
}
