import { createHash, createHmac, randomBytes } from 'node:crypto';

/** A bearer secret (session cookie, invitation): 32 random bytes, base64url. */
export function newSecretToken(): string {
  return randomBytes(32).toString('base64url');
}

/** What the database keeps of a bearer secret: its SHA-256, so a leaked table opens no session. */
export function hashSecretToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/**
 * The session's CSRF token: keyed with the server's secret over the session token, so it is stable for the
 * session, never stored, and nobody without both the secret and the cookie can make it.
 */
export function csrfTokenFor(serverSecret: string, sessionToken: string): string {
  return createHmac('sha256', serverSecret).update(`csrf\u0000${sessionToken}`).digest('base64url');
}

/** A stable id derived from its parts, for commands and messages a repeated request must not duplicate. */
export function derivedId(prefix: string, serverSecret: string, parts: readonly string[]): string {
  return `${prefix}_${createHmac('sha256', serverSecret).update(parts.join('\u0000')).digest().subarray(0, 18).toString('base64url')}`;
}
