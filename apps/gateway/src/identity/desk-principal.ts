import type { User } from '@parley/gateway-data-access';

/** Who is calling the desk API: the signed-in user, their tenant and their session. */
export interface DeskPrincipal {
  user: User;
  tenant: { id: string; slug: string; name: string };
  sessionTokenHash: string;
  csrfToken: string;
  expiresAt: Date;
  idleExpiresAt: Date;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the desk access guard once the session, CSRF token and role are checked. */
    deskPrincipal?: DeskPrincipal;
  }
}

/** A user as the desk API shows it: never the password hash. */
export function describeUser(user: User): Record<string, unknown> {
  return {
    id: user.id,
    email: user.email,
    displayName: user.displayName,
    role: user.role,
    agentId: user.agentId,
    status: user.status,
    createdAt: user.createdAt.toISOString(),
    lastLoginAt: user.lastLoginAt?.toISOString() ?? null,
  };
}
