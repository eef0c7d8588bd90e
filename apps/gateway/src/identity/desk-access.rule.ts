import type { UserRole } from '@parley/gateway-domain';

export const DESK_ACCESS_METADATA = Symbol.for('parley.desk-access');

/** Who may call a desk route: the roles, or `public` for the few routes that come before a session. */
export type DeskAccessRule = { roles: readonly UserRole[] } | { public: true };
