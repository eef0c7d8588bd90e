import { describe, expect, it } from 'vitest';
import { isSecureCookieUrl, sessionCookieName, sessionState } from './session-policy.ts';

const lifetime = { idleSeconds: 3600, maxSeconds: 43_200 };
const createdAt = new Date('2026-12-20T08:00:00Z');

describe('sessionState', () => {
  it('holds until the idle limit after the last activity', () => {
    const lastSeenAt = new Date('2026-12-20T09:00:00Z');
    expect(sessionState({ createdAt, lastSeenAt, revokedAt: null }, lifetime, new Date('2026-12-20T09:59:59Z'))).toEqual({
      valid: true,
      expiresAt: new Date('2026-12-20T20:00:00Z'),
      idleExpiresAt: new Date('2026-12-20T10:00:00Z'),
    });
    expect(sessionState({ createdAt, lastSeenAt, revokedAt: null }, lifetime, new Date('2026-12-20T10:00:00Z'))).toEqual({ valid: false, reason: 'idle' });
  });

  it('ends at the absolute limit however active', () => {
    const lastSeenAt = new Date('2026-12-20T19:59:00Z');
    expect(sessionState({ createdAt, lastSeenAt, revokedAt: null }, lifetime, new Date('2026-12-20T20:00:00Z'))).toEqual({ valid: false, reason: 'expired' });
  });

  it('ends at once when revoked', () => {
    expect(sessionState({ createdAt, lastSeenAt: createdAt, revokedAt: createdAt }, lifetime, createdAt)).toEqual({ valid: false, reason: 'revoked' });
  });
});

describe('cookie policy', () => {
  it('is Secure everywhere but plain http on this machine', () => {
    expect(isSecureCookieUrl('https://desk.example.com')).toBe(true);
    expect(isSecureCookieUrl('http://desk.example.com')).toBe(true);
    expect(isSecureCookieUrl('http://127.0.0.1:3000')).toBe(false);
    expect(isSecureCookieUrl('http://localhost:3000')).toBe(false);
    expect(sessionCookieName(true)).toBe('__Host-parley_session');
    expect(sessionCookieName(false)).toBe('parley_session');
  });
});
