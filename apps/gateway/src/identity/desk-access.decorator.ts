import { applyDecorators, createParamDecorator, SetMetadata, UseGuards, type ExecutionContext } from '@nestjs/common';
import { DomainError } from '@parley/contracts';
import type { FastifyRequest } from 'fastify';
import { DeskAccessGuard } from './desk-access.guard.ts';
import { DESK_ACCESS_METADATA, type DeskAccessRule } from './desk-access.rule.ts';
import type { DeskPrincipal } from './desk-principal.ts';

/** Puts a route behind the desk's session, CSRF and role checks (or only the origin check, for public routes). */
export function DeskAccess(rule: DeskAccessRule): MethodDecorator {
  return applyDecorators(SetMetadata(DESK_ACCESS_METADATA, rule), UseGuards(DeskAccessGuard));
}

/** The signed-in caller of a desk route. */
export const Principal = createParamDecorator((_data: unknown, context: ExecutionContext): DeskPrincipal => {
  const principal = context.switchToHttp().getRequest<FastifyRequest>().deskPrincipal;
  if (!principal) {
    throw new DomainError('unauthorized', 'session.required', 'Sign in first.');
  }
  return principal;
});
