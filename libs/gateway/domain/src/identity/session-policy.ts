export interface SessionLifetime {
  /** Seconds without activity after which a session ends. */
  idleSeconds: number;
  /** Seconds after login after which a session ends whatever the activity. */
  maxSeconds: number;
}

export interface SessionTimes {
  createdAt: Date;
  lastSeenAt: Date;
  revokedAt: Date | null;
}

export type SessionState =
  | { valid: true; expiresAt: Date; idleExpiresAt: Date }
  | { valid: false; reason: 'revoked' | 'idle' | 'expired' };

/** Whether a session still holds at `now`, and until when. */
export function sessionState(session: SessionTimes, lifetime: SessionLifetime, now: Date): SessionState {
  if (session.revokedAt !== null) {
    return { valid: false, reason: 'revoked' };
  }
  const expiresAt = new Date(session.createdAt.getTime() + lifetime.maxSeconds * 1000);
  if (now >= expiresAt) {
    return { valid: false, reason: 'expired' };
  }
  const idleExpiresAt = new Date(Math.min(session.lastSeenAt.getTime() + lifetime.idleSeconds * 1000, expiresAt.getTime()));
  if (now >= idleExpiresAt) {
    return { valid: false, reason: 'idle' };
  }
  return { valid: true, expiresAt, idleExpiresAt };
}

/** Activity is written at most this often per session, so a busy desk does not write on every request. */
export const SESSION_TOUCH_INTERVAL_MS = 30_000;

export function shouldTouch(lastSeenAt: Date, now: Date): boolean {
  return now.getTime() - lastSeenAt.getTime() >= SESSION_TOUCH_INTERVAL_MS;
}

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** Session cookies are Secure, except when the public URL itself is plain http on this machine (development). */
export function isSecureCookieUrl(publicUrl: string): boolean {
  const url = new URL(publicUrl);
  return !(url.protocol === 'http:' && LOCAL_HOSTS.has(url.hostname));
}

/** `__Host-` makes browsers refuse the cookie unless Secure, on `/` and without a domain; only possible over https. */
export function sessionCookieName(secure: boolean): string {
  return secure ? '__Host-parley_session' : 'parley_session';
}
