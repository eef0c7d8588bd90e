import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { DomainError } from '@parley/contracts';
import { hasRole } from '@parley/gateway-domain';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DESK_ACCESS_METADATA, type DeskAccessRule } from './desk-access.rule.ts';
import { OriginPolicy } from './origin-policy.ts';
import { SessionCookie } from './session-cookie.ts';
import { SessionService } from './session.service.ts';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Every desk route passes here: the origin first, then the session from the cookie, the CSRF token on anything that
 * changes state, and the route's roles; only then is the principal attached for the handler.
 */
@Injectable()
export class DeskAccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly sessions: SessionService,
    private readonly cookie: SessionCookie,
    private readonly origins: OriginPolicy,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const rule = this.reflector.get<DeskAccessRule | undefined>(DESK_ACCESS_METADATA, context.getHandler());
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    // Desk answers carry a user's data: never cached, never sniffed into another type, whatever the outcome.
    void context.switchToHttp().getResponse<FastifyReply>().header('cache-control', 'no-store').header('x-content-type-options', 'nosniff');
    if (!rule) {
      throw new Error(`${context.getClass().name}.${context.getHandler().name} has the desk guard without a @DeskAccess rule`);
    }
    if (!this.origins.allows(request.headers.origin)) {
      throw new DomainError('forbidden', 'origin.forbidden', 'Requests from this origin are not accepted.');
    }
    // Only JSON bodies: another site's form can post urlencoded text, never JSON without a preflight nobody grants.
    const contentType = request.headers['content-type'];
    if (!SAFE_METHODS.has(request.method) && contentType !== undefined && !/^application\/json\s*(?:;|$)/i.test(contentType)) {
      throw new DomainError('unsupported-media-type', 'request.json-required', 'Send the body as application/json.');
    }
    if ('public' in rule) {
      return true;
    }
    const resolved = await this.sessions.resolve(this.cookie.read(request));
    if (typeof resolved === 'string') {
      throw new DomainError('unauthorized', resolved, resolved === 'session.expired' ? 'The session ended; sign in again.' : 'Sign in first.');
    }
    if (!SAFE_METHODS.has(request.method)) {
      const presented = request.headers['x-csrf-token'];
      if (!this.sessions.isCsrfTokenValid(resolved, typeof presented === 'string' ? presented : undefined)) {
        throw new DomainError('forbidden', 'csrf.token-invalid', 'This change needs the session\'s x-csrf-token header.');
      }
    }
    if (!hasRole(resolved.user.role, rule.roles)) {
      throw new DomainError('forbidden', 'role.forbidden', 'Your role does not allow this.');
    }
    request.deskPrincipal = resolved;
    return true;
  }
}
