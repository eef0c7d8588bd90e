import { USER_ROLES, USER_STATUSES, type UserRole, type UserStatus } from '@parley/gateway-domain';

/** A desk user as the gateway hands it around; never the password hash. */
export interface User {
  id: string;
  tenantId: string;
  email: string;
  displayName: string;
  role: UserRole;
  agentId: string | null;
  status: UserStatus;
  createdAt: Date;
  lastLoginAt: Date | null;
  deactivatedAt: Date | null;
}

/** The columns of a users row the mapper reads. */
export interface UserRow {
  id: string;
  tenantId: string;
  email: string;
  displayName: string;
  role: string;
  agentId: string | null;
  status: string;
  passwordHash: string | null;
  createdAt: Date;
  lastLoginAt: Date | null;
  deactivatedAt: Date | null;
}

export function toUser(row: UserRow): User {
  return {
    id: row.id,
    tenantId: row.tenantId,
    email: row.email,
    displayName: row.displayName,
    role: USER_ROLES.find((role) => role === row.role) ?? 'agent',
    agentId: row.agentId,
    status: USER_STATUSES.find((status) => status === row.status) ?? 'deactivated',
    createdAt: row.createdAt,
    lastLoginAt: row.lastLoginAt,
    deactivatedAt: row.deactivatedAt,
  };
}

