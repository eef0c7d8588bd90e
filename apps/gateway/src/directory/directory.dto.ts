import { e164Schema } from '@parley/contracts';
import { NUMBER_TYPES } from '@parley/gateway-data-access';
import { voiceFlowSchema } from '@parley/gateway-domain';
import { z } from 'zod';

export const tenantIdParam = z.string().regex(/^ten_[A-Za-z0-9_-]{10,40}$/, 'not a tenant id');
export const numberIdParam = z.string().regex(/^num_[A-Za-z0-9_-]{10,40}$/, 'not a number id');

export const createTenantSchema = z.object({
  slug: z.string().regex(/^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$/, 'lower-case letters, digits and dashes, up to 40'),
  name: z.string().trim().min(1).max(120),
});

export const updateTenantSchema = z
  .object({ name: z.string().trim().min(1).max(120).optional(), status: z.enum(['active', 'suspended']).optional() })
  .refine((patch) => Object.keys(patch).length > 0, 'nothing to change');

export const createNumberSchema = z
  .object({
    e164: e164Schema,
    label: z.string().trim().min(1).max(80),
    numberType: z.enum(NUMBER_TYPES).default('long-code'),
    smsEnabled: z.boolean().default(true),
    voiceEnabled: z.boolean().default(false),
    menuId: z.string().min(1).max(64).nullable().default(null),
    voiceFlow: voiceFlowSchema.default(voiceFlowSchema.parse({})),
  })
  .refine((number) => number.smsEnabled || number.voiceEnabled, 'a number must carry SMS, voice or both');

export const updateNumberSchema = z
  .object({
    label: z.string().trim().min(1).max(80).optional(),
    numberType: z.enum(NUMBER_TYPES).optional(),
    smsEnabled: z.boolean().optional(),
    voiceEnabled: z.boolean().optional(),
    menuId: z.string().min(1).max(64).nullable().optional(),
    voiceFlow: voiceFlowSchema.optional(),
    active: z.boolean().optional(),
  })
  .refine((patch) => Object.keys(patch).length > 0, 'nothing to change');

export type CreateTenantInput = z.output<typeof createTenantSchema>;
export type UpdateTenantInput = z.output<typeof updateTenantSchema>;
export type CreateNumberInput = z.output<typeof createNumberSchema>;
export type UpdateNumberInput = z.output<typeof updateNumberSchema>;
