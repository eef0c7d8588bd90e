import { opaqueIdSchema, queueKeySchema } from '@parley/contracts';
import { loginPasswordSchema, newPasswordSchema, userRoleSchema } from '@parley/gateway-domain';
import { z } from 'zod';

export const emailSchema = z.string().trim().toLowerCase().max(254).pipe(z.email('not an e-mail address'));
export const displayNameSchema = z.string().trim().min(1).max(120);
/** Invitation and session tokens: 32 random bytes in base64url. */
export const secretTokenSchema = z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'not an invitation token');
export const userIdParam = z.string().regex(/^usr_[A-Za-z0-9_-]{10,40}$/, 'not a user id');

export const loginSchema = z.strictObject({
  /** The tenant's slug: a person may be a user of several tenants with one e-mail address. */
  tenant: z.string().trim().min(1).max(40),
  email: z.string().trim().min(1).max(254),
  password: loginPasswordSchema,
});
export type LoginBody = z.output<typeof loginSchema>;

/** The routing profile an invited agent gets, saved in routing with the new user's id as agentId. */
export const agentProfileSchema = z.strictObject({
  queues: z.array(queueKeySchema).min(1).max(50),
  capacity: z.number().positive().max(20),
  autoAccept: z.boolean().default(false),
});

const userFields = {
  email: emailSchema,
  displayName: displayNameSchema,
  role: userRoleSchema,
  /** Ties an agent user to a routing profile that already exists. */
  agentId: opaqueIdSchema.optional(),
  agentProfile: agentProfileSchema.optional(),
};

function checkAgentFields(user: { role: string; agentId?: string | undefined; agentProfile?: unknown }, context: z.RefinementCtx): void {
  const given = (user.agentId === undefined ? 0 : 1) + (user.agentProfile === undefined ? 0 : 1);
  if (user.role === 'agent' && given !== 1) {
    context.addIssue({ code: 'custom', path: ['agentProfile'], message: 'an agent needs either agentProfile (a new routing profile) or agentId (an existing one)' });
  }
  if (user.role !== 'agent' && given !== 0) {
    context.addIssue({ code: 'custom', path: ['role'], message: 'only agents have agentId or agentProfile' });
  }
}

export const inviteUserSchema = z.strictObject(userFields).superRefine(checkAgentFields);
export type InviteUserBody = z.output<typeof inviteUserSchema>;

/** The operators' version: may set the password at once (automation, the demo) instead of inviting. */
export const operatorCreateUserSchema = z.strictObject({ ...userFields, password: newPasswordSchema.optional() }).superRefine(checkAgentFields);
export type OperatorCreateUserBody = z.output<typeof operatorCreateUserSchema>;

export const renameUserSchema = z.strictObject({ displayName: displayNameSchema });

export const invitationTokenSchema = z.strictObject({ token: secretTokenSchema });
export const acceptInvitationSchema = z.strictObject({ token: secretTokenSchema, password: newPasswordSchema });

const isoDate = z.string().describe('ISO 8601 date-time');

export const userViewSchema = z.object({
  id: z.string(),
  email: z.string(),
  displayName: z.string(),
  role: userRoleSchema,
  agentId: z.string().nullable(),
  status: z.enum(['invited', 'active', 'deactivated']),
  createdAt: isoDate,
  lastLoginAt: isoDate.nullable(),
});

export const tenantViewSchema = z.object({ id: z.string(), slug: z.string(), name: z.string() });

export const sessionViewSchema = z.object({
  user: userViewSchema,
  tenant: tenantViewSchema,
  csrfToken: z.string(),
  expiresAt: isoDate,
  idleExpiresAt: isoDate,
});

export const invitationViewSchema = z.object({ token: z.string(), expiresAt: isoDate });
