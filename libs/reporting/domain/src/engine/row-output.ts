import type { AgentTimeFigures } from '../agents/agent-timeline.ts';
import type { ConversationRecordFigures } from '../conversations/conversation-fold.ts';
import { INTERVAL_MS, roundRatio, secondsOf, toIso } from '../intervals/interval-clock.ts';
import type { AgentIntervalRow, IntervalRow } from '../rows/report-rows.ts';
import { INTERVAL_COUNTS, type AgentContribution, type AgentSlot, type IntervalContribution, type IntervalCount, type IntervalSlot } from '../rows/row-contributions.ts';

export type Figures<TRow> = Omit<TRow, 'revision' | 'final'>;

/** The 90th percentile by nearest rank: the smallest sample at or above 90 % of the samples. */
export function percentile90(sortedSamples: readonly number[]): number | null {
  if (sortedSamples.length === 0) {
    return null;
  }
  const rank = Math.ceil(0.9 * sortedSamples.length);
  return sortedSamples[rank - 1] ?? null;
}

function average(samples: readonly number[]): number | null {
  if (samples.length === 0) {
    return null;
  }
  return secondsOf(samples.reduce((sum, sample) => sum + sample, 0) / samples.length);
}

/** What an interval row adds up from its contributions: sums, the waits sorted, and the handle times' sum and count. */
export interface IntervalTotals extends Record<IntervalCount, number> {
  /** Ascending. */
  readonly waitsMs: number[];
  handlesTotalMs: number;
  handles: number;
}

/** Totals of no contribution. */
export function emptyIntervalTotals(): IntervalTotals {
  const counts = Object.fromEntries(INTERVAL_COUNTS.map((key) => [key, 0])) as Record<IntervalCount, number>;
  return { ...counts, waitsMs: [], handlesTotalMs: 0, handles: 0 };
}

/**
 * An interval row's figures from its contributions, given in contributor order: rows sum in that fixed order so a row
 * prints the same whatever order events came in (sums of fractional figures depend on their order).
 */
export function intervalFigures(slot: IntervalSlot, parts: readonly IntervalContribution[], thresholdMs: number, iso: (epochMs: number) => string = toIso): Figures<IntervalRow> {
  const totals = emptyIntervalTotals();
  for (const part of parts) {
    for (const key of INTERVAL_COUNTS) {
      totals[key] += part[key];
    }
    for (const wait of part.waitsMs) {
      totals.waitsMs.push(wait);
    }
    for (const handle of part.handlesMs) {
      totals.handlesTotalMs += handle;
      totals.handles += 1;
    }
  }
  totals.waitsMs.sort((left, right) => left - right);
  return intervalFiguresFromTotals(slot, totals, thresholdMs, iso);
}

/** An interval row's figures from what its contributions add up to; `iso` prints an interval boundary. */
export function intervalFiguresFromTotals(slot: IntervalSlot, totals: IntervalTotals, thresholdMs: number, iso: (epochMs: number) => string = toIso): Figures<IntervalRow> {
  const { answered, abandoned, answeredWithinThreshold, waitsMs: waits } = totals;
  const p90 = percentile90(waits);
  const max = waits[waits.length - 1];
  return {
    tenantId: slot.tenantId,
    intervalStart: iso(slot.intervalStart),
    intervalEnd: iso(slot.intervalStart + INTERVAL_MS),
    queue: slot.queue,
    channel: slot.channel,
    offered: totals.offered,
    answered,
    answeredWithinThreshold,
    handled: totals.handled,
    abandoned,
    deflected: totals.deflected,
    transferred: totals.transferred,
    overflowed: totals.overflowed,
    averageWaitSeconds: average(waits),
    p90WaitSeconds: p90 === null ? null : secondsOf(p90),
    maxWaitSeconds: max === undefined ? null : secondsOf(max),
    averageHandleSeconds: totals.handles === 0 ? null : secondsOf(totals.handlesTotalMs / totals.handles),
    serviceLevelThresholdSeconds: secondsOf(thresholdMs),
    serviceLevel: answered + abandoned === 0 ? null : roundRatio(answeredWithinThreshold / (answered + abandoned)),
    messagesReceived: totals.messagesReceived,
    segmentsReceived: totals.segmentsReceived,
    messagesSent: totals.messagesSent,
    segmentsSent: totals.segmentsSent,
  };
}

export function isEmptyIntervalRow(figures: Figures<IntervalRow>): boolean {
  return (
    figures.offered + figures.answered + figures.handled + figures.abandoned + figures.deflected + figures.transferred + figures.overflowed === 0 &&
    figures.messagesReceived + figures.messagesSent === 0
  );
}

/** An agent's interval row from its contributions, given in contributor order, and its time-weighted figures. */
export function agentFigures(slot: AgentSlot, parts: readonly AgentContribution[], time: AgentTimeFigures, iso: (epochMs: number) => string = toIso): Figures<AgentIntervalRow> {
  let handled = 0;
  const firstResponses: number[] = [];
  for (const part of parts) {
    handled += part.handled;
    for (const firstResponse of part.firstResponsesMs) {
      firstResponses.push(firstResponse);
    }
  }
  return {
    tenantId: slot.tenantId,
    intervalStart: iso(slot.intervalStart),
    intervalEnd: iso(slot.intervalStart + INTERVAL_MS),
    agentId: slot.agentId,
    handled,
    staffedSeconds: secondsOf(time.staffedMs),
    availableSeconds: secondsOf(time.availableMs),
    conversationSeconds: secondsOf(time.conversationMs),
    averageConcurrency: time.staffedMs === 0 ? null : roundRatio(time.conversationMs / time.staffedMs),
    occupancy: time.availableMs === 0 ? null : roundRatio(time.occupiedMs / time.availableMs),
    firstResponses: firstResponses.length,
    averageFirstResponseSeconds: average(firstResponses),
  };
}

export function isEmptyAgentRow(figures: Figures<AgentIntervalRow>): boolean {
  return figures.staffedSeconds === 0 && figures.conversationSeconds === 0 && figures.handled === 0 && figures.firstResponses === 0;
}

export type RecordFigures = ConversationRecordFigures;
