import { describe, expect, it } from 'vitest';
import { ANA, BEN, CALLS, CONVERSATIONS, TENANT, at, scriptedMorning } from '../../test/scripted-day.ts';
import { agentIntervalRowSchema, conversationRecordSchema, intervalRowSchema, type ReportRow } from '../rows/report-rows.ts';
import { advanceWatermark, applyEvent, createReportingState, stateSize, type ReportingState } from './reporting-engine.ts';

function runMorning(): { state: ReportingState; rows: readonly ReportRow[]; outcomes: string[] } {
  const state = createReportingState();
  const outcomes = scriptedMorning().events.map((event) => applyEvent(state, event).outcome);
  const { rows } = advanceWatermark(state, new Date(at('09:45:00')));
  return { state, rows, outcomes };
}

function intervalRow(rows: readonly ReportRow[], start: string, queue: string, channel: 'sms' | 'voice') {
  const found = rows.find((row) => row.kind === 'interval' && row.row.intervalStart === at(start) && row.row.queue === queue && row.row.channel === channel);
  return found?.kind === 'interval' ? found.row : undefined;
}

function agentRow(rows: readonly ReportRow[], start: string, agentId: string) {
  const found = rows.find((row) => row.kind === 'agent-interval' && row.row.intervalStart === at(start) && row.row.agentId === agentId);
  return found?.kind === 'agent-interval' ? found.row : undefined;
}

function record(rows: readonly ReportRow[], conversationId: string) {
  const found = rows.find((row) => row.kind === 'conversation' && row.row.conversationId === conversationId);
  return found?.kind === 'conversation' ? found.row : undefined;
}

const ZERO_INTERVAL = {
  tenantId: TENANT,
  revision: 1,
  final: true,
  offered: 0,
  answered: 0,
  answeredWithinThreshold: 0,
  handled: 0,
  abandoned: 0,
  deflected: 0,
  transferred: 0,
  overflowed: 0,
  averageWaitSeconds: null,
  p90WaitSeconds: null,
  maxWaitSeconds: null,
  averageHandleSeconds: null,
  serviceLevelThresholdSeconds: 60,
  serviceLevel: null,
  messagesReceived: 0,
  segmentsReceived: 0,
  messagesSent: 0,
  segmentsSent: 0,
};

describe('a scripted morning', () => {
  it('applies every event once, drops the duplicate and skips the menu prompt', () => {
    const { outcomes } = runMorning();
    expect(outcomes.filter((outcome) => outcome === 'duplicate')).toHaveLength(1);
    expect(outcomes.filter((outcome) => outcome === 'ignored')).toHaveLength(1);
    expect(outcomes.filter((outcome) => outcome !== 'applied' && outcome !== 'duplicate' && outcome !== 'ignored')).toEqual([]);
  });

  it('publishes exactly these interval rows', () => {
    const { rows } = runMorning();
    const intervals = rows.filter((row) => row.kind === 'interval');
    expect(intervals.map((row) => row.kind === 'interval' && `${row.row.intervalStart.slice(11, 16)} ${row.row.queue} ${row.row.channel}`)).toEqual([
      '09:00 - sms',
      '09:00 billing sms',
      '09:00 sales sms',
      '09:00 sales voice',
      '09:15 - sms',
      '09:15 billing sms',
      '09:15 billing voice',
      '09:15 sales sms',
      '09:15 sales voice',
    ]);
    for (const row of intervals) {
      expect(intervalRowSchema.parse(row.row)).toEqual(row.row);
    }
  });

  it('counts the 09:00 sales text interval: offered, answered, abandoned, transferred, waits and service level', () => {
    expect(intervalRow(runMorning().rows, '09:00:00', 'sales', 'sms')).toEqual({
      ...ZERO_INTERVAL,
      intervalStart: at('09:00:00'),
      intervalEnd: at('09:15:00'),
      queue: 'sales',
      channel: 'sms',
      offered: 3,
      answered: 2,
      answeredWithinThreshold: 1,
      handled: 1,
      abandoned: 1,
      transferred: 1,
      averageWaitSeconds: 80,
      p90WaitSeconds: 120,
      maxWaitSeconds: 120,
      averageHandleSeconds: 510,
      serviceLevel: 0.333333,
      messagesReceived: 2,
      segmentsReceived: 3,
      messagesSent: 3,
      segmentsSent: 4,
    });
  });

  it('counts the transfer into billing as offered there, and its close in the interval it happened', () => {
    const { rows } = runMorning();
    expect(intervalRow(rows, '09:00:00', 'billing', 'sms')).toEqual({
      ...ZERO_INTERVAL,
      intervalStart: at('09:00:00'),
      intervalEnd: at('09:15:00'),
      queue: 'billing',
      channel: 'sms',
      offered: 1,
      answered: 1,
      averageWaitSeconds: 90,
      p90WaitSeconds: 90,
      maxWaitSeconds: 90,
      serviceLevel: 0,
      messagesSent: 1,
      segmentsSent: 1,
    });
    expect(intervalRow(rows, '09:15:00', 'billing', 'sms')).toEqual({
      ...ZERO_INTERVAL,
      intervalStart: at('09:15:00'),
      intervalEnd: at('09:30:00'),
      queue: 'billing',
      channel: 'sms',
      handled: 1,
      averageHandleSeconds: 780,
    });
  });

  it('counts the 09:15 sales text interval with the deflected caller and the conversation whose events came late', () => {
    expect(intervalRow(runMorning().rows, '09:15:00', 'sales', 'sms')).toEqual({
      ...ZERO_INTERVAL,
      intervalStart: at('09:15:00'),
      intervalEnd: at('09:30:00'),
      queue: 'sales',
      channel: 'sms',
      offered: 2,
      answered: 2,
      answeredWithinThreshold: 1,
      handled: 2,
      deflected: 1,
      averageWaitSeconds: 70,
      p90WaitSeconds: 90,
      maxWaitSeconds: 90,
      averageHandleSeconds: 440,
      serviceLevel: 0.5,
      messagesSent: 2,
      segmentsSent: 2,
    });
  });

  it('keeps menu traffic, before any queue, on the "-" rows', () => {
    const { rows } = runMorning();
    expect(intervalRow(rows, '09:00:00', '-', 'sms')).toEqual({
      ...ZERO_INTERVAL,
      intervalStart: at('09:00:00'),
      intervalEnd: at('09:15:00'),
      queue: '-',
      channel: 'sms',
      serviceLevelThresholdSeconds: 0,
      messagesReceived: 5,
      segmentsReceived: 5,
    });
    expect(intervalRow(rows, '09:15:00', '-', 'sms')).toMatchObject({ messagesReceived: 1, segmentsReceived: 1, offered: 0 });
  });

  it('counts calls: offered at the menu choice, deflected when the caller switched, abandoned when they hung up', () => {
    const { rows } = runMorning();
    expect(intervalRow(rows, '09:00:00', 'sales', 'voice')).toEqual({ ...ZERO_INTERVAL, intervalStart: at('09:00:00'), intervalEnd: at('09:15:00'), queue: 'sales', channel: 'voice', offered: 1 });
    expect(intervalRow(rows, '09:15:00', 'sales', 'voice')).toEqual({ ...ZERO_INTERVAL, intervalStart: at('09:15:00'), intervalEnd: at('09:30:00'), queue: 'sales', channel: 'voice', deflected: 1 });
    expect(intervalRow(rows, '09:15:00', 'billing', 'voice')).toEqual({
      ...ZERO_INTERVAL,
      intervalStart: at('09:15:00'),
      intervalEnd: at('09:30:00'),
      queue: 'billing',
      channel: 'voice',
      offered: 1,
      abandoned: 1,
      serviceLevel: 0,
    });
  });

  it('gives each agent handled, concurrency, occupancy and first response per interval', () => {
    const { rows } = runMorning();
    const base = { tenantId: TENANT, revision: 1, final: true, staffedSeconds: 900, availableSeconds: 900 };
    expect(agentRow(rows, '09:00:00', ANA)).toEqual({
      ...base,
      intervalStart: at('09:00:00'),
      intervalEnd: at('09:15:00'),
      agentId: ANA,
      handled: 1,
      conversationSeconds: 990,
      averageConcurrency: 1.1,
      occupancy: 0.55,
      firstResponses: 2,
      averageFirstResponseSeconds: 25,
    });
    expect(agentRow(rows, '09:15:00', ANA)).toEqual({
      ...base,
      intervalStart: at('09:15:00'),
      intervalEnd: at('09:30:00'),
      agentId: ANA,
      handled: 2,
      conversationSeconds: 700,
      averageConcurrency: 0.777778,
      occupancy: 0.388889,
      firstResponses: 1,
      averageFirstResponseSeconds: 30,
    });
    expect(agentRow(rows, '09:00:00', BEN)).toEqual({
      ...base,
      intervalStart: at('09:00:00'),
      intervalEnd: at('09:15:00'),
      agentId: BEN,
      handled: 0,
      conversationSeconds: 150,
      averageConcurrency: 0.166667,
      occupancy: 0.083333,
      firstResponses: 1,
      averageFirstResponseSeconds: 30,
    });
    expect(agentRow(rows, '09:15:00', BEN)).toEqual({
      ...base,
      intervalStart: at('09:15:00'),
      intervalEnd: at('09:30:00'),
      agentId: BEN,
      handled: 1,
      conversationSeconds: 480,
      averageConcurrency: 0.533333,
      occupancy: 0.266667,
      firstResponses: 1,
      averageFirstResponseSeconds: 41,
    });
    // 09:30 is still open: the agents' last known state (available, nothing held) is published provisionally.
    expect(agentRow(rows, '09:30:00', ANA)).toMatchObject({ final: false, revision: 1, staffedSeconds: 900, averageConcurrency: 0, occupancy: 0 });
    for (const row of rows) {
      if (row.kind === 'agent-interval') {
        expect(agentIntervalRowSchema.parse(row.row)).toEqual(row.row);
      }
    }
  });

  it('writes one record per finished conversation, with its path, waits and counts and no text', () => {
    const { rows } = runMorning();
    expect(rows.filter((row) => row.kind === 'conversation')).toHaveLength(6);
    const common = { tenantId: TENANT, revision: 1, final: true, overflows: 0, afterHours: false, messagesFailed: 0, messagesBlocked: 0, messagesUndelivered: 0 };
    expect(record(rows, CONVERSATIONS.handled)).toEqual({
      ...common,
      conversationId: CONVERSATIONS.handled,
      channel: 'sms',
      channelPath: ['sms'],
      callId: null,
      voiceLeg: null,
      outcome: 'handled',
      endedBy: 'agent',
      endReason: null,
      disposition: 'resolved',
      startedAt: at('09:01:00'),
      firstQueuedAt: at('09:01:10'),
      firstAssignedAt: at('09:01:30'),
      firstAnsweredAt: at('09:01:50'),
      endedAt: at('09:10:00'),
      queues: ['sales'],
      agents: [ANA],
      transfers: 0,
      requeues: 0,
      waitSeconds: 40,
      handleSeconds: 510,
      menuPath: [{ menuId: 'main', nodeId: 'root', optionKey: '1' }],
      menuExit: null,
      messagesReceived: 2,
      segmentsReceived: 3,
      messagesSent: 2,
      segmentsSent: 3,
      findings: { CREDIT_CARD: 1 },
    });
    expect(record(rows, CONVERSATIONS.transferred)).toMatchObject({
      outcome: 'handled',
      queues: ['sales', 'billing'],
      agents: [BEN, ANA],
      transfers: 1,
      requeues: 1,
      waitSeconds: 120,
      handleSeconds: 930,
      firstAnsweredAt: at('09:04:00'),
      endedAt: at('09:20:00'),
      messagesSent: 2,
      segmentsSent: 2,
    });
    expect(record(rows, CONVERSATIONS.abandoned)).toMatchObject({
      outcome: 'abandoned',
      endedBy: 'front-door',
      endReason: 'opted-out',
      disposition: null,
      queues: ['sales'],
      agents: [],
      waitSeconds: null,
      handleSeconds: 0,
      messagesReceived: 2,
    });
    expect(record(rows, CONVERSATIONS.optedOut)).toMatchObject({ outcome: 'not-queued', endReason: 'opted-out', menuExit: 'opted-out', queues: [], firstQueuedAt: null, messagesReceived: 2 });
    expect(record(rows, CONVERSATIONS.deflected)).toMatchObject({
      channel: 'voice',
      channelPath: ['voice', 'sms'],
      callId: CALLS.deflected,
      voiceLeg: { queue: 'sales', callStartedAt: at('09:14:00'), deflectedAt: at('09:16:10'), voiceWaitSeconds: 120 },
      outcome: 'handled',
      waitSeconds: 90,
      handleSeconds: 480,
    });
    expect(record(rows, CONVERSATIONS.lateAndDuplicated)).toMatchObject({ outcome: 'handled', firstQueuedAt: at('09:21:00'), waitSeconds: 50, handleSeconds: 400, messagesSent: 1 });
    for (const row of rows) {
      if (row.kind === 'conversation') {
        expect(conversationRecordSchema.parse(row.row)).toEqual(row.row);
        expect(JSON.stringify(row.row)).not.toContain('Happy to help');
        expect(JSON.stringify(row.row)).not.toContain('+1415');
      }
    }
  });

  it('forgets finished conversations and calls once they are final', () => {
    const { state } = runMorning();
    expect(stateSize(state)).toMatchObject({ conversations: 0, calls: 0 });
  });
});
