import { timingSafeEqual } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DomainError } from '@parley/contracts';
import { DirectoryRepository, LoginAttemptsRepository, SessionsRepository, UsersRepository, type StoredSession } from '@parley/gateway-data-access';
import {
  csrfTokenFor,
  decideLogin,
  hashPassword,
  hashSecretToken,
  loginThrottleKeys,
  needsRehash,
  newSecretToken,
  sessionState,
  shouldTouch,
  verifyAgainstDecoy,
  verifyPassword,
} from '@parley/gateway-domain';
import { APP_CONFIG } from '@parley/platform/config';
import type { GatewayConfig } from '../config.ts';
import { GatewayMetrics } from '../gateway.metrics.ts';
import type { DeskPrincipal } from './desk-principal.ts';
import { SessionEvents, type SessionEndReason } from './session-events.ts';

export interface LoginInput {
  tenant: string;
  email: string;
  password: string;
}

/** Why a presented session does not hold: none was presented, or it ended (expired, revoked, user or tenant gone). */
export type SessionFailure = 'session.required' | 'session.expired';

export class LoginRateLimitedError extends DomainError {
  readonly retryAfterSeconds: number;

  constructor(retryAfterSeconds: number) {
    super('rate-limited', 'login.rate-limited', `Too many failed logins; try again in ${retryAfterSeconds} s.`, { retryAfterSeconds });
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/**
 * Password login with database-backed throttling, opaque sessions kept by their hash with idle and absolute expiry,
 * and the per-session CSRF token. One answer for every failed login, so it never tells which part was wrong.
 */
@Injectable()
export class SessionService {
  readonly #config: GatewayConfig['desk'];
  readonly #csrfSecret: string;

  constructor(
    private readonly directory: DirectoryRepository,
    private readonly users: UsersRepository,
    private readonly sessions: SessionsRepository,
    private readonly attempts: LoginAttemptsRepository,
    private readonly events: SessionEvents,
    private readonly metrics: GatewayMetrics,
    @Inject(APP_CONFIG) config: GatewayConfig,
  ) {
    this.#config = config.desk;
    this.#csrfSecret = config.edge.keySecret;
  }

  async login(input: LoginInput, address: string, now = new Date()): Promise<{ token: string; principal: DeskPrincipal }> {
    const keys = loginThrottleKeys(input.tenant, input.email, address);
    const attemptIds = await this.attempts.record(keys, now);
    const windowStart = new Date(now.getTime() - this.#config.login.windowSeconds * 1000);
    const decision = decideLogin(await this.attempts.recent(keys, windowStart), this.#config.login, now);
    if (!decision.allowed) {
      await this.attempts.forget(attemptIds);
      this.metrics.deskLogins.inc({ outcome: 'rate-limited' });
      throw new LoginRateLimitedError(decision.retryAfterSeconds);
    }
    const tenant = await this.directory.findTenantBySlug(input.tenant.trim().toLowerCase());
    const credentials = tenant?.status === 'active' ? await this.users.credentials(tenant.id, input.email) : undefined;
    const isMatch =
      credentials?.user.status === 'active' && credentials.passwordHash !== null
        ? await verifyPassword(input.password, credentials.passwordHash)
        : await verifyAgainstDecoy(input.password);
    if (!isMatch || !credentials || !tenant) {
      this.metrics.deskLogins.inc({ outcome: 'failed' });
      throw new DomainError('unauthorized', 'login.invalid', 'The organisation, e-mail address or password is wrong, or the account is not active.');
    }
    await this.attempts.forget(attemptIds);
    await this.attempts.clear(keys.account);
    this.metrics.deskLogins.inc({ outcome: 'succeeded' });
    const rehashed = credentials.passwordHash !== null && needsRehash(credentials.passwordHash) ? await hashPassword(input.password) : undefined;
    await this.users.recordLogin(credentials.user.id, now, rehashed);
    const token = newSecretToken();
    const tokenHash = hashSecretToken(token);
    await this.sessions.create(tokenHash, credentials.user, now);
    const stored = await this.sessions.find(tokenHash);
    const principal = stored ? this.#principalOf(stored, token, now) : undefined;
    if (!principal) {
      throw new DomainError('unavailable', 'session.unavailable', 'The session could not be started; try again.');
    }
    return { token, principal };
  }

  /** The principal a session token stands for now, or why it does not stand for one; refreshes its activity. */
  async resolve(token: string | undefined, now = new Date()): Promise<DeskPrincipal | SessionFailure> {
    if (token === undefined) {
      return 'session.required';
    }
    const stored = await this.sessions.find(hashSecretToken(token));
    const principal = stored ? this.#principalOf(stored, token, now) : undefined;
    if (!stored || !principal) {
      return stored ? 'session.expired' : 'session.required';
    }
    if (shouldTouch(stored.lastSeenAt, now)) {
      await this.sessions.touch(stored.tokenHash, now);
      return this.#principalOf({ ...stored, lastSeenAt: now }, token, now) ?? 'session.expired';
    }
    return principal;
  }

  /** Why a session no longer holds, for the desk to tell the user: signed out, deactivated, or simply expired. */
  async endReasonOf(token: string): Promise<SessionEndReason> {
    const stored = await this.sessions.find(hashSecretToken(token));
    if (stored?.user.status === 'deactivated') {
      return 'deactivated';
    }
    return stored?.revokedAt ? 'logged-out' : 'expired';
  }

  /** Compares a presented CSRF token with the session's in constant time. */
  isCsrfTokenValid(principal: DeskPrincipal, presented: string | undefined): boolean {
    const expected = Buffer.from(principal.csrfToken);
    const given = Buffer.from(presented ?? '');
    return given.length === expected.length && timingSafeEqual(given, expected);
  }

  async logout(principal: DeskPrincipal, now = new Date()): Promise<void> {
    await this.sessions.revoke(principal.sessionTokenHash, now);
    this.events.ended({ reason: 'logged-out', sessionTokenHash: principal.sessionTokenHash });
  }

  #principalOf(stored: StoredSession, token: string, now: Date): DeskPrincipal | undefined {
    const state = sessionState(stored, this.#config.session, now);
    if (!state.valid || stored.user.status !== 'active' || stored.tenant.status !== 'active') {
      return undefined;
    }
    return {
      user: stored.user,
      tenant: { id: stored.tenant.id, slug: stored.tenant.slug, name: stored.tenant.name },
      sessionTokenHash: stored.tokenHash,
      csrfToken: csrfTokenFor(this.#csrfSecret, token),
      expiresAt: state.expiresAt,
      idleExpiresAt: state.idleExpiresAt,
    };
  }
}
