import { z } from 'zod';

/** What a desk user may do: agents take conversations, supervisors watch and reassign, compliance reads the archive, admins configure. */
export const USER_ROLES = ['agent', 'supervisor', 'compliance', 'admin'] as const;
export type UserRole = (typeof USER_ROLES)[number];
export const userRoleSchema = z.enum(USER_ROLES);

export const USER_STATUSES = ['invited', 'active', 'deactivated'] as const;
export type UserStatus = (typeof USER_STATUSES)[number];

/** Every role, for routes any signed-in user may call. */
export const ANY_ROLE: readonly UserRole[] = USER_ROLES;

export function hasRole(role: UserRole, allowed: readonly UserRole[]): boolean {
  return allowed.includes(role);
}
