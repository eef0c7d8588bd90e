import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { AdminDesk } from './admin/admin-desk.tsx';
import { AgentDesk } from './agent/agent-desk.tsx';
import { DeskApiError, DeskClient } from './api/desk-client.ts';
import type { DeskSession, LiveFrame } from './api/desk-types.ts';
import { liveUrl, LiveSocket, type LiveStatus } from './api/live-socket.ts';
import { ComplianceDesk } from './compliance/compliance-desk.tsx';
import { DeskContext, type DeskContextValue } from './session/desk-context.tsx';
import { InvitationPage } from './session/invitation-page.tsx';
import { LoginPage } from './session/login-page.tsx';
import { SupervisorDesk } from './supervisor/supervisor-desk.tsx';

type Phase = { kind: 'loading' } | { kind: 'signed-out'; notice: string | null } | { kind: 'signed-in'; session: DeskSession };

function invitationToken(): string | null {
  const match = /^#\/invitation\/([A-Za-z0-9_-]{16,256})$/.exec(window.location.hash);
  return match?.[1] ?? null;
}

/** Finds the session (or asks to sign in), then opens the live socket and shows the desk for the user's role. */
export function App() {
  const [phase, setPhase] = useState<Phase>({ kind: 'loading' });
  const [invitation, setInvitation] = useState(invitationToken);
  const endedRef = useRef<(notice: string) => void>(() => {});
  const client = useMemo(() => new DeskClient({ onSessionEnded: () => endedRef.current('Your session has ended. Sign in again.') }), []);

  endedRef.current = (notice: string) => {
    client.csrfToken = null;
    setPhase({ kind: 'signed-out', notice });
  };

  useEffect(() => {
    client
      .get<DeskSession>('/api/session')
      .then((session) => {
        client.csrfToken = session.csrfToken;
        setPhase({ kind: 'signed-in', session });
      })
      .catch((caught: unknown) =>
        setPhase({ kind: 'signed-out', notice: caught instanceof DeskApiError && caught.status === 401 ? null : 'The gateway cannot be reached right now.' }),
      );
  }, [client]);

  if (invitation !== null) {
    return (
      <InvitationPage
        client={client}
        token={invitation}
        onDone={(notice, tenant) => {
          localStorage.setItem('parley.tenant', tenant);
          window.location.hash = '';
          setInvitation(null);
          setPhase({ kind: 'signed-out', notice });
        }}
      />
    );
  }
  if (phase.kind === 'loading') {
    return <p className="loading">Loading the desk…</p>;
  }
  if (phase.kind === 'signed-out') {
    return (
      <LoginPage
        client={client}
        notice={phase.notice}
        onSignedIn={(session) => {
          client.csrfToken = session.csrfToken;
          setPhase({ kind: 'signed-in', session });
        }}
      />
    );
  }
  return <SignedInDesk client={client} session={phase.session} onSignedOut={(notice) => endedRef.current(notice)} />;
}

function SignedInDesk({ client, session, onSignedOut }: { client: DeskClient; session: DeskSession; onSignedOut: (notice: string) => void }) {
  const handlers = useRef(new Set<(frame: LiveFrame) => void>());
  const [liveStatus, setLiveStatus] = useState<LiveStatus>('connecting');
  const [announcement, setAnnouncement] = useState('');
  const live = useMemo(
    () =>
      new LiveSocket({
        url: liveUrl(window.location),
        onStatus: setLiveStatus,
        onFrame: (frame) => {
          if (frame.type === 'session-ended') {
            onSignedOut(frame.reason === 'deactivated' ? 'Your account was deactivated.' : 'Your session has ended. Sign in again.');
            return;
          }
          for (const handler of handlers.current) {
            handler(frame);
          }
        },
      }),
    [onSignedOut],
  );

  useEffect(() => {
    live.start();
    return () => live.stop();
  }, [live]);

  const onFrame = useCallback((handler: (frame: LiveFrame) => void) => {
    handlers.current.add(handler);
    return () => {
      handlers.current.delete(handler);
    };
  }, []);

  const context: DeskContextValue = useMemo(
    () => ({ client, session, live, liveStatus, onFrame, announce: setAnnouncement }),
    [client, session, live, liveStatus, onFrame],
  );

  async function signOut() {
    await client.delete('/api/session').catch(() => undefined);
    live.stop();
    onSignedOut('You have signed out.');
  }

  const { user, tenant } = session;
  return (
    <DeskContext.Provider value={context}>
      <header className="topbar">
        <strong>Parley</strong>
        <span>{tenant.name}</span>
        <span className="grow" />
        <span className={`live live-${liveStatus}`} title="live updates">
          {liveStatus === 'open' ? 'live' : liveStatus === 'connecting' ? 'connecting…' : 'offline, retrying'}
        </span>
        <span>
          {user.displayName} · {user.role}
        </span>
        <button type="button" onClick={() => void signOut()}>
          Sign out
        </button>
      </header>
      <p className="visually-hidden" role="status" aria-live="polite">
        {announcement}
      </p>
      {user.role === 'agent' && <AgentDesk />}
      {user.role === 'supervisor' && <SupervisorDesk />}
      {user.role === 'compliance' && <ComplianceDesk />}
      {user.role === 'admin' && <AdminDesk />}
    </DeskContext.Provider>
  );
}
