import { agentNoteSchema, dispositionCodeSchema, e164Schema, MAX_OUTBOUND_TEXT_LENGTH, menuIdSchema, opaqueIdSchema, PRESENCES, presenceReasonSchema, queueKeySchema, transferTargetSchema } from '@parley/contracts';
import { z } from 'zod';

export const conversationIdParam = opaqueIdSchema;
export const queueParam = queueKeySchema;
export const menuIdParam = menuIdSchema;
export const agentIdParam = opaqueIdSchema;
export const numberIdParam = z.string().regex(/^num_[A-Za-z0-9_-]{10,40}$/, 'not a number id');
export const cannedResponseIdParam = z.string().regex(/^cr_[A-Za-z0-9_-]{10,40}$/, 'not a canned response id');
export const holdIdParam = opaqueIdSchema;
export const exportIdParam = opaqueIdSchema;
export const exportFileParam = z.enum(['records.jsonl', 'records.csv', 'manifest.json']);

/** An `Idempotency-Key` header: the same key makes the same command or message, however often it is sent. */
export const idempotencyKeySchema = z.string().regex(/^[A-Za-z0-9_-]{8,128}$/, 'an Idempotency-Key of 8 to 128 letters, digits, "-" or "_"');

export const presenceBodySchema = z.strictObject({ presence: z.enum(PRESENCES), reason: presenceReasonSchema.optional() });
export const offerBodySchema = z.strictObject({ offerId: opaqueIdSchema });
export const transferBodySchema = z.strictObject({ target: transferTargetSchema, note: agentNoteSchema.optional() });
export const closeBodySchema = z.strictObject({ disposition: dispositionCodeSchema, note: agentNoteSchema.optional() });
export const replyBodySchema = z.strictObject({
  text: z
    .string()
    .min(1, 'write something to send')
    .max(MAX_OUTBOUND_TEXT_LENGTH, `a reply is at most ${MAX_OUTBOUND_TEXT_LENGTH} characters (six SMS parts)`)
    .refine((text) => text.trim().length > 0, 'a reply cannot be only spaces'),
});

export const commandAnswerSchema = z.object({ commandId: z.string(), outcome: z.enum(['applied', 'pending']) });
export const replyAnswerSchema = z.object({ messageId: z.string(), status: z.enum(['approved', 'pending']), text: z.string().optional() });

const isoOrNull = z.string().nullable();

export const conversationViewSchema = z.object({
  conversationId: z.string(),
  stage: z.enum(['front-door', 'waiting', 'offered', 'assigned', 'closed']),
  queue: z.string().nullable(),
  agentId: z.string().nullable(),
  offerId: z.string().nullable(),
  offerExpiresAt: isoOrNull,
  assignedAt: isoOrNull,
  closedAt: isoOrNull,
  disposition: z.string().nullable(),
  customerNumber: z.string().nullable(),
  businessNumber: z.string().nullable(),
  businessNumberId: z.string().nullable(),
  channel: z.enum(['sms', 'voice']),
  startedAt: z.string(),
});

export const offerViewSchema = z.object({
  conversationId: z.string(),
  offerId: z.string(),
  queue: z.string().nullable(),
  expiresAt: isoOrNull,
  reason: z.string().nullable(),
  customerNumber: z.string().nullable(),
  businessNumber: z.string().nullable(),
  channel: z.enum(['sms', 'voice']),
  queuedSince: isoOrNull,
});

export const heldViewSchema = z.object({
  conversationId: z.string(),
  queue: z.string().nullable(),
  assignedAt: isoOrNull,
  customerNumber: z.string().nullable(),
  businessNumber: z.string().nullable(),
  channel: z.enum(['sms', 'voice']),
  waitingOnCustomerSince: isoOrNull,
});

export const transcriptSchema = z.object({
  conversationId: z.string(),
  records: z.array(
    z.object({
      recordId: z.string(),
      sequence: z.number(),
      eventType: z.string(),
      kind: z.string(),
      occurredAt: z.string(),
      text: z.string().nullable(),
      redacted: z.boolean(),
      attributes: z.unknown(),
    }),
  ),
  view: z.object({ viewId: z.string(), reader: z.string(), viewedAt: z.string() }).loose(),
});

export const historySchema = z.object({
  conversations: z.array(
    z.object({
      conversationId: z.string(),
      firstAt: z.string(),
      lastAt: z.string(),
      records: z.number(),
      agentIds: z.array(z.string()),
      queues: z.array(z.string()),
      disposition: z.string().nullable(),
    }),
  ),
});

export const cannedResponseBodySchema = z.strictObject({
  title: z.string().trim().min(1).max(80),
  text: z
    .string()
    .min(1)
    .max(MAX_OUTBOUND_TEXT_LENGTH)
    .refine((text) => text.trim().length > 0, 'a canned response cannot be only spaces'),
});
export const cannedResponseViewSchema = z.object({ id: z.string(), title: z.string(), text: z.string(), updatedAt: z.string() });

/** Bodies the owning service validates; the gateway only checks they are JSON objects. */
export const forwardedBodySchema = z.record(z.string(), z.unknown());

export const holdBodySchema = z.discriminatedUnion('scope', [
  z.strictObject({ scope: z.literal('conversation'), conversationId: opaqueIdSchema, reason: z.string().trim().min(1).max(500) }),
  z.strictObject({ scope: z.literal('customer'), customerNumber: e164Schema, reason: z.string().trim().min(1).max(500) }),
  z.strictObject({ scope: z.literal('tenant'), reason: z.string().trim().min(1).max(500) }),
]);
export const retentionBodySchema = z.strictObject({ years: z.number().optional(), days: z.number().optional() });

export const numberPatchSchema = z
  .strictObject({
    label: z.string().trim().min(1).max(80).optional(),
    smsEnabled: z.boolean().optional(),
    voiceEnabled: z.boolean().optional(),
    menuId: z.string().min(1).max(64).nullable().optional(),
    voiceFlow: z.record(z.string(), z.unknown()).optional(),
  })
  .refine((patch) => Object.keys(patch).length > 0, 'nothing to change');
