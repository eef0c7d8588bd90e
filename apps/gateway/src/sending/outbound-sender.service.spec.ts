import { outboundMessageApproved, outboundMessageFailed, outboundMessageSent, type EventDefinition } from '@parley/contracts';
import { buildEvent } from '@parley/contracts/testing';
import type { SendLedgerRepository, SendRecord, SuppressionRepository } from '@parley/gateway-data-access';
import { voiceFlowSchema } from '@parley/gateway-domain';
import type { EventPublisher } from '@parley/platform/messaging';
import { MetricsRegistry } from '@parley/platform/observability';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import type { GatewayConfig } from '../config.ts';
import type { NumberDirectoryService, RoutedNumber } from '../directory/number-directory.service.ts';
import { GatewayMetrics } from '../gateway.metrics.ts';
import { OutboundSenderService } from './outbound-sender.service.ts';
import type { SendPacer } from './send-pacer.ts';
import type { CarrierSendResult, OutboundSms } from './sms-carrier.ts';

const BUSINESS = '+14155550100';
const TENANT = 'ten_0123456789abcdef';

/** The send ledger's state machine in memory, as the repository keeps it in Postgres. */
class LedgerFake {
  readonly rows = new Map<string, SendRecord>();

  async claim(messageId: string, tenantId: string, conversationId: string, shape: { encoding: 'gsm-7' | 'ucs-2'; segments: number }) {
    const existing = this.rows.get(messageId);
    if (existing) {
      return { ...existing };
    }
    const row: SendRecord = { messageId, tenantId, conversationId, state: 'pending', carrierMessageId: null, attempts: 0, lastError: null, sendingSince: null, ...shape };
    this.rows.set(messageId, row);
    return { ...row };
  }
  async find(messageId: string) {
    const row = this.rows.get(messageId);
    return row ? { ...row } : undefined;
  }
  async beginSending(messageId: string, now: Date) {
    const row = this.rows.get(messageId);
    if (row?.state !== 'pending') {
      return false;
    }
    Object.assign(row, { state: 'sending', sendingSince: now, attempts: row.attempts + 1 });
    return true;
  }
  async returnToPending(messageId: string, error: string) {
    const row = this.rows.get(messageId);
    if (row?.state === 'sending') {
      Object.assign(row, { state: 'pending', sendingSince: null, lastError: error });
    }
  }
  async markSent(messageId: string, carrierMessageId: string) {
    const row = this.rows.get(messageId);
    if (row && (row.state === 'sending' || row.state === 'pending')) {
      Object.assign(row, { state: 'sent', carrierMessageId });
      return true;
    }
    return false;
  }
  async markFailed(messageId: string, error: string) {
    const row = this.rows.get(messageId);
    if (row && (row.state === 'sending' || row.state === 'pending')) {
      Object.assign(row, { state: 'failed', lastError: error });
      return true;
    }
    return false;
  }
}

function setup(answers: CarrierSendResult[], options: { suppressed?: boolean; maxAttempts?: number } = {}) {
  const ledger = new LedgerFake();
  const sent: OutboundSms[] = [];
  const published: { type: string; payload: unknown; eventId: string | undefined }[] = [];
  const carrier = {
    send: async (message: OutboundSms) => {
      sent.push(message);
      return answers.shift() ?? { kind: 'accepted', carrierMessageId: `carrier-${sent.length}` };
    },
  };
  const publisher = {
    publish: async (definition: EventDefinition, input: { payload: unknown; eventId?: string }) => {
      published.push({ type: definition.type, payload: input.payload, eventId: input.eventId });
      return {};
    },
  } as unknown as EventPublisher;
  const number: RoutedNumber = {
    id: 'num_0123456789abcdef',
    tenantId: TENANT,
    e164: BUSINESS,
    label: 'Main',
    numberType: 'long-code',
    smsEnabled: true,
    voiceEnabled: false,
    menuId: null,
    voiceFlow: voiceFlowSchema.parse({}),
    active: true,
    tenantActive: true,
  };
  const service = new OutboundSenderService(
    ledger as unknown as SendLedgerRepository,
    { isSuppressed: async () => options.suppressed ?? false } as unknown as SuppressionRepository,
    { resolve: async (e164: string) => (e164 === BUSINESS ? number : undefined) } as unknown as NumberDirectoryService,
    carrier,
    { acquire: async () => {}, defer: () => {} } as unknown as SendPacer,
    publisher,
    { vonage: { sendMaxAttempts: options.maxAttempts ?? 4 } } as GatewayConfig,
    pino({ level: 'silent' }),
    new GatewayMetrics(new MetricsRegistry('gateway', { collectProcessMetrics: false })),
  );
  return { service, ledger, sent, published };
}

const approval = (messageId = 'msg_0123456789abcdef') =>
  buildEvent(
    outboundMessageApproved,
    { messageId, businessNumber: BUSINESS, customerNumber: '+447700900123', text: 'See you at 10.', approvedAt: new Date().toISOString() },
    { tenantId: TENANT, producer: 'compliance-filter', conversationId: 'conv_0123456789abcdef' },
  );

const heartbeat = async () => {};

describe('OutboundSenderService', () => {
  it('sends an approved reply once and publishes it as sent', async () => {
    const { service, sent, published } = setup([]);
    expect(await service.send(approval(), heartbeat)).toBe('sent');
    expect(sent).toEqual([{ from: BUSINESS, to: '+447700900123', text: 'See you at 10.', clientRef: 'msg_0123456789abcdef' }]);
    expect(published).toEqual([
      expect.objectContaining({ type: outboundMessageSent.type, payload: expect.objectContaining({ carrierMessageId: 'carrier-1', encoding: 'gsm-7', segments: 1 }) as unknown }),
    ]);
  });

  it('does not send again when the same approval comes back, and republishes the outcome under the same id', async () => {
    const { service, sent, published } = setup([]);
    await service.send(approval(), heartbeat);
    expect(await service.send(approval(), heartbeat)).toBe('already-settled');
    expect(sent).toHaveLength(1);
    expect(published).toHaveLength(2);
    expect(published[0]?.eventId).toBe(published[1]?.eventId);
  });

  it('never sends again after an unanswered call, when the process died before learning the outcome', async () => {
    const { service, sent, ledger } = setup([{ kind: 'unknown', detail: 'TimeoutError: aborted' }]);
    expect(await service.send(approval(), heartbeat)).toBe('unconfirmed');
    expect(ledger.rows.get('msg_0123456789abcdef')?.state).toBe('sending');
    expect(await service.send(approval(), heartbeat)).toBe('unconfirmed');
    expect(sent).toHaveLength(1);
  });

  it('retries a throttled or failing carrier and then sends', async () => {
    const { service, sent } = setup([
      { kind: 'retry-later', status: 429, retryAfterMs: 1, detail: 'HTTP 429' },
      { kind: 'retry-later', status: 503, retryAfterMs: 1, detail: 'HTTP 503' },
    ]);
    expect(await service.send(approval(), heartbeat)).toBe('sent');
    expect(sent).toHaveLength(3);
  });

  it('gives up visibly when the carrier keeps refusing', async () => {
    const refusal: CarrierSendResult = { kind: 'retry-later', status: 500, retryAfterMs: 1, detail: 'HTTP 500' };
    const { service, published, sent } = setup([refusal, refusal, refusal], { maxAttempts: 3 });
    expect(await service.send(approval(), heartbeat)).toBe('failed');
    expect(sent).toHaveLength(3);
    expect(published).toEqual([expect.objectContaining({ type: outboundMessageFailed.type, payload: expect.objectContaining({ reason: 'carrier-unavailable' }) as unknown })]);
  });

  it('fails a reply the carrier rejects, with its code, without retrying', async () => {
    const { service, sent, published } = setup([{ kind: 'rejected', status: 422, code: '1430', title: 'Invalid recipient', detail: 'The recipient is invalid.' }]);
    expect(await service.send(approval(), heartbeat)).toBe('failed');
    expect(sent).toHaveLength(1);
    expect(published[0]?.payload).toMatchObject({ reason: 'carrier-rejected', carrierError: { code: '1430', title: 'Invalid recipient' } });
  });

  it('never calls the carrier for a customer who opted out', async () => {
    const { service, sent, published } = setup([], { suppressed: true });
    expect(await service.send(approval(), heartbeat)).toBe('failed');
    expect(sent).toEqual([]);
    expect(published[0]?.payload).toMatchObject({ reason: 'recipient-opted-out' });
  });
});
