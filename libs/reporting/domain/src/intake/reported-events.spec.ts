import { conversationAssigned, envelopeHeaderSchema, envelopeSchemaOf, eventTypeSchema, serviceNameSchema } from '@parley/contracts';
import { describe, expect, it } from 'vitest';
import { ANA, EventScript } from '../../test/scripted-day.ts';
import { readEnvelope, REPORTED_EVENTS } from './reported-events.ts';

const SKEW_MS = 300_000;

function assignedEnvelope(): Record<string, unknown> {
  const script = new EventScript();
  script.assigned('conv-a-000001', '09:01:30', ANA, 'sales', 20);
  return structuredClone(script.events[0]) as unknown as Record<string, unknown>;
}

describe('reading an envelope', () => {
  it.each(REPORTED_EVENTS.map((definition) => [definition.type, definition] as const))(
    'checks %s with a schema that accepts nothing the envelope header schema refuses',
    (_type, definition) => {
      // The header fields the event's schema narrows hold values the header allows; the others are the header's own.
      expect(eventTypeSchema.safeParse(definition.type).success).toBe(true);
      expect(envelopeHeaderSchema.shape.schemaVersion.safeParse(definition.version).success).toBe(true);
      for (const producer of definition.producers) {
        expect(serviceNameSchema.safeParse(producer).success).toBe(true);
      }
      const shape = envelopeSchemaOf(definition).shape;
      for (const field of ['eventId', 'tenantId', 'occurredAt', 'causationId'] as const) {
        expect(shape[field]).toBe(envelopeHeaderSchema.shape[field]);
      }
      expect([envelopeHeaderSchema.shape.conversationId, envelopeHeaderSchema.shape.conversationId.unwrap()]).toContain(shape.conversationId);
    },
  );

  it('reads a well-formed reported event', () => {
    const envelope = assignedEnvelope();
    expect(readEnvelope(envelope, SKEW_MS)).toMatchObject({
      kind: 'conversation',
      tenantId: envelope['tenantId'],
      conversationId: 'conv-a-000001',
      event: { eventId: envelope['eventId'], type: 'conversation.assigned', at: Date.parse(envelope['occurredAt'] as string) },
    });
  });

  it('reads an envelope already parsed by its schema the same way without parsing it again, clock check included', () => {
    const envelope = envelopeSchemaOf(conversationAssigned).parse(assignedEnvelope());
    expect(readEnvelope(envelope, SKEW_MS, true)).toEqual(readEnvelope(envelope, SKEW_MS));
    const skewed = { ...envelope, payload: { ...(envelope.payload as Record<string, unknown>), assignedAt: new Date(Date.parse(envelope.occurredAt) + 2 * SKEW_MS).toISOString() } };
    expect(readEnvelope(skewed, SKEW_MS, true)).toMatchObject({ kind: 'invalid', reason: expect.stringMatching(/^clock-skew: assignedAt/) as unknown });
  });

  it('names only the header problems of an envelope whose header and payload are both malformed', () => {
    const envelope = { ...assignedEnvelope(), eventId: 'not-a-uuid', payload: { queue: 'sales' } };
    expect(readEnvelope(envelope, SKEW_MS)).toEqual({ kind: 'invalid', eventId: 'not-a-uuid', reason: 'eventId: Invalid UUID' });
  });

  it('refuses a producer that is no service by the header rule, and one that is not this event producer by its own', () => {
    const stranger = readEnvelope({ ...assignedEnvelope(), producer: 'nobody' }, SKEW_MS);
    expect(stranger).toMatchObject({ kind: 'invalid', reason: expect.stringContaining('"archive"') as unknown });
    const otherService = readEnvelope({ ...assignedEnvelope(), producer: 'archive' }, SKEW_MS);
    expect(otherService).toMatchObject({ kind: 'invalid', reason: expect.stringMatching(/^producer: /) as unknown });
    expect(otherService).not.toMatchObject({ reason: expect.stringContaining('"archive"') as unknown });
  });

  it('names the payload problems of an envelope whose header is well formed', () => {
    const envelope = assignedEnvelope();
    const result = readEnvelope({ ...envelope, payload: { ...(envelope['payload'] as object), queue: 'Not A Queue' } }, SKEW_MS);
    expect(result).toEqual({ kind: 'invalid', eventId: envelope['eventId'], reason: 'payload.queue: a lower-case queue key' });
  });

  it('tells an unknown version and a non-object apart from a malformed event', () => {
    expect(readEnvelope({ ...assignedEnvelope(), schemaVersion: 7 }, SKEW_MS)).toMatchObject({ kind: 'unsupported', reason: 'unknown version 7 of conversation.assigned' });
    expect(readEnvelope(null, SKEW_MS)).toMatchObject({ kind: 'invalid', eventId: null });
    expect(readEnvelope({ ...assignedEnvelope(), schemaVersion: '1' }, SKEW_MS)).toMatchObject({ kind: 'invalid', reason: expect.stringMatching(/^schemaVersion: /) as unknown });
  });
});
