import { describe, expect, it } from 'vitest';
import { buildEvent } from '../testing/event-builder.ts';
import { probeForwarded, probeStarted } from './diagnostics/probe.events.ts';
import { envelopeSchemaOf } from './event-definition.ts';

const payload = {
  probeId: 'probe-0000000001',
  startedAt: '2026-11-29T10:00:00.000Z',
  nextService: 'compliance-filter' as const,
  hops: [],
};

describe('envelopeSchemaOf', () => {
  it('accepts a well-formed event', () => {
    const event = buildEvent(probeStarted, payload);
    expect(envelopeSchemaOf(probeStarted).parse(event)).toEqual(event);
  });

  it('rejects a producer the event does not allow', () => {
    const event = buildEvent(probeStarted, payload, { producer: 'routing' });
    const result = envelopeSchemaOf(probeStarted).safeParse(event);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['producer']);
  });

  it('rejects another schema version', () => {
    const event = { ...buildEvent(probeForwarded, payload), schemaVersion: 2 };
    expect(envelopeSchemaOf(probeForwarded).safeParse(event).success).toBe(false);
  });

  it('rejects a tenant id that looks like a phone number', () => {
    const event = buildEvent(probeStarted, payload, { tenantId: '+14155550100' });
    const result = envelopeSchemaOf(probeStarted).safeParse(event);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['tenantId']);
  });

  it('rejects a payload that breaks the event schema', () => {
    const event = buildEvent(probeStarted, { ...payload, nextService: 'billing' as never });
    expect(envelopeSchemaOf(probeStarted).safeParse(event).success).toBe(false);
  });
});
