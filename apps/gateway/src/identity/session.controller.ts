import { Body, Controller, Delete, Get, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ANY_ROLE } from '@parley/gateway-domain';
import { ZodValidationPipe } from '@parley/platform/http';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { ApiDoc, ApiTag } from '../openapi/api-doc.decorator.ts';
import { DeskAccess, Principal } from './desk-access.decorator.ts';
import { describeUser, type DeskPrincipal } from './desk-principal.ts';
import { loginSchema, sessionViewSchema, tenantViewSchema, userViewSchema, type LoginBody } from './identity.dto.ts';
import { SessionCookie } from './session-cookie.ts';
import { LoginRateLimitedError, SessionService } from './session.service.ts';

function describeSession(principal: DeskPrincipal): z.infer<typeof sessionViewSchema> {
  return {
    user: describeUser(principal.user) as z.infer<typeof userViewSchema>,
    tenant: principal.tenant,
    csrfToken: principal.csrfToken,
    expiresAt: principal.expiresAt.toISOString(),
    idleExpiresAt: principal.idleExpiresAt.toISOString(),
  };
}

/** Signing in and out of the desk, and who the signed-in user is. */
@ApiTag('desk: session')
@Controller('api')
export class SessionController {
  constructor(
    private readonly sessions: SessionService,
    private readonly cookie: SessionCookie,
  ) {}

  @Post('session')
  @HttpCode(200)
  @DeskAccess({ public: true })
  @ApiDoc({
    summary: 'Sign in with the tenant, e-mail and password; sets the session cookie',
    description: 'Failed logins are limited per account and per client address across all replicas (429 with Retry-After).',
    body: loginSchema,
    example: { tenant: 'demo', email: 'ana@acme.test', password: 'correct horse battery staple' },
    response: sessionViewSchema,
  })
  async login(
    @Body(new ZodValidationPipe(loginSchema)) body: LoginBody,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<unknown> {
    try {
      const { token, principal } = await this.sessions.login(body, request.ip);
      this.cookie.write(reply, token);
      return describeSession(principal);
    } catch (error) {
      if (error instanceof LoginRateLimitedError) {
        void reply.header('retry-after', String(error.retryAfterSeconds));
      }
      throw error;
    }
  }

  @Get('session')
  @DeskAccess({ roles: ANY_ROLE })
  @ApiDoc({ summary: 'The current session, with its CSRF token', response: sessionViewSchema })
  current(@Principal() principal: DeskPrincipal): unknown {
    return describeSession(principal);
  }

  @Delete('session')
  @HttpCode(204)
  @DeskAccess({ roles: ANY_ROLE })
  @ApiDoc({ summary: 'Sign out: ends the session, clears the cookie and closes the user\'s live connections', status: 204 })
  async logout(@Principal() principal: DeskPrincipal, @Res({ passthrough: true }) reply: FastifyReply): Promise<void> {
    await this.sessions.logout(principal);
    this.cookie.clear(reply);
  }

  @Get('me')
  @DeskAccess({ roles: ANY_ROLE })
  @ApiDoc({ summary: 'The signed-in user (role, agentId) and their tenant', response: z.object({ user: userViewSchema, tenant: tenantViewSchema }) })
  me(@Principal() principal: DeskPrincipal): unknown {
    return { user: describeUser(principal.user), tenant: principal.tenant };
  }
}
