import { z } from 'zod';
import { serviceNameSchema, type ServiceName } from '../services/service-name.ts';

/** Opaque identifiers: letters, digits, '-' and '_', never a phone number or other personal data. */
export const opaqueIdSchema = z
  .string()
  .min(8)
  .max(128)
  .regex(/^[A-Za-z0-9_-]+$/, 'must be an opaque id of letters, digits, "-" or "_"');

export const eventTypeSchema = z
  .string()
  .regex(/^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)+$/, 'must be a dotted lower-case event type');

/** Tenant used by platform-level events that belong to no customer business, such as pipeline probes. */
export const PLATFORM_TENANT_ID = 'platform-0000';

/**
 * Fields every event carries, whatever its payload. Trace context does not live here: it travels in the
 * Kafka headers written by the OpenTelemetry instrumentation.
 */
export const envelopeHeaderSchema = z.object({
  eventId: z.uuid(),
  type: eventTypeSchema,
  schemaVersion: z.number().int().positive(),
  tenantId: opaqueIdSchema,
  conversationId: opaqueIdSchema.optional(),
  occurredAt: z.iso.datetime({ offset: true }),
  producer: serviceNameSchema,
  causationId: z.uuid().optional(),
});

export type EnvelopeHeader = z.infer<typeof envelopeHeaderSchema>;

/** An envelope whose payload has not been checked against its event's schema yet. */
export const untypedEnvelopeSchema = envelopeHeaderSchema.extend({ payload: z.unknown() });

export type UntypedEnvelope = z.infer<typeof untypedEnvelopeSchema>;

export interface EventEnvelope<TType extends string = string, TPayload = unknown> extends EnvelopeHeader {
  type: TType;
  producer: ServiceName;
  payload: TPayload;
}
